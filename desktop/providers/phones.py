"""Phone formats the providers want, from whatever the contact list held.

VBot wants Vietnamese domestic numbers (``09xxxxxxxx``), NXCLOUD the country code and number as digits only
(``86156…``), BizPhone E.164 (``+84…``). A number that cannot be formatted raises :class:`InvalidRequestError`, which
launch_batch records against that contact instead of sending it.
"""

from __future__ import annotations

import phonenumbers

from desktop.providers.errors import InvalidRequestError


def parse(phone: str, region: str, provider: str) -> phonenumbers.PhoneNumber:
    try:
        number = phonenumbers.parse(phone, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidRequestError(f"{phone!r} is not a phone number ({exc}).", provider=provider) from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidRequestError(f"{phone!r} is not a possible phone number.", provider=provider)
    return number


def to_e164(phone: str, *, region: str = "VN", provider: str = "") -> str:
    """``+<country><number>``; numbers without a country code are read as ``region``'s."""
    return phonenumbers.format_number(parse(phone, region, provider), phonenumbers.PhoneNumberFormat.E164)


def to_digits_with_country(phone: str, *, region: str = "VN", provider: str = "") -> str:
    """NXCLOUD's ``userPhone``: E.164 without the plus."""
    return to_e164(phone, region=region, provider=provider).lstrip("+")


def to_vn_domestic(phone: str, *, provider: str = "") -> str:
    """VBot's format: a Vietnamese number with its leading 0 (``+84912…`` → ``0912…``)."""
    number = parse(phone, "VN", provider)
    if number.country_code != 84:
        raise InvalidRequestError(f"{phone!r} is not a Vietnamese number; VBot calls Vietnamese numbers only.",
                                  provider=provider)
    return "0" + str(number.national_number)
