"""How the window writes numbers, money, dates, times, weekdays and contact cells, and how it orders names: one
place for the whole ui/, following the chosen language (``QLocale()``, set as the default at start).

Dates are always day first (``dd/MM/yyyy``, the way Vietnamese offices write them, in both languages) and times are
24-hour; stored times are UTC and are shown in the computer's time zone. Phone numbers are shown through
:func:`desktop.phones.display_phone` and cells of the contact's file through :func:`desktop.phones.cell_text`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCollator, QLocale

DATE = "%d/%m/%Y"
TIME = "%H:%M:%S"
SHORT_TIME = "%H:%M"
DONG = "₫"

Moment = dt.datetime | str | float | int


def number(value: float, decimals: int = 0) -> str:
    """``value`` with the language's digit grouping and decimal mark: 2.974 / 2,974 (``decimals`` after the mark)."""
    if decimals == 0:
        return QLocale().toString(round(value))
    return QLocale().toString(float(value), "f", decimals)


def parse_number(text: str) -> float | None:
    """A number as the person typed it, in the language's style or the other one where that is unambiguous: "1,5"
    and "1.5" are both 1.5 in Vietnamese (where "1.500" is 1500); None when it is not a number."""
    text = text.strip()
    for candidate, style in ((text, QLocale()), (text, QLocale.c())):
        value, ok = style.toDouble(candidate)
        if ok:
            return value
    if text.count(",") == 1 and "." not in text:  # "1,5" in English: a decimal comma, since it groups nothing
        value, ok = QLocale.c().toDouble(text.replace(",", "."))
        if ok:
            return value
    return None


def number_text(value: float) -> str:
    """``value`` as a person types it in the language, without grouping or trailing zeros: 1,5 / 1.5, 24."""
    style = QLocale()
    style.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
    return style.toString(float(value), "g", 12)


def money(amount: float | None) -> str:
    """An amount in đồng, rounded to whole đồng (the currency has no smaller unit): 1.350 ₫ / ₫1,350; — if None."""
    return "—" if amount is None else QLocale().toCurrencyString(float(round(amount)), DONG, 0)


def local(moment: Moment, zone: dt.tzinfo | None = None) -> dt.datetime:
    """``moment`` in ``zone`` (the computer's zone when None): numbers are seconds since the epoch, ISO text without
    an offset is UTC (how the store writes it), and a naive datetime is a wall-clock time already (a provider's
    local time) and is shown as it is."""
    if isinstance(moment, (int, float)):
        return dt.datetime.fromtimestamp(moment, dt.UTC).astimezone(zone)
    if isinstance(moment, str):
        when = dt.datetime.fromisoformat(moment.strip())
        return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).astimezone(zone)
    return moment.astimezone(zone) if moment.tzinfo else moment


def date(moment: Moment, zone: dt.tzinfo | None = None) -> str:
    """The day of ``moment``: 01/12/2026."""
    return local(moment, zone).strftime(DATE)


def time(moment: Moment, zone: dt.tzinfo | None = None, seconds: bool = True) -> str:
    """The time of day of ``moment``, 24-hour: 09:58:03 (09:58 without ``seconds``)."""
    return local(moment, zone).strftime(TIME if seconds else SHORT_TIME)


def date_time(moment: Moment, zone: dt.tzinfo | None = None, seconds: bool = False) -> str:
    """Day and time of ``moment``: 01/12/2026 09:58 (with ``:03`` when ``seconds``)."""
    return f"{date(moment, zone)} {time(moment, zone, seconds)}"


def weekday(day: int, short: bool = True) -> str:
    """The language's name of ``day`` (1 = Monday … 7 = Sunday): "Th 2" / "Mon", or in full "Thứ Hai" / "Monday"."""
    kind = QLocale.FormatType.ShortFormat if short else QLocale.FormatType.LongFormat
    return QLocale().dayName(day, kind)


def collator() -> QCollator:
    """Names compared the language's way (Á after A, Đ after D, not after Z); digits compared as numbers. The C
    locale (no language chosen) compares code points only, so Vietnamese rules stand in for it."""
    language = QLocale()
    if language.language() == QLocale.Language.C:
        language = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
    result = QCollator(language)
    result.setNumericMode(True)
    return result


def name_key(text: str) -> Any:
    """A sort key ordering ``text`` as :func:`collator` does, for ``sorted()`` and table sort keys."""
    return collator().sortKey(text)


def name_ranks(texts: Iterable[str]) -> dict[str, int]:
    """Each distinct text's place in :func:`collator`'s order (texts it calls equal share a place): a plain int key,
    so a table of 100,000 rows sorts by name in one ``sorted()`` with ties broken by another key."""
    order = collator()
    distinct = list(set(texts))
    keys = [order.sortKey(text) for text in distinct]
    ranks: dict[str, int] = {}
    rank, previous = 0, None
    for position in sorted(range(len(distinct)), key=keys.__getitem__):
        if previous is not None and keys[previous].compare(keys[position]) != 0:
            rank += 1
        ranks[distinct[position]] = rank
        previous = position
    return ranks
