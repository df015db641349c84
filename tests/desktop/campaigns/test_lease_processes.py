"""One process runs a campaign, whoever starts it: real ``autocall campaign`` processes on one database (an SQLite
file, then a PostgreSQL server), against the simulator on loopback, whose ledger is the judge of who was dialled.

- Two processes launching (``run``) or resuming the same campaign at once: one sends it, the other is refused with
  exit code HELD naming the computer (or, resuming, finds the paused campaign already held and asks its holder to
  resume, which it is doing); every contact is dialled exactly once.
- The holder is killed (SIGKILL) while batches are in flight: another process (this one) is refused until the lease
  expires; then another takes it over, reconciles the batches left in flight before sending anything, and finishes;
  every contact is dialled exactly once. Polling is taken over the same way.

The subprocesses' lease lasts :data:`LEASE` seconds (tests.helpers.short_lease) instead of twenty.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass

import pytest

from desktop.campaigns.lease import LeaseHeld, holder_of
from desktop.campaigns.model import Campaign, CampaignState
from desktop.exits import Exit
from desktop.phones import to_e164
from desktop.settings import BATCH_SIZE, Preferences
from tests.helpers import short_lease
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env, phone, quick_engine
from tests.helpers.support import until

pytestmark = ON_BOTH_ENGINES

LEASE = 4.0  # seconds the subprocesses' leases last
CONTACTS = 100
BATCH = 10  # ten batches, one at a time, each taking SEND_LATENCY: a dispatch lasts seconds
SEND_LATENCY = 0.8  # so the two racers overlap even when one starts seconds later on a loaded machine
SEND_PATHS = {
    "vbot": ["/vbot/v3.0/m-auto-call/api/call/create-list-phone"],
    "nxcloud": ["/nxcloud/callcentre/api/v3/createAndCall", "/nxcloud/callcentre/api/v3/addBatchCall"],
    "bizphone": ["/bizphone/v1/call"],
}


def prepare(env: Env, provider: str) -> Campaign:
    quick_engine(env.store, dispatch_concurrency=1)
    Preferences(env.store).set(BATCH_SIZE, BATCH, scope=provider)
    for path in SEND_PATHS[provider]:
        env.sim.faults.add(path, "latency", SEND_LATENCY)
    return env.campaign(provider, CONTACTS)


@dataclass
class Autocall:
    """``autocall campaign ACTION`` in processes of their own on the test's database (its URL, and for PostgreSQL the
    password where libpq looks), with the short lease and the test's engine clock."""

    env: Env
    database: list[str]
    login: dict[str, str]

    def command(self, campaign_id: int, action: str, *extra: str) -> list[str]:
        return [sys.executable, "-m", "tests.helpers.short_lease", "campaign", action, "--data-dir",
                str(self.env.data_dir), *self.database, "--demo-url", self.env.running.url, "--campaign",
                str(campaign_id), *(["--yes"] if action == "run" else []), *extra]

    def environment(self) -> dict[str, str]:
        return {**short_lease.environment(LEASE, self.env.clock.offset), **self.login}

    def start(self, campaign_id: int, action: str, *extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(self.command(campaign_id, action, *extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=self.environment())

    def run(self, campaign_id: int, action: str, *extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.command(campaign_id, action, *extra), capture_output=True, text=True,
                              timeout=120, env=self.environment())


@pytest.fixture
def autocall(env: Env, request: pytest.FixtureRequest) -> Autocall:
    if env.store.engine == "postgresql":
        return Autocall(env, ["--database", env.store.url],
                        {"PGPASSWORD": request.getfixturevalue("postgres_server").password})
    return Autocall(env, [], {})


def count(env: Env, sql: str, *params: object) -> int:
    return env.store.query_one(sql, params)[0]


def quiet(env: Env) -> None:
    """Wait until the simulator has carried out every request a killed process left under way."""
    until(lambda: not env.running.busy, "the simulator to carry out the requests under way", 10)


def kill(process: subprocess.Popen[str]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL


def refused_here(code: int, err: str) -> None:
    """Exit code HELD, and one line naming this computer (the holder's), no traceback."""
    assert code == Exit.HELD, (code, err)
    assert f"computer {socket.gethostname()}" in err and err.count("\n") == 1 and "Traceback" not in err, err


def every_contact_once(env: Env, provider: str, campaign_id: int) -> None:
    dialled = Counter(to_e164(e.phone) for e in env.sim.ledger.entries(provider, dialled_only=True))
    twice = [p for p, n in dialled.items() if n > 1]
    assert not twice, f"{len(twice)} dialled more than once, e.g. {twice[:3]}"
    assert set(dialled) == {phone(i) for i in range(CONTACTS)}
    states = Counter(r[0] for r in env.store.query("SELECT dispatch FROM calls WHERE campaign_id = ?",
                                                   (campaign_id,)))
    assert states == {"sent": CONTACTS}


async def paused_before_sending(env: Env, campaign: Campaign) -> None:
    """Launched and paused at once in this process: a campaign to resume with every contact still to send."""
    task = env.service.launch(campaign, await env.service.preflight(campaign))
    env.service.pause(campaign)
    progress = await task
    assert (progress.state, progress.sent) == (CampaignState.PAUSED, 0)


@pytest.mark.parametrize("action", ["run", "resume"])
@pytest.mark.parametrize("provider", ["vbot", "bizphone"])
def test_two_processes_starting_one_campaign_at_once_send_it_once(env: Env, autocall: Autocall, provider: str,
                                                                  action: str) -> None:
    campaign = prepare(env, provider)
    if action == "resume":
        asyncio.run(paused_before_sending(env, campaign))
    racers = [autocall.start(campaign.id, action) for _ in range(2)]
    ended = [(racer.wait(timeout=120), *racer.communicate()) for racer in racers]  # (code, out, err)
    quiet(env)
    codes = sorted(code for code, _, _ in ended)
    if action == "resume" and codes == [Exit.OK, Exit.OK]:  # the paused campaign was held: the winner is asked
        assert any(out.startswith("Resume asked of") and socket.gethostname() in out for _, out, _ in ended), ended
    else:
        assert codes == [Exit.OK, Exit.HELD], ended
        code, _, err = next(e for e in ended if e[0] == Exit.HELD)
        refused_here(code, err)
    every_contact_once(env, provider, campaign.id)
    assert holder_of(env.store, campaign.id) is None  # the winner let go when it was done


@pytest.mark.parametrize("provider", ["nxcloud", "bizphone"])
def test_a_killed_sender_is_taken_over_after_expiry_and_its_batches_in_flight_reconciled(
        env: Env, autocall: Autocall, provider: str) -> None:
    campaign = prepare(env, provider)
    holder = autocall.start(campaign.id, "run")
    until(lambda: holder.poll() is not None or count(
        env, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ?", campaign.id) >= 3, "3 batches", 60)
    kill(holder)
    killed = time.monotonic()
    # At once, before the dead holder's lease (renewed a second or less before the kill) can expire, however slow
    # the machine is at carrying out the requests it left under way.
    with pytest.raises(LeaseHeld, match=f"computer {socket.gethostname()}"):  # this process, before the expiry
        env.service.resume(env.service.get(campaign.id))
    assert env.service.needs_reconciliation() == []  # not offered while the dead holder's lease lasts
    assert time.monotonic() - killed < LEASE
    assert not env.service.is_dispatching(env.service.get(campaign.id))  # refused: nothing started here
    quiet(env)
    in_flight = count(env, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = 'in_flight'",
                      campaign.id)
    assert in_flight, "the kill landed with no batch in flight"

    until(lambda: holder_of(env.store, campaign.id) is None, "the killed holder's lease to expire", LEASE + 30)
    later = autocall.run(campaign.id, "resume", "--json")
    assert later.returncode == Exit.OK and "Traceback" not in later.stderr, later
    assert "did not reach it" in json.loads(later.stdout)["reconciled"]  # checked with the provider first
    quiet(env)
    every_contact_once(env, provider, campaign.id)


def test_a_killed_poller_is_taken_over_after_expiry(env: Env, autocall: Autocall) -> None:
    provider = "bizphone"
    campaign = prepare(env, provider)
    holder = autocall.start(campaign.id, "run", "--monitor")
    until(lambda: holder.poll() is not None or count(
        env, "SELECT COUNT(*) FROM calls WHERE campaign_id = ? AND dispatch = 'sent'", campaign.id) == CONTACTS,
        "every contact sent", 60)
    time.sleep(LEASE / 2)  # polling: the simulator's calls go on until the test lets time pass
    assert holder.poll() is None and holder_of(env.store, campaign.id) is not None
    kill(holder)

    with pytest.raises(LeaseHeld):  # this process, before the expiry
        env.service.start_monitoring(env.service.get(campaign.id))
    until(lambda: holder_of(env.store, campaign.id) is None, "the killed poller's lease to expire", LEASE + 30)
    later = autocall.start(campaign.id, "resume", "--monitor", "--json")
    until(lambda: later.poll() is not None or holder_of(env.store, campaign.id) is not None, "the takeover", 30)
    env.pass_time(ALL_CALLS_END)  # every call ends: the new poller sees them final
    out, err = later.communicate(timeout=120)
    assert later.returncode == Exit.OK, (out, err)
    assert sum(json.loads(out)["outcomes"].values()) == CONTACTS
    assert env.service.get(campaign.id).state is CampaignState.FINISHED
    every_contact_once(env, provider, campaign.id)
