"""The NXCLOUD client tests' simulator: the client sends "" for the three callback URLs until a notification
receiver exists, so ``env`` relies on the simulator's lenient reading of them (seed 002 requires them); a test
that checks the strict reading builds its own with ``make_env()``."""

from __future__ import annotations

import pytest

from tests.helpers.providers import SimEnv

EMPTY_CALLBACKS = {"nxcloud_lenient_empty_callback_urls": True}


@pytest.fixture
def env(make_env) -> SimEnv:
    return make_env(**EMPTY_CALLBACKS)
