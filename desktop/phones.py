"""Phone numbers for the whole house: the answers of ``phonenumbers``, at a fraction of its cost.

Almost every cell in a Vietnamese contact list is one of a few shapes (``0912345678``, ``912345678`` after Excel
dropped the zero, ``84912345678``, ``+84 91 234 56 78``), so :class:`PhoneNormalizer` re-walks the library's own
parsing steps for those shapes, with the patterns and lengths read from the library's metadata for the region, and
hands everything else to ``phonenumbers`` itself; both paths must give the same validity and E.164 form.

On top of those answers this module adds what ``phonenumbers`` does not say: *why* a number is refused
(an obsolete 11-digit Vietnamese mobile is named as such), how Excel's numeric cells become text, how one cell
holding several numbers is split, and the E.164 form a provider dials from (:func:`to_e164`; each provider's own
form is its SPEC's ``dial``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any, NamedTuple

import phonenumbers
from phonenumbers import PhoneMetadata

from desktop.i18n import N_, _


class PhoneResult(NamedTuple):
    """One number's verdict: ``e164`` is set exactly when the number is valid; ``reason`` says why not (a tuple:
    a list of 100,000 rows builds one per row)."""

    e164: str | None
    reason: str = ""

    @property
    def valid(self) -> bool:
        return self.e164 is not None


# Reasons shown to the operator, one per refusal kind (the report filters and the rejects file carry them).
REASON_EMPTY = N_("no phone number")
REASON_NOT_A_NUMBER = N_("not a phone number")
REASON_OBSOLETE_MOBILE = N_("obsolete 11-digit mobile number")
REASON_TOO_SHORT = N_("too few digits for a phone number")
REASON_TOO_LONG = N_("too many digits for a phone number")
REASON_INVALID = N_("not a valid phone number")
REASON_UNKNOWN_COUNTRY = N_("unknown country code")
REASON_EXCEL_ROUNDED = N_("Excel shortened this number (as 9,83457E+08) and its last digits are lost: format the "
                          "column as Text in Excel and type the number again")

# A number Excel displayed, then saved, in its short scientific form: "9,83457E+08", "9.83457E+08".
_EXCEL_SHORT_FORM = re.compile(r"\d+(?:[.,]\d+)?E\+?\d+", re.IGNORECASE)

# Vietnam's 11-digit mobile ranges retired in the 2018 conversion (0162-0169 → 032-039, 0120-0129 → 07x/08x,
# 0186/0188 → 056/058, 0199 → 059). phonenumbers calls them invalid; we name the reason so the operator knows to
# ask the customer for the new 10-digit number instead of looking for a typo.
_OBSOLETE_VN_MOBILE = re.compile(r"1(?:2\d|6[2-9]|8[68]|99)\d{7}")

# Characters people put between digits; anything else (letters, '#', 'x', '/') goes to phonenumbers.
_SEPARATORS = str.maketrans("", "", " .-()\u00a0\t")
_ASCII_SEPARATORS = b" .-()\t"
# Separators between several numbers written in one cell. Spaces are not among them: they group digits.
_MULTI_SPLIT = re.compile(r"[,;/|\n\r]+|\s+(?:hoặc|hoac|or|và|va)\s+", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d{9,}")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")  # a dash with spaces around it: between numbers, not inside one
_WHOLE_NUMBER_DIGITS = 9  # the fewest digits of a Vietnamese number without its leading 0

_PARSE_REASONS = {
    phonenumbers.NumberParseException.TOO_SHORT_NSN: REASON_TOO_SHORT,
    phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: REASON_TOO_SHORT,
    phonenumbers.NumberParseException.TOO_LONG: REASON_TOO_LONG,
    phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: REASON_UNKNOWN_COUNTRY,
}
_POSSIBLE_REASONS = {
    phonenumbers.ValidationResult.TOO_SHORT: REASON_TOO_SHORT,
    phonenumbers.ValidationResult.TOO_LONG: REASON_TOO_LONG,
    phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: REASON_UNKNOWN_COUNTRY,
}

_NO_NUMBER = PhoneResult(None, REASON_EMPTY)
_MIN_NSN = 2  # phonenumbers' _MIN_LENGTH_FOR_NSN
_MAX_NSN = 17  # phonenumbers' _MAX_LENGTH_FOR_NSN


class _FastPath:
    """phonenumbers' parse → is_valid → E.164 steps for plain digit strings of one region.

    Each method mirrors the library function named in its docstring, restricted to the region's own metadata;
    :meth:`national` returns ``None`` to say "not mine, ask phonenumbers".
    """

    def __init__(self, metadata: Any) -> None:
        self.country_code = cc = str(metadata.country_code)
        general = metadata.general_desc
        self.general = re.compile(general.national_number_pattern)
        lengths = sorted(general.possible_length)
        local = set(general.possible_length_local_only or ())
        # _test_number_length(number, metadata) for the general description, by length; longer ones are 'long'.
        self.kinds = tuple(
            "local" if n in local else "short" if n < lengths[0] else "ok" if n in lengths else "invalid"
            for n in range(lengths[-1] + 1)
        )
        self.ok_lengths = frozenset(n for n, kind in enumerate(self.kinds) if kind == "ok")
        self.plus_code = "+" + cc
        self.national_prefix = re.compile(metadata.national_prefix_for_parsing or metadata.national_prefix)
        self.international_prefix = re.compile(metadata.international_prefix or "(?!)")
        # With a '+', the shortest known calling code wins: a shorter prefix of ours that is a code takes the number.
        self.shorter_code = any(int(cc[:n]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE for n in range(1, len(cc)))
        # is_valid_number = the general description matches and so does some number type. Both checks are folded
        # into one expression per length, holding only the types that allow that length.
        types = [
            desc
            for desc in (
                metadata.premium_rate, metadata.toll_free, metadata.shared_cost, metadata.voip,
                metadata.personal_number, metadata.pager, metadata.uan, metadata.voicemail,
                metadata.fixed_line, metadata.mobile,
            )
            if desc is not None and desc.national_number_pattern
        ]
        self.valid_by_length: dict[int, re.Pattern[str]] = {}
        for length in general.possible_length:
            allowed = [d.national_number_pattern for d in types if not d.possible_length or length in d.possible_length]
            if allowed:
                self.valid_by_length[length] = re.compile(
                    rf"(?=(?:{general.national_number_pattern})\Z)(?:{'|'.join(f'(?:{a})' for a in allowed)})"
                )

    @classmethod
    def for_region(cls, region: str) -> "_FastPath | None":
        """Only regions that own their calling code and whose national prefix is a plain strip."""
        metadata = PhoneMetadata.metadata_for_region(region.upper(), None)
        if metadata is None or metadata.national_prefix_transform_rule or not metadata.general_desc.possible_length:
            return None
        if len(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code, ())) != 1:
            return None  # a shared code (+1, +7, +44…): validity depends on which region the number belongs to
        prefix = metadata.national_prefix_for_parsing or metadata.national_prefix
        if not prefix or "(" in prefix:
            return None
        return cls(metadata)

    def _kind(self, number: str) -> str:
        """_test_number_length(number, metadata) for the general description: 'short', 'long', 'local',
        'invalid' or 'ok'."""
        return self.kinds[len(number)] if len(number) < len(self.kinds) else "long"

    def _strip_national_prefix(self, number: str) -> str:
        """_maybe_strip_national_prefix_carrier_code without transform rule or carrier code."""
        match = self.national_prefix.match(number)
        if not match:
            return number
        rest = number[match.end():]
        if self.general.fullmatch(number) and not self.general.fullmatch(rest):
            return number
        return rest

    def national(self, digits: str, plus: bool) -> str | bool | None:
        """The national significant number phonenumbers parses ASCII ``digits`` (after a '+' when ``plus``) to;
        ``False`` if it refuses to parse them, ``None`` if this shape is not handled here."""
        cc = self.country_code
        if plus:
            # _maybe_extract_country_code with a '+': the shortest known calling code wins; we take only ours.
            if len(digits) <= _MIN_NSN or not digits.startswith(cc) or self.shorter_code:
                return None
            candidate = digits[len(cc):]
        elif self.international_prefix.match(digits):
            return None
        elif digits.startswith(cc):
            # _maybe_extract_country_code without '+': strip our code when that reads better.
            stripped = self._strip_national_prefix(digits[len(cc):])
            better = self._kind(digits) == "long" or (
                not self.general.fullmatch(digits) and self.general.fullmatch(stripped))
            candidate = stripped if better else digits
        else:
            candidate = digits
        if len(candidate) < _MIN_NSN:
            return False
        potential = self._strip_national_prefix(candidate)
        if potential is not candidate and (len(potential) in self.ok_lengths or len(potential) >= len(self.kinds)):
            candidate = potential  # its _kind is 'ok' or 'long'
        if len(candidate) > _MAX_NSN:
            return False
        return None if candidate[:1] == "0" else candidate  # 'Italian leading zero' handling: the library's.

    def e164(self, digits: str, plus: bool) -> str | bool | None:
        """The E.164 form if valid, ``False`` if phonenumbers would refuse or invalidate it, ``None`` if this
        shape is not handled here."""
        nsn = self.national(digits, plus)
        if not nsn:
            return nsn
        return self.valid_e164(nsn) or False

    def valid_e164(self, nsn: str) -> str | None:
        """is_valid_number then the E.164 format, for a national significant number :meth:`national` gave."""
        pattern = self.valid_by_length.get(len(nsn))
        return self.plus_code + nsn if pattern is not None and pattern.fullmatch(nsn) else None

    def refusal(self, nsn: str) -> str:
        """is_possible_number_with_reason for a number :meth:`national` gave and :meth:`valid_e164` refused."""
        kind = self._kind(nsn)
        return REASON_TOO_SHORT if kind == "short" else REASON_TOO_LONG if kind == "long" else REASON_INVALID


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person would type: Excel's ``912345678.0`` is ``912345678``.

    Phones stored as numbers come back from the readers as floats; ``str()`` would add ``.0`` and the number
    would fail to parse or, worse, gain digits.
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value).strip()


def split_numbers(text: str) -> list[str]:
    """The numbers written in one cell, in order: ``0912345678 / 0987654321`` or ``0912 345 678, 0987…``.

    Separators are commas, semicolons, slashes, bars, line breaks and the words "hoặc"/"và"/"or"; a cell
    with several long digit runs separated only by spaces is split at the spaces between runs, and one with
    several whole numbers joined by a spaced dash (``0912 345 678 - 0987 654 321``) at the dashes.
    """
    if text.isdigit():
        return [text]  # the common cell, one number in digits alone: nothing to split
    parts = [p.strip() for p in _MULTI_SPLIT.split(text) if p and p.strip()]
    result: list[str] = []
    for part in parts:
        runs = part.split()
        pieces = _SPACED_DASH.split(part)
        if len(runs) > 1 and all(_DIGIT_RUN.search(run.lstrip("+")) for run in runs):
            result.extend(runs)
        elif len(pieces) > 1 and all(sum(c.isdigit() for c in piece) >= _WHOLE_NUMBER_DIGITS for piece in pieces):
            result.extend(pieces)
        else:
            result.append(part)
    return result


class PhoneNormalizer:
    """Normalises numbers for one default region (``VN`` unless configured).

    Thread-safe and cheap to call; build one per import and reuse it.
    """

    def __init__(self, region: str = "VN") -> None:
        self.region = region.upper()
        if PhoneMetadata.metadata_for_region(self.region, None) is None:
            raise ValueError(f"Unknown phone region {region!r}: use a two-letter country code such as VN.")
        self._fast = _FastPath.for_region(self.region)
        self.country_code = str(phonenumbers.country_code_for_region(self.region))

    def normalize(self, text: str) -> PhoneResult:
        """One number (already split from its cell) to E.164, or the reason it is refused."""
        text = text.strip()
        if not text:
            return _NO_NUMBER
        compact, nsn = self._parsed(text)
        if nsn is not None:
            return self._judged(text, compact, nsn)
        e164 = reference_e164(text, self.region)
        return PhoneResult(e164) if e164 else PhoneResult(None, self._refusal(text, compact))

    def _parsed(self, text: str) -> tuple[str, str | bool | None]:
        """``text`` without its separators, and the national number the fast path parses it to (``False``:
        phonenumbers refuses to parse it; ``None``: not a fast shape, ask phonenumbers).

        Fast shapes are up to 17 ASCII digits after an optional '+'; other scripts' digits (０９…) are
        phonenumbers' to read. So few digits are never two numbers in one cell (each has at least nine).
        """
        if text.isdigit():  # the usual cell, digits alone
            compact = text
        elif text.isascii():  # its separators removed at C speed (str.translate looks each character up in a dict)
            compact = text.encode().translate(None, _ASCII_SEPARATORS).decode()
        else:
            compact = text.translate(_SEPARATORS)
        plus = compact[:1] == "+"
        digits = compact[1:] if plus else compact
        if self._fast is None or not (digits.isdigit() and digits.isascii() and len(digits) <= _MAX_NSN):
            return compact, None
        return compact, self._fast.national(digits, plus)

    def _judged(self, text: str, compact: str, nsn: str | bool) -> PhoneResult:
        """The verdict on a number :meth:`_parsed` parsed to ``nsn``."""
        e164 = self._fast.valid_e164(nsn) if nsn and self._fast is not None else None
        return PhoneResult(e164) if e164 else PhoneResult(None, self._refusal(text, compact, nsn or None))

    def proven_e164(self, text: str) -> str | None:
        """The E.164 form when the fast path alone proves ``text`` valid, else None ("ask phonenumbers").

        For callers that keep their own phonenumbers handling (:func:`to_e164`): a proven number is
        exactly what ``phonenumbers`` would parse and format, and everything else is left to them untouched.
        """
        nsn = self._parsed(text.strip())[1]
        return self._fast.valid_e164(nsn) if nsn and self._fast is not None else None

    def _refusal(self, text: str, compact: str, nsn: str | None = None) -> str:
        """Why phonenumbers refuses a number, as specifically as we can tell (only refused numbers pay for this);
        ``nsn`` is the national number the fast path parsed it to, when it did."""
        if self.country_code == "84" and _OBSOLETE_VN_MOBILE.fullmatch(_vn_national_digits(compact)):
            return REASON_OBSOLETE_MOBILE
        if nsn is not None and self._fast is not None:
            return self._fast.refusal(nsn)
        try:
            number = phonenumbers.parse(text, self.region)
        except phonenumbers.NumberParseException as exc:
            return _PARSE_REASONS.get(exc.error_type, REASON_NOT_A_NUMBER)
        return _POSSIBLE_REASONS.get(phonenumbers.is_possible_number_with_reason(number), REASON_INVALID)

    def normalize_cell(self, value: Any) -> tuple[str, PhoneResult, tuple[str, ...]]:
        """A whole cell: its text, the verdict on its first number, and the valid E.164 forms of the rest."""
        kind = type(value)
        if kind is str:
            text = value.strip()
        elif kind is float and value.is_integer() or kind is int:
            text = str(int(value))
        else:
            text = cell_text(value)
            if kind is float:
                return text, PhoneResult(None, REASON_NOT_A_NUMBER), ()
        fast = self._fast
        if fast is not None and text.isdigit() and text.isascii() and len(text) <= _MAX_NSN:
            # :meth:`_parsed` and :meth:`_judged` for the usual cell, digits alone, written out
            nsn = fast.national(text, False)
            if nsn:
                e164 = fast.valid_e164(nsn)
                if e164:
                    return text, PhoneResult(e164), ()
            if nsn is not None:
                return text, PhoneResult(None, self._refusal(text, text, nsn or None)), ()
        compact, nsn = self._parsed(text)
        if nsn is not None:  # the common cell: one number in digits (a text cell, or Excel's number without its 0)
            return text, self._judged(text, compact, nsn), ()
        if _EXCEL_SHORT_FORM.fullmatch(text):
            return text, PhoneResult(None, REASON_EXCEL_ROUNDED), ()
        numbers = split_numbers(text) if text else []
        if not numbers:
            return text, _NO_NUMBER, ()
        first = self.normalize(numbers[0])
        alternates: list[str] = []
        for extra in numbers[1:]:
            result = self.normalize(extra)
            if result.e164 and result.e164 != first.e164 and result.e164 not in alternates:
                alternates.append(result.e164)
        return text, first, tuple(alternates)


def _vn_national_digits(compact: str) -> str:
    """The Vietnamese national significant digits of ``0…``, ``84…``, ``+84…`` or bare forms."""
    digits = compact.lstrip("+")
    if compact.startswith("+") or (digits.startswith("84") and len(digits) > 11):
        return digits[2:]
    return digits[1:] if digits.startswith("0") else digits


def reference_e164(text: str, region: str = "VN") -> str | None:
    """phonenumbers alone (parse, is_valid, E.164): the answer :class:`PhoneNormalizer` must always give."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class NotDialable(ValueError):
    """A number that cannot be dialled as written; ``str()`` says why, in words for the contact's row."""


def parse_possible(phone: str, region: str) -> phonenumbers.PhoneNumber:
    """``phone`` parsed for ``region``, when phonenumbers calls it a *possible* number (validity is the importer's
    question, not the dialler's)."""
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException as exc:
        raise NotDialable(_("{phone!r} is not a phone number ({exc}).").format(phone=phone, exc=exc)) from exc
    if not phonenumbers.is_possible_number(number):
        raise NotDialable(_("{phone!r} is not a possible phone number.").format(phone=phone))
    return number


@functools.cache
def _normalizer(region: str) -> PhoneNormalizer | None:
    """The fast path for ``region``, only for a code phonenumbers itself accepts as written (it is case-sensitive:
    ``"vn"`` is refused there, so it must not be accepted here)."""
    return PhoneNormalizer(region) if region in phonenumbers.SUPPORTED_REGIONS else None


def proven_e164(phone: str, region: str) -> str | None:
    """The E.164 form when the fast path proves ``phone`` valid for ``region``; None = ask phonenumbers (which also
    answers for a missing number)."""
    normalizer = _normalizer(region)
    return normalizer.proven_e164(phone) if normalizer is not None and isinstance(phone, str) else None


def to_e164(phone: str, region: str = "VN") -> str:
    """``+<country><number>`` for dialling; numbers without a country code are read as ``region``'s. The fast path
    answers only for numbers it proves valid, so every answer and error is phonenumbers' own."""
    return proven_e164(phone, region) or phonenumbers.format_number(
        parse_possible(phone, region), phonenumbers.PhoneNumberFormat.E164)


class E164(str):
    """A number proven valid E.164 where it entered the store (the import checks every number, and only valid
    contacts get call rows): the journal hands out the stored numbers as this type, so they are not parsed again."""

    __slots__ = ()


def dialable(phone: str, region: str = "VN") -> str:
    """``phone`` in E.164 for dialling: as it is when its type says it was proven (:class:`E164`), else
    :func:`to_e164`'s."""
    return phone if type(phone) is E164 else to_e164(phone, region)


@functools.lru_cache(maxsize=65536)
def display_phone(phone: Any, region: str = "VN") -> str:
    """How a number is shown on every tab and in every file: ``region``'s numbers in their national form without
    spaces (``0912345678``, whether stored as 84…, +84… or an Excel float), others in E.164; text that is no valid
    number is shown as written. What is dialled is :func:`to_e164`'s, not this."""
    text = cell_text(phone)
    normalizer = _normalizer(region)
    e164 = normalizer.normalize(text).e164 if normalizer is not None and text else None
    if e164 is None:
        return text
    prefix = f"+{normalizer.country_code}"
    national = PhoneMetadata.metadata_for_region(region).national_prefix or ""
    return national + e164[len(prefix):] if e164.startswith(prefix) else e164
