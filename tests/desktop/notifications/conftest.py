"""A campaign environment (simulator on loopback, store, demo accounts) with the notification receiver served on
loopback beside it, and the simulator told to notify it. Polling is never started in these tests."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from desktop.accounts.service import AccountService
from desktop.campaigns.service import CampaignService
from desktop.demo import DemoEnvironment
from desktop.notifications.inbox import Inbox
from desktop.notifications.receiver import Endpoint, Receiver, RunningReceiver, endpoints
from desktop.paths import AppPaths
from desktop.providers.vbot.notifications import HEADER, TOKEN
from desktop.secrets import MemoryKeyring, SecretStore
from desktop.simulator import RunningSimulator, SimulatorConfig
from desktop.tasks import TaskOwner
from tests.helpers.campaigns import Env, WallClock, quick_engine
from tests.helpers.storage import engine_store


@dataclass
class Rx:
    env: Env
    running: RunningReceiver
    http: httpx.Client  # one client for every request a test makes (a new one per request costs ~50 ms)
    posted: int = 0  # webhooks the simulator queued: each ends in its outbox's ``finished`` once, delivered or not

    def endpoint(self, provider: str) -> Endpoint:
        return next(e for e in self.running.receiver.endpoints if e.provider == provider)

    def url(self, provider: str) -> str:
        return self.running.url + self.endpoint(provider).path


@pytest.fixture
def rx(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rx]:
    """On SQLite; a module runs its tests on both engines with ``pytestmark = ON_BOTH_ENGINES``."""
    paths = AppPaths.under(tmp_path / "data").ensure()
    store = engine_store(request, paths)
    running = RunningSimulator(SimulatorConfig(manual_clock=True, start_time=time.time(), seed=7)).start()
    accounts = AccountService(store, SecretStore(MemoryKeyring()), DemoEnvironment(running))
    accounts.repository.ensure_demo_accounts()
    holder: list[Env] = []
    tasks, clock = TaskOwner(), WallClock()
    service = CampaignService(store, accounts, tasks, client_factory=lambda a: holder[0].fast_client(a), clock=clock)
    env = Env(running, store, accounts, tasks, service, paths.data_dir, clock)
    holder.append(env)
    quick_engine(store)
    receiver = RunningReceiver(Receiver(Inbox(store), endpoints(accounts))).start()
    result = Rx(env, receiver, httpx.Client(timeout=10.0))
    outbox, queue = running.simulator.outbox, running.simulator.outbox.post

    def counted(*args: object, **kwargs: object) -> None:
        result.posted += 1
        queue(*args, **kwargs)  # type: ignore[arg-type]

    outbox.post = counted  # type: ignore[method-assign]
    config = running.simulator.config
    config.webhook_url = result.url("vbot")
    vbot_account = env.account("vbot")
    config.webhook_auth_header = (HEADER, accounts.secrets.get(vbot_account.id or 0, TOKEN) or "")
    config.nxcloud_lenient_empty_callback_urls = True  # the client sends no callback URLs yet (issue 18 item 2)
    try:
        yield result
    finally:
        result.http.close()
        result.running.stop()
        store.close()
        running.stop()
