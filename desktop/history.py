"""VBot call history as the History tab and its export read it: filters, pages with their total, readable rows.

Why not the client's ``history()`` as is: browsing shows one page at a time with the total from ``countAll``, and
VBot's history has no outcome (disposition) filter. With an outcome chosen, the matching calls are read once per
search and paged here, and the total is theirs, not ``countAll``'s.
"""

from __future__ import annotations

import math
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl

from desktop.bulk_download import CallRecording
from desktop.contacts.progress import CancelToken, ProgressCallback, Stage, Ticker
from desktop.providers.vbot.client import HistoryItem, VBotClient

#: VBot history dispositions (providers.md §2.5), in the order the filter lists them.
DISPOSITIONS = ("answer", "noanswer", "busy", "cancel", "congestion", "chanunavail", "misscall", "dontcall",
                "torture", "invalidargs", "someoneanswered", "logout", "botivr", "more")
#: Page size used to read every matching call (export, outcome filter, bulk download).
READ_ALL_PAGE = 100
_DATE_FORMAT = "%m/%d/%Y %H:%M:%S"  # "02/27/2026 14:33:47", the account's local time [EX]
_DIRECTIONS = {"callout": "out", "2": "out", "callin": "in", "1": "in", "3": "missed", "misscall": "missed"}


@dataclass(frozen=True)
class HistoryFilter:
    phone: str | None = None
    start: float | None = None  # epoch seconds
    end: float | None = None
    disposition: str | None = None  # one of DISPOSITIONS; filtered here (VBot has no such filter)

    def query(self) -> dict[str, Any]:
        return {"phone": self.phone or None, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class HistoryCall:
    """One history row, with the fields a supervisor reads; ``item`` keeps everything VBot sent."""

    time: datetime | None  # the account's local time, as VBot shows it
    direction: str  # "out", "in", "missed", or VBot's raw type_call
    caller: str
    callee: str
    disposition: str  # VBot's word, lower case
    talk_seconds: float | None
    cost: float | None
    hotline: str
    trans_id: str
    recording_ref: str | None  # the record_file URL; None when VBot lists no recording
    item: HistoryItem

    @classmethod
    def from_item(cls, item: HistoryItem) -> HistoryCall:
        caller = (item.caller or [None])[0]
        callee = (item.callee or [None])[0]
        raw = item.raw if isinstance(item.raw, dict) else {}
        type_call = str(item.type_call or "").strip()
        return cls(
            time=_parse_time(item.date_create),
            direction=_DIRECTIONS.get(type_call.lower(), type_call),
            caller=(caller.phone if caller else None) or "",
            callee=(callee.phone if callee else None) or "",
            disposition=(item.disposition or "").lower(),
            talk_seconds=_number(item.time_call) if item.time_call not in (None, "") else _number(item.duration_call),
            cost=_number(callee.postage) if callee else None,
            hotline=item.hotline_number or "",
            # The documents list no trans_id on history items; the simulator and group_id carry it.
            trans_id=str(raw.get("trans_id") or item.group_id or ""),
            recording_ref=next((url for url in item.record_file or [] if url), None),
            item=item,
        )

    @property
    def phone(self) -> str:
        """The customer's number: the callee of an outgoing call, the caller otherwise."""
        return self.callee if self.direction == "out" else self.caller

    def recording(self) -> CallRecording:
        return CallRecording(self.phone, self.time, self.trans_id, self.recording_ref)


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

    async def page(self, client: VBotClient, page: int, size: int) -> HistoryPage:
        """Page ``page`` (from 1) with the total: VBot's ``countAll``, or the matching calls' count."""
        if self.filters.disposition:
            matching = await self.all(client)
            return HistoryPage(matching[(page - 1) * size: page * size], len(matching), page, size)
        total = await client.history_count(**self.filters.query())
        items = await client.history_page(page, size, **self.filters.query())
        return HistoryPage([HistoryCall.from_item(i) for i in items], total, page, size)

    async def all(
        self, client: VBotClient, on_progress: Callable[[int, int], None] | None = None
    ) -> list[HistoryCall]:
        """Every matching call, newest first as VBot lists them; ``on_progress(read, total)`` after each page."""
        if self._matching is not None:
            return self._matching
        total = await client.history_count(**self.filters.query())
        calls: list[HistoryCall] = []
        for page in range(1, math.ceil(total / READ_ALL_PAGE) + 2):
            items = await client.history_page(page, READ_ALL_PAGE, **self.filters.query())
            calls += [HistoryCall.from_item(i) for i in items]
            if on_progress:
                on_progress(len(calls), total)
            if len(items) < READ_ALL_PAGE:
                break
        wanted = self.filters.disposition
        self._matching = [c for c in calls if not wanted or c.disposition == wanted]
        return self._matching


def write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    total: int,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> None:
    """Write an export workbook (runs on a worker thread). openpyxl's write-only mode streams rows to disk, and the
    file is written beside ``path`` and renamed at the end, so a cancelled export never leaves half a workbook."""
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=Path(path).parent)
    os.close(handle)
    ticker = Ticker(Stage.WRITING, total, progress, cancel, every=256)
    try:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("History")
        sheet.append(list(header))
        try:
            for count, row in enumerate(rows):
                ticker.tick(count)
                sheet.append(list(row))
            ticker.finish()
        except BaseException:
            sheet.close()  # ends openpyxl's row stream
            raise
        workbook.save(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _parse_time(text: str | None) -> datetime | None:
    try:
        return datetime.strptime(text or "", _DATE_FORMAT)
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None
