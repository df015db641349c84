"""Pause and Cancel from a desk that does not run the campaign (desktop/campaigns/requests.py), on a real SQLite file
and a real PostgreSQL server: the request left on the lease row, handed to the holder at its renewal, taken off once
carried out; and a real ``autocall campaign run`` process sending against the simulator while this process asks it
to pause or cancel (through ``autocall campaign pause/cancel``): the sender stops within its renewal period (at once
on PostgreSQL, whose feed tells it), the campaign is stored paused or cancelled, and the simulator's ledger shows
nobody dialled twice, also after a resume from here."""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections import Counter

import pytest

from desktop.campaigns import lease
from desktop.campaigns.lease import Holder, Leases, Request, acquire, holder_of
from desktop.campaigns.model import CampaignState
from desktop.campaigns.requests import RequestFollower, pause_anywhere
from desktop.exits import Exit
from desktop.phones import to_e164
from desktop.store import Store
from tests.desktop.campaigns.test_lease_processes import LEASE, SEND_PATHS, Autocall, autocall, count, prepare, quiet
from tests.helpers.campaigns import ON_BOTH_ENGINES, Env, phone
from tests.helpers.support import until

__all__ = ["autocall"]  # the fixture, shared with the lease's process tests

pytestmark = ON_BOTH_ENGINES

A = Holder("desk", "DESK-1", "a" * 32)
B = Holder("server", "SERVER", "b" * 32)


@pytest.fixture
def store(two_campaigns: Store) -> Store:
    return two_campaigns


def test_a_request_goes_to_the_other_holder_only(store: Store) -> None:
    assert lease.ask(store, 1, "pause", "lan", A) is None  # nobody runs it: nothing asked, do it here
    assert acquire(store, 1, A)
    assert lease.ask(store, 1, "pause", "lan", A) is None  # this process runs it itself
    held = lease.ask(store, 1, "pause", "lan", B)
    assert held is not None and held.holder == A.id and held.request is not None
    assert (held.request.what, held.request.by, held.request.host) == ("pause", "lan", "SERVER")
    assert lease.requests_for(store, [1, 2], A) == [held.request]
    assert lease.requests_for(store, [1], B) == []  # asked of A, not of the asker
    assert holder_of(store, 1).request == held.request  # every desk's list can say it


def test_a_cancel_is_never_turned_back_into_a_pause(store: Store) -> None:
    assert acquire(store, 1, A)
    lease.ask(store, 1, "cancel", "lan", B)
    assert lease.ask(store, 1, "pause", "minh", B).request.what == "cancel"


def test_an_expired_holder_is_asked_nothing(store: Store) -> None:
    assert acquire(store, 1, A, seconds=-1)
    assert lease.ask(store, 1, "pause", "lan", B) is None
    assert lease.requests_for(store, [1], A) == []


def test_done_takes_off_only_the_request_carried_out(store: Store) -> None:
    assert acquire(store, 1, A)
    first = lease.ask(store, 1, "pause", "lan", B).request
    time.sleep(0.01)
    later = lease.ask(store, 1, "cancel", "minh", B).request  # asked again while the pause was being done
    lease.done(store, first, A)
    assert lease.requests_for(store, [1], A) == [later]
    lease.done(store, later, A)
    assert lease.requests_for(store, [1], A) == [] and holder_of(store, 1).holder == A.id


def test_a_renewal_hands_the_request_over(store: Store) -> None:
    heard: list[Request] = []

    async def main() -> None:
        leases = Leases(store)
        leases.on_request = heard.append
        with leases.taken(1):
            asked = lease.ask(store, 1, "pause", "lan", B).request
            leases._renew(1)
            assert heard == [asked]

    asyncio.run(main())


# -- a real sender ---------------------------------------------------------------------------------------------------

def _dialled(env: Env, provider: str) -> Counter:
    return Counter(to_e164(e.phone) for e in env.sim.ledger.entries(provider, dialled_only=True))


def _batches(env: Env, campaign_id: int) -> int:
    return count(env, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ?", campaign_id)


#: Seconds each group takes once two are sent: the eight left outlast the start of another ``autocall`` process on
#: however loaded a machine, so that its pause or cancel finds the campaign still being sent.
REST_LATENCY = 4.0


def _sending(env: Env, autocall: Autocall, provider: str) -> tuple[int, subprocess.Popen[str]]:
    """A campaign being sent by ``autocall campaign run`` in another process, two batches in."""
    campaign = prepare(env, provider)
    sender = autocall.start(campaign.id, "run")
    until(lambda: sender.poll() is not None or _batches(env, campaign.id) >= 2, "2 batches", 60)
    env.sim.faults.clear()
    for path in SEND_PATHS[provider]:
        env.sim.faults.add(path, "latency", REST_LATENCY)
    assert sender.poll() is None, sender.communicate()
    assert holder_of(env.store, campaign.id) is not None
    return campaign.id, sender


@pytest.mark.parametrize("provider", ["vbot", "bizphone"])
def test_pause_from_another_desk_stops_the_sender(env: Env, autocall: Autocall, provider: str) -> None:
    campaign_id, sender = _sending(env, autocall, provider)
    pause = autocall.run(campaign_id, "pause")
    asked = time.monotonic()  # the request is on the lease row: how soon the other command started is not timed
    assert pause.returncode == Exit.OK and "Pause asked of the computer" in pause.stdout, pause
    assert sender.wait(timeout=60) == Exit.PAUSED
    stopped = time.monotonic() - asked
    _out, err = sender.communicate()
    assert "Paused from" in err and "Traceback" not in err, err
    quiet(env)
    env.sim.faults.clear()
    # within the renewal period (LEASE / 4) and the batch being sent when it heard, with room for a loaded machine
    assert stopped < LEASE / 4 + REST_LATENCY + 8, stopped
    assert env.service.get(campaign_id).state is CampaignState.PAUSED
    assert holder_of(env.store, campaign_id) is None  # carried out and let go
    sent_when_paused = count(env, "SELECT COUNT(*) FROM calls WHERE campaign_id = ? AND dispatch = 'sent'",
                             campaign_id)
    assert 0 < sent_when_paused < 100
    dialled = _dialled(env, provider)
    assert max(dialled.values()) == 1 and len(dialled) == sent_when_paused

    resumed = autocall.run(campaign_id, "resume")  # Resume from any desk: the lease is free again
    assert resumed.returncode == Exit.OK, resumed
    quiet(env)
    dialled = _dialled(env, provider)
    assert max(dialled.values()) == 1 and set(dialled) == {phone(i) for i in range(100)}


def test_cancel_from_another_desk_stops_the_sender(env: Env, autocall: Autocall) -> None:
    provider = "vbot"
    campaign_id, sender = _sending(env, autocall, provider)
    refused = autocall.run(campaign_id, "cancel")
    assert refused.returncode == Exit.NOT_SENT and sender.poll() is None  # not without --yes
    cancel = autocall.run(campaign_id, "cancel", "--yes")
    assert cancel.returncode == Exit.OK and "Cancel asked of the computer" in cancel.stdout, cancel
    assert sender.wait(timeout=60) == Exit.OK, sender.communicate()
    quiet(env)
    assert env.service.get(campaign_id).state is CampaignState.CANCELLED
    states = Counter(r[0] for r in env.store.query("SELECT dispatch FROM calls WHERE campaign_id = ?",
                                                   (campaign_id,)))
    assert set(states) == {"sent", "not_sent"} and states["sent"] < 100, states
    dialled = _dialled(env, provider)
    assert max(dialled.values()) == 1 and len(dialled) == states["sent"]


def test_the_desk_sending_carries_out_a_request_at_its_renewal(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """In one process with a follower and no feed: a request written as another desk would is carried out at the
    next renewal, through the engine's pause: the dispatch ends paused."""
    monkeypatch.setattr(lease, "RENEW_SECONDS", 0.5)
    campaign = prepare(env, "bizphone")
    follower = RequestFollower(env.service)
    other = Holder("desk", "DESK-2", "c" * 32)

    async def main() -> None:
        task = env.service.launch(campaign, await env.service.preflight(campaign))
        await asyncio.to_thread(until, lambda: _batches(env, campaign.id) >= 1, "a batch", 30)
        assert lease.ask(env.store, campaign.id, "pause", "lan", other) is not None
        progress = await asyncio.wait_for(task, 30)
        assert progress.state is CampaignState.PAUSED and progress.reason == "Paused from DESK-2 by lan."
        await env.service.tasks.wait([f"request:{campaign.id}"])

    try:
        asyncio.run(main())
    finally:
        follower.close()
    assert env.service.get(campaign.id).state is CampaignState.PAUSED
    assert pause_anywhere(env.service, env.service.get(campaign.id)) is None  # nobody runs it now: nothing asked
