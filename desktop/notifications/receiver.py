"""The notification receiver: a starlette app with one ``POST /<provider>/<account id>`` route per account whose
provider documents notifications (``ProviderSpec.notifications``), served by uvicorn on loopback by default.

Each request is bounded before anything else (a per-source rate, a JSON content type, at most :data:`MAX_BODY`
bytes), then must prove it comes from the provider (the provider's channel: VBot's header value, NXCLOUD's
signature and replay checks). A refused request is answered 4xx and counted per account and reason, never stored.
An authentic one is queued; one worker thread stores and applies everything queued when it wakes (at most
:data:`MAX_BATCH`) in one transaction, and each request is answered 200 (signed for a provider that signs) only
once its batch committed. A batch that fails stores nothing and is stored again one by one, so a notification
that cannot be stored is answered 503 alone (the provider sends it again).
A path naming no account is answered 404 and not counted (counting any path would let anyone grow the table).
Routes use the account's number, not a secret path: authenticity rests on the header or the signature, and a
stable address is what the operator pastes once into the provider's console.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets as secrets_module
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from types import TracebackType

import anyio
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from desktop.accounts.service import AccountService
from desktop.errors import AutocallError
from desktop.i18n import N_, _
from desktop.notifications.inbox import Inbox, Received
from desktop.providers import spec
from desktop.providers.notify import Inbound, Notice, NotificationChannel, Refused, probe_notice, route_path
from desktop.serving import ServerThread

log = logging.getLogger(__name__)

#: The largest body accepted (the providers' callbacks are a few kilobytes).
MAX_BODY = 64 * 1024
#: Requests per second one source address may make, and the burst it may make at once.
RATE_PER_SECOND = 200.0
RATE_BURST = 2000.0
#: The most notifications stored in one transaction.
MAX_BATCH = 200


@dataclass(frozen=True)
class Endpoint:
    """One account's route and the channel that checks and reads what arrives on it."""

    account_id: int
    account_name: str
    provider: str
    channel: NotificationChannel

    @property
    def path(self) -> str:
        return route_path(self.provider, self.account_id)


def endpoints(accounts: AccountService) -> list[Endpoint]:
    """An endpoint per account whose provider documents notifications and whose settings can be read (a demo
    account only while its simulator runs). A secret the channel generates (VBot's header value) is made once and
    kept in the keyring with the account's other secrets; an account whose secrets cannot be read or kept gets no
    route (the log says why)."""
    found = []
    for account in accounts.repository.list():
        channel = spec(account.provider).notifications
        if channel is None or account.id is None:
            continue
        try:
            settings, secrets = accounts.settings_for(account), accounts.secrets_for(account)
            for name in channel.generated_secrets:
                value = accounts.secrets.get(account.id, name)
                if not value:
                    value = secrets_module.token_urlsafe(32)
                    accounts.secrets.set(account.id, name, value)  # a server's read-only credentials refuse it
                secrets[name] = value
        except AutocallError as exc:
            log.info("no notification route for account %s: %s", account.id, exc)
            continue
        found.append(Endpoint(account.id, account.name, account.provider, channel(settings, secrets)))
    return found


#: A notification waiting to be stored, with the future its request awaits.
Queued = tuple[Endpoint, Inbound, Notice, "asyncio.Future[Received]"]


class RateLimit:
    """A token bucket per source address: ``rate`` requests per second, ``burst`` at once."""

    def __init__(self, rate: float = RATE_PER_SECOND, burst: float = RATE_BURST) -> None:
        self.rate, self.burst = rate, burst
        self._buckets: dict[str, tuple[float, float]] = {}  # source → (tokens, when)

    def allow(self, source: str, now: float) -> bool:
        tokens, then = self._buckets.get(source, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        if len(self._buckets) > 10_000:  # many sources: forget the full buckets, which are the default anyway
            self._buckets = {s: b for s, b in self._buckets.items() if b[0] < self.burst}
        allowed = tokens >= 1.0
        self._buckets[source] = (tokens - 1.0 if allowed else tokens, now)
        return allowed


class Receiver:
    """The ASGI app (``app``) over ``inbox`` for ``routes``."""

    def __init__(self, inbox: Inbox, routes: list[Endpoint], *, max_body: int = MAX_BODY,
                 rate: RateLimit | None = None, clock: Callable[[], float] = time.time,
                 on_received: Callable[[Endpoint, Received], None] | None = None) -> None:
        self.inbox = inbox
        self.endpoints = routes
        self.max_body = max_body
        self.rate = rate or RateLimit()
        self.clock = clock
        self.on_received = on_received  # e.g. the window refreshing its Monitor (called on a worker thread)
        # One worker thread writes: the store serialises its writes anyway, and a thread per request only adds
        # threads waiting for its lock and the GIL (the window's loop among them: 10,000 webhooks stalled it 100 ms).
        self._writer = anyio.CapacityLimiter(1)
        self._queued: list[Queued] = []
        self._storing: asyncio.Task[None] | None = None  # the task storing what is queued, while one runs
        self.app = Starlette(routes=[Route(e.path, self._route(e), methods=["POST"]) for e in routes])

    def add(self, endpoint: Endpoint) -> None:
        """Receive for ``endpoint`` too from now on (an account added while the receiver runs)."""
        self.endpoints.append(endpoint)
        self.app.router.routes.append(Route(endpoint.path, self._route(endpoint), methods=["POST"]))

    def _route(self, endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
        async def handle(request: Request) -> Response:
            now = self.clock()
            try:
                inbound = await self._bounded(request, now)
                endpoint.channel.authenticate(inbound)
                try:
                    payload = json.loads(inbound.body)
                except ValueError:
                    raise Refused(N_("malformed JSON"), 400) from None
            except Refused as refused:
                await anyio.to_thread.run_sync(self.inbox.refuse, endpoint.account_id, refused.reason, now,
                                               limiter=self._writer)
                log.info("refused a notification for account %s: %s", endpoint.account_id, refused.reason)
                return Response(status_code=refused.status)
            notice = probe_notice(payload, inbound) or endpoint.channel.read(payload, inbound)
            try:
                received = await self._stored(endpoint, inbound, notice)
            except Exception:
                log.exception("could not store a notification for account %s", endpoint.account_id)
                return Response(status_code=503)
            body = json.dumps({"ok": True, "duplicate": received.duplicate}).encode()
            headers = {"Content-Type": "application/json", **endpoint.channel.reply_headers(body)}
            return Response(body, headers=headers)

        return handle

    async def _stored(self, endpoint: Endpoint, inbound: Inbound, notice: Notice) -> Received:
        """Queue a notification and wait until the batch holding it committed (its error when it did not)."""
        done = asyncio.get_running_loop().create_future()
        self._queued.append((endpoint, inbound, notice, done))
        if self._storing is None:
            self._storing = asyncio.get_running_loop().create_task(self._store_queued())
        return await done

    async def _store_queued(self) -> None:
        """Store what is queued, :data:`MAX_BATCH` at a time, until nothing is."""
        batch: list[Queued] = []
        try:
            while self._queued:
                batch, self._queued = self._queued[:MAX_BATCH], self._queued[MAX_BATCH:]
                try:
                    results = await anyio.to_thread.run_sync(self._receive, batch, limiter=self._writer)
                except Exception as exc:
                    _answer(batch, error=exc)
                else:
                    _answer(batch, results)
        finally:  # stopped while storing: whatever is still waiting is not stored
            self._storing = None
            _answer(batch + self._queued, error=AutocallError(_("The notification receiver stopped.")))

    def _receive(self, batch: list[Queued]) -> list[Received | Exception]:
        """Store ``batch`` in one transaction; when that fails, each on its own, so that one notification the inbox
        cannot store fails alone rather than every one batched with it."""
        items = [(e.account_id, e.provider, inbound, notice) for e, inbound, notice, _ in batch]
        try:
            results: list[Received | Exception] = list(self.inbox.receive_many(items))
        except Exception:
            if len(items) == 1:
                raise
            log.warning("a batch of %d notifications failed; storing them one by one", len(items), exc_info=True)
            results = [self._receive_one(item) for item in items]
        for (endpoint, *_rest), received in zip(batch, results, strict=True):
            if self.on_received and isinstance(received, Received) and not received.duplicate:
                try:
                    self.on_received(endpoint, received)
                except Exception:  # the batch is stored: its requests are answered 200 all the same
                    log.exception("on_received failed for account %s", endpoint.account_id)
        return results

    def _receive_one(self, item: tuple[int, str, Inbound, Notice]) -> Received | Exception:
        try:
            return self.inbox.receive(*item)
        except Exception as exc:
            return exc

    async def _bounded(self, request: Request, now: float) -> Inbound:
        """The request's body and headers, or :class:`Refused` when it breaks a bound."""
        source = request.client.host if request.client else ""
        if not self.rate.allow(source, now):
            raise Refused(N_("rate limited"), 429)
        if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
            raise Refused(N_("not a JSON content type"), 415)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            raise Refused(N_("body too large"), 413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > self.max_body:
                raise Refused(N_("body too large"), 413)
        return Inbound(bytes(body), request.headers, now)


def _answer(batch: list[Queued], results: list[Received | Exception] | None = None,
            error: Exception | None = None) -> None:
    """Resolve each waiting request of ``batch`` with its result (a Received or the error storing it), or with
    ``error``."""
    for n, (*_rest, done) in enumerate(batch):
        if done.done():  # answered already, or its client went away
            continue
        outcome = results[n] if results is not None else error or AutocallError(_("The notification was not stored."))
        if isinstance(outcome, Exception):
            done.set_exception(outcome)
        else:
            done.set_result(outcome)


def make_server(receiver: Receiver) -> uvicorn.Server:
    """The receiver's server; HTTP is parsed by httptools (uvicorn's "auto" choice when it is installed, as the
    project's dependencies ask): a quarter less CPU per notification than h11, under the same GIL as the window."""
    config = uvicorn.Config(receiver.app, log_level="warning", lifespan="off", timeout_graceful_shutdown=2,
                            access_log=False, server_header=False)
    return uvicorn.Server(config)


class RunningReceiver:
    """A receiver served in a background thread until :meth:`stop` (the window, tests)."""

    def __init__(self, receiver: Receiver, host: str = "127.0.0.1", port: int = 0) -> None:
        self.receiver = receiver
        self.host, self.port = host, port
        self.url = ""
        self._serving = ServerThread("notification-receiver")

    def start(self) -> RunningReceiver:
        """Serve until :meth:`stop`. OSError: the address cannot be used."""
        try:
            self.url, self.port = self._serving.start(make_server(self.receiver), self.host, self.port)
        except TimeoutError as exc:
            raise AutocallError(_("The notification receiver did not start.")) from exc
        return self

    def stop(self) -> None:
        self._serving.stop()

    def urls(self) -> Iterator[tuple[Endpoint, str]]:
        return ((e, self.url + e.path) for e in self.receiver.endpoints)

    def __enter__(self) -> RunningReceiver:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
