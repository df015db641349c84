"""Which channel brought each result, and polling beside notifications: rows a notification settled say so, polls
slow down while notifications arrive, and a receiver stopped mid-campaign loses nothing (polling backfills)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.model import CampaignState
from desktop.campaigns.poller import Poller
from desktop.campaigns.repository import Channel
from desktop.notifications.inbox import Inbox
from desktop.notifications.receiver import Receiver, RunningReceiver, endpoints
from desktop.providers.vbot.notifications import HEADER, TOKEN
from desktop.settings import EngineSettings
from tests.desktop.campaigns.test_reconcile_proof import v2_account
from tests.desktop.notifications.conftest import Rx
from tests.desktop.notifications.test_end_to_end import CONTACTS, launch, settled
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, add_list, settings_for, simulator_outcomes

pytestmark = ON_BOTH_ENGINES

SKEW = 60.0


async def until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


def channels(rx: Rx, campaign_id: int) -> Counter:
    return Counter(r["channel"] for r in rx.env.store.query(
        "SELECT channel FROM calls WHERE campaign_id = ?", (campaign_id,)))


async def test_rows_a_notification_settled_say_so(rx: Rx) -> None:
    campaign = rx.env.campaign("vbot", CONTACTS)
    await launch(rx, campaign)
    rx.env.sim.advance(ALL_CALLS_END)
    await settled(rx, campaign)
    assert channels(rx, campaign.id or 0) == {Channel.NOTIFICATION: CONTACTS}
    assert (await rx.env.service.poll_once(campaign)).finished  # nothing left for a poll to find
    first = rx.env.service.rows(campaign)[0].call_id
    assert rx.env.service.call_details(first)["channel"] == Channel.NOTIFICATION


async def test_polls_wait_the_slow_interval_while_notifications_arrive_and_speed_up_when_they_stop(rx: Rx) -> None:
    campaign = rx.env.campaign("vbot", CONTACTS)
    await launch(rx, campaign)
    repository = rx.env.service.repository
    engine = EngineSettings(poll_fast_seconds=1.0, poll_slow_seconds=60.0)
    now = [time.time()]

    def poller() -> Poller:
        client = rx.env.fast_client(rx.env.account("vbot"))
        return Poller(repository, repository.get(campaign.id or 0), client, engine, clock=lambda: now[0])

    before = poller()
    await before.poll_once()
    assert before.interval < engine.poll_slow_seconds  # nothing notified yet: the activity sets the interval
    rx.env.sim.advance(60)  # the first calls end and are notified; others are still live
    await until(lambda: repository.last_notified(campaign) is not None)
    during = poller()
    update = await during.poll_once()
    assert update.live or update.counts.final < CONTACTS
    assert during.interval == engine.poll_slow_seconds
    now[0] += engine.poll_slow_seconds + 1  # a minute without notifications
    after = poller()
    await after.poll_once()
    assert after.interval < engine.poll_slow_seconds


async def test_a_receiver_stopped_mid_campaign_loses_nothing_polling_backfills(rx: Rx) -> None:
    rx.env.sim.outbox.max_attempts = 1  # a webhook that finds nobody listening is lost at once
    campaign = rx.env.campaign("vbot", CONTACTS)
    await launch(rx, campaign)
    rx.env.sim.advance(60)  # the first calls end while the receiver is up
    await until(lambda: rx.env.service.counts(campaign).final > 0)
    port = rx.running.port
    rx.running.stop()
    rx.env.sim.advance(ALL_CALLS_END)  # the rest end while nobody listens: their webhooks are lost
    await until(lambda: not rx.env.sim.outbox.pending())
    assert any(not d.delivered for d in rx.env.sim.outbox.finished)
    rx.running = RunningReceiver(rx.running.receiver, port=port).start()  # back on the same address
    for _ in range(20):
        if (await rx.env.service.poll_once(campaign)).finished:
            break
    counts = rx.env.service.counts(campaign)
    assert counts.final == CONTACTS
    assert counts.outcomes == dict(simulator_outcomes(rx.env, "vbot"))
    by_channel = channels(rx, campaign.id or 0)
    assert by_channel[Channel.NOTIFICATION] > 0 and by_channel[Channel.POLL] > 0
    assert by_channel[Channel.NOTIFICATION] + by_channel[Channel.POLL] == CONTACTS


async def test_a_vbot_v2_poll_after_notifications_asks_from_the_earliest_open_call_and_settles_the_rest(
        rx: Rx, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first wave of calls is settled by notifications; the second is sent an hour later and its notifications
    never arrive. The poll then reads VBot's history from the second wave's sending (minus the clock skew), not from
    the campaign's start, and settles every call of it."""
    env = rx.env
    monkeypatch.setattr("desktop.campaigns.journal._now", env.clock)  # batches go in flight at the test's time
    env.store.set_setting("campaigns.dispatch_concurrency", 1)
    account = v2_account(env)
    rx.running.stop()  # serve the new account's route too, and let the simulator notify it
    rx.running = RunningReceiver(Receiver(Inbox(env.store), endpoints(env.accounts))).start()
    env.sim.config.webhook_url = rx.url("vbot").rsplit("/", 1)[0] + f"/{account.id}"
    env.sim.config.webhook_auth_header = (HEADER, env.accounts.secrets.get(account.id or 0, TOKEN) or "")
    service = env.service
    campaign = service.create("v2 waves", account, add_list(env.store, CONTACTS), settings_for("vbot"))

    def pause_after_the_first_wave(progress: DispatchProgress) -> None:
        if progress.sent:
            service.pause(campaign)

    first = await service.launch(campaign, await service.preflight(campaign), pause_after_the_first_wave)
    wave = first.sent
    assert first.state is CampaignState.PAUSED and 0 < wave < CONTACTS
    env.pass_time(ALL_CALLS_END)
    await until(lambda: service.counts(campaign).final == wave)
    assert channels(rx, campaign.id or 0)[Channel.NOTIFICATION] == wave

    env.pass_time(3600)
    env.sim.config.webhook_url = None  # the second wave's notifications never arrive
    second = await service.resume(service.get(campaign.id or 0))
    assert second.sent == CONTACTS
    env.pass_time(ALL_CALLS_END)
    sent_at = sorted(r[0] for r in env.store.query(
        "SELECT started_at FROM dispatch_batches WHERE campaign_id = ?", (campaign.id,)))
    asked: list[float] = []

    async def record(request: httpx.Request) -> None:
        if request.url.path.endswith("/historycall/getAll") and "from" in request.url.params:
            asked.append(int(request.url.params["from"]) / 1000)

    client = env.fast_client(account)
    client.http.client.event_hooks["request"].append(record)
    engine = EngineSettings(clock_skew_seconds=SKEW)
    update = await Poller(service.repository, service.get(campaign.id or 0), client, engine).poll_once()
    await client.aclose()
    assert asked and min(asked) == pytest.approx(sent_at[wave] - SKEW, abs=1.0)  # the second wave's start
    assert min(asked) > sent_at[0] + 3000  # not the campaign's
    assert update.finished and update.counts.outcomes == dict(simulator_outcomes(env, "vbot"))
    assert channels(rx, campaign.id or 0) == {Channel.NOTIFICATION: wave, Channel.POLL: CONTACTS - wave}
