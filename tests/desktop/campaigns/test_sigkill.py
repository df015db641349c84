"""The app process is killed (SIGKILL) at random moments while it runs a campaign and while it resumes one, on each
provider, with and without faults on the send path; started again until nothing is left to do, the simulator's ledger
shows nobody dialled twice and every contact accounted for.

The "app process" is the headless CLI driving the same CampaignService as the window. Send requests get latency, so
kills land while batches are in flight: such a request still reaches the simulator after the client is gone, which is
exactly where blind resending would dial people twice. A kill comes once the process has opened a random number of
batches (plus a random moment), or at a random time after it started (preflight, reconciliation, sending). Between
restarts time may pass (every call ends, VBot's settle window runs out: the simulator's clock and the app's move on
together), or none.

The kill plan is seeded: a failure names its seed, and ``AUTOCALL_KILL_SEED=<seed>`` replays the same plan (the
machine's timing, and so where exactly a kill lands, still varies).

The judge holds whatever the provider's records can prove: nobody is dialled twice, under one key or several (and
without faults nobody is even asked twice); a contact the store says sent was dialled exactly once, under its own
key; one refused or not sent carries its reason and was not dialled; one still awaiting confirmation was not dialled
(after its calls ended the records would show it), is allowed only where records cannot prove an absence (VBot), and
the CLI reports it with exit code UNSETTLED; none is left pending.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass

import pytest

from desktop.campaigns.lease import holder_of
from desktop.campaigns.model import BatchState, CampaignState, Dispatch
from desktop.exits import Exit
from desktop.phones import to_e164
from desktop.settings import BATCH_SIZE, SETTLE_SECONDS, Preferences
from tests.helpers import short_lease
from tests.helpers.campaigns import ALL_CALLS_END, PROVIDERS, Env, quick_engine
from tests.helpers.support import until

SEED_ENV = "AUTOCALL_KILL_SEED"
#: One seed per test session (or the one to replay); each scenario draws its plan from it and its own name.
SEED = int(os.environ.get(SEED_ENV) or random.SystemRandom().randrange(2**32))

CONTACTS = 200
BATCH = 10  # contacts per batch: 20 batches, so several kills land part-way
RESUME_KILLS = 2  # kills while resuming, after those while running (see Moment.plan)
FINISH_ROUNDS = 3  # restarts after the last kill, while they still settle something
SEND_LATENCY = 0.15  # seconds: well under a restart, so a request under way lands before the next process looks
FAULT_RATE = 0.1  # per send request, for each of "reply dropped after it took effect" and "503 before it did"
SEND_PATHS = {
    "vbot": ["/vbot/v3.0/m-auto-call/api/call/create-list-phone"],
    "nxcloud": ["/nxcloud/callcentre/api/v3/createAndCall", "/nxcloud/callcentre/api/v3/addBatchCall"],
    "bizphone": ["/bizphone/v1/call"],
}
#: Providers that list a request as soon as they accept it: their records prove every absence at once, so nothing
#: may be left awaiting confirmation. VBot lists a call only once it has ended.
PROOF_AT_ONCE = ("nxcloud", "bizphone")
FINAL_EXITS = (Exit.OK, Exit.UNSETTLED, Exit.PAUSED)  # how a process that was not killed may end
#: Seconds a killed process's campaign lease lasts (tests.helpers.short_lease): each restart waits for it to expire.
LEASE = 1.0


@dataclass(frozen=True)
class Moment:
    """When to kill a process: once it has opened ``batches`` batches (0: from its start), ``delay`` seconds later."""

    batches: int
    delay: float

    @classmethod
    def among_batches(cls, rng: random.Random) -> Moment:
        return cls(rng.randint(1, 8), rng.uniform(0.0, 0.3))

    @classmethod
    def early(cls, rng: random.Random) -> Moment:
        """In start-up or preflight (a run killed then is still a draft) or, for a resume, reconciliation."""
        return cls(0, rng.uniform(0.2, 1.0))

    @classmethod
    def any(cls, rng: random.Random) -> Moment:
        return cls.among_batches(rng) if rng.random() < 0.7 else cls(0, rng.uniform(0.2, 2.5))

    @classmethod
    def plan(cls, rng: random.Random) -> list[Moment]:
        """Maybe an early kill of ``run``; one among its batches (so some kill lands mid-flight); then the resumes'."""
        early = [cls.early(rng)] if rng.random() < 0.3 else []
        return [*early, cls.among_batches(rng), *(cls.any(rng) for _ in range(RESUME_KILLS))]

    def __str__(self) -> str:
        return f"{self.delay:.2f}s after batch {self.batches}" if self.batches else f"at {self.delay:.2f}s"


def next_action(env: Env, campaign_id: int) -> str:
    """What an operator runs next: ``run`` for a campaign still a draft (killed before it launched), else ``resume``."""
    return "run" if env.service.get(campaign_id).state is CampaignState.DRAFT else "resume"


def cli(env: Env, campaign_id: int, action: str, *extra: str) -> list[str]:
    """``autocall campaign ACTION`` in its own process, whose wall clock is the test's (:mod:`moved_clock`), with a
    short campaign lease (:mod:`short_lease`); call it once the last process's lease is free (:func:`lease_free`)."""
    return [sys.executable, "-m", "tests.helpers.short_lease", "campaign", action, "--data-dir", str(env.data_dir),
            "--demo-url", env.running.url, "--campaign", str(campaign_id), *(["--yes"] if action == "run" else []),
            *extra]


def count(env: Env, sql: str, *params: object) -> int:
    return env.store.query_one(sql, params)[0]


def lease_free(env: Env, campaign_id: int) -> None:
    """Wait until the campaign's lease, which a killed process still holds, has expired."""
    until(lambda: holder_of(env.store, campaign_id) is None, "the killed process's lease to expire", LEASE + 10)


def quiet(env: Env) -> None:
    """Wait until the simulator has carried out every request a stopped process left under way."""
    until(lambda: not env.running.busy, "the simulator to carry out the requests under way", 10)


def kill_at(env: Env, campaign_id: int, moment: Moment) -> tuple[str, bool]:
    """Start the next command and SIGKILL it at ``moment``: what happened (for the failure note), and whether the kill
    left batches in flight. Returns once the simulator has carried out what the process left under way."""
    lease_free(env, campaign_id)
    command = next_action(env, campaign_id)
    started = env.clock()  # the journal's clock in the app process
    app = subprocess.Popen(cli(env, campaign_id, command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           env=short_lease.environment(LEASE, env.clock.offset))
    until(lambda: app.poll() is not None or count(
        env, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND started_at >= ?", campaign_id,
        started) >= moment.batches, f"{command} to open {moment.batches} batch(es)", 60)
    try:
        app.wait(timeout=moment.delay)
    except subprocess.TimeoutExpired:
        os.kill(app.pid, signal.SIGKILL)
    out, err = app.communicate(timeout=30)
    quiet(env)
    if app.returncode != -signal.SIGKILL:
        assert app.returncode in FINAL_EXITS and "Traceback" not in err, (command, app.returncode, out, err)
        return f"{command} ended by itself (exit {app.returncode})", False
    in_flight = count(env, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = ?", campaign_id,
                      BatchState.IN_FLIGHT)
    return f"{command} killed {moment} with {in_flight} batch(es) in flight", in_flight > 0


def time_passes(env: Env) -> None:
    """Every call placed so far ends (so even VBot's records list it) and VBot's settle window passes: the simulator's
    clock and the app's move on together. Called only once nothing is under way (see :func:`kill_at`)."""
    env.pass_time(ALL_CALLS_END)


def finish(env: Env, campaign_id: int) -> subprocess.CompletedProcess[str]:
    """Restart until the command ends well, or reports contacts awaiting confirmation that no restart settles."""
    awaiting: set[str] | None = None
    for _ in range(FINISH_ROUNDS):
        time_passes(env)
        lease_free(env, campaign_id)
        done = subprocess.run(cli(env, campaign_id, next_action(env, campaign_id), "--json"), capture_output=True,
                              text=True, timeout=120, env=short_lease.environment(LEASE, env.clock.offset))
        quiet(env)
        assert done.returncode in FINAL_EXITS and "Traceback" not in done.stderr, done
        still = {r[0] for r in env.store.query("SELECT idem_key FROM calls WHERE campaign_id = ? AND dispatch = ?",
                                               (campaign_id, Dispatch.IN_FLIGHT))}
        if done.returncode == Exit.OK or (done.returncode == Exit.UNSETTLED and still == awaiting):
            return done
        awaiting = still if done.returncode == Exit.UNSETTLED else None
    return done


def judge(env: Env, provider: str, campaign_id: int, final: subprocess.CompletedProcess[str], *,
          asked_once: bool) -> None:
    """The ledger against the store, as the module's docstring states it. ``asked_once``: not even a repeat the
    provider refuses is allowed (without faults; with them the HTTP layer resends a keyed write whose reply was lost,
    and the provider refuses the repeat)."""
    repeated = [group[0].phone for group in env.sim.ledger.duplicates(include_refused=asked_once)]
    assert not repeated, f"{len(repeated)} asked twice under one key, e.g. {repeated[:3]}"
    asked = [(to_e164(e.phone), e.idempotency_key) for e in env.sim.ledger.entries(provider, dialled_only=True)]
    twice = [phone for phone, n in Counter(phone for phone, _ in asked).items() if n > 1]
    assert not twice, f"{len(twice)} dialled more than once, e.g. {twice[:3]}"
    dialled = dict(asked)
    rows = env.store.query(
        "SELECT c.phone, c.idem_key, c.dispatch, c.error, b.batch_key FROM calls c "
        "LEFT JOIN dispatch_batches b ON b.id = c.batch_id WHERE c.campaign_id = ?", (campaign_id,))
    assert len(rows) == CONTACTS
    wrong: dict[str, list[str]] = {}
    for row in rows:
        phone, state = row["phone"], Dispatch(row["dispatch"])
        if state is Dispatch.SENT:
            ok = phone in dialled and dialled[phone] in (row["idem_key"], row["batch_key"])  # BizPhone: the batch's
        elif state is Dispatch.PENDING:
            ok = False
        else:
            ok = phone not in dialled and (state is Dispatch.IN_FLIGHT or bool(row["error"]))
        if not ok:
            wrong.setdefault(state, []).append(phone)
    assert not wrong, "contacts whose state the ledger contradicts: " + "; ".join(
        f"{len(phones)} {state} ({', '.join(phones[:3])}…)" for state, phones in wrong.items())
    assert set(dialled) <= {r["phone"] for r in rows}
    awaiting = sum(r["dispatch"] == Dispatch.IN_FLIGHT for r in rows)
    if awaiting:
        assert provider not in PROOF_AT_ONCE, f"{awaiting} contact(s) left awaiting what {provider}'s records prove"
        assert final.returncode == Exit.UNSETTLED, final  # and the CLI says how many, in one line
        assert json.loads(final.stdout)["dispatch"]["in_flight"] == awaiting and final.stderr.count("\n") == 1, final
    else:
        assert final.returncode == Exit.OK, final


@pytest.mark.parametrize("faults", ["no faults", "faults"])
@pytest.mark.parametrize("provider", PROVIDERS)
def test_killed_at_random_moments_nobody_is_dialled_twice_and_every_contact_is_accounted_for(
        env: Env, provider: str, faults: str, request: pytest.FixtureRequest) -> None:
    rng = random.Random(f"{SEED}/{provider}/{faults}")
    quick_engine(env.store, settle_seconds=SETTLE_SECONDS.default)  # VBot's real settle window
    Preferences(env.store).set(BATCH_SIZE, BATCH, scope=provider)
    campaign = env.campaign(provider, CONTACTS)
    for path in SEND_PATHS[provider]:
        env.sim.faults.add(path, "latency", SEND_LATENCY)
        if faults == "faults":
            env.sim.faults.add(path, "drop", rate=FAULT_RATE)  # the request took effect; its reply is lost
            env.sim.faults.add(path, "error", 503, rate=FAULT_RATE)  # refused before it took effect
    story: list[str] = []
    mid_flight = 0
    try:
        for number, moment in enumerate(Moment.plan(rng)):
            if number and rng.random() < 0.5:
                time_passes(env)
                story.append("time passed (calls ended, settle window over)")
            what, in_flight = kill_at(env, campaign.id, moment)
            story.append(what)
            mid_flight += in_flight
        assert mid_flight, "no kill landed while a batch was in flight"
        env.sim.faults.clear()  # the provider recovers
        final = finish(env, campaign.id)
        judge(env, provider, campaign.id, final, asked_once=faults == "no faults")
    except AssertionError as failure:
        failure.add_note(f"kill plan: {'; '.join(story)}.\nReplay it: {SEED_ENV}={SEED} scripts/run-tests.sh "
                         f"'{request.node.nodeid}'")
        raise
