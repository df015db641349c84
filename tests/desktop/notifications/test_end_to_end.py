"""Simulator → receiver → call rows over real loopback HTTP, with polling never started: VBot's webhooks (v3 events,
and seed 000's Auto Call History for a legacy campaign) and NXCLOUD's signed callbacks settle every row as the
simulator decided it, and repeats of the same notifications change nothing."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections import Counter

from desktop.campaigns.model import Campaign
from desktop.notifications.inbox import Inbox
from desktop.notifications.receiver import Receiver, RunningReceiver, endpoints
from desktop.providers.base import Outcome
from desktop.providers.vbot.notifications import HEADER, TOKEN
from tests.desktop.campaigns.test_vbot_legacy import v2_account
from tests.desktop.notifications.conftest import Rx
from tests.helpers.campaigns import (
    ALL_CALLS_END,
    ON_BOTH_ENGINES,
    add_list,
    decided_answers,
    settings_for,
    simulator_outcomes,
)

pytestmark = ON_BOTH_ENGINES

CONTACTS = 30


async def launch(rx: Rx, campaign: Campaign) -> None:
    check = await rx.env.service.preflight(campaign)
    assert check.can_launch, check.blocking
    final = await rx.env.service.launch(campaign, check)
    assert final.sent == CONTACTS


async def settled(rx: Rx, campaign: Campaign, timeout: float = 60.0) -> dict[str, int]:
    """The campaign's outcomes once every sent row is final and the simulator has delivered everything it queued
    (a delivery being POSTed is neither queued nor finished: counting what was queued sees it)."""
    outbox = rx.env.sim.outbox
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        counts = rx.env.service.counts(campaign)
        if counts.final == CONTACTS and outbox.pending() == 0 and len(outbox.finished) == rx.posted:
            return counts.outcomes
        await asyncio.sleep(0.05)
    raise AssertionError(f"not settled: {rx.env.service.counts(campaign)}, {outbox.pending()} deliveries pending")


def events(rx: Rx) -> list:
    return rx.env.store.query("SELECT kind, applied FROM notification_events")


async def test_vbot_webhooks_settle_every_row_as_the_simulator_decided(rx: Rx) -> None:
    rx.env.sim.config.vbot_webhook_events = ("CALL_HISTORY", "AUTO_CALL_LOG", "AUTO_CALL_RECORDING",
                                             "AUTO_CALL_COMPLETE")
    campaign = rx.env.campaign("vbot", CONTACTS)
    await launch(rx, campaign)
    rx.env.sim.advance(ALL_CALLS_END)
    outcomes = await settled(rx, campaign)
    assert outcomes == dict(simulator_outcomes(rx.env, "vbot"))
    assert rx.env.service.counts(campaign).answers == dict(decided_answers(rx.env, "vbot"))  # collected data
    assert all(d.delivered for d in rx.env.sim.outbox.finished)
    kinds = Counter(r["kind"] for r in events(rx))
    assert kinds["AUTO_CALL_LOG"] == kinds["AUTO_CALL_COMPLETE"] == kinds["CALL_HISTORY"] == CONTACTS
    # a v3 account keeps seed 000's Call History but settles rows by the auto-call records, as its polls do
    assert all(r["applied"] for r in events(rx) if r["kind"] != "CALL_HISTORY")
    recorded = {p.external_call_id: p.trans_id for p in rx.env.sim.vbot.calls if p.call.has_recording}
    rows = rx.env.store.query("SELECT idem_key, recording FROM calls WHERE campaign_id = ?", (campaign.id,))
    assert {r["idem_key"]: r["recording"] for r in rows if r["recording"]} == recorded


async def test_nxcloud_callbacks_settle_every_row_as_the_simulator_decided(rx: Rx) -> None:
    campaign = rx.env.campaign("nxcloud", CONTACTS)
    await launch(rx, campaign)
    task = rx.env.sim.nxcloud.tasks[campaign.key]
    # The client sends no callback URLs yet (issue 18 item 2): the test points the task's at the receiver.
    task.task_callback_url = task.order_callback_url = task.call_callback_url = rx.url("nxcloud")
    rx.env.sim.advance(ALL_CALLS_END)
    outcomes = await settled(rx, campaign)
    assert outcomes == dict(simulator_outcomes(rx.env, "nxcloud"))
    assert rx.env.service.counts(campaign).answers == dict(decided_answers(rx.env, "nxcloud"))  # intents
    assert all(d.delivered for d in rx.env.sim.outbox.finished)
    assert {r["kind"] for r in events(rx)} >= {"order", "call"}
    rows = rx.env.store.query("SELECT recording FROM calls WHERE campaign_id = ? AND outcome = ?",
                              (campaign.id, Outcome.ANSWERED))
    assert rows and all(r["recording"] and r["recording"].startswith("http") for r in rows)


async def test_a_legacy_campaign_is_settled_by_seed_000_auto_call_history(rx: Rx) -> None:
    settings = dataclasses.replace(settings_for("vbot"), mode="legacy", legacy_campaign_id=2932)
    campaign = rx.env.service.create("legacy", v2_account(rx.env), add_list(rx.env.store, CONTACTS), settings)
    await launch(rx, campaign)
    # the v2 account was added after the receiver started: its route is added by restarting it
    rx.running.stop()
    rx.running = RunningReceiver(Receiver(Inbox(rx.env.store), endpoints(rx.env.accounts))).start()
    legacy = next(e for e in rx.running.receiver.endpoints if e.account_id == campaign.account_id)
    rx.env.sim.config.webhook_url = rx.running.url + legacy.path
    rx.env.sim.config.webhook_auth_header = (HEADER, rx.env.accounts.secrets.get(campaign.account_id, TOKEN))
    rx.env.sim.advance(ALL_CALLS_END)
    outcomes = await settled(rx, campaign)
    expected = Counter("cancelled" if p.call.extra.get("legacy_status") == 4 else str(p.call.outcome)
                       for p in rx.env.sim.vbot.calls)
    assert outcomes == dict(expected)
    statuses = {p.call.extra.get("legacy_status") for p in rx.env.sim.vbot.calls}
    assert {r["kind"] for r in events(rx)} == {"AUTO_CALL_HISTORY", "CALL_HISTORY"} and len(statuses) > 3
