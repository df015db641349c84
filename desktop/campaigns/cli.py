"""``autocall campaign …``: the campaign engine without a window, driving the same CampaignService as the app.

    autocall campaign list    --data-dir DIR
    autocall campaign run     --data-dir DIR --campaign ID --yes [--monitor]   # preflight, confirm, dispatch
    autocall campaign resume  --data-dir DIR --campaign ID [--monitor]         # reconcile first, then finish
    autocall campaign status  --data-dir DIR --campaign ID [--poll] [--json]
    autocall campaign export  --data-dir DIR --campaign ID --out FILE.xlsx|FILE.csv

Demo accounts talk to a simulator: ``--demo-url URL`` names one already running (e.g. ``autocall simulator``).
``run`` sends nothing without ``--yes``: that flag is the confirmation the app's dialog asks for.
Exit codes: 0 done · 1 refused or failed · 3 dispatch paused (the reason is printed) · 4 contacts await
reconciliation.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

import httpx

from desktop.accounts.service import AccountService
from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.model import CampaignState
from desktop.campaigns.service import CampaignService
from desktop.demo import DemoEnvironment
from desktop.errors import AutocallError
from desktop.logs import setup_logging
from desktop.paths import AppPaths
from desktop.secrets import SecretStore
from desktop.simulator import Simulator
from desktop.store import Store, StoreError
from desktop.tasks import TaskOwner

EXIT_PAUSED = 3
EXIT_UNSETTLED = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("campaign", help="launch, resume, watch and export campaigns (headless)",
                                   description=__doc__.split("\n\n")[0])
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("list", "list campaigns"), ("run", "preflight, confirm and dispatch a draft campaign"),
                       ("resume", "reconcile unfinished batches with the provider, then finish dispatch"),
                       ("status", "counts per outcome"), ("export", "write results to .xlsx or .csv")):
        sub = actions.add_parser(name, help=text)
        sub.add_argument("--data-dir", type=Path, required=True, help="the app's data folder")
        sub.add_argument("--demo-url", help="a running simulator for the demo accounts (root URL)")
        if name != "list":
            sub.add_argument("--campaign", type=int, required=True, help="campaign id")
        if name in ("run", "resume"):
            sub.add_argument("--monitor", action="store_true", help="then poll until every contact is final")
        if name == "run":
            sub.add_argument("--yes", action="store_true", help="confirm the preflight's numbers and send")
        if name == "status":
            sub.add_argument("--poll", action="store_true", help="ask the provider once first")
            sub.add_argument("--json", action="store_true")
        if name == "export":
            sub.add_argument("--out", type=Path, required=True)
        sub.set_defaults(func=run)


class _SimulatorAt:
    """A simulator someone else is serving, seen the way DemoEnvironment sees a RunningSimulator."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.base_urls = Simulator.base_urls(self.url)
        self.credentials = httpx.get(f"{self.url}/_sim/credentials", timeout=10).json()["credentials"]


def run(args: argparse.Namespace) -> int:
    paths = AppPaths.under(args.data_dir).ensure()
    setup_logging(paths.log_file)
    try:
        store = Store(paths.database)
    except StoreError as exc:
        print(f"autocall campaign: {exc}", file=sys.stderr)
        return 1
    try:
        demo = DemoEnvironment(_SimulatorAt(args.demo_url)) if args.demo_url else None  # type: ignore[arg-type]
        service = CampaignService(store, AccountService(store, SecretStore(), demo), TaskOwner())
        return asyncio.run(_ACTIONS[args.action](service, args))
    except AutocallError as exc:
        print(f"autocall campaign: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()


def _print_progress(progress: DispatchProgress) -> None:
    print(f"dispatch {progress.state}: sent {progress.sent} refused {progress.refused} not sent {progress.not_sent} "
          f"pending {progress.pending} in flight {progress.in_flight} ({progress.fraction:.0%})", flush=True)


async def _list(service: CampaignService, args: argparse.Namespace) -> int:
    for campaign in service.list():
        print(f"{campaign.id}\t{campaign.provider}\t{campaign.state}\t{campaign.name}")
    return 0


async def _run(service: CampaignService, args: argparse.Namespace) -> int:
    campaign = service.get(args.campaign)
    check = await service.preflight(campaign)
    for item in check.items:
        print(f"[{item.level}] {item.title}" + (f": {item.detail}" if item.detail else ""))
    print(check.summary())
    if not check.can_launch:
        return 1
    if not args.yes:
        print("Nothing sent: add --yes to confirm these numbers.")
        return 1
    progress = await service.launch(campaign, check, _print_progress)
    return await _after_dispatch(service, campaign.id, progress, args.monitor)


async def _resume(service: CampaignService, args: argparse.Namespace) -> int:
    campaign = service.get(args.campaign)
    if any(c.id == campaign.id for c in service.needs_reconciliation()):
        report = await service.reconcile(campaign)
        print(report.describe(), flush=True)
    progress = await service.resume(service.get(args.campaign), _print_progress)
    return await _after_dispatch(service, campaign.id, progress, args.monitor)


async def _after_dispatch(service: CampaignService, campaign_id: int, progress: DispatchProgress,
                          monitor: bool) -> int:
    if progress.reason:
        print(progress.reason)
    if progress.state is CampaignState.PAUSED:
        return EXIT_PAUSED
    if monitor:
        update = await service.start_monitoring(service.get(campaign_id))
        print(f"finished: {json.dumps(update.counts.outcomes, sort_keys=True)}")
    return EXIT_UNSETTLED if progress.in_flight else 0


async def _status(service: CampaignService, args: argparse.Namespace) -> int:
    campaign = service.get(args.campaign)
    if args.poll:
        await service.poll_once(campaign)
    counts = service.counts(campaign)
    state = service.get(args.campaign).state
    if args.json:
        print(json.dumps({"state": state, "total": counts.total, "outcomes": counts.outcomes,
                          "dispatch": counts.dispatch}, sort_keys=True))
    else:
        print(f"{campaign.name} ({campaign.provider}, {state}): {counts.total} contact(s)")
        for name, n in sorted(counts.dispatch.items()):
            print(f"  {name}: {n}")
        for name, n in sorted(counts.outcomes.items()):
            print(f"  outcome {name}: {n}")
    return 0


async def _export(service: CampaignService, args: argparse.Namespace) -> int:
    fmt = args.out.suffix.lstrip(".").lower()
    if fmt not in ("xlsx", "csv"):
        print("autocall campaign export: the file must end in .xlsx or .csv", file=sys.stderr)
        return 1
    written = await service.export(service.get(args.campaign), args.out, fmt)  # type: ignore[arg-type]
    print(f"{written} row(s) written to {args.out}")
    return 0


_ACTIONS = {"list": _list, "run": _run, "resume": _resume, "status": _status, "export": _export}
