"""Builders for the provider tests: fake time (no real sleeps), small mock-transport helpers, and the simulator in
process (ASGI) or on real loopback HTTP behind one recording transport."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from desktop.providers.http import Timing
from desktop.simulator import Simulator
from desktop.simulator.faults import DroppedConnection


class FakeClock:
    """Time that moves only when the code under test sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        # Real "now": the NXCLOUD simulator checks createTs against the wall clock, as NXCLOUD itself would.
        self.wall = float(int(time.time()))
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


# --- the simulator, in process (ASGI) and on real loopback HTTP ----------------------------------------------------


class NetworkLikeASGI(httpx.ASGITransport):
    """In process, the simulator's "dropped connection" surfaces as its own exception; over a socket the client
    sees the connection close mid-body. Translate it, so one test means the same thing in both modes."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except DroppedConnection as exc:
            raise httpx.RemoteProtocolError("peer closed connection mid-body") from exc


class Recorder(httpx.AsyncBaseTransport):
    """Wraps a transport and notes every request that left the client (path, and body for form posts)."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()

    def paths(self, suffix: str = "") -> list[str]:
        return [r.url.path for r in self.requests if r.url.path.endswith(suffix)]


@dataclass
class SimEnv:
    mode: str
    sim: Simulator
    urls: dict[str, str]
    clock: FakeClock
    transport: Recorder = field(repr=False)

    @property
    def creds(self) -> dict[str, str]:
        return self.sim.credentials

    def advance(self, seconds: float) -> None:
        """Move the simulator's time and our monotonic clock (token lifetimes) together. Our wall clock stays
        real: the NXCLOUD simulator checks createTs against the real wall clock, as NXCLOUD would."""
        self.sim.advance(seconds)
        self.clock.mono += seconds
