"""Fixtures for the campaign engine tests (builders in tests/helpers/campaigns.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.accounts.service import AccountService
from desktop.campaigns.service import CampaignService
from desktop.demo import DemoEnvironment
from desktop.paths import AppPaths
from desktop.secrets import MemoryKeyring, SecretStore
from desktop.simulator import RunningSimulator, SimulatorConfig
from desktop.simulator.config import DEMO_LENIENT, lenient
from desktop.store import Store, open_database
from desktop.tasks import TaskOwner
from tests.helpers.campaigns import Env, WallClock, quick_engine


@pytest.fixture
def env(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Env]:
    """On SQLite; a module runs its tests on both engines with ``pytestmark = ON_BOTH_ENGINES``."""
    # The app sends NXCLOUD's callback URLs empty until a notification receiver exists: the reading the demo uses.
    config = SimulatorConfig(manual_clock=True, start_time=time.time(), seed=7)
    paths = AppPaths.under(tmp_path / "data").ensure()
    if getattr(request, "param", "sqlite") == "postgresql":
        store = open_database(request.getfixturevalue("pg_url"))
    else:
        store = Store(paths.database)
    running = RunningSimulator(lenient(config, DEMO_LENIENT)).start()
    accounts = AccountService(store, SecretStore(MemoryKeyring()), DemoEnvironment(running))
    accounts.repository.ensure_demo_accounts()
    tasks = TaskOwner()
    holder: list[Env] = []
    clock = WallClock()
    service = CampaignService(store, accounts, tasks, client_factory=lambda a: holder[0].fast_client(a), clock=clock)
    environment = Env(running, store, accounts, tasks, service, paths.data_dir, clock)
    holder.append(environment)
    quick_engine(store)
    try:
        yield environment
    finally:
        store.close()
        running.stop()

