"""Fixtures: a manual-clock simulator (time moves only through ``sim.advance``) and an in-process client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from desktop.simulator import Simulator
from tests.helpers.simulator import client_for, make_sim


@pytest.fixture
def sim() -> Simulator:
    return make_sim()


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(sim) as http:
        yield http
