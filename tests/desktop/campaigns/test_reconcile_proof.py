"""Reconciliation never turns an unprovable absence into a resend (issue 15 item 2), real HTTP against the simulator
with its ledger as the judge.

VBot lists a call only once it has ended. Here its queue is longer than the settle window: a filler campaign holds
its few lines first, so when the window has passed the test campaign's calls are still waiting their turn. Lost
replies (``drop``: VBot took the request) and failed requests (``error``: it did not) must then stay awaiting
confirmation, never be resent; once later-queued calls have ended long enough ago, the received ones are found and
the others are proven absent and sent again with the same keys. The same holds when VBot's history counts ``from``/
``to`` in seconds while the account says milliseconds. NXCLOUD's refusals of resent orders it already holds are
re-checked until its records list them. The operator's "mark as not sent" and "leave" work in the core and the CLI.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import io
import json
from collections import Counter

from desktop.accounts.repository import Account
from desktop.campaigns.model import Campaign, CampaignState, Dispatch
from desktop.cli import main
from desktop.exits import Exit
from desktop.providers import create_client
from desktop.providers.base import BatchResult, ContactError
from desktop.providers.http import RetryPolicy, Timing
from desktop.providers.nxcloud.client import RECHECK_ROUNDS, NxCloudClient
from desktop.providers.vbot import VBotClient, VBotSettings
from desktop.simulator.calls import Dialler
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env, add_list, quick_engine, settings_for

pytestmark = ON_BOTH_ENGINES

V3_SEND = "/vbot/v3.0/m-auto-call/api/call/create-list-phone"
V2_SEND = "/vbot/v2.0/api/campaignCall/callConfirm/insert"
NX_ADD = "/nxcloud/callcentre/api/v3/addBatchCall"
NX_DETAIL = "/nxcloud/callcentre/api/v3/listOrderDetail"
LINES = 2
WINDOW = 600.0  # the settle preference's lower bound


def dispatch(env: Env, campaign: Campaign) -> Counter:
    return Counter({k: v for k, v in env.service.counts(env.service.get(campaign.id)).dispatch.items() if v})


def keys(env: Env, campaign: Campaign, state: Dispatch) -> set[str]:
    return {r["idem_key"] for r in env.store.query("SELECT idem_key FROM calls WHERE campaign_id = ? AND dispatch = ?",
                                                   (campaign.id, state))}


def dialled_keys(env: Env) -> Counter:
    return Counter(e.idempotency_key for e in env.dialled("vbot"))


def v2_account(env: Env) -> Account:
    """A VBot v2 account on the simulator that believes history times are in milliseconds."""
    creds, urls = env.running.credentials, env.running.base_urls
    settings = VBotSettings(api_generation="v2", base_url=urls["vbot_v2"], username=creds["vbot_username"],
                            vbot_id=creds["vbot_id"], project_code=creds["vbot_project_code"], history_time_unit="ms")
    return env.accounts.save(Account(name="VBot v2", provider="vbot"), settings, {"password": creds["vbot_password"]})


async def launch(env: Env, account: Account, count: int, start: int) -> Campaign:
    campaign = env.service.create(f"list from {start}", account, add_list(env.store, count, start=start),
                                  settings_for("vbot"))
    await env.service.launch(campaign, await env.service.preflight(campaign))
    return env.service.get(campaign.id)


async def queue_longer_than_the_window(env: Env, account: Account, send: str, count: int) -> Campaign:
    """A filler campaign on VBot's few lines, then ``count`` contacts sent with three lost replies and two failed
    requests; returns the second campaign after the settle window has passed but not the queue."""
    quick_engine(env.store, settle_seconds=WINDOW, breaker_threshold=1.0)
    env.sim.vbot.dialler = Dialler(LINES)
    filler = await launch(env, account, 60, start=5000)
    assert dispatch(env, filler) == {Dispatch.SENT: 60}
    env.sim.faults.add(send, "error", 503, count=2)  # the first two never reach VBot (the first rule wins)
    env.sim.faults.add(send, "drop", count=5)  # the next three: VBot takes them, their replies are lost
    campaign = await launch(env, account, count, start=0)
    doubtful = dispatch(env, campaign)[Dispatch.IN_FLIGHT]
    assert doubtful > 0 and dispatch(env, campaign)[Dispatch.SENT] == count - doubtful
    env.pass_time(WINDOW + 100)
    now = env.sim.clock.now()
    assert all(not p.call.ended(now) for p in env.sim.vbot.calls if p.external_call_id in keys(
        env, campaign, Dispatch.IN_FLIGHT) | keys(env, campaign, Dispatch.SENT))  # nothing of it has ended yet
    return campaign


async def resume(env: Env, campaign: Campaign) -> Counter:
    await env.service.resume(env.service.get(campaign.id))
    return dispatch(env, campaign)


async def assert_settles_once(env: Env, campaign: Campaign, count: int) -> None:
    """Past the window, not past the queue: nothing is resent; once the queue has run, everyone is sent once."""
    awaiting = keys(env, campaign, Dispatch.IN_FLIGHT)
    assert (await resume(env, campaign))[Dispatch.IN_FLIGHT] == len(awaiting)  # unprovable: still awaiting
    assert keys(env, campaign, Dispatch.IN_FLIGHT) == awaiting
    assert max(dialled_keys(env).values()) == 1 and env.sim.ledger.duplicates() == []
    received = awaiting & set(dialled_keys(env))
    assert 0 < len(received) < len(awaiting)  # some lost replies, some requests VBot never had

    env.pass_time(ALL_CALLS_END)
    assert await resume(env, campaign) == {Dispatch.SENT: count}
    assert env.sim.ledger.duplicates() == []
    dialled = dialled_keys(env)
    assert all(dialled[k] == 1 for k in keys(env, campaign, Dispatch.SENT))  # the absent ones resent, same keys


async def test_vbot_queue_longer_than_the_settle_window_never_dials_twice(env: Env) -> None:
    campaign = await queue_longer_than_the_window(env, env.account("vbot"), V3_SEND, 100)
    await assert_settles_once(env, campaign, 100)


async def test_vbot_v2_history_in_seconds_while_the_client_says_ms(env: Env) -> None:
    env.sim.config.vbot_history_time_unit = "s"
    campaign = await queue_longer_than_the_window(env, v2_account(env), V2_SEND, 40)
    await assert_settles_once(env, campaign, 40)
    env.pass_time(ALL_CALLS_END)  # the two resent calls end too
    update = await env.service.poll_once(env.service.get(campaign.id))  # a poll bounded by time still sees them
    assert sum(update.counts.outcomes.values()) == 40 and not update.counts.outcomes.get("queued")


async def test_absence_alone_is_no_proof_without_later_calls(env: Env) -> None:
    """Every request failed, nothing was queued behind them: however long ago, the contacts stay awaiting."""
    quick_engine(env.store, settle_seconds=WINDOW, breaker_threshold=1.0)
    env.sim.faults.add(V3_SEND, "error", 503)
    campaign = env.campaign("vbot", 10)
    progress = await env.service.launch(campaign, await env.service.preflight(campaign))
    assert progress.in_flight == 10
    env.sim.faults.clear()
    env.pass_time(ALL_CALLS_END)
    report = await env.service.reconcile(env.service.get(campaign.id))
    assert (report.in_doubt, report.to_resend) == (10, 0) and report.retry_at is not None
    assert "VBot lists a call only once it has ended" in report.describe()
    assert len(env.sim.ledger) == 0


async def test_nxcloud_resent_orders_under_drops_all_end_sent(env: Env) -> None:
    """Dropped replies make the HTTP layer resend keyed writes, which NXCLOUD refuses as existing orders; the
    re-check outlasts a burst of failed lookups, so no dialled contact is left "refused"."""
    env.sim.faults.add(NX_ADD, "drop", count=1)  # one batch's reply is lost: its resend is refused as existing
    env.sim.faults.add(NX_DETAIL, "error", 503, count=6)  # more than one lookup's retries
    campaign = env.campaign("nxcloud", 300)
    env.store.set_setting("campaigns.batch_size.nxcloud", 50)
    progress = await env.service.launch(campaign, await env.service.preflight(campaign))
    assert (progress.sent, progress.refused, progress.in_flight) == (300, 0, 0)
    dialled = Counter(e.idempotency_key for e in env.dialled("nxcloud"))
    assert set(dialled) == keys(env, campaign, Dispatch.SENT) and max(dialled.values()) == 1
    assert env.sim.ledger.duplicates() == []


async def test_nxcloud_refusal_unconfirmed_after_the_backoff_stays_awaiting(env: Env) -> None:
    quick_engine(env.store, breaker_threshold=1.0)
    env.sim.faults.add(NX_ADD, "drop", count=1)
    env.sim.faults.add(NX_DETAIL, "error", 503)  # NXCLOUD's records cannot be read for now
    campaign = env.campaign("nxcloud", 100)
    env.store.set_setting("campaigns.batch_size.nxcloud", 50)
    progress = await env.service.launch(campaign, await env.service.preflight(campaign))
    assert progress.refused == 0 and progress.in_flight == 50 and progress.sent == 50
    env.sim.faults.clear()
    assert await resume(env, campaign) == {Dispatch.SENT: 100}
    dialled = Counter(e.idempotency_key for e in env.dialled("nxcloud"))
    assert len(dialled) == 100 and max(dialled.values()) == 1


async def test_vbot_history_unit_is_found_from_vbot_own_counts(env: Env) -> None:
    """A bounded history query counts the calls whichever unit VBot uses, the account saying ms either way."""
    account = v2_account(env)
    await launch(env, account, 3, start=0)
    env.pass_time(ALL_CALLS_END)
    since = env.sim.clock.now() - 2 * ALL_CALLS_END
    for unit in ("s", "ms"):
        env.sim.config.vbot_history_time_unit = unit
        async with env.fast_client(account) as client:
            assert isinstance(client, VBotClient)
            assert await client.history_count(start=since) == 3
            assert await client.history_unit() == unit


async def test_nxcloud_recheck_backs_off_then_leaves_the_contacts_in_doubt(env: Env) -> None:
    """Refused as existing, never listed while NXCLOUD's records cannot be read: looked up RECHECK_ROUNDS times with
    growing pauses, then neither accepted nor refused. A genuine refusal stays refused."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    account = env.account("nxcloud")
    policy = RetryPolicy(attempts=1, base_delay=1.0, max_delay=20.0)
    settings = dataclasses.replace(env.accounts.settings_for(account), min_interval=0)  # no pacing sleeps
    client = create_client(settings, env.accounts.secrets_for(account),
                           timing=Timing(sleep=sleep, random=lambda: 1.0), retry=policy)
    assert isinstance(client, NxCloudClient)
    env.sim.faults.add(NX_DETAIL, "error", 503)
    refused = BatchResult(accepted=["a1"], errors=[ContactError("k1", "+84910000001", "orderID already exists"),
                                                   ContactError("k2", "+84910000002", "invalid userPhone")])
    async with client:
        result = await client.confirm_refusals("task", "1003", refused)
    assert result.accepted == ["a1"] and [e.key for e in result.errors] == ["k2"]
    assert slept == [1.0, 2.0, 4.0, 8.0, 16.0][: RECHECK_ROUNDS - 1]


async def awaiting_campaign(env: Env) -> Campaign:
    """Ten VBot contacts whose requests failed: awaiting confirmation, never received."""
    quick_engine(env.store, settle_seconds=WINDOW, breaker_threshold=1.0)
    env.sim.faults.add(V3_SEND, "error", 503)
    campaign = env.campaign("vbot", 10)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    env.sim.faults.clear()
    assert dispatch(env, campaign) == {Dispatch.IN_FLIGHT: 10}
    return env.service.get(campaign.id)


def decisions(env: Env, campaign: Campaign) -> list[dict]:
    rows = env.store.query("SELECT request FROM dispatch_batches WHERE campaign_id = ? ORDER BY seq", (campaign.id,))
    return [d for r in rows for d in json.loads(r["request"]).get("decisions", [])]


async def test_leave_then_mark_as_not_sent_in_the_core(env: Env) -> None:
    campaign = await awaiting_campaign(env)
    sent_keys = keys(env, campaign, Dispatch.IN_FLIGHT)
    assert env.service.leave_awaiting(campaign, "waiting for VBot support", by="lan") == 10
    assert dispatch(env, campaign) == {Dispatch.IN_FLIGHT: 10}
    assert env.service.mark_not_sent(campaign, "not in the VBot console", by="lan") == 10
    assert dispatch(env, campaign) == {Dispatch.PENDING: 10}
    assert env.service.get(campaign.id).state is CampaignState.PAUSED
    assert [(d["action"], d["by"], d["why"]) for d in decisions(env, campaign)[:1]] == [
        ("leave", "lan", "waiting for VBot support")]
    assert {d["action"] for d in decisions(env, campaign)} == {"leave", "mark_not_sent"}
    assert all(d["at"] for d in decisions(env, campaign))
    assert await resume(env, campaign) == {Dispatch.SENT: 10}
    assert set(dialled_keys(env)) == sent_keys and env.sim.ledger.duplicates() == []  # the same keys


async def cli(*args: object) -> tuple[int, str, str]:
    """``autocall`` in this process (on a thread: it runs its own event loop); exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()

    def run() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return main([str(a) for a in args])

    code = await asyncio.to_thread(run)
    return code, out.getvalue(), err.getvalue()


async def test_settle_command_leaves_or_marks_as_not_sent(env: Env) -> None:
    campaign = await awaiting_campaign(env)
    base = ("campaign", "settle", "--campaign", campaign.id, "--data-dir", env.data_dir, "--database", env.store.url)
    code, out, err = await cli(*base, "--json")
    assert code == Exit.UNSETTLED and json.loads(out)["awaiting"] == 10
    assert err.count("\n") == 1 and "--mark-not-sent" in err
    code, out, err = await cli(*base, "--mark-not-sent")
    assert code == Exit.NOT_SENT and "called twice" in err and dispatch(env, campaign) == {Dispatch.IN_FLIGHT: 10}
    code, out, _ = await cli(*base, "--leave", "--why", "VBot support asked", "--json")
    assert code == Exit.OK and json.loads(out) == {"campaign": campaign.id, "awaiting": 10, "action": "leave",
                                                   "changed": 10}
    code, out, _ = await cli(*base, "--mark-not-sent", "--yes", "--json")
    assert code == Exit.OK and json.loads(out)["changed"] == 10
    assert dispatch(env, campaign) == {Dispatch.PENDING: 10}
    code, out, _ = await cli(*base)
    assert code == Exit.OK and "No contact" in out
