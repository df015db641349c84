"""The HTTP layer every provider client shares: one ``httpx.AsyncClient`` per account, made safe to retry.

Why one place: the rules that keep us from dialling a number twice or leaking a key must not differ per provider.

* TLS verification always on, against the operating system's trust store (truststore), so a root certificate that
  IT installed for an office proxy or antivirus HTTPS scanning is trusted; plain ``http://`` only to loopback unless
  the account explicitly allows it.
* Retries with exponential backoff and jitter, honouring ``Retry-After``, on connection errors, 429, 5xx and any
  reply the adapter calls transient (NXCLOUD ``retCode`` 5/7) — for reads, and for writes only when the provider
  de-duplicates them by a key we send (:attr:`RetryMode.KEYED_WRITE`). A plain write is retried only when the
  request provably never left us (connect failure), because then nothing can have been dialled.
* Per-account pacing: a minimum interval between request starts and at most 5 requests in flight.
* Every secret handed to the layer is registered with the log redactor.
* Time is injectable (:class:`Timing`) so retry tests run instantly.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import ipaddress
import logging
import os
import random
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import httpx
import truststore

from desktop.i18n import _
from desktop.logs import REDACTOR
from desktop.providers.errors import (
    ConfigError,
    ProviderError,
    RateLimitedError,
    ServerError,
    TlsError,
    UnreachableError,
    provider_name,
)

log = logging.getLogger(__name__)

# Set on a returned response when an earlier attempt may have reached the provider (a dropped connection, a 5xx):
# a write that then reports failure may still have been carried out, so the caller must reconcile, not resend.
AMBIGUOUS = "autocall.ambiguous"

# Transport failures where the request cannot have reached the server.
_UNSENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class RetryMode(Enum):
    READ = "read"
    KEYED_WRITE = "keyed_write"  # the provider de-duplicates by a key in the request
    WRITE = "write"  # never resent once it may have reached the provider

    @property
    def retries_ambiguous(self) -> bool:
        return self is not RetryMode.WRITE


@dataclass(frozen=True)
class Timing:
    """The clock, sleep and randomness the layer uses; tests pass fakes to make backoff instant and exact."""

    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    random: Callable[[], float] = random.random


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries in total, the first included
    base_delay: float = 0.5  # seconds before the first retry (before jitter)
    max_delay: float = 20.0
    max_retry_after: float = 60.0  # a longer Retry-After is reported to the user instead of waited out

    def backoff(self, retry: int, rand: float) -> float:
        """Delay before retry number ``retry`` (0-based): exponential, capped, with "equal jitter" (50–100 %)."""
        ceiling = min(self.max_delay, self.base_delay * 2**retry)
        return ceiling / 2 + ceiling / 2 * rand


@dataclass(frozen=True)
class HttpOptions:
    timeout: float = 30.0
    connect_timeout: float = 10.0
    min_interval: float = 0.05  # seconds between request starts on one account
    max_in_flight: int = 5  # requests in flight per account: httpx throughput drops sharply above ~5 per client
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    allow_insecure_http: bool = False


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_url_allowed(url: str | httpx.URL, *, provider: str, allow_insecure_http: bool) -> None:
    """Refuse anything but https, except http to loopback or when the account explicitly allows it."""
    parsed = httpx.URL(str(url))
    name = provider_name(provider)
    if parsed.scheme == "https":
        return
    if parsed.scheme == "http":
        if is_loopback(parsed.host) or allow_insecure_http:
            return
        raise ConfigError(
            _("The {name} address {scheme}://{host} is not encrypted (http://). Use an https:// address, or allow "
              "unencrypted HTTP for this account in Accounts if you trust the network.").format(
                name=name, scheme=parsed.scheme, host=parsed.host),
            provider=provider,
        )
    raise ConfigError(
        _("The {name} address {url!r} is not a web address — check the base URL in Accounts.").format(
            name=name, url=str(url)), provider=provider
    )


def retry_after_seconds(response: httpx.Response, now: float) -> float | None:
    """``Retry-After`` as seconds from now (it may be a number or an HTTP date); None when absent or unreadable."""
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None


class RateGate:
    """At most ``max_in_flight`` requests at once, starts at least ``min_interval`` apart."""

    def __init__(self, min_interval: float, max_in_flight: int, timing: Timing) -> None:
        self._interval = min_interval
        self._slots = asyncio.Semaphore(max_in_flight)
        self._lock = asyncio.Lock()
        self._timing = timing
        self._next_start = 0.0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            async with self._lock:
                wait = self._next_start - self._timing.monotonic()
                if wait > 0:
                    await self._timing.sleep(wait)
                self._next_start = self._timing.monotonic() + self._interval
            yield


def raise_for_http_status(provider: str, response: httpx.Response) -> None:
    """The typed error for a 429 or 5xx that survived the retries (adapters handle their own 4xx first)."""
    name = provider_name(provider)
    status = response.status_code
    if status == 429:
        wait = retry_after_seconds(response, time.time())
        when = _("in about {wait} s").format(wait=round(wait)) if wait else _("in a minute")
        raise RateLimitedError(
            _("{name} is limiting how fast we send requests — try again {when}.").format(name=name, when=when),
            provider=provider,
            code=status,
            retry_after=wait,
        )
    if status >= 500:
        raise ServerError(
            _("{name} had a server error (HTTP {status}) — try again in a few minutes; if it persists, check the "
              "provider's status page or contact {name} support.").format(name=name, status=status),
            provider=provider,
            code=status,
            detail=response.text[:500],
        )


@dataclass(frozen=True)
class Download:
    path: Path
    content_type: str
    size: int


class HttpLayer:
    """One account's connection to one provider. Adapters build requests; this sends them safely."""

    def __init__(
        self,
        provider: str,
        base_url: str,
        *,
        options: HttpOptions | None = None,
        timing: Timing | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        secrets: Iterable[str | None] = (),
    ) -> None:
        self.provider = provider
        self.options = options or HttpOptions()
        self._timing = timing or Timing()
        check_url_allowed(base_url, provider=provider, allow_insecure_http=self.options.allow_insecure_http)
        for secret in secrets:
            self.register_secret(secret)
        self._gate = RateGate(self.options.min_interval, self.options.max_in_flight, self._timing)
        self.client = httpx.AsyncClient(
            base_url=base_url.rstrip("/") + "/",
            timeout=httpx.Timeout(self.options.timeout, connect=self.options.connect_timeout),
            verify=truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT),
            follow_redirects=False,
            transport=transport,
        )
        self._absolute = functools.lru_cache(maxsize=256)(self._resolve)

    def build_request(self, method: str, path: str, **kwargs: Any) -> httpx.Request:
        """``client.build_request`` for ``path`` under the base URL (or an absolute URL), with the resolved URL
        cached: httpx re-parses and re-joins a relative path for every request, a few percent of a dispatch."""
        return self.client.build_request(method, self._absolute(path), **kwargs)

    def _resolve(self, path: str) -> httpx.URL:
        """Joined as httpx joins it: appended to the base path, a leading ``/`` dropped."""
        url = httpx.URL(path)
        if not url.is_relative_url:
            return url
        base = self.client.base_url
        return base.copy_with(raw_path=base.raw_path + url.raw_path.lstrip(b"/"))

    @staticmethod
    def register_secret(secret: str | None) -> None:
        REDACTOR.register(secret)

    def check_url(self, url: str | httpx.URL) -> None:
        check_url_allowed(url, provider=self.provider, allow_insecure_http=self.options.allow_insecure_http)

    def same_origin(self, url: str | httpx.URL) -> bool:
        """Whether ``url`` is on the account's own host (only then may our credentials go with it)."""
        target, base = httpx.URL(str(url)), self.client.base_url
        return (target.scheme, target.host, target.port) == (base.scheme, base.host, base.port)

    async def aclose(self) -> None:
        await self.client.aclose()

    async def send(
        self,
        build: Callable[[], httpx.Request],
        *,
        op: str,
        mode: RetryMode,
        transient: Callable[[httpx.Response], bool] | None = None,
    ) -> httpx.Response:
        """Send the request ``build()`` makes (called again for each attempt, so signatures can be fresh).

        Returns the final response with its body read, whatever its status; raises only for transport failures.
        ``transient`` marks a reply whose body says "try again" (NXCLOUD retCode 5/7).
        """

        async def attempt() -> httpx.Response:
            request = build()
            response = await self.client.send(request)
            await response.aread()
            return response

        return await self._with_retries(op, mode, attempt, transient)

    async def download(
        self, build: Callable[[], httpx.Request], dest: Path, *, op: str
    ) -> tuple[httpx.Response, Download | None]:
        """Stream a 200 body to ``dest`` (via a ``.part`` file, renamed when complete); other statuses are
        returned with their body read and no file written, for the adapter to turn into an error."""
        dest = Path(dest)
        part = dest.with_name(dest.name + ".part")
        saved: list[Download] = []

        async def attempt() -> httpx.Response:
            response = await self.client.send(build(), stream=True)
            try:
                if response.status_code != 200:
                    await response.aread()
                    return response
                dest.parent.mkdir(parents=True, exist_ok=True)
                size = 0
                with part.open("wb") as out:
                    async for chunk in response.aiter_bytes():
                        out.write(chunk)
                        size += len(chunk)
                os.replace(part, dest)
                saved.append(Download(dest, response.headers.get("content-type", ""), size))
                return response
            finally:
                await response.aclose()

        try:
            response = await self._with_retries(op, RetryMode.READ, attempt, None)
        finally:
            part.unlink(missing_ok=True)
        return response, (saved[-1] if saved else None)

    async def _with_retries(
        self,
        op: str,
        mode: RetryMode,
        attempt: Callable[[], Awaitable[httpx.Response]],
        transient: Callable[[httpx.Response], bool] | None,
    ) -> httpx.Response:
        policy = self.options.retry
        ambiguous = False
        for number in range(policy.attempts):
            last = number == policy.attempts - 1
            started = self._timing.monotonic()
            try:
                async with self._gate.slot():
                    response = await attempt()
            except httpx.TransportError as exc:
                error = self._transport_error(exc)
                unsent = isinstance(exc, _UNSENT)
                if last or isinstance(error, (TlsError, ConfigError)) or not (unsent or mode.retries_ambiguous):
                    raise error from exc
                ambiguous = ambiguous or not unsent
                delay = policy.backoff(number, self._timing.random())
                log.warning("%s %s: %s; retry %d in %.1f s", self.provider, op, type(exc).__name__, number + 1, delay)
            else:
                log.debug(
                    "%s %s -> HTTP %d in %.0f ms",
                    self.provider, op, response.status_code, (self._timing.monotonic() - started) * 1000,
                )
                delay = None if last else self._retry_delay(response, number, mode, transient)
                if delay is None:
                    response.extensions[AMBIGUOUS] = ambiguous
                    return response
                ambiguous = ambiguous or response.status_code >= 500
                log.warning("%s %s: HTTP %d; retry %d in %.1f s", self.provider, op, response.status_code,
                            number + 1, delay)
            await self._timing.sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _retry_delay(
        self,
        response: httpx.Response,
        number: int,
        mode: RetryMode,
        transient: Callable[[httpx.Response], bool] | None,
    ) -> float | None:
        """Seconds to wait before resending, or None when this response is final."""
        if mode is RetryMode.WRITE:
            return None
        policy = self.options.retry
        backoff = policy.backoff(number, self._timing.random())
        if response.status_code == 429:
            wait = retry_after_seconds(response, self._timing.wall())
            if wait is not None and wait > policy.max_retry_after:
                return None
            return max(wait or 0.0, backoff)
        if response.status_code >= 500 or (transient is not None and transient(response)):
            return backoff
        return None

    def _transport_error(self, exc: httpx.TransportError) -> ProviderError:
        name = provider_name(self.provider)
        host = self.client.base_url.host
        if _is_tls_failure(exc):
            return TlsError(
                _("The secure connection to {name} ({host}) failed: its certificate could not be verified. Check the "
                  "base URL in Accounts and the computer's date and time. If your company's network or antivirus "
                  "inspects secure connections, ask IT to install its certificate on this computer.").format(
                    name=name, host=host),
                provider=self.provider,
                detail=str(exc),
            )
        if isinstance(exc, httpx.TimeoutException):
            what = _("did not answer in time")
        elif isinstance(exc, httpx.ConnectError):
            what = _("could not be reached")
        elif isinstance(exc, (httpx.UnsupportedProtocol, httpx.ProxyError)):
            return ConfigError(
                _("Autocall Desk cannot connect to {name} at {host}: {exc}. Check the base URL in Accounts.").format(
                    name=name, host=host, exc=exc),
                provider=self.provider,
                detail=str(exc),
            )
        else:
            what = _("dropped the connection")
        return UnreachableError(
            _("{name} ({host}) {what}. Check the internet connection and the base URL in Accounts, then try "
              "again.").format(name=name, host=host, what=what),
            provider=self.provider,
            detail=f"{type(exc).__name__}: {exc}",
        )


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)
