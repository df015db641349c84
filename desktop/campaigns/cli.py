"""``autocall campaign …``: the campaign engine without a window, driving the same CampaignService as the app.

    autocall campaign list
    autocall campaign create  --account NAME|ID --list ID [--name N] [--map FIELD=COLUMN]... [--settings FILE.json]
    autocall campaign run     --campaign ID --yes [--monitor]   # preflight, confirm, dispatch
    autocall campaign resume  --campaign ID [--monitor]         # reconcile first, then finish
    autocall campaign status  --campaign ID [--poll]
    autocall campaign pause   --campaign ID                     # wherever it is sent (another desk, the server)
    autocall campaign cancel  --campaign ID --yes               # the same; contacts not sent yet are marked so
    autocall campaign settle  --campaign ID [--mark-not-sent --yes | --leave] [--why TEXT]
    autocall campaign export  --campaign ID --out FILE.xlsx|FILE.csv
    autocall campaign redial  --campaign ID --outcomes no_answer,busy [--delay MIN] [--max-attempts K]
                              [--when-finished]  # the next round now, or each time a round finishes

Every action takes --data-dir DIR and --json. Demo accounts talk to a simulator: ``--demo-url URL`` names one
already running (``autocall simulator`` prints it). ``run`` sends nothing without ``--yes``: that flag is the
confirmation the app's dialog asks for. A campaign another desk or the server runs is refused (exit code HELD) with a
line naming that computer; ``pause`` and ``cancel`` ask that computer instead, which does it within seconds, as does
``resume`` of a paused campaign that computer still follows; ``run`` and ``resume`` carry out what other desks ask of
the campaign they send. Exit codes: desktop/exits.py (and
the README).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.lease import LeaseHeld
from desktop.campaigns.model import REDIAL_OUTCOMES, Campaign, CampaignState, Dispatch, RedialRule
from desktop.campaigns.preflight import Preflight
from desktop.campaigns.repository import CampaignNotFound
from desktop.campaigns.requests import RequestFollower, ask_to_resume, cancel_anywhere, pause_anywhere
from desktop.campaigns.results import answer_words
from desktop.campaigns.rounds import held_text
from desktop.campaigns.service import CampaignService
from desktop.changes import open_feed
from desktop.contacts.repository import SavedMapping, mapping_scope
from desktop.exits import Exit, InputError, NotSent, Paused, Unsettled
from desktop.headless import Headless, add_common, emit, note
from desktop.i18n import N_, _, ngettext
from desktop.providers import spec
from desktop.providers.base import CampaignOptions, Level, Outcome

#: How a preflight line is marked in the command's text output.
_LEVEL_WORDS = {Level.OK: N_("ok"), Level.WARNING: N_("warning"), Level.BLOCKING: N_("must be fixed")}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("campaign", help=_("create, launch, resume, watch and export campaigns (headless)"),
                                   description=_("Campaigns without a window: the same work as the app's Campaigns "
                                                 "and Monitor tabs."))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, text in (("list", _("list campaigns")), ("create", _("create a draft campaign from a saved list")),
                       ("run", _("preflight, confirm and dispatch a draft campaign")),
                       ("resume", _("reconcile unfinished batches with the provider, then finish dispatch")),
                       ("status", _("counts per outcome and answer")),
                       ("pause", _("pause sending after the group of calls being sent, wherever it is sent (here, "
                                   "another desk, the server)")),
                       ("cancel", _("stop sending for good, wherever it is sent: contacts not sent yet are marked not "
                                    "sent; calls already sent still end")),
                       ("export", _("write results to .xlsx or .csv (with redial rounds, from any round: one row per "
                                    "contact, its rounds merged)")),
                       ("settle", _("decide about contacts awaiting confirmation (mark as not sent, or leave)")),
                       ("redial", _("make the next round: call again those whose latest result is one of "
                                    "--outcomes (prints the new campaign's id; `campaign run` launches it)"))):
        sub = actions.add_parser(name, help=text)
        add_common(sub)
        if name == "create":
            sub.add_argument("--account", required=True, help=_("the account's id or name (`autocall accounts list`)"))
            sub.add_argument("--list", type=int, required=True,
                             help=_("the saved list's id (`autocall contacts list`)"))
            sub.add_argument("--name", help=_("the campaign's name (default: the list's and the account's)"))
            sub.add_argument("--map", action="append", type=_field_column, default=[], metavar="FIELD=COLUMN",
                             help=_("fill template field FIELD from column COLUMN (repeatable; unmapped fields are "
                                    "matched to columns by name)"))
            sub.add_argument("--settings", type=Path, metavar="FILE.json",
                             help=_("the provider's campaign settings as JSON (default: the account's first template "
                                    "and hotline; on a demo account, settings the demo accepts)"))
        elif name != "list":
            sub.add_argument("--campaign", type=int, required=True, help=_("campaign id"))
        if name in ("run", "resume"):
            sub.add_argument("--monitor", action="store_true", help=_("then poll until every contact is final"))
        if name == "run":
            sub.add_argument("--yes", action="store_true", help=_("confirm the preflight's numbers and send"))
        if name == "cancel":
            sub.add_argument("--yes", action="store_true", help=_("confirm: contacts not sent yet will not be called"))
        if name == "status":
            sub.add_argument("--poll", action="store_true", help=_("ask the provider once first"))
        if name == "export":
            sub.add_argument("--out", type=Path, required=True)
        if name == "redial":
            sub.add_argument("--outcomes", type=_outcomes, required=True, metavar="LIST",
                             help=f"comma list of {', '.join(REDIAL_OUTCOMES)}")
            sub.add_argument("--delay", type=_whole(0), default=60, metavar="MIN",
                             help="start calling no earlier than this many minutes from now (default 60)")
            sub.add_argument("--max-attempts", type=_whole(1), default=3, metavar="K",
                             help="never call a contact more than K times in all rounds (default 3)")
            sub.add_argument("--when-finished", action="store_true",
                             help="make no round now: make it (and each next one) when the campaign finishes, "
                                  "while `campaign run/resume --monitor` or the app watches it")
        if name == "settle":
            choice = sub.add_mutually_exclusive_group()
            choice.add_argument("--mark-not-sent", action="store_true",
                                help=_("you checked the provider's console: they were not received; they are sent on "
                                       "`campaign resume`, with the same keys"))
            choice.add_argument("--leave", action="store_true", help=_("keep them awaiting; later checks settle them"))
            sub.add_argument("--yes", action="store_true",
                             help=_("confirm --mark-not-sent (if the provider did receive them, they are called "
                                    "twice)"))
            sub.add_argument("--why", default="", help=_("why, for the journal"))
        sub.set_defaults(func=run)


def _field_column(text: str) -> tuple[str, str]:
    field, sep, column = text.partition("=")
    if not (sep and field.strip() and column.strip()):
        raise argparse.ArgumentTypeError(f"expected FIELD=COLUMN, got {text!r}")
    return field.strip(), column.strip()


def _outcomes(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(o.strip() for o in text.split(",") if o.strip()))
    wrong = [o for o in chosen if o not in REDIAL_OUTCOMES]
    if wrong or not chosen:
        raise argparse.ArgumentTypeError(f"expected some of {','.join(REDIAL_OUTCOMES)}, got {text!r}")
    return chosen


def _whole(least: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = least - 1
        if value < least:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {least}, got {text!r}")
        return value

    return parse


def run(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        if args.action in ("run", "resume"):
            return asyncio.run(_following_requests(headless, args))
        return asyncio.run(_ACTIONS[args.action](headless, args))  # type: ignore[arg-type]


async def _following_requests(headless: Headless, args: argparse.Namespace) -> int:
    """The action, carrying out the pause or cancel other desks ask of the campaign it sends (desktop/campaigns/
    requests.py): heard at once on PostgreSQL, at the next lease renewal on any engine."""
    follower = RequestFollower(headless.campaigns)
    feed = open_feed(headless.store)
    unsubscribe = follower.follow(feed, asyncio.get_running_loop())
    feed.start()
    try:
        return await _ACTIONS[args.action](headless, args)
    finally:
        unsubscribe()
        feed.close()
        follower.close()


def _campaign(service: CampaignService, campaign_id: int) -> Campaign:
    try:
        return service.get(campaign_id)
    except CampaignNotFound:
        raise InputError(_("There is no campaign {campaign_id}: `autocall campaign list` shows them.").format(
                             campaign_id=campaign_id)) from None


def _json_mode(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


async def _list(headless: Headless, args: argparse.Namespace) -> int:
    campaigns = headless.campaigns.list()
    emit(args, {"campaigns": [{"id": c.id, "name": c.name, "provider": c.provider, "state": c.state,
                               "account": c.account_id, "list": c.list_id, "round": c.round_no,
                               "round_of": c.parent_id} for c in campaigns]},
         "\n".join(f"{c.id}\t{c.provider}\t{c.state}\t{c.name}" for c in campaigns) or _("No campaigns yet."))
    return Exit.OK


async def _create(headless: Headless, args: argparse.Namespace) -> int:
    account = headless.account(args.account)
    list_name, columns = headless.list_columns(args.list)
    options_type = spec(account.provider).options
    unused: list[str] = []
    if args.settings:
        data = _settings_file(args.settings)
        unused = sorted(set(data) - options_type.json_keys())
        options = _options(options_type, data, args.settings)
    else:
        async with headless.accounts.client_for(account) as client:
            options = await options_type.suggested(client, demo=account.is_demo)
    missing = [column for _, column in args.map if column not in columns]
    if missing:
        raise InputError(_("The list {list} has no column “{missing}”. Its columns: {join}.").format(
                             list=args.list, missing=missing[0], join=', '.join(columns)))
    if args.map:
        scope = mapping_scope(account.provider, options.mapping_scope_key)
        saved = headless.contacts.load_mapping(scope) or SavedMapping()
        saved.fields.update(dict(args.map))
        headless.contacts.save_mapping(scope, saved)
    campaign = headless.campaigns.create(args.name or f"{list_name} — {account.name}", account, args.list, options)
    if unused and not _json_mode(args):
        note("campaign create", _("settings not used: {names}").format(names=", ".join(unused)))
    problems = options.problems()
    emit(args, {"campaign": campaign.id, "name": campaign.name, "account": account.id, "list": args.list,
                "provider": account.provider, "settings": options.to_json(), "problems": problems,
                "unused_settings": unused},
         _("campaign {id} “{name}” created (draft)").format(id=campaign.id, name=campaign.name)
         + "".join(_("\n  to fix before launch: {p}").format(p=p) for p in problems))
    return Exit.OK


def _settings_file(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(_("The settings file {path} was not found.").format(path=path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(_("The settings file {path} is not valid JSON: {exc}.").format(path=path, exc=exc)) from exc
    if not isinstance(data, dict):
        raise InputError(_("The settings file {path} must hold one JSON object.").format(path=path))
    return data


def _options(options_type: type[CampaignOptions], data: dict[str, Any], path: Path) -> CampaignOptions:
    """The provider's options from a settings file; a value whose JSON type differs from the field's default (text
    for a number, a list for text) is refused rather than stored."""
    try:
        options = options_type.from_json(data)
        stored = options.to_json()
        json.dumps(stored)
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise InputError(_("The settings in {path} do not fit this provider's campaign ({exc}).").format(
                             path=path, exc=exc)) from exc
    blank = options_type().to_json()
    for name, value in stored.items():
        default = blank.get(name)
        if default is not None and value is not None and _json_type(value) != _json_type(default):
            raise InputError(_("The setting “{name}” in {path} should be {json_type}, like {dumps}.").format(
                                 name=name, path=path, json_type=_json_type(default),
                                 dumps=json.dumps(default, ensure_ascii=False)))
    return options


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return _("true or false")
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return _("a list") if isinstance(value, list) else _("an object")


def _preflight_json(check: Preflight) -> dict[str, Any]:
    return {"can_launch": check.can_launch, "summary": check.summary(), "counts": dataclasses.asdict(check.counts),
            "batches": check.plan.batches,
            "items": [{"key": i.key, "level": i.level, "title": i.title, "detail": i.detail} for i in check.items]}


async def _run(headless: Headless, args: argparse.Namespace) -> int:
    service = headless.campaigns
    campaign = _campaign(service, args.campaign)
    check = await service.preflight(campaign)
    if not _json_mode(args):
        for item in check.items:
            print(f"[{_(_LEVEL_WORDS[item.level])}] {item.title}" + (f": {item.detail}" if item.detail else ""))
        print(check.summary(), flush=True)
    result: dict[str, Any] = {"campaign": campaign.id, "preflight": _preflight_json(check), "dispatch": None}
    if not check.can_launch:
        emit(args, result, "")
        first = check.blocking[0]
        raise NotSent(_("Nothing sent: the check before launch found {blocking} problem(s) to fix, first "
                        "“{title}”").format(blocking=len(check.blocking), title=first.title)
                      + (f": {first.detail}" if first.detail else "."))
    if not args.yes:
        emit(args, result, "")
        raise NotSent(_("Nothing sent: add --yes to confirm these numbers."))
    progress = await service.launch(campaign, check, None if _json_mode(args) else _print_progress)
    return await _after_dispatch(service, campaign, progress, args, result)


async def _resume(headless: Headless, args: argparse.Namespace) -> int:
    service = headless.campaigns
    campaign = _campaign(service, args.campaign)
    result: dict[str, Any] = {"campaign": campaign.id, "reconciled": None, "dispatch": None}
    if campaign.state is CampaignState.PAUSED and (held := ask_to_resume(service, campaign)) is not None:
        emit(args, {**result, "asked": held.host}, _(
            "Resume asked of {where}, which follows campaign {campaign}: it sends the rest within a few seconds "
            "(`campaign status` shows it).").format(where=held.where(), campaign=campaign.id))
        return Exit.OK
    if any(c.id == campaign.id for c in service.needs_reconciliation()):
        report = await service.reconcile(campaign)
        result["reconciled"] = report.describe()
        if not _json_mode(args):
            print(report.describe(), flush=True)
    progress = await service.resume(service.get(args.campaign), None if _json_mode(args) else _print_progress)
    return await _after_dispatch(service, campaign, progress, args, result)


async def _follow_rounds(service: CampaignService, campaign: Campaign, args: argparse.Namespace
                         ) -> list[dict[str, Any]]:
    """The rounds a campaign's automatic rule makes once it finished, each dispatched and watched to its end."""
    rounds: list[dict[str, Any]] = []
    while (made := await service.follow_rule(campaign, None if _json_mode(args) else _print_progress)) is not None:
        campaign, task = made
        progress = await task
        done = {"campaign": campaign.id, "round": campaign.round_no, "sent": progress.sent, "outcomes": None,
                "paused": progress.reason if progress.state is CampaignState.PAUSED else None}
        rounds.append(done)
        if done["paused"]:  # `campaign resume --campaign ID --monitor` continues it
            break
        done["outcomes"] = (await service.start_monitoring(service.get(campaign.id))).counts.outcomes
        campaign = service.get(campaign.id)
    return rounds


def _print_progress(progress: DispatchProgress) -> None:
    print(_("sending {state}: sent {sent} · refused {refused} · not sent {not_sent} · waiting {pending} · "
            "awaiting confirmation {in_flight} ({fraction:.0%})").format(
              state=progress.state.label, sent=progress.sent, refused=progress.refused, not_sent=progress.not_sent,
              pending=progress.pending, in_flight=progress.in_flight, fraction=progress.fraction), flush=True)


async def _after_dispatch(service: CampaignService, campaign: Campaign, progress: DispatchProgress,
                          args: argparse.Namespace, result: dict[str, Any]) -> int:
    result["dispatch"] = {"state": progress.state, "total": progress.total, "sent": progress.sent,
                          "refused": progress.refused, "not_sent": progress.not_sent, "pending": progress.pending,
                          "in_flight": progress.in_flight, "reason": progress.reason}
    result["outcomes"] = None
    result["rounds"] = []
    if progress.state is not CampaignState.PAUSED and args.monitor:
        update = await service.start_monitoring(service.get(campaign.id))
        result["outcomes"] = update.counts.outcomes
        result["rounds"] = await _follow_rounds(service, service.get(campaign.id), args)
    text = progress.reason or ""
    if result["outcomes"] is not None:
        text += ("\n" if text else "") + _("finished: {outcomes}").format(
            outcomes=json.dumps(result["outcomes"], sort_keys=True))
    for made in result["rounds"]:
        outcome = (_("paused: {reason}").format(reason=made["paused"]) if made["paused"]
                   else json.dumps(made["outcomes"], sort_keys=True))
        text += "\n" + _("round {round} (campaign {campaign}): {outcome}").format(
            round=made["round"], campaign=made["campaign"], outcome=outcome)
    emit(args, result, text)
    if progress.state is CampaignState.PAUSED:
        raise Paused(_("Sending paused: {reason} (`campaign resume` goes on).").format(
                         reason=progress.reason or _("see the log file")))
    if progress.in_flight:
        raise Unsettled(_("{in_flight} contact(s) await confirmation from the provider's records; run campaign resume "
                          "later (they are never sent twice).").format(in_flight=progress.in_flight))
    paused = next((r for r in result["rounds"] if r["paused"]), None)
    if paused:
        raise Paused(_("Round {round} (campaign {campaign}) paused: {reason} (campaign resume continues "
                       "it).").format(round=paused["round"], campaign=paused["campaign"],
                                     reason=paused["paused"]))
    return Exit.OK


async def _status(headless: Headless, args: argparse.Namespace) -> int:
    service = headless.campaigns
    campaign = _campaign(service, args.campaign)
    if args.poll:
        try:
            await service.poll_once(campaign)
        except LeaseHeld as held:  # the computer running it polls: its results are in the shared store
            note("campaign status", str(held))
    counts = service.counts(campaign)
    state = service.get(args.campaign).state
    lines = [_("{name} ({provider}, {state}): {total} contact(s)").format(
                 name=campaign.name, provider=spec(campaign.provider).name, state=state.label, total=counts.total)]
    lines += [f"  {Dispatch(name).label}: {n}" for name, n in sorted(counts.dispatch.items())]
    lines += [_("  outcome {outcome}: {count}").format(outcome=Outcome(name).label, count=n)
              for name, n in sorted(counts.outcomes.items())]
    lines += [_("  answer {answer}: {count}").format(answer=answer_words(key), count=n)
              for key, n in sorted(counts.answers.items())]
    emit(args, {"campaign": campaign.id, "name": campaign.name, "provider": campaign.provider, "state": state,
                "total": counts.total, "outcomes": counts.outcomes, "dispatch": counts.dispatch,
                "answers": counts.answers}, "\n".join(lines))
    return Exit.OK


async def _pause(headless: Headless, args: argparse.Namespace) -> int:
    service = headless.campaigns
    campaign = _campaign(service, args.campaign)
    if campaign.state is not CampaignState.DISPATCHING:
        raise InputError(_("Campaign {campaign} is {state}: nothing is being sent, so there is nothing to "
                           "pause.").format(campaign=campaign.id, state=campaign.state.label))
    held = pause_anywhere(service, campaign)
    if held is None:
        text = _("Campaign {campaign} is paused: `campaign resume` goes on.").format(campaign=campaign.id)
    else:
        text = _("Pause asked of {where}, which sends campaign {campaign}: it stops after the group of calls being "
                 "sent, within a few seconds (`campaign status` shows it).").format(where=held.where(),
                                                                                      campaign=campaign.id)
    emit(args, {"campaign": campaign.id, "asked": held.host if held else None}, text)
    return Exit.OK


async def _cancel(headless: Headless, args: argparse.Namespace) -> int:
    service = headless.campaigns
    campaign = _campaign(service, args.campaign)
    if campaign.state not in (CampaignState.DISPATCHING, CampaignState.PAUSED):
        raise InputError(_("Campaign {campaign} is {state}: only a campaign being sent or paused can be "
                           "cancelled.").format(campaign=campaign.id, state=campaign.state.label))
    if not args.yes:
        raise NotSent(_("Nothing cancelled: add --yes to confirm that the contacts not sent yet will not be "
                        "called."))
    held = cancel_anywhere(service, campaign)
    if held is None:
        text = _("Campaign {campaign} is cancelled: calls already sent still end and are followed.").format(
                   campaign=campaign.id)
    else:
        text = _("Cancel asked of {where}, which sends campaign {campaign}: it stops after the group of calls being "
                 "sent, within a few seconds (`campaign status` shows it).").format(where=held.where(),
                                                                                      campaign=campaign.id)
    emit(args, {"campaign": campaign.id, "asked": held.host if held else None}, text)
    return Exit.OK


async def _export(headless: Headless, args: argparse.Namespace) -> int:
    fmt = args.out.suffix.lstrip(".").lower()
    if fmt not in ("xlsx", "csv"):
        raise InputError(_("The export file must end in .xlsx or .csv, not {name}.").format(name=args.out.name))
    written = await headless.campaigns.export(_campaign(headless.campaigns, args.campaign), args.out, fmt)  # type: ignore
    emit(args, {"campaign": args.campaign, "rows": written, "file": str(args.out)},
         ngettext("{count} row written to {out}", "{count} rows written to {out}", written).format(
             count=written, out=args.out))
    return Exit.OK


async def _settle(headless: Headless, args: argparse.Namespace) -> int:
    """Without a choice: how many contacts await confirmation (exit 8 when any do). ``--leave`` notes the decision;
    ``--mark-not-sent --yes`` puts them back to pending for ``campaign resume`` (exit 6 without ``--yes``)."""
    service = headless.campaigns
    campaign = _campaign(service, args.campaign)
    awaiting = service.awaiting(campaign)
    result: dict[str, Any] = {"campaign": campaign.id, "awaiting": awaiting, "action": None, "changed": 0}
    if not awaiting:
        emit(args, result, _("No contact of this campaign awaits confirmation."))
        return Exit.OK
    explained = (_("{awaiting} contact(s) await confirmation: the provider may have received them, and its records do "
                   "not show them yet. They are never sent again by themselves.").format(awaiting=awaiting))
    if not (args.mark_not_sent or args.leave):
        emit(args, result, explained)
        raise Unsettled(_("{awaiting} contact(s) await confirmation; decide with --leave, or with --mark-not-sent "
                          "--yes once the provider's console shows it never received them.").format(awaiting=awaiting))
    if args.mark_not_sent and not args.yes:
        emit(args, result, explained)
        raise NotSent(_("Nothing changed: add --yes to mark the {awaiting} contact(s) as not sent. If the provider "
                        "did receive them, they will be called twice.").format(awaiting=awaiting))
    if args.mark_not_sent:
        result["changed"] = service.mark_not_sent(campaign, args.why)
        result["action"] = "mark_not_sent"
        text = _("{result} contact(s) marked as not sent: `campaign resume` sends them, with the same keys.").format(
                   result=result['changed'])
    else:
        result["changed"] = service.leave_awaiting(campaign, args.why)
        result["action"] = "leave"
        text = _("{result} contact(s) left awaiting confirmation: `campaign resume` checks them again.").format(
                   result=result['changed'])
    emit(args, result, text)
    return Exit.OK


async def _redial(headless: Headless, args: argparse.Namespace) -> int:
    """The next round's id on stdout (``--json``: with its round number, size, start and who was left out); exit
    10 with the reasons when nobody qualifies."""
    service = headless.campaigns
    source = _campaign(service, args.campaign)
    rule = RedialRule(args.outcomes, args.delay, args.max_attempts)
    if args.when_finished:
        service.set_redial_rule(source, rule)
        emit(args, {"campaign": source.id, "rule": rule.to_json()},
             f"campaign {source.id}: when it finishes, the next round calls again {', '.join(args.outcomes)} "
             f"(at most {args.max_attempts} calls each, {args.delay} min later)")
        return Exit.OK
    choice = service.plan_round(source, rule)
    made = service.get(service.redial(source.id, args.outcomes, args.delay, args.max_attempts))
    starts = datetime.fromtimestamp(made.not_before or 0, timezone.utc)
    emit(args, {"campaign": made.id, "from": source.id, "round": made.round_no, "contacts": len(choice.chosen),
                "starts_at": starts.isoformat(), "outcomes": list(args.outcomes), "max_attempts": args.max_attempts,
                "held": {str(k): v for k, v in choice.held.items()}}, str(made.id))
    if not _json_mode(args):
        note("campaign redial", f"round {made.round_no} “{made.name}” made for {len(choice.chosen)} contact(s), "
                                f"calling from {starts.astimezone():%H:%M %d/%m/%Y}; not called again: "
                                f"{held_text(choice.held) or 'none'}. Launch it: autocall campaign run --campaign "
                                f"{made.id} --yes")
    return Exit.OK


_ACTIONS: dict[str, Callable[[Headless, argparse.Namespace], Awaitable[int]]] = {
    "list": _list, "create": _create, "run": _run, "resume": _resume, "status": _status, "pause": _pause,
    "cancel": _cancel, "export": _export, "settle": _settle, "redial": _redial}
