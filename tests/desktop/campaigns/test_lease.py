"""The campaign lease on each engine (a real SQLite file, a real PostgreSQL server) with a moved clock: taken by one
holder at a time, renewed only while it is still the holder's, let go only by its holder, free to take once it
expired; and this process's use of it (desktop.campaigns.lease.Leases): counted uses, renewals that notice a takeover
and stop the tasks using it."""

from __future__ import annotations

import asyncio
import time

import pytest

from desktop.campaigns import lease
from desktop.campaigns.lease import (
    Holder,
    LeaseHeld,
    LeaseHolder,
    LeaseLost,
    Leases,
    acquire,
    holder_of,
    holders,
    release,
    renew,
)
from desktop.store import Store

A = Holder("desk", "DESK-1", "a" * 32)
B = Holder("server", "SERVER", "b" * 32)
T0 = 1_800_000_000.0
LEASE = lease.LEASE_SECONDS


@pytest.fixture
def store(two_campaigns: Store) -> Store:
    return two_campaigns


def test_times_are_the_databases_clock(store: Store) -> None:
    assert acquire(store, 1, A)
    held = holder_of(store, 1)
    assert abs(held.acquired_at - time.time()) < 5 and held.expires_at == held.acquired_at + LEASE


def test_one_holder_at_a_time_until_it_expires(store: Store) -> None:
    assert acquire(store, 1, A, now=T0)
    assert not acquire(store, 1, B, now=T0 + 1)
    assert not acquire(store, 1, B, now=T0 + LEASE - 0.01)
    held = holder_of(store, 1, now=T0 + 1)
    assert (held.holder, held.kind, held.host, held.acquired_at, held.expires_at) == (A.id, "desk", "DESK-1", T0,
                                                                                      T0 + LEASE)
    assert acquire(store, 2, B, now=T0 + 1)  # another campaign is another lease
    assert holder_of(store, 1, now=T0 + LEASE) is None  # expired: nobody holds it
    assert acquire(store, 1, B, now=T0 + LEASE)
    held = holder_of(store, 1, now=T0 + LEASE)
    assert (held.holder, held.kind, held.host, held.acquired_at) == (B.id, "server", "SERVER", T0 + LEASE)
    assert not acquire(store, 1, A, now=T0 + LEASE + 1)


def test_taking_again_renews_and_keeps_when_it_was_taken(store: Store) -> None:
    assert acquire(store, 1, A, now=T0)
    assert acquire(store, 1, A, now=T0 + 10)
    held = holder_of(store, 1, now=T0 + 10)
    assert (held.acquired_at, held.expires_at) == (T0, T0 + 10 + LEASE)


def test_renewal_holds_it_only_while_the_row_is_still_the_holders(store: Store) -> None:
    assert acquire(store, 1, A, now=T0)
    assert renew(store, 1, A, now=T0 + 15)
    assert not acquire(store, 1, B, now=T0 + LEASE + 1)  # renewed: good until T0 + 15 + LEASE
    assert renew(store, 1, A, now=T0 + 15 + LEASE + 5)  # expired but nobody took it: still the holder's
    assert acquire(store, 1, B, now=T0 + 15 + 2 * LEASE + 5)
    assert not renew(store, 1, A, now=T0 + 15 + 2 * LEASE + 6)  # taken over
    release(store, 1, B)
    assert not renew(store, 1, A, now=T0 + 15 + 2 * LEASE + 7)  # let go by who took it over: A must not go on
    assert holder_of(store, 1, now=T0) is None


def test_only_the_holder_lets_go(store: Store) -> None:
    assert acquire(store, 1, A, now=T0)
    release(store, 1, B)
    assert holder_of(store, 1, now=T0).holder == A.id
    release(store, 1, A)
    assert holder_of(store, 1, now=T0) is None
    assert acquire(store, 1, B, now=T0 + 1)


def test_holders_lists_only_leases_still_good(store: Store) -> None:
    acquire(store, 1, A, now=T0)
    acquire(store, 2, B, now=T0 + 10)
    assert {cid: h.holder for cid, h in holders(store, now=T0 + LEASE + 1).items()} == {2: B.id}


def test_the_refusal_names_the_computer_and_whether_it_is_the_server(store: Store) -> None:
    acquire(store, 1, A, now=T0)
    acquire(store, 2, B, now=T0)
    desk = str(LeaseHeld(holder_of(store, 1, now=T0)))
    server = str(LeaseHeld(holder_of(store, 2, now=T0)))
    assert "computer DESK-1" in desk and f"{round(LEASE)} seconds" in desk
    assert "server SERVER" in server
    assert "running on another computer" in str(LeaseHeld(LeaseHolder(1, "", "desk", "", 0.0, 0.0)))  # row gone since


def test_kind_is_set_once_for_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lease, "_this", lease.this_process())
    before = lease.this_process()
    lease.set_kind("server")
    assert lease.this_process() == Holder("server", before.host, before.id)


def test_uses_in_this_process_are_counted_and_the_last_lets_go(store: Store) -> None:
    leases = Leases(store)
    first, second = leases.take(1), leases.take(1)
    first.give_back()
    first.give_back()  # a use given back twice counts once
    assert holder_of(store, 1).holder == lease.this_process().id
    second.give_back()
    assert holder_of(store, 1) is None


def test_another_process_is_refused_with_who_holds_it(store: Store) -> None:
    acquire(store, 1, B)
    leases = Leases(store)
    with pytest.raises(LeaseHeld) as refused:
        leases.take(1)
    assert refused.value.holder.host == "SERVER"
    assert leases.elsewhere(1).holder == B.id and set(leases.all_elsewhere()) == {1}
    with pytest.raises(LeaseHeld):
        leases.take(1)  # refused twice, counted never: nothing to give back
    assert holder_of(store, 1).holder == B.id


def test_a_check_after_a_stall_finds_the_takeover(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    leases = Leases(store)
    use = leases.take(1)
    leases.check(1)  # just taken: nothing to renew
    acquire(store, 1, B, now=time.time() + LEASE + 1)  # this process stalled past its expiry; B took it over
    monkeypatch.setattr(lease, "LEASE_SECONDS", 0.0)  # the last renewal is old now: it may have run out
    with pytest.raises(LeaseLost) as lost:
        leases.check(1)
    assert "server SERVER took the campaign over" in str(lost.value)
    use.give_back()
    assert holder_of(store, 1).holder == B.id  # a lost lease is not let go: it is B's


async def test_renewals_keep_it_and_a_takeover_stops_the_task_using_it(store: Store,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lease, "RENEW_SECONDS", 0.02)
    monkeypatch.setattr(lease, "LEASE_SECONDS", 0.1)
    leases = Leases(store)
    renewed: list[float] = []

    async def use() -> None:
        async with leases.holding(1):
            for _ in range(10):  # five lease lengths: alive only through renewals
                await asyncio.sleep(0.05)
                # read whether or not it lapsed: a loaded machine may renew later than the 0.1 s it lasts
                renewed.append(store.query_one("SELECT expires_at FROM campaign_leases WHERE campaign_id = 1")[0])
            acquire(store, 1, B, now=time.time() + 1, seconds=60)  # taken over behind this process's back
            await asyncio.sleep(1)

    with pytest.raises(LeaseLost):
        await asyncio.wait_for(use(), 30)
    assert len(set(renewed)) >= 5
    assert holder_of(store, 1).holder == B.id
