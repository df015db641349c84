"""`autocall serve` as its own process against the simulator on loopback and a real SQLite file (PostgreSQL too for
sending, stopping, restarting and a dropped connection): it sends and polls campaigns nobody else runs, stops
cleanly on SIGTERM mid-dispatch and resumes on restart, answers /healthz and /readyz, logs JSON lines without
secrets, reads secrets from files, and acts on redial rules and scheduled starts with no desk open. The simulator's
ledger judges who was dialled."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from desktop.accounts.repository import Account
from desktop.campaigns import lease
from desktop.campaigns.model import BatchState, Campaign, CampaignState, Dispatch, RedialRule
from desktop.exits import Exit
from desktop.phones import to_e164
from desktop.providers import spec
from desktop.providers.base import Outcome
from desktop.server.credentials import PASSWORD_FILE_ENV
from desktop.settings import BATCH_SIZE, Preferences
from desktop.simulator.config import DEMO_CREDENTIALS
from tests.helpers import moved_clock
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env, add_list, settings_for
from tests.helpers.postgres import PostgresServer
from tests.helpers.support import until

SEND_PATHS = {"vbot": "/vbot/v3.0/m-auto-call/api/call/create-list-phone", "bizphone": "/bizphone/v1/call"}
#: SIGTERM to exit: well inside the grace the server gives the batch being sent (STOP_GRACE_SECONDS, after which it
#: logs server.stop_timeout), with room for a loaded machine ending a Python process (seen: 6.9 s at load 17).
STOP_SECONDS = 15.0


#: The servers a test started: any still running when it ends (a failed test) is killed.
STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_server_outlives_its_test() -> Iterator[None]:
    yield
    while STARTED:
        process = STARTED.pop()
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


class Served:
    """One `autocall serve` process: its JSON lines as they come, its address, and how to stop it."""

    def __init__(self, env: Env, *extra: str) -> None:
        command = [sys.executable, "-m", "tests.helpers.moved_clock", "serve", "--data-dir", str(env.data_dir),
                   "--demo-url", env.running.url, "--health", "127.0.0.1:0", "--receiver", "127.0.0.1:0",
                   "--scan-every", "0.2", *extra]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        env=moved_clock.environment(env.clock.offset))
        STARTED.append(self.process)
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        started = self.wait_for_event("server.started", 60)  # a loaded machine starts Python slowly (seen: over 30 s)
        self.health = started["health"]

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def events(self) -> list[dict]:
        return [json.loads(line) for line in list(self.lines)]

    def wait_for_event(self, name: str, timeout: float = 30) -> dict:
        found: list[dict] = []
        until(lambda: found.extend(e for e in self.events() if e["event"] == name) or found or
              self.process.poll() is not None, f"the server to log {name}", timeout, note=lambda: self.lines)
        assert found, (name, self.process.returncode, self.lines)
        return found[0]

    def stop(self) -> tuple[int, float, str]:
        """SIGTERM; the exit code, the seconds it took and stderr."""
        asked = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        seconds = time.monotonic() - asked
        self._reader.join(timeout=5)  # the reader thread alone reads stdout
        assert self.process.stderr is not None
        return self.process.returncode, seconds, self.process.stderr.read()


def launched(env: Env, provider: str, contacts: int, account: Account | None = None) -> Campaign:
    """A campaign a desk checked and launched, then closed before sending anything (stored as being sent)."""
    campaign = env.service.create(f"{provider} test", account or env.account(provider), add_list(env.store, contacts),
                                  settings_for(provider))
    check = asyncio.run(env.service.preflight(campaign))
    assert check.can_launch, check.summary()
    env.service.repository.save_settings(campaign, dataclasses.replace(campaign.settings,
                                                                       field_map=dict(check.field_map)))
    env.service.repository.materialise(campaign)
    env.service.repository.set_state(campaign, CampaignState.DISPATCHING)
    return env.service.get(campaign.id)


def dispatch_counts(env: Env, campaign_id: int) -> Counter:
    return Counter(dict(env.store.query("SELECT dispatch, COUNT(*) FROM calls WHERE campaign_id = ? GROUP BY dispatch",
                                        (campaign_id,))))


def dialled_once_each(env: Env, provider: str, campaign: Campaign) -> None:
    """Every contact of ``campaign`` is in the ledger exactly once, under its own key."""
    rows = env.store.query("SELECT phone, idem_key, dispatch FROM calls WHERE campaign_id = ?", (campaign.id,))
    assert {r["dispatch"] for r in rows} == {Dispatch.SENT}
    dialled = Counter(to_e164(e.phone) for e in env.dialled(provider))
    assert {r["phone"] for r in rows} == set(dialled), "the ledger and the campaign disagree on who was dialled"
    assert not [p for p, n in dialled.items() if n > 1], "someone was dialled twice"


def finished(env: Env, campaign_id: int) -> bool:
    return env.service.get(campaign_id).state is CampaignState.FINISHED


def no_secrets(lines: list[str]) -> None:
    """Neither the providers' secrets nor the database password (on PostgreSQL) is in the logs."""
    secrets = list(DEMO_CREDENTIALS.values())
    if os.environ.get(PASSWORD_FILE_ENV):
        secrets.append(Path(os.environ[PASSWORD_FILE_ENV]).read_text().strip())
    text = "".join(lines)
    assert not [v for v in secrets if len(v) > 4 and v in text]


@ON_BOTH_ENGINES
@pytest.mark.parametrize("provider", ["vbot", "bizphone"])
def test_serve_sends_and_polls_a_campaign_nobody_runs_to_the_end_and_answers_health(quick: Env, provider: str) -> None:
    campaign = launched(quick, provider, 30)
    served = Served(quick)
    assert httpx.get(served.health + "/healthz").json() == {"status": "ok"}
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 30, "every contact sent", 30)
    ready = httpx.get(served.health + "/readyz")
    assert ready.status_code == 200 and ready.json()["ready"], ready.text
    assert set(ready.json()["checks"].values()) == {"ok"}
    quick.pass_time(ALL_CALLS_END)
    until(lambda: finished(quick, campaign.id), "the campaign to finish", 30)
    code, seconds, err = served.stop()
    assert code == Exit.OK and seconds < STOP_SECONDS and not err, (code, seconds, err)
    assert "server.stop_timeout" not in {e["event"] for e in served.events()}
    dialled_once_each(quick, provider, campaign)
    events = served.events()  # every line is one JSON object: json.loads above would have failed otherwise
    assert all({"time", "level", "event", "message"} <= set(e) for e in events)
    assert {"dispatch.started", "dispatch.ended", "polling.started", "polling.ended"} <= {
        e["event"] for e in events if e.get("campaign") == campaign.id}
    no_secrets(served.lines)


@ON_BOTH_ENGINES
@pytest.mark.parametrize("provider", ["vbot", "bizphone"])
def test_sigterm_mid_dispatch_records_the_batch_and_a_restart_finishes_with_everyone_dialled_once(
        quick: Env, provider: str) -> None:
    Preferences(quick.store).set(BATCH_SIZE, 5, scope=provider)
    quick.sim.faults.add(SEND_PATHS[provider], "latency", 0.3)
    campaign = launched(quick, provider, 60)
    served = Served(quick)
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] >= 10, "some batches sent", 30)
    runner = lease.holder_of(quick.store, campaign.id)
    assert runner is not None and runner.kind == "server"  # the desks say the server runs it
    code, seconds, err = served.stop()
    assert code == Exit.OK and seconds < STOP_SECONDS and not err, (code, seconds, err)
    left = dispatch_counts(quick, campaign.id)
    assert left[Dispatch.IN_FLIGHT] == 0 and 0 < left[Dispatch.PENDING] < 60, left  # stopped between batches
    assert not quick.store.query_one("SELECT COUNT(*) FROM dispatch_batches WHERE state = ?",
                                     (BatchState.IN_FLIGHT,))[0]
    assert quick.service.get(campaign.id).state is CampaignState.DISPATCHING  # interrupted: the next start resumes it
    assert "dispatch.interrupted" in {e["event"] for e in served.events()}

    again = Served(quick)
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 60, "the rest sent after the restart", 60)
    quick.pass_time(ALL_CALLS_END)
    until(lambda: finished(quick, campaign.id), "the campaign to finish", 30)
    assert again.stop()[0] == Exit.OK
    dialled_once_each(quick, provider, campaign)
    assert not quick.sim.ledger.duplicates(include_refused=True)


def test_a_scheduled_start_waits_for_its_time_then_is_sent(quick: Env) -> None:
    campaign = launched(quick, "bizphone", 10)
    schedule(quick, campaign, time.time() + 3600)  # what a redial round made with a delay stores
    served = Served(quick)
    assert served.wait_for_event("campaign.scheduled")["campaign"] == campaign.id
    time.sleep(1)  # several scans
    assert not quick.dialled("bizphone") and "dispatch.started" not in {e["event"] for e in served.events()}
    due = time.time()
    schedule(quick, campaign, due)  # its time has come
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 10, "the scheduled campaign sent", 30)
    assert min(e.wall_time for e in quick.dialled("bizphone")) >= due
    assert served.stop()[0] == Exit.OK


def schedule(env: Env, campaign: Campaign, starts: float) -> None:
    with env.store.transaction() as db:
        db.execute("UPDATE campaigns SET not_before = ? WHERE id = ?", (starts, campaign.id))


def test_a_redial_rule_makes_launches_and_finishes_the_next_round_with_no_desk_open(quick: Env) -> None:
    campaign = launched(quick, "bizphone", 40)
    rule = RedialRule((Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED), delay_minutes=0, max_attempts=2)
    quick.service.set_redial_rule(campaign, rule)
    served = Served(quick)
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 40, "the first round sent", 30)
    quick.pass_time(ALL_CALLS_END)
    until(lambda: finished(quick, campaign.id), "the first round to finish", 60)
    made: list[Campaign] = []
    until(lambda: made.extend(c for c in quick.service.list() if c.parent_id == campaign.id) or made,
          "the rule's round", 30)
    round_two = made[0]
    expected = {r[0] for r in quick.store.query(
        "SELECT phone FROM calls WHERE campaign_id = ? AND outcome IN (?, ?, ?)",
        (campaign.id, Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED))}
    assert expected, "the simulator gave every call of the first round an answer: nobody to call again"
    until(lambda: dispatch_counts(quick, round_two.id)[Dispatch.SENT] == len(expected), "the round sent", 30)
    quick.pass_time(ALL_CALLS_END)
    until(lambda: finished(quick, round_two.id), "the round to finish", 30)
    assert served.stop()[0] == Exit.OK
    dialled = Counter(to_e164(e.phone) for e in quick.dialled("bizphone"))
    assert {p for p, n in dialled.items() if n == 2} == expected and set(dialled.values()) <= {1, 2}
    assert "round.launched" in {e["event"] for e in served.events()}


def test_a_real_accounts_secrets_come_from_the_credentials_folder(quick: Env, tmp_path: Path) -> None:
    """A server has no desktop keyring: an account's secrets are files (systemd credentials, Docker secrets)."""
    settings, secrets = spec("bizphone").demo(quick.running.base_urls, quick.running.credentials)
    account = quick.accounts.save(Account("Real BizPhone", "bizphone"), settings, secrets)  # the test's own keyring
    folder = tmp_path / "credentials"
    folder.mkdir()
    for name, value in secrets.items():
        (folder / f"account.{account.id}.{name}").write_text(value + "\n")
    campaign = launched(quick, "bizphone", 10, account)
    served = Served(quick, "--credentials", str(folder))
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 10, "every contact sent", 30,
          note=lambda: served.lines)
    assert served.stop()[0] == Exit.OK
    assert served.events()[0]["event"] == "secrets.files"
    dialled_once_each(quick, "bizphone", campaign)
    no_secrets(served.lines)


def test_a_rule_left_unapplied_on_a_finished_campaign_is_applied_when_the_server_starts(quick: Env) -> None:
    """A desk set the rule, then closed before the campaign finished or before its rule made the round."""
    campaign = launched(quick, "bizphone", 20)
    first = Served(quick)
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 20, "the first round sent", 30)
    quick.pass_time(ALL_CALLS_END)
    until(lambda: finished(quick, campaign.id), "the first round to finish", 30)
    assert first.stop()[0] == Exit.OK
    quick.service.set_redial_rule(quick.service.get(campaign.id), RedialRule(
        (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED), delay_minutes=0, max_attempts=2))
    served = Served(quick)
    made: list[Campaign] = []
    until(lambda: made.extend(c for c in quick.service.list() if c.parent_id == campaign.id) or made,
          "the rule's round", 30, note=lambda: served.lines)
    until(lambda: dispatch_counts(quick, made[0].id)[Dispatch.SENT] == len(quick.store.query(
        "SELECT id FROM calls WHERE campaign_id = ?", (made[0].id,))), "the round sent", 30)
    assert served.stop()[0] == Exit.OK
    assert quick.dialled("bizphone") and not [p for p, n in Counter(
        to_e164(e.phone) for e in quick.dialled("bizphone")).items() if n > 2]


@pytest.mark.parametrize("env", ["postgresql"], indirect=True)
def test_the_server_carries_on_after_the_database_dropped_its_connection(quick: Env,
                                                                         postgres_server: PostgresServer) -> None:
    served = Served(quick)
    ours = quick.store.query_one("SELECT pg_backend_pid()")[0]
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        dropped = admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND "
                                "application_name = 'autocall-desk' AND pid <> %s",
                                (quick.store.url.rsplit("/", 1)[1], ours)).fetchall()
    assert dropped  # the server's connection
    campaign = launched(quick, "bizphone", 10)  # launched on a desk after the drop
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 10, "the campaign sent", 30,
          note=lambda: served.lines)
    assert "scan.failed" in {e["event"] for e in served.events()}  # the drop was seen, then the server reconnected
    assert httpx.get(served.health + "/readyz").json()["checks"]["database"] == "ok"
    assert served.stop()[0] == Exit.OK
    dialled_once_each(quick, "bizphone", campaign)


@pytest.mark.parametrize("env", ["postgresql"], indirect=True)
def test_a_launch_on_a_desk_wakes_the_server_at_once_not_at_its_next_scan(quick: Env) -> None:
    served = Served(quick, "--scan-every", "120")  # the change feed, not the scan, must bring the launch
    time.sleep(1.0)  # the scan at start is over: the next one is two minutes away
    started = time.monotonic()
    campaign = launched(quick, "bizphone", 5)
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == 5, "the campaign sent", 30,
          note=lambda: served.lines)
    assert time.monotonic() - started < 20
    assert served.stop()[0] == Exit.OK
    dialled_once_each(quick, "bizphone", campaign)
