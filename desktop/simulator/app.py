"""The simulator: one Starlette app serving all three providers under one root, with the ledger, faults,
simulated clock and webhook outbox they share.

URL layout under the server root:
    /vbot/v2.0/...                        VBot v2 (Bearer token from POST /vbot/v2.0/token)
    /vbot/v3.0/...                        VBot v3 (X-API-Key)
    /nxcloud/callcentre/api/v3/<op>       NXCLOUD Callbot (signed); /nxcloud/audio/<callID>.wav recordings
    /bizphone/v1/call, /bizphone/v1/status/<requestId>
    /_sim/ledger, /_sim/clock, /_sim/faults, /_sim/webhooks, /_sim/credentials   control (never faulted)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route

from desktop.simulator.bizphone import BizPhoneProvider
from desktop.simulator.calls import CallPlanner, SimClock
from desktop.simulator.config import SimulatorConfig
from desktop.simulator.faults import FaultMiddleware, Faults
from desktop.simulator.ledger import Ledger
from desktop.simulator.nxcloud import NxCloudProvider
from desktop.simulator.vbot import VBotProvider
from desktop.simulator.webhooks import Delivery, Outbox

log = logging.getLogger(__name__)

_SYNC_TIMEOUT = 30.0  # seconds a sync from another thread waits for the serving loop


class Simulator:
    def __init__(self, config: SimulatorConfig | None = None) -> None:
        self.config = config or SimulatorConfig()
        self.clock = SimClock(self.config.speed, self.config.start_time, self.config.manual_clock)
        self.ledger = Ledger()
        self.faults = Faults(self.config.seed, self.config.faults)
        self.outbox = Outbox(self.config.webhook_max_attempts)
        planner = CallPlanner(self.config.seed, self.config.outcome_mix, self.config.cost_per_minute)
        self.vbot = VBotProvider(self.config, self.clock, planner, self.ledger, self.outbox)
        self.nxcloud = NxCloudProvider(self.config, self.clock, planner, self.ledger, self.outbox)
        self.bizphone = BizPhoneProvider(self.config, self.clock, planner, self.ledger)
        self._webhook_client: httpx.AsyncClient | None = None
        self._serving: tuple[asyncio.AbstractEventLoop, int] | None = None  # the serving loop and its thread
        routes = [
            Mount("/vbot", routes=self.vbot.routes()),
            Mount("/nxcloud", routes=self.nxcloud.routes()),
            Mount("/bizphone", routes=self.bizphone.routes()),
            Route("/_sim/ledger", self._ledger_endpoint, methods=["GET"]),
            Route("/_sim/clock", self._clock_endpoint, methods=["GET", "POST"]),
            Route("/_sim/faults", self._faults_endpoint, methods=["GET", "POST", "DELETE"]),
            Route("/_sim/webhooks", self._webhooks_endpoint, methods=["GET", "POST"]),
            Route("/_sim/credentials", self._credentials_endpoint, methods=["GET"]),
        ]
        inner = Starlette(routes=routes, lifespan=self._lifespan)
        self.app = FaultMiddleware(inner, self.faults, self._error_for_fault)

    @property
    def credentials(self) -> dict[str, str]:
        return dict(self.config.credentials)

    @staticmethod
    def base_urls(root: str) -> dict[str, str]:
        root = root.rstrip("/")
        return {
            "vbot_v2": f"{root}/vbot/v2.0",
            "vbot_v3": f"{root}/vbot/v3.0",
            "nxcloud": f"{root}/nxcloud",
            "bizphone": f"{root}/bizphone/v1",
        }

    def now(self) -> float:
        return self.clock.now()

    def notify_to(self, provider: str, url: str, header: tuple[str, str] | None) -> bool:
        """POST ``provider``'s account-wide webhooks to ``url`` with ``header`` (demo mode's receiver); False for a
        provider whose requests name their own callback URLs (NXCLOUD) or that sends none."""
        if provider != "vbot":
            return False
        self.config.webhook_url, self.config.webhook_auth_header = url, header
        return True

    def advance(self, seconds: float) -> None:
        """Move simulated time forward (the only way it moves with ``manual_clock``)."""
        self.clock.advance(seconds)
        self.sync()

    def sync(self) -> None:
        """Bring every provider up to now: task start-ups, redials, and the webhooks of what finished.

        Served from a thread (the demo, end-to-end tests), this runs on the serving loop: request handlers change
        the same state there, and a sync from another thread could meet a dictionary mid-change."""
        serving = self._serving
        if serving is None or serving[1] == threading.get_ident() or not serving[0].is_running():
            self._sync_now()
            return

        async def on_serving_loop() -> None:
            self._sync_now()

        asyncio.run_coroutine_threadsafe(on_serving_loop(), serving[0]).result(timeout=_SYNC_TIMEOUT)

    def _sync_now(self) -> None:
        now = self.clock.now()
        self.vbot.sync(now)
        self.nxcloud.sync(now)

    async def deliver_webhooks(self, client: httpx.AsyncClient | None = None) -> list[Delivery]:
        """POST every webhook and callback due by now; return the attempts made (tests call this)."""
        self.sync()
        if client is None:
            if self._webhook_client is None:
                self._webhook_client = httpx.AsyncClient(timeout=5.0)
            client = self._webhook_client
        return await self.outbox.deliver(self.clock.now(), client)

    def _error_for_fault(self, path: str, code: int) -> Response:
        for prefix, provider in (("/vbot", self.vbot), ("/nxcloud", self.nxcloud), ("/bizphone", self.bizphone)):
            if path.startswith(prefix):
                return provider.error_for_fault(path, code)
        return PlainTextResponse(f"simulated error {code}", status_code=500)

    @contextlib.asynccontextmanager
    async def _lifespan(self, app: Starlette) -> AsyncIterator[None]:
        """When served for real, a background task keeps state moving and delivers webhooks."""
        self._serving = (asyncio.get_running_loop(), threading.get_ident())
        ticker = asyncio.create_task(self._tick_forever(), name="simulator-ticker")
        try:
            yield
        finally:
            self._serving = None
            ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await ticker
            if self._webhook_client is not None:
                await self._webhook_client.aclose()
                self._webhook_client = None

    async def _tick_forever(self) -> None:
        while True:
            try:
                await self.deliver_webhooks()
            except Exception:  # a bug in one round must not stop deliveries for the session
                log.exception("simulator tick failed")
            await asyncio.sleep(self.config.tick_seconds)

    # ---- /_sim control endpoints ---------------------------------------------------------------------

    async def _ledger_endpoint(self, request: Request) -> Response:
        return JSONResponse(self.ledger.to_json(request.query_params.get("provider")))

    async def _clock_endpoint(self, request: Request) -> Response:
        if request.method == "POST":
            body = await request.json()
            self.advance(float(body.get("advance", 0)))
        return JSONResponse({"now": self.clock.now(), "speed": self.clock.speed, "manual": self.clock.manual})

    async def _faults_endpoint(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.faults.clear()
        elif request.method == "POST":
            try:
                self.faults.load((await request.body()).decode())
            except ValueError as exc:
                return JSONResponse({"error": str(exc)}, status_code=400)
        rules = [vars(rule) for rule in self.faults.rules]
        return JSONResponse({"rules": rules})

    async def _webhooks_endpoint(self, request: Request) -> Response:
        if request.method == "POST":
            await self.deliver_webhooks()
        finished = [
            {"kind": d.kind, "url": d.url, "status": d.status, "error": d.error, "attempts": d.attempts,
             "payload": d.payload}
            for d in self.outbox.finished
        ]
        return JSONResponse({"pending": self.outbox.pending(), "finished": finished})

    async def _credentials_endpoint(self, request: Request) -> Response:
        root = str(request.base_url).rstrip("/")
        return JSONResponse({"base_urls": self.base_urls(root), "credentials": self.credentials})
