"""Phone normalisation: the fast path must give exactly phonenumbers' answers, and the reasons must be specific."""

from __future__ import annotations

import random

import pytest

from desktop.contacts.reading import read_table
from desktop.phones import (
    REASON_EMPTY,
    REASON_EXCEL_ROUNDED,
    REASON_NOT_A_NUMBER,
    REASON_OBSOLETE_MOBILE,
    PhoneNormalizer,
    PhoneResult,
    _FastPath,
    cell_text,
    display_phone,
    reference_e164,
    split_numbers,
)
from desktop.providers import spec
from tests.corpus.hostile import CASES
from tests.helpers.phones import generated_numbers, in_other_digits


def _phonenumbers_only(region: str = "VN") -> PhoneNormalizer:
    """The same normaliser without its fast path: every number and every reason is phonenumbers' own."""
    normalizer = PhoneNormalizer(region)
    normalizer._fast = None
    return normalizer


def test_fast_path_gives_phonenumbers_answers_for_many_generated_numbers():
    normalizer, reference = PhoneNormalizer("VN"), _phonenumbers_only("VN")
    fast = _FastPath.for_region("VN")
    numbers = generated_numbers(60_000, seed=6)
    handled = 0
    mismatches = []
    for text in numbers:
        if normalizer.normalize(text) != reference.normalize(text):
            mismatches.append(text)
        compact = text.replace(" ", "").replace(".", "").replace("-", "").replace("(", "").replace(")", "")
        if compact.lstrip("+").isdigit() and fast.e164(compact.lstrip("+"), compact.startswith("+")) is not None:
            handled += 1
    assert mismatches == []
    # The equivalence is only worth something if the fast path answered most of them (the rest are shapes it
    # deliberately leaves to phonenumbers: 00 and foreign prefixes, leading zeros after the country code).
    assert handled / len(numbers) > 0.6
    valid = sum(reference_e164(t) is not None for t in numbers[:5000])
    assert 300 < valid < 4700, "the generator should produce both valid and invalid numbers"


def _cells_of(nsn: str) -> list[object]:
    """A national significant number in every shape a contact file holds it: typed with the 0, with 84 or +84,
    grouped by spaces, dots or dashes, padded, and as Excel's number cells (the 0 lost, or 84 in front)."""
    grouped = f"0{nsn[:2]}{{0}}{nsn[2:5]}{{0}}{nsn[5:]}"
    return ["0" + nsn, nsn, "84" + nsn, "+84" + nsn, f"+84 {nsn[:2]} {nsn[2:5]} {nsn[5:]}", f" 0{nsn} ",
            grouped.format(" "), grouped.format("."), grouped.format("-"), f"(0{nsn[:2]}) {nsn[2:]}",
            float(nsn), float("84" + nsn), int(nsn)]


def test_every_vietnamese_prefix_in_every_cell_shape_gets_phonenumbers_answers():
    """Exhaustive over the first three digits of the national number (every mobile, landline and service range,
    the retired 01xx and the unassigned), at every length from too short to too long, in every cell shape:
    the verdict (number and reason) is phonenumbers' own."""
    normalizer, reference = PhoneNormalizer("VN"), _phonenumbers_only("VN")
    rng = random.Random(21)
    mismatches, valid, handled, total = [], 0, 0, 0
    for prefix in range(1000):
        for length in range(6, 12):
            nsn = f"{prefix:03d}" + "".join(rng.choice("0123456789") for _ in range(length - 3))
            for cell in _cells_of(nsn):
                answer = normalizer.normalize_cell(cell)
                if answer != reference.normalize_cell(cell):
                    mismatches.append(cell)
                valid += answer[1].valid
                handled += normalizer._parsed(answer[0])[1] is not None
                total += 1
    assert mismatches == []
    assert valid > 5000, "the table must hold valid numbers of many ranges to prove anything"
    assert handled / total > 0.8, "the fast path must have answered most of them"


def test_hostile_corpus_cells_get_phonenumbers_answers(tmp_path):
    """Every cell of every readable file of the hostile corpus (full-width digits, joined numbers, UTF-16…)."""
    normalizer, reference = PhoneNormalizer("VN"), _phonenumbers_only("VN")
    cells = []
    for case in CASES:
        if case.refused is None:
            folder = tmp_path / str(len(cells))
            folder.mkdir()
            cells += [value for _, values in read_table(case.write(folder), sheet=case.sheet).rows for value in values]
    assert len(cells) > 30
    assert [c for c in cells if normalizer.normalize_cell(c) != reference.normalize_cell(c)] == []


def test_digits_of_other_scripts_get_phonenumbers_answers():
    """Full-width ０９１２… (and other scripts' digits) are phonenumbers' to judge: the fast path must not answer
    for them with ASCII-only metadata."""
    normalizer = PhoneNormalizer("VN")
    numbers = in_other_digits(generated_numbers(10_000, seed=16), seed=16)
    assert [t for t in numbers if normalizer.normalize(t).e164 != reference_e164(t, "VN")] == []
    assert sum(reference_e164(t, "VN") is not None for t in numbers) > 500, "some must be valid to prove anything"
    assert normalizer.normalize("０９１２３４５６７８").e164 == "+84912345678"


@pytest.mark.parametrize("region", ["TH", "SG", "US"])  # US shares +1: no fast path, phonenumbers answers
def test_other_regions_agree_with_phonenumbers(region):
    normalizer = PhoneNormalizer(region)
    for text in generated_numbers(3000, seed=len(region)):
        assert normalizer.normalize(text).e164 == reference_e164(text, region), text


@pytest.mark.parametrize(
    ("text", "e164"),
    [
        ("0912345678", "+84912345678"),
        ("912345678", "+84912345678"),  # Excel dropped the 0
        ("84912345678", "+84912345678"),
        ("+84 91 234 56 78", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("091-234-5678", "+84912345678"),
        ("(091) 234 5678", "+84912345678"),
        ("0352345678", "+84352345678"),  # 03x Viettel (ex 0162-0169)
        ("0562345678", "+84562345678"),  # 05x
        ("0701234567", "+84701234567"),  # 07x
        ("0812345678", "+84812345678"),  # 08x
        ("02438123456", "+842438123456"),  # Hà Nội landline, 11 digits with the 0
        ("02838123456", "+842838123456"),  # HCMC landline
        ("+6591234567", "+6591234567"),  # a foreign number stays itself
        ("tel: 0912345678", "+84912345678"),  # handled by phonenumbers (the slow path)
    ],
)
def test_valid_numbers(text, e164):
    assert PhoneNormalizer().normalize(text).e164 == e164


@pytest.mark.parametrize("text", ["01662345678", "0123 456 7890", "841662345678", "+84 1882345678", "1992345678"])
def test_obsolete_eleven_digit_mobiles_are_refused_with_that_reason(text):
    result = PhoneNormalizer().normalize(text)
    assert result.e164 is None
    assert result.reason == REASON_OBSOLETE_MOBILE


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", REASON_EMPTY), ("không có", REASON_NOT_A_NUMBER), ("12345", "too few digits for a phone number"),
     ("091234", "too few digits for a phone number"), ("0241234567", "not a valid phone number"),
     ("0912345", "not a valid phone number"), ("+999123456789", "unknown country code")],
)
def test_refusal_reasons(text, reason):
    assert PhoneNormalizer().normalize(text).reason == reason


def test_fast_path_answers_the_everyday_vietnamese_shapes():
    fast = _FastPath.for_region("VN")
    for digits, plus in [("0912345678", False), ("912345678", False), ("84912345678", False),
                         ("84912345678", True), ("02438123456", False), ("01662345678", False)]:
        assert fast.e164(digits, plus) is not None, digits


def test_cells_from_excel():
    normalizer = PhoneNormalizer()
    assert normalizer.normalize_cell(912345678.0)[:2] == ("912345678", normalizer.normalize("0912345678"))
    assert normalizer.normalize_cell(84912345678.0)[1].e164 == "+84912345678"
    assert normalizer.normalize_cell(912345678)[1].e164 == "+84912345678"
    assert normalizer.normalize_cell(9.5)[1].reason == REASON_NOT_A_NUMBER
    assert normalizer.normalize_cell(None)[1].reason == REASON_EMPTY


@pytest.mark.parametrize("text", ["9,83457E+08", "9.83457E+08", " 9,83457e+08 "])
def test_a_number_excel_shortened_says_so(text):
    """A CSV written by Excel keeps the short form it displayed: the digits are gone, and the reason says why."""
    assert PhoneNormalizer().normalize_cell(text)[1] == PhoneResult(None, REASON_EXCEL_ROUNDED)


def test_several_numbers_in_one_cell_first_used_rest_alternates():
    normalizer = PhoneNormalizer()
    text, first, alternates = normalizer.normalize_cell("0912 345 678 / 0987.111.222; 0912345678, rác")
    assert first.e164 == "+84912345678"
    assert alternates == ("+84987111222",)  # the repeat of the first and the junk are dropped
    assert split_numbers("0912345678 0987111222") == ["0912345678", "0987111222"]
    assert split_numbers("0912 345 678") == ["0912 345 678"]
    assert split_numbers("0912345678 hoặc 0987111222") == ["0912345678", "0987111222"]
    assert split_numbers("0912 345 682 - 0987 654 325") == ["0912 345 682", "0987 654 325"]
    assert split_numbers("091 - 234 - 5678") == ["091 - 234 - 5678"]  # a spaced dash inside one number


def test_provider_formats():
    assert spec("vbot").dial("+84912345678") == "0912345678"
    assert spec("nxcloud").dial("+84912345678") == "84912345678"
    assert spec("bizphone").dial("+84912345678") == "+84912345678"
    assert spec("vbot").dial("+842438123456") == "02438123456"


def test_cell_text():
    import datetime as dt

    assert cell_text(1500000.0) == "1500000"
    assert cell_text(dt.date(2026, 12, 5)) == "05/12/2026"
    assert cell_text(dt.datetime(2026, 12, 5, 9, 30)) == "05/12/2026 09:30"
    assert cell_text("  An ") == "An"
    assert cell_text(None) == ""


def test_unknown_region_is_refused_clearly():
    with pytest.raises(ValueError, match="two-letter country code"):
        PhoneNormalizer("XX")


@pytest.mark.parametrize(("stored", "shown"), [
    ("84912345678", "0912345678"),
    ("+84912345678", "0912345678"),
    ("0912345678", "0912345678"),
    ("+84 903 123 456", "0903123456"),
    (912345678.0, "0912345678"),  # Excel dropped the 0 and stored a float
    (2838123456.0, "02838123456"),  # a landline, likewise
    ("+6591234567", "+6591234567"),  # foreign numbers keep their country code
    ("12345", "12345"),  # not a number: shown as written
])
def test_display_phone_is_one_national_form_for_every_stored_form(stored, shown):
    assert display_phone(stored) == shown
