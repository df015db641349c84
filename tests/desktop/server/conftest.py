"""Fixtures for the server's tests: the campaign engine's environment (a simulator on loopback with a manual clock, a
store with the demo accounts), polled a few times a second."""

from __future__ import annotations

import pytest

from tests.desktop.campaigns.conftest import env  # noqa: F401 - a fixture, used by ``quick``
from tests.helpers.campaigns import Env, quick_engine


@pytest.fixture
def quick(env: Env) -> Env:  # noqa: F811 - the fixture imported above
    """The server polls in its own process, on a machine shared with other tests: a few polls a second."""
    quick_engine(env.store, poll_fast_seconds=0.2, poll_slow_seconds=0.5)
    return env
