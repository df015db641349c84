"""Fixtures shared across test folders, registered for the whole suite by ``pytest_plugins`` in tests/conftest.py
(so no test imports a fixture by name). Each demo fixture is named for the clock it runs on."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from desktop.demo import DemoEnvironment
from desktop.providers import registered
from desktop.simulator import SimulatorConfig
from tests.helpers.fake_provider import FAKE_SPEC, FakeServer


@pytest.fixture
def demo() -> Iterator[DemoEnvironment]:
    """The demo simulator as the app starts it: real clock, calls progress on their own."""
    environment = DemoEnvironment.start()
    yield environment
    environment.stop()


@pytest.fixture
def manual_demo() -> Iterator[DemoEnvironment]:
    """The demo simulator on a manual clock starting now (calls end when the test moves time), seed 7."""
    environment = DemoEnvironment.start(SimulatorConfig(manual_clock=True, start_time=time.time(), seed=7))
    yield environment
    environment.stop()


@pytest.fixture
def calls_demo() -> Iterator[DemoEnvironment]:
    """The demo simulator on a manual clock at its default start, seed 8: real call history for the recordings and
    History tests (calls placed with tests.helpers.calls.place_calls)."""
    environment = DemoEnvironment.start(SimulatorConfig(manual_clock=True, seed=8))
    yield environment
    environment.stop()


@pytest.fixture
def fake_provider() -> Iterator[FakeServer]:
    """The fake provider registered for the test, with its server running."""
    server = FakeServer()
    try:
        with registered(FAKE_SPEC):
            yield server
    finally:
        server.close()
