"""Fixtures for the provider tests: fake time (no real sleeps) and small mock-transport helpers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from desktop.providers.http import Timing


class FakeClock:
    """Time that moves only when the code under test sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.wall = 1_760_000_000.0
        self.mono = 1_000.0
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.advance(seconds)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        self.wall += seconds
        self.mono += seconds

    @property
    def timing(self) -> Timing:
        return Timing(sleep=self.sleep, monotonic=lambda: self.mono, wall=lambda: self.wall, random=lambda: 0.5)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


class Script:
    """A MockTransport that answers from a list of canned steps and records every request."""

    def __init__(self, *steps: httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step(request)
        return step


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None) -> httpx.Response:
    content = body if isinstance(body, bytes) else json.dumps(body if body is not None else {}).encode()
    return httpx.Response(status, content=content, headers={"content-type": "application/json", **(headers or {})})
