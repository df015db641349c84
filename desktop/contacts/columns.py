"""Which column holds the phone and which the name, from headers written in Vietnamese or English.

Headers are compared *folded*: diacritics removed (đ → d), lower case, punctuation and underscores as spaces,
so "Số điện thoại", "SO DIEN THOAI", "so_dien_thoai" and "Số Điện Thoại:" are one name. The same folding lets
template fields match columns (``cfkey`` ``so_tien_no`` ↔ header "Số tiền nợ").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def fold(text: object) -> str:
    """Header text reduced for comparison: no diacritics, lower case, single spaces between words."""
    decomposed = unicodedata.normalize("NFD", str(text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.lower()).strip()


# Folded header names, best first. Exact matches beat prefix matches ("SĐT khách" still reads as a phone).
PHONE_HEADERS: tuple[str, ...] = (
    "so dien thoai", "sdt", "dien thoai", "so dt", "dt", "dtdd", "so di dong", "di dong", "so may",
    "phone", "phone number", "mobile", "mobile phone", "mobile number", "cell", "cell phone", "telephone",
    "tel", "msisdn", "contact number", "so lien he", "sdt khach hang", "so dien thoai khach hang",
)
NAME_HEADERS: tuple[str, ...] = (
    "ho va ten", "ho ten", "ten khach hang", "ho ten khach hang", "ten kh", "ten", "khach hang",
    "name", "full name", "fullname", "customer name", "customer", "contact name", "ten lien he",
)


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """The file's phone column and optional name column, by header name as shown to the user."""

    phone: str
    name: str | None = None


def _rank(header: str, aliases: Sequence[str]) -> int | None:
    """0 for an exact alias, 1 + position for a header that starts with an alias word, else None."""
    folded = fold(header)
    if not folded:
        return None
    if folded in aliases:
        return 0
    for position, alias in enumerate(aliases):
        if folded.startswith(alias + " "):
            return 1 + position
    return None


def find_column(headers: Sequence[str], aliases: Sequence[str], exclude: str | None = None) -> str | None:
    """The best-matching header for a kind of column; on a tie, the leftmost."""
    ranked = [(rank, i, h) for i, h in enumerate(headers) if h != exclude and (rank := _rank(h, aliases)) is not None]
    return min(ranked)[2] if ranked else None


def is_known_header(text: object) -> bool:
    """Whether a cell reads like a phone or name header (used to find the header row under title rows)."""
    return isinstance(text, str) and (
        _rank(text, PHONE_HEADERS) is not None or _rank(text, NAME_HEADERS) is not None
    )


def detect_mapping(headers: Sequence[str], phone_guess: str | None = None) -> ColumnMapping | None:
    """The mapping read from the headers; ``phone_guess`` (a column whose values look like phones) is used when
    no header names a phone. ``None`` when there is no phone column at all: the user has to pick one."""
    phone = find_column(headers, PHONE_HEADERS) or phone_guess
    if phone is None:
        return None
    return ColumnMapping(phone=phone, name=find_column(headers, NAME_HEADERS, exclude=phone))
