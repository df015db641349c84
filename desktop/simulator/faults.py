"""Faults on demand, per endpoint: latency, 5xx, 429 with Retry-After, requests that never answer,
connections dropped mid-response, malformed JSON, and a provider's own error code.

Spec syntax (``--faults`` and ``Faults.load``): rules separated by ``;``, each

    GLOB=KIND[:ARG][@RATE][#COUNT]

- GLOB is matched (fnmatch) against the request path under the server root, e.g. ``/vbot/v2.0/token``,
  ``/nxcloud/callcentre/api/v3/*``, ``*``. ``/_sim/...`` control endpoints are never faulted.
- KIND and ARG:
  ``latency:SECONDS`` (added once the request has arrived, before it is handled: a client that goes away meanwhile
  does not stop it, as with a real provider; combines with one other fault) ·
  ``error[:STATUS]`` (default 503) · ``throttle[:RETRY_AFTER]`` (429 with ``Retry-After``, default 1) ·
  ``hang[:SECONDS]`` (no answer for that long, default 3600, then 504) ·
  ``drop`` (the request IS handled, then the connection is cut halfway through the body) ·
  ``malformed`` (the request IS handled, then its JSON is cut short) ·
  ``code:N`` (the provider's own error envelope with code N: VBot ``error``, NXCLOUD ``retCode``, BizPhone
  HTTP status).
- RATE is the chance the rule fires (default 1); COUNT the most times it fires (default unlimited).

Example: ``/vbot/v2.0/token=throttle:2#1;/nxcloud/*=latency:0.3;*/listCall=malformed@0.1``.
``drop`` and ``malformed`` act after the request took effect on purpose: that is the case where a client
must not blindly send again.
"""

from __future__ import annotations

import asyncio
import fnmatch
import random
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

KINDS = ("latency", "error", "throttle", "hang", "drop", "malformed", "code")
_RULE = re.compile(r"^(?P<glob>[^=]+)=(?P<kind>[a-z]+)(?::(?P<arg>[-\d.]+))?"
                   r"(?:@(?P<rate>[\d.]+))?(?:#(?P<count>\d+))?$")


class DroppedConnection(Exception):
    """Raised after half a response was sent, so the server cuts the connection."""


@dataclass
class FaultRule:
    pattern: str
    kind: str
    arg: float | None = None
    rate: float = 1.0
    count: int | None = None  # remaining firings; None = unlimited
    fired: int = 0


class Faults:
    """The in-process fault API; the same object the middleware consults on every request."""

    def __init__(self, seed: int = 0, spec: str = "") -> None:
        self._rng = random.Random(seed ^ 0xFA17)
        self._lock = threading.Lock()
        self.rules: list[FaultRule] = []
        self.load(spec)

    def add(
        self, pattern: str, kind: str, arg: float | None = None, rate: float = 1.0, count: int | None = None
    ) -> FaultRule:
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; one of {', '.join(KINDS)}")
        if kind in ("latency", "code") and arg is None:
            raise ValueError(f"fault {kind!r} needs an argument, e.g. {kind}:1")
        rule = FaultRule(pattern, kind, arg, rate, count)
        with self._lock:
            self.rules.append(rule)
        return rule

    def load(self, spec: str) -> list[FaultRule]:
        """Add the rules of a ``--faults`` spec; raise ValueError on a malformed one."""
        added = []
        for text in filter(None, (part.strip() for part in spec.split(";"))):
            match = _RULE.match(text)
            if not match:
                raise ValueError(f"bad fault rule {text!r}; expected GLOB=KIND[:ARG][@RATE][#COUNT]")
            added.append(
                self.add(
                    match["glob"],
                    match["kind"],
                    float(match["arg"]) if match["arg"] else None,
                    float(match["rate"]) if match["rate"] else 1.0,
                    int(match["count"]) if match["count"] else None,
                )
            )
        return added

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def firing(self, path: str) -> list[FaultRule]:
        """The rules that fire for this request (each one used up by one firing)."""
        fired = []
        with self._lock:
            for rule in self.rules:
                if rule.count == 0 or not fnmatch.fnmatchcase(path, rule.pattern):
                    continue
                if rule.rate < 1.0 and self._rng.random() >= rule.rate:
                    continue
                rule.fired += 1
                if rule.count is not None:
                    rule.count -= 1
                fired.append(rule)
        return fired


CodeRenderer = Callable[[str, int], Response]


async def _arrived(receive: Receive) -> Receive:
    """The request body read in full now and replayed to the app, so a request that arrived is carried out even if
    its client has disconnected by the time the app reads it (the server would then hand the app a disconnect)."""
    arrived: list[Message] = []
    while not arrived or arrived[-1]["type"] == "http.request" and arrived[-1].get("more_body"):
        arrived.append(await receive())

    async def replay() -> Message:
        return arrived.pop(0) if arrived else await receive()

    return replay


class FaultMiddleware:
    """ASGI middleware applying ``Faults``; ``render_code`` makes a provider's own error envelope."""

    def __init__(self, app: ASGIApp, faults: Faults, render_code: CodeRenderer) -> None:
        self.app = app
        self.faults = faults
        self.render_code = render_code

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith("/_sim"):
            await self.app(scope, receive, send)
            return
        fired = self.faults.firing(path)
        delay = sum(rule.arg or 0.0 for rule in fired if rule.kind == "latency")
        if delay:
            receive = await _arrived(receive)
            await asyncio.sleep(delay)
        rule = next((r for r in fired if r.kind != "latency"), None)
        if rule is None:
            await self.app(scope, receive, send)
        elif rule.kind in ("drop", "malformed"):
            await self._spoil(rule.kind, scope, receive, send)
        else:
            response = await self._fault_response(rule, path)
            await response(scope, receive, send)

    async def _fault_response(self, rule: FaultRule, path: str) -> Response:
        if rule.kind == "error":
            return PlainTextResponse("simulated server error", status_code=int(rule.arg or 503))
        if rule.kind == "throttle":
            seconds = int(rule.arg if rule.arg is not None else 1)
            return PlainTextResponse("too many requests", 429, headers={"Retry-After": str(seconds)})
        if rule.kind == "hang":
            await asyncio.sleep(rule.arg if rule.arg is not None else 3600.0)
            return PlainTextResponse("gateway timeout", status_code=504)
        return self.render_code(path, int(rule.arg or 0))

    async def _spoil(self, kind: str, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle the request for real, then send back a damaged copy of the response."""
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, capture)
        start = next(m for m in messages if m["type"] == "http.response.start")
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        half = body[: max(1, len(body) // 2)]
        if kind == "malformed":
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(half)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": half})
            return
        await send(start)
        await send({"type": "http.response.body", "body": half, "more_body": True})
        raise DroppedConnection(f"simulated connection drop on {scope.get('path')}")

