"""An account's call history (the CallHistory capability) as the History tab and its export read it: filters,
pages with their total, and the outcome filter the provider lacks (matching calls are read once per search and
paged here, and the total is theirs).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.providers.base import CallHistory, HistoryCall

#: Page size used to read every matching call (export, outcome filter, bulk download).
READ_ALL_PAGE = 100


@dataclass(frozen=True)
class HistoryFilter:
    phone: str | None = None
    start: float | None = None  # epoch seconds
    end: float | None = None
    # The provider's outcome words to keep (those of one meaning in its outcome_words); filtered here, as VBot
    # has no such filter. Empty: every call.
    dispositions: tuple[str, ...] = ()

    def query(self) -> dict[str, Any]:
        return {"phone": self.phone or None, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class HistoryPage:
    calls: list[HistoryCall]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.size))


class HistoryQuery:
    """One search: its filters, and (with an outcome filter) the matching calls, read once for every page."""

    def __init__(self, filters: HistoryFilter) -> None:
        self.filters = filters
        self._matching: list[HistoryCall] | None = None

    async def page(self, client: CallHistory, page: int, size: int) -> HistoryPage:
        """Page ``page`` (from 1) with the total: VBot's ``countAll``, or the matching calls' count."""
        if self.filters.dispositions:
            matching = await self.all(client)
            return HistoryPage(matching[(page - 1) * size: page * size], len(matching), page, size)
        total = await client.history_count(**self.filters.query())
        return HistoryPage(await client.history_calls(page, size, **self.filters.query()), total, page, size)

    async def all(
        self, client: CallHistory, on_progress: Callable[[int, int], None] | None = None
    ) -> list[HistoryCall]:
        """Every matching call, newest first as VBot lists them; ``on_progress(read, total)`` after each page."""
        if self._matching is not None:
            return self._matching
        total = await client.history_count(**self.filters.query())
        calls: list[HistoryCall] = []
        for page in range(1, math.ceil(total / READ_ALL_PAGE) + 2):
            found = await client.history_calls(page, READ_ALL_PAGE, **self.filters.query())
            calls += found
            if on_progress:
                on_progress(len(calls), total)
            if len(found) < READ_ALL_PAGE:
                break
        wanted = self.filters.dispositions
        self._matching = [c for c in calls if not wanted or c.disposition in wanted]
        return self._matching

