"""Calls that behave like calls: a simulated clock, outcome plans, and line capacity.

A call's whole future is decided when it is placed (its outcome, ring and talk durations, cost), from one
seeded random stream, so the same requests in the same order give the same calls. Its state is never
stored as it changes: it is computed from the clock whenever someone reads it. That is what lets the
simulator run under ``httpx.ASGITransport`` with no background task, and lets tests move time forward with
``Simulator.advance`` instead of sleeping.
"""

from __future__ import annotations

import heapq
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class SimClock:
    """Simulated epoch seconds: wall time scaled by ``speed``, plus whatever ``advance`` added.

    A manual clock ignores wall time entirely.
    """

    def __init__(self, speed: float = 1.0, start: float | None = None, manual: bool = False) -> None:
        self.speed = speed
        self.manual = manual
        self._start = time.time() if start is None else start
        self._real_start = time.monotonic()
        self._offset = 0.0

    def now(self) -> float:
        running = 0.0 if self.manual else (time.monotonic() - self._real_start) * self.speed
        return self._start + running + self._offset

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("the simulated clock does not go backwards")
        self._offset += seconds


class Outcome(StrEnum):
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    REJECTED = "rejected"  # invalid number, do-not-call, unsupported carrier
    FAILED = "failed"  # provider or system error, balance


class Phase(StrEnum):
    QUEUED = "queued"
    RINGING = "ringing"
    IN_CALL = "in_call"
    ENDED = "ended"


@dataclass(eq=False)
class Call:
    """One dial attempt. ``start_at`` is None while the call waits for its turn (a task not running yet)."""

    call_id: str
    provider: str
    phone: str
    placed_at: float
    outcome: Outcome
    ring_seconds: float
    talk_seconds: float
    cost_per_minute: float
    start_at: float | None = None
    record: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def answer_at(self) -> float | None:
        if self.outcome is not Outcome.ANSWERED or self.start_at is None:
            return None
        return self.start_at + self.ring_seconds

    @property
    def end_at(self) -> float | None:
        if self.start_at is None:
            return None
        return self.start_at + self.ring_seconds + self.talk_seconds

    @property
    def billsec(self) -> int:
        """Whole answered seconds, as carriers bill them."""
        return math.ceil(self.talk_seconds) if self.outcome is Outcome.ANSWERED else 0

    @property
    def duration(self) -> int:
        """Whole seconds from dialling to hang-up."""
        return math.ceil(self.ring_seconds + self.talk_seconds)

    @property
    def cost(self) -> float:
        return round(self.cost_per_minute * self.billsec / 60.0, 4)

    @property
    def has_recording(self) -> bool:
        return self.record and self.billsec > 0

    def phase(self, now: float) -> Phase:
        if self.start_at is None or now < self.start_at:
            return Phase.QUEUED
        if now < self.start_at + self.ring_seconds:
            return Phase.RINGING
        if now < self.start_at + self.ring_seconds + self.talk_seconds:
            return Phase.IN_CALL
        return Phase.ENDED

    def ended(self, now: float) -> bool:
        return self.phase(now) is Phase.ENDED


class CallPlanner:
    """Draws each call's fate from one seeded stream, in the order calls are placed."""

    def __init__(self, seed: int, outcome_mix: dict[str, float], cost_per_minute: dict[str, float]) -> None:
        unknown = set(outcome_mix) - {o.value for o in Outcome}
        if unknown:
            raise ValueError(f"unknown outcomes in the mix: {sorted(unknown)}")
        self.rng = random.Random(seed)
        self._outcomes = [Outcome(name) for name in outcome_mix]
        self._weights = list(outcome_mix.values())
        self._cost_per_minute = cost_per_minute
        self._count = 0

    def plan(
        self,
        provider: str,
        phone: str,
        placed_at: float,
        *,
        max_ring: float = 30.0,
        max_talk: float | None = None,
        outcome: Outcome | None = None,
    ) -> Call:
        """A new call with its outcome and durations drawn; ``outcome`` forces one (an invalid number)."""
        self._count += 1
        rng = self.rng
        drawn = rng.choices(self._outcomes, self._weights)[0]
        outcome = outcome or drawn
        talk = 0.0
        if outcome is Outcome.ANSWERED:
            ring = rng.uniform(3.0, min(15.0, max_ring))
            # Calls cluster around 40 s with a long tail, clipped to what a robocall plausibly lasts.
            talk = min(max(rng.lognormvariate(math.log(40.0), 0.5), 5.0), 300.0)
            if max_talk is not None and max_talk > 0:
                talk = min(talk, max_talk)
        elif outcome is Outcome.NO_ANSWER:
            ring = max_ring
        elif outcome is Outcome.BUSY:
            ring = rng.uniform(1.0, 4.0)
        else:
            ring = rng.uniform(0.5, 3.0)
        return Call(
            call_id=f"{provider[:2]}{self._count:08d}{rng.getrandbits(24):06x}",
            provider=provider,
            phone=phone,
            placed_at=placed_at,
            outcome=outcome,
            ring_seconds=round(ring, 3),
            talk_seconds=round(talk, 3),
            cost_per_minute=self._cost_per_minute.get(provider, 0.0),
        )


class Dialler:
    """A pool of ``capacity`` lines: each call starts when a line is free and holds it until it ends.

    Calls are given start times as they are queued, in order, which is how every provider describes its
    queue. ``release`` frees lines held by calls that will not start after all (a paused task, a stopped
    order); calls already queued behind them keep their times.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        self._free_at: list[float] = [0.0] * self.capacity
        self._calls: list[Call] = []

    def schedule(self, call: Call, not_before: float, align: Callable[[float], float] | None = None) -> float:
        """Give ``call`` the first free line at or after ``not_before``; ``align`` moves a start time to the
        next moment calls are allowed (a calling window)."""
        free = heapq.heappop(self._free_at)
        start = max(free, not_before)
        call.start_at = align(start) if align else start
        heapq.heappush(self._free_at, call.end_at)
        self._calls.append(call)
        return call.start_at

    def release(self, moment: float, which: Callable[[Call], bool] = lambda call: True) -> list[Call]:
        """Unschedule the calls matching ``which`` that had not started by ``moment``; return them."""
        dropped = [c for c in self._calls if c.start_at is not None and c.start_at > moment and which(c)]
        if not dropped:
            return []
        gone = {id(c) for c in dropped}
        for call in dropped:
            call.start_at = None
        self._calls = [c for c in self._calls if id(c) not in gone]
        ends = sorted((c.end_at for c in self._calls), reverse=True)[: self.capacity]
        self._free_at = ends + [0.0] * (self.capacity - len(ends))
        heapq.heapify(self._free_at)
        return dropped
