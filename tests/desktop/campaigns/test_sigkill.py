"""The app process is killed (SIGKILL) in the middle of a 2,000-contact dispatch; started again with ``resume`` it
reconciles first, then finishes — and the simulator's ledger shows every contact dialled exactly once.

The "app process" is the headless CLI driving the same CampaignService as the window. Send requests get a little
latency so the kill lands while batches are in flight: those requests still reach the simulator after the client
is gone, which is exactly the case where blind resending would dial people twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from desktop.campaigns.model import BatchState, Dispatch
from tests.helpers.campaigns import ALL_CALLS_END, PROVIDERS, Env

CONTACTS = 2000
SEND_PATHS = {
    "vbot": ["/vbot/v3.0/m-auto-call/api/call/create-list-phone"],
    "nxcloud": ["/nxcloud/callcentre/api/v3/createAndCall", "/nxcloud/callcentre/api/v3/addBatchCall"],
    "bizphone": ["/bizphone/v1/call"],
}


def cli(env: Env, action: str, campaign_id: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "desktop", "campaign", action, "--data-dir", str(env.data_dir), "--demo-url",
            env.running.url, "--campaign", str(campaign_id), *extra]


def batches(env: Env, campaign_id: int, state: BatchState) -> int:
    return env.store.query_one("SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = ?",
                               (campaign_id, state))[0]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_killed_mid_dispatch_resumes_and_dials_everyone_once(env: Env, provider: str) -> None:
    campaign = env.campaign(provider, CONTACTS)
    for path in SEND_PATHS[provider]:
        env.sim.faults.add(path, "latency", 0.1)
    app = subprocess.Popen(cli(env, "run", campaign.id, "--yes"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while batches(env, campaign.id, BatchState.SENT) < 3:  # bounded polling of the subprocess's journal
        assert app.poll() is None, app.communicate()
        assert time.monotonic() < deadline, "the app sent nothing"
        time.sleep(0.02)
    os.kill(app.pid, signal.SIGKILL)
    app.communicate()
    in_flight_at_kill = batches(env, campaign.id, BatchState.IN_FLIGHT)
    pending_at_kill = env.store.query_one("SELECT COUNT(*) FROM calls WHERE campaign_id = ? AND dispatch = ?",
                                          (campaign.id, Dispatch.PENDING))[0]
    assert in_flight_at_kill >= 1 and pending_at_kill > 0  # killed mid-dispatch, with requests under way

    env.sim.faults.clear()
    env.sim.advance(ALL_CALLS_END)  # the calls of the killed run end, so even VBot's records show them
    resumed = subprocess.run(cli(env, "resume", campaign.id), capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    first_line = resumed.stdout.splitlines()[0]
    assert first_line.startswith("Checked") and "unfinished batch" in first_line  # reconciled before sending

    env.sim.advance(ALL_CALLS_END)
    dialled = env.dialled(provider)
    assert len(dialled) == CONTACTS
    assert env.sim.ledger.duplicates(include_refused=True) == []  # never even asked twice
    assert len({e.phone for e in dialled}) == CONTACTS
    states = dict(env.store.query("SELECT dispatch, COUNT(*) FROM calls WHERE campaign_id = ? GROUP BY dispatch",
                                  (campaign.id,)))
    assert states == {Dispatch.SENT: CONTACTS}
