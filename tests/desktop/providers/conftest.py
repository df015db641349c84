"""Fixtures for the provider tests: fake time, and the simulator over ASGI or real loopback HTTP (a test that takes
``env`` or ``make_env`` runs in both modes)."""

from __future__ import annotations

import httpx
import pytest

from desktop.simulator import RunningSimulator, Simulator, SimulatorConfig
from tests.helpers.providers import FakeClock, NetworkLikeASGI, Recorder, SimEnv


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["asgi", "loopback"])
def make_env(request: pytest.FixtureRequest, clock: FakeClock):
    """A factory: ``make_env(**SimulatorConfig fields)`` → SimEnv, over ASGI or a real loopback server."""
    running: list[RunningSimulator] = []

    def make(**config: object) -> SimEnv:
        sim = Simulator(SimulatorConfig(manual_clock=True, start_time=clock.wall, **config))
        if request.param == "asgi":
            root = "http://127.0.0.1"
            inner: httpx.AsyncBaseTransport = NetworkLikeASGI(app=sim.app)
        else:
            server = RunningSimulator(simulator=sim).start()
            running.append(server)
            root, inner = server.url, httpx.AsyncHTTPTransport()
        return SimEnv(request.param, sim, sim.base_urls(root), clock, Recorder(inner))

    yield make
    for server in running:
        server.stop()


@pytest.fixture
def env(make_env) -> SimEnv:
    return make_env()

