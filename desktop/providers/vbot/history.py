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
    type_call = str(item.type_call or "").strip()
    return HistoryCall(
        time=_parse_time(item.date_create),
        direction=_DIRECTIONS.get(type_call.lower(), type_call),
        caller=(caller.phone if caller else None) or "",
        callee=(callee.phone if callee else None) or "",
        disposition=(item.disposition or "").lower(),
        talk_seconds=talk_seconds(item),
        cost=_number(callee.postage) if callee else None,
        hotline=item.hotline_number or "",
        trans_id=history_trans_id(item),
        recording_ref=history_recording(item),
        item=item,
    )


def talk_seconds(item: HistoryItem) -> float | None:
    """Talk time (seed 003 ``time_call``); ``duration_call`` is ringing plus talking, so it is never used here."""
    return _number(item.time_call)


def history_trans_id(item: HistoryItem) -> str:
    """The call's trans_id when the item names one; seed 003's items name none, and no other ID (``group_id``
    is a different one) stands in for it."""
    raw = item.raw if isinstance(item.raw, dict) else {}
    return str(raw.get("trans_id") or "")


def history_recording(item: HistoryItem) -> str | None:
    """The recording reference, as ``record_file`` gives it: a trans_id or a URL (the client fetches either with
    the account's credentials, and a URL on another host without them)."""
    return next((ref for ref in item.record_file or [] if ref), None)


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
