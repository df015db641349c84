"""Vietnamese alphabetical order and case-free search text for names kept in the store.

:func:`sort_key` is plain ASCII (digits and lower-case letters) compared character by character, so SQLite and
PostgreSQL order it alike whatever the database's collation: letters first in the Vietnamese alphabet (a ă â b c d
đ e ê … o ô ơ … u ư …, digits as numbers: 2 before 10), then tones (none, huyền, hỏi, ngã, sắc, nặng) when the
letters are the same; case does not count: the order of the window's Qt collator (ui/formats.py) for names.
"""

from __future__ import annotations

import itertools
import unicodedata

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_ALPHABET = ("a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "ô",
             "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z")
#: Vowel marks that make another letter of the alphabet (breve, circumflex, horn), NFD's combining characters.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")
#: Tone marks in the dictionary's order: huyền, hỏi, ngã, sắc, nặng (no mark: 0).
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_END, _SPACE, _NUMBER, _OTHER = "00", "01", "02", "zz"


def _code(number: int) -> str:
    return _DIGITS[number // 36] + _DIGITS[number % 36]


_CODES = {letter: _code(3 + i) for i, letter in enumerate(_ALPHABET)}


def _number(digits: str) -> str:
    """A run of digits ordered by its value: its length (without leading zeros) before its digits."""
    digits = digits.lstrip("0") or "0"
    return _NUMBER + _code(min(len(digits), 36 * 36 - 1)) + "".join(_code(int(d)) for d in digits)


def sort_key(text: str | None) -> str:
    """``text``'s place in Vietnamese alphabetical order, as ASCII that sorts the same on either engine ("" for
    no text: the store shows empty names last)."""
    letters: list[str] = []
    tones: list[str] = []
    for char in unicodedata.normalize("NFD", (text or "").strip().casefold()):
        if unicodedata.combining(char):
            if char in _LETTER_MARKS and letters:
                letters[-1] += char
            elif char in _TONES and tones:
                tones[-1] = _TONES[char]
            continue
        letters.append(char)
        tones.append("0")
    primary = "".join(
        _number("".join(run)) if is_digit else "".join(_letter(letter) for letter in run)
        for is_digit, run in itertools.groupby(letters, key=lambda letter: letter in "0123456789"))
    return primary + _END + "".join(tones) if letters else ""


def _letter(letter: str) -> str:
    return _CODES.get(unicodedata.normalize("NFC", letter), _SPACE if not letter.isalnum() else _OTHER)


def search_text(*texts: str | None) -> str:
    """What Quick find looks in: ``texts`` in one case (accented capitals too), one line each."""
    return "\n".join(unicodedata.normalize("NFC", text or "").casefold() for text in texts)
