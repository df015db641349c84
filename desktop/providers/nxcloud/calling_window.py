"""When a campaign may dial: weekdays × half-hour slots in one time zone, and NXCLOUD's encoding of it.

NXCLOUD describes a calling window with three comma lists and a UTC offset:
``dialAtWeekDay`` (1 = Monday … 7), ``dialAtUpHour`` (hour h allows h:00–h:30), ``dialAtDownHour`` (hour h
allows h:30–h+1:00) and ``zoneSecond``. So a window is a set of weekdays times a set of half-hour slots of the day
(slot 2h = h:00–h:30, slot 2h+1 = h:30–h+1:00) — the grid the campaign form edits. We keep the zone as an IANA
name, not an offset, so "is it open now" is right across daylight-saving changes; ``zoneSecond`` is the zone's
offset at the moment the task is created (NXCLOUD has no notion of DST).

Pure functions of their arguments: the clock is always passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

DEFAULT_ZONE = "Asia/Ho_Chi_Minh"
SLOTS_PER_DAY = 48
ALL_DAYS = frozenset(range(1, 8))
ALL_SLOTS = frozenset(range(SLOTS_PER_DAY))
#: Office hours, 08:00–11:30 and 13:00–17:00: the form's starting point.
OFFICE_SLOTS = frozenset(range(16, 23)) | frozenset(range(26, 34))


def slot_label(slot: int) -> str:
    """``"08:30–09:00"`` for slot 17: what the grid's column header shows."""
    start = slot * 30
    end = start + 30
    return f"{start // 60:02d}:{start % 60:02d}–{end // 60 % 24:02d}:{end % 60:02d}"


@dataclass(frozen=True)
class CallingWindow:
    weekdays: frozenset[int] = ALL_DAYS  # 1 = Monday … 7 = Sunday (ISO, as NXCLOUD numbers them)
    slots: frozenset[int] = OFFICE_SLOTS  # half-hour slots of the day, 0 = 00:00–00:30 … 47 = 23:30–24:00
    zone: str = DEFAULT_ZONE  # IANA name
    _tz: ZoneInfo = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "weekdays", frozenset(self.weekdays))
        object.__setattr__(self, "slots", frozenset(self.slots))
        if not self.weekdays <= ALL_DAYS:
            raise ValueError(f"weekdays must be 1..7, got {sorted(self.weekdays - ALL_DAYS)}")
        if not self.slots <= ALL_SLOTS:
            raise ValueError(f"slots must be 0..47, got {sorted(self.slots - ALL_SLOTS)}")
        object.__setattr__(self, "_tz", ZoneInfo(self.zone))  # raises ZoneInfoNotFoundError for a bad name

    @property
    def empty(self) -> bool:
        return not self.weekdays or not self.slots

    # -- NXCLOUD fields -------------------------------------------------------------------------------------
    def zone_second(self, at: datetime) -> int:
        """The zone's UTC offset in seconds at ``at`` (UTC+7 = 25200)."""
        offset = _aware(at).astimezone(self._tz).utcoffset()
        return int(offset.total_seconds()) if offset else 0

    def to_nx(self, at: datetime) -> dict[str, Any]:
        """``dialAtWeekDay``/``dialAtUpHour``/``dialAtDownHour``/``zoneSecond`` for a task created at ``at``."""
        return {
            "dialAtWeekDay": _csv(self.weekdays),
            "dialAtUpHour": _csv(s // 2 for s in self.slots if s % 2 == 0),
            "dialAtDownHour": _csv(s // 2 for s in self.slots if s % 2 == 1),
            "zoneSecond": self.zone_second(at),
        }

    # -- questions the preflight asks -----------------------------------------------------------------------
    def is_open(self, at: datetime) -> bool:
        local = _aware(at).astimezone(self._tz)
        return local.isoweekday() in self.weekdays and (local.hour * 2 + local.minute // 30) in self.slots

    def next_opening(self, at: datetime) -> datetime | None:
        """``at`` itself when open, else the start of the next open slot (aware, in the window's zone); None when
        the window never opens. Walks local half-hours for up to 8 days, so DST gaps and repeats are honoured."""
        if self.empty:
            return None
        local = _aware(at).astimezone(self._tz)
        if self.is_open(local):
            return local
        start = local.replace(minute=30 if local.minute >= 30 else 0, second=0, microsecond=0)
        for step in range(1, 8 * SLOTS_PER_DAY + 1):
            # Step in UTC and convert back, so a skipped local hour is skipped and a repeated one visited once.
            candidate = (start.astimezone(timezone.utc) + timedelta(minutes=30 * step)).astimezone(self._tz)
            if candidate.minute in (0, 30) and self.is_open(candidate):
                return candidate
        return None

    # -- JSON (campaigns.settings) ---------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"weekdays": sorted(self.weekdays), "slots": sorted(self.slots), "zone": self.zone}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CallingWindow:
        return cls(frozenset(data.get("weekdays", ALL_DAYS)), frozenset(data.get("slots", OFFICE_SLOTS)),
                   data.get("zone") or DEFAULT_ZONE)


def _aware(at: datetime) -> datetime:
    """Naive datetimes are taken as UTC (the engine never makes local naive times)."""
    return at if at.tzinfo else at.replace(tzinfo=timezone.utc)


def _csv(values: Iterable[int]) -> str:
    return ",".join(str(v) for v in sorted(set(values)))
