"""Provider phone formats: the fast path may only save time, never change an answer or an error.

The reference functions below are phonenumbers-only implementations of desktop.phones.to_e164 and the providers'
own forms; every generated number must get exactly their result, or the same error and message.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import phonenumbers
import pytest

from desktop import phones
from desktop.phones import NotDialable
from desktop.providers.nxcloud.client import to_digits_with_country
from desktop.providers.vbot.client import to_vn_domestic
from tests.helpers.phones import generated_numbers

# Other countries' numbers, Vietnamese ones in every written form, junk and edge cases phonenumbers has views on.
EXTRA = [
    "+66812345678", "+6591234567", "+8613812345678", "+12025550123", "+442079460958", "+61412345678",
    "0066812345678", "+84 912 345 678", "(+84) 912-345-678", "84.912.345.678", "0912 345 678", "0912345678 ",
    " +84912345678", "+840912345678", "840912345678", "0084912345678", "+84-24-3826-3838", "02438263838",
    "1800 1234", "19001234", "113", "+84", "84", "0", "", "   ", "abc", "0912abc678", "0912345678 ext 12",
    "0912345678#1", "+0912345678", "++84912345678", "0912 345 6789", "01623456789", "+841623456789",
    "09123456789012345678", "٠٩١٢٣٤٥٦٧٨", "０９１２３４５６７８", None,
]
REGIONS = ["VN", "TH", "SG", "US", "vn", "ZZ"]


def reference_e164(phone, region="VN"):
    return phonenumbers.format_number(phones.parse_possible(phone, region), phonenumbers.PhoneNumberFormat.E164)


def reference_digits(phone, region="VN"):
    return reference_e164(phone, region).lstrip("+")


def reference_vn_domestic(phone):
    number = phones.parse_possible(phone, "VN")
    if number.country_code != 84:
        raise NotDialable(f"{phone!r} is not a Vietnamese number; VBot calls Vietnamese numbers only.")
    return "0" + str(number.national_number)


def outcome(function: Callable[..., str], *args, **kwargs) -> tuple[str, str]:
    try:
        return "ok", function(*args, **kwargs)
    except NotDialable as exc:
        return "NotDialable", str(exc)


def numbers() -> list[str | None]:
    foreign = random.Random(3)
    others = [f"+{cc}{foreign.randrange(10 ** 6, 10 ** 11)}" for cc in (1, 7, 33, 44, 49, 65, 66, 81, 86, 855, 856)
              for _ in range(40)]
    return generated_numbers(20_000, seed=11) + others + EXTRA


@pytest.mark.parametrize("region", REGIONS)
def test_e164_and_digits_are_exactly_the_phonenumbers_answers(region):
    for phone in numbers():
        assert outcome(phones.to_e164, phone, region) == outcome(reference_e164, phone, region), (phone, region)
        assert outcome(to_digits_with_country, phone, region) == outcome(reference_digits, phone, region), (
            phone, region)


def test_vn_domestic_is_exactly_the_phonenumbers_answer():
    for phone in numbers():
        assert outcome(to_vn_domestic, phone) == outcome(reference_vn_domestic, phone), phone


def test_the_fast_path_answers_most_vietnamese_numbers():
    """The equivalence above is only worth its cost if the fast path really carries the common shapes."""
    sample = [f"{prefix}{lead}{i:07d}" for lead in ("32", "56", "70", "86", "91", "98")
              for i in range(0, 10 ** 7, 10 ** 5) for prefix in ("0", "84", "+84", "+84 ")]
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(p, "VN")) for p in sample)
    assert all(phones.proven_e164(p, "VN") == reference_e164(p) for p in sample)
