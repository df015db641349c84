"""Outgoing webhooks and callbacks: queued when an event happens in simulated time, POSTed when flushed.

When the simulator is served, a background task flushes every tick; under ``httpx.ASGITransport`` nothing
runs in the background, so tests call ``Simulator.deliver_webhooks()`` and get back what was sent.
Retries and the expected reply are [UNDOC] for both providers: a non-2xx reply or a transport error is
retried on later flushes, ``max_attempts`` times in all, 5 simulated seconds apart.
"""

from __future__ import annotations

import heapq
import itertools
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

log = logging.getLogger(__name__)

RETRY_GAP = 5.0

Signer = Callable[[bytes], dict[str, str]]


@dataclass
class Delivery:
    kind: str  # e.g. "vbot:AUTO_CALL_LOG", "nxcloud:call"
    url: str
    body: bytes
    due_at: float
    headers: dict[str, str] = field(default_factory=dict)
    signer: Signer | None = None
    attempts: int = 0
    status: int | None = None
    error: str | None = None

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Outbox:
    def __init__(self, max_attempts: int = 3) -> None:
        self.max_attempts = max_attempts
        self._queue: list[tuple[float, int, Delivery]] = []
        self._order = itertools.count()
        self._lock = threading.Lock()
        self.finished: list[Delivery] = []  # delivered, or given up on

    def post(
        self,
        kind: str,
        url: str,
        payload: dict,
        due_at: float,
        headers: dict[str, str] | None = None,
        signer: Signer | None = None,
    ) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        delivery = Delivery(kind, url, body, due_at, dict(headers or {}), signer)
        with self._lock:
            heapq.heappush(self._queue, (due_at, next(self._order), delivery))

    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def _take_due(self, now: float) -> list[Delivery]:
        with self._lock:
            due = []
            while self._queue and self._queue[0][0] <= now:
                due.append(heapq.heappop(self._queue)[2])
            return due

    async def deliver(self, now: float, client: httpx.AsyncClient) -> list[Delivery]:
        """POST everything due by ``now``, in event order; return the attempts made."""
        attempted = self._take_due(now)
        for delivery in attempted:
            headers = {"Content-Type": "application/json", **delivery.headers}
            if delivery.signer:
                headers.update(delivery.signer(delivery.body))
            delivery.attempts += 1
            try:
                reply = await client.post(delivery.url, content=delivery.body, headers=headers)
                delivery.status, delivery.error = reply.status_code, None
            except httpx.HTTPError as exc:
                delivery.status, delivery.error = None, f"{type(exc).__name__}: {exc}"
            if delivery.delivered or delivery.attempts >= self.max_attempts:
                if not delivery.delivered:
                    log.warning("giving up on %s to %s: %s", delivery.kind, delivery.url,
                                delivery.error or delivery.status)
                with self._lock:
                    self.finished.append(delivery)
            else:
                delivery.due_at = now + RETRY_GAP
                with self._lock:
                    heapq.heappush(self._queue, (delivery.due_at, next(self._order), delivery))
        return attempted
