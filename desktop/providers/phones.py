"""Phone formats the providers want, from whatever the contact list held.

VBot wants Vietnamese domestic numbers (``09xxxxxxxx``), NXCLOUD the country code and number as digits only
(``86156…``), BizPhone E.164 (``+84…``). A number that cannot be formatted raises :class:`InvalidRequestError`, which
launch_batch records against that contact instead of sending it.

Every contact of every batch passes through here, and ``phonenumbers.parse`` was the largest share of a dispatch's
CPU time. So a number is first offered to the contact importer's fast path (desktop.phones), and its answer
is used only when it proves the number *valid*: a valid number is a possible one, and its E.164 form is exactly
phonenumbers' (tests/contacts/test_phones.py). Anything it does not prove — invalid-but-possible numbers, other
shapes, other regions — takes the full ``phonenumbers`` path as before, so every answer and error is unchanged
(tests/providers/test_phones.py compares both over many generated numbers).
"""

from __future__ import annotations

import functools

import phonenumbers

from desktop.phones import PhoneNormalizer
from desktop.providers.errors import InvalidRequestError


def parse(phone: str, region: str, provider: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidRequestError(f"{phone!r} is not a phone number ({exc}).", provider=provider) from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidRequestError(f"{phone!r} is not a possible phone number.", provider=provider)
    return number


@functools.cache
def _normalizer(region: str) -> PhoneNormalizer | None:
    """The fast path for ``region``, only for a code phonenumbers itself accepts as written (it is case-sensitive:
    ``"vn"`` is refused there, so it must not be accepted here)."""
    return PhoneNormalizer(region) if region in phonenumbers.SUPPORTED_REGIONS else None


def _proven_e164(phone: str, region: str) -> str | None:
    """The E.164 form when the fast path proves ``phone`` valid for ``region``; None = ask phonenumbers (which
    also answers for a missing number, ``None``)."""
    normalizer = _normalizer(region)
    return normalizer.proven_e164(phone) if normalizer is not None and isinstance(phone, str) else None


def to_e164(phone: str, *, region: str = "VN", provider: str = "") -> str:
    """``+<country><number>``; numbers without a country code are read as ``region``'s."""
    return _proven_e164(phone, region) or phonenumbers.format_number(
        parse(phone, region, provider), phonenumbers.PhoneNumberFormat.E164)


def to_digits_with_country(phone: str, *, region: str = "VN", provider: str = "") -> str:
    """NXCLOUD's ``userPhone``: E.164 without the plus."""
    return to_e164(phone, region=region, provider=provider).lstrip("+")


def to_vn_domestic(phone: str, *, provider: str = "") -> str:
    """VBot's format: a Vietnamese number with its leading 0 (``+84912…`` → ``0912…``)."""
    proven = _proven_e164(phone, "VN")
    if proven is not None and proven.startswith("+84"):
        return "0" + proven[3:]
    number = parse(phone, "VN", provider)
    if number.country_code != 84:
        raise InvalidRequestError(f"{phone!r} is not a Vietnamese number; VBot calls Vietnamese numbers only.",
                                  provider=provider)
    return "0" + str(number.national_number)
