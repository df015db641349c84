"""Fixtures for the provider tests: fake time (no real sleeps), small mock-transport helpers, and a fourth provider
that exists only here (registered with :func:`desktop.providers.registered`, served by its own loopback server)."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx
import pytest

from desktop.phones import to_e164
from desktop.providers import registered
from desktop.providers.base import (
    BatchFailed,
    BatchHandle,
    BatchRequest,
    BatchResult,
    CallStatus,
    CampaignOptions,
    ConnectionInfo,
    Evidence,
    Outcome,
    ProviderClient,
    ProviderSpec,
    SentBatch,
    TemplateField,
    fields_from_names,
    pending,
)
from desktop.providers.errors import ProviderError
from desktop.providers.http import HttpLayer, RetryMode, Timing, raise_for_http_status
from desktop.providers.settings import ProviderSettings, SecretField


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


# --- the simulator, in process (ASGI) and on real loopback HTTP ----------------------------------------------------

from dataclasses import field  # noqa: E402

from desktop.simulator import RunningSimulator, Simulator, SimulatorConfig  # noqa: E402
from desktop.simulator.faults import DroppedConnection  # noqa: E402


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


# -- a fourth provider that exists only in the tests: proves a provider is a folder plus one registry entry --

FAKE = "fakecall"


class FakeServer:
    """The fake provider's own HTTP API on loopback: ``POST /calls`` queues calls by our keys, ``GET /calls`` says
    how they went (answered once they have been asked about once). ``drop_next_post`` takes a batch and then drops
    the connection without answering, as a lost reply does."""

    def __init__(self) -> None:
        self.calls: dict[str, dict] = {}
        self.posts = 0
        self.drop_next_post = False
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                if self.headers.get("x-token") != "secret-token":
                    return self._reply(401, {"error": "bad token"})
                server.posts += 1
                for call in body["calls"]:
                    server.calls.setdefault(call["key"], {"phone": call["phone"], "status": "queued", "asked": 0})
                if server.drop_next_post:
                    server.drop_next_post = False
                    self.close_connection = True
                    return
                self._reply(200, {"accepted": [c["key"] for c in body["calls"]]})

            def do_GET(self) -> None:  # noqa: N802
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                found = {}
                for key in query.get("key", []):
                    call = server.calls.get(key)
                    if call is not None:
                        call["asked"] += 1
                        call["status"] = "answered" if call["asked"] > 1 else "queued"
                        found[key] = call["status"]
                self._reply(200, {"calls": found})

            def _reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass(frozen=True, kw_only=True)
class FakeSettings(ProviderSettings):
    provider: ClassVar[str] = FAKE
    min_interval: float = 0.0

    def secret_fields(self) -> tuple[SecretField, ...]:
        return (SecretField("token", "Token"),)


@dataclass(frozen=True, kw_only=True)
class FakeCampaignSettings(CampaignOptions):
    provider: ClassVar[str] = FAKE
    greeting: str = "Xin chào {{name}}"

    def static_fields(self) -> list[TemplateField]:
        return fields_from_names(["name"])


class FakeClient(ProviderClient):
    provider = FAKE
    max_batch_size = 4

    def __init__(self, settings: FakeSettings, secrets: Mapping[str, str], http: HttpLayer, timing: Timing) -> None:
        super().__init__(http)
        self.token = secrets.get("token", "")

    async def check_connection(self) -> ConnectionInfo:
        await self._get([])
        return ConnectionInfo(self.provider, "Connected to the fake provider.")

    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        result = BatchResult()
        ready = await self.prepare(request.contacts, lambda c: to_e164(c.phone), result)
        payload = {"batch": request.batch_key, "calls": [{"key": c.key, "phone": p, **c.fields} for c, p in ready]}
        try:
            response = await self.http.send(
                lambda: self.http.build_request("POST", "calls", json=payload, headers={"x-token": self.token}),
                op="calls", mode=RetryMode.WRITE)
            raise_for_http_status(self.provider, response)
        except ProviderError as exc:
            raise BatchFailed(exc, result) from exc
        result.accepted += response.json()["accepted"]
        result.provider_refs.append(request.batch_key)
        return result

    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        found = await self._get([c.key for c in handle.contacts])
        outcomes = {"answered": Outcome.ANSWERED, "queued": Outcome.QUEUED}
        return [CallStatus(c.key, c.phone, outcomes[found[c.key]], f"status={found[c.key]}", raw=found[c.key])
                if c.key in found else pending(c) for c in handle.contacts]

    async def evidence(self, batch: SentBatch, *, now: float, skew: float, settle: float) -> Evidence:
        """The fake lists a call from the moment it takes it, so absence is proof."""
        statuses = await self.poll(BatchHandle(batch.campaign_key, "", batch.contacts))
        return Evidence({s.key for s in statuses if s.raw is not None}, True)

    async def _get(self, keys: list[str]) -> dict[str, str]:
        response = await self.http.send(lambda: self.http.build_request("GET", "calls", params={"key": keys}),
                                        op="calls", mode=RetryMode.READ)
        raise_for_http_status(self.provider, response)
        return response.json()["calls"]


FAKE_SPEC = ProviderSpec(key=FAKE, name="Fake", long_name="Fake provider (tests)", settings=FakeSettings,
                         options=FakeCampaignSettings, client=FakeClient, dial=lambda e164: e164,
                         secret_names=("token",))


@pytest.fixture
def fake_provider() -> Iterator[FakeServer]:
    """The fake provider registered for the test, with its server running."""
    server = FakeServer()
    try:
        with registered(FAKE_SPEC):
            yield server
    finally:
        server.close()
