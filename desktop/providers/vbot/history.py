"""VBot's call history rows (seed 003) as neutral :class:`HistoryCall` rows."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from desktop.providers.base import HistoryCall
from desktop.providers.vbot.wire import HistoryItem

_DATE_FORMAT = "%m/%d/%Y %H:%M:%S"  # "02/27/2026 14:33:47", the account's local time
VBOT_ZONE = timezone(timedelta(hours=7))  # VBot writes times in Vietnam's local time (no daylight saving)
_DIRECTIONS = {"callout": "out", "2": "out", "callin": "in", "1": "in", "3": "missed", "misscall": "missed"}


def history_call(item: HistoryItem) -> HistoryCall:
    caller = (item.caller or [None])[0]
    callee = (item.callee or [None])[0]
    raw = item.raw if isinstance(item.raw, dict) else {}
    type_call = str(item.type_call or "").strip()
    return HistoryCall(
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


def parse_vbot_time(text: str | None) -> float | None:
    """A history time ("MM/dd/yyyy HH:mm:ss", VBot's local time) as epoch seconds; None when unreadable."""
    parsed = _parse_time(text)
    return None if parsed is None else parsed.replace(tzinfo=VBOT_ZONE).timestamp()
