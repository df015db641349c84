"""ui/formats.py: numbers, money, dates, times, weekdays and name order follow the chosen language."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QLocale

from ui import formats

SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(params=["vi_VN", "en_US"])
def language(request):
    """Runs the test in Vietnamese and in English, restoring the default language after."""
    before = QLocale()
    QLocale.setDefault(QLocale(request.param))
    yield request.param[:2]
    QLocale.setDefault(before)


def test_numbers_use_one_grouping_per_language(language):
    expected = {"vi": ("2.974", "1.234.567", "3,5"), "en": ("2,974", "1,234,567", "3.5")}[language]
    assert (formats.number(2974), formats.number(1234567.0), formats.number(3.5, decimals=1)) == expected


def test_typed_numbers_are_read_in_the_language_and_in_the_other_decimal_style(language):
    assert formats.parse_number("1,5") == formats.parse_number("1.5") == formats.parse_number(" 1.5 ") == 1.5
    assert formats.parse_number("24") == 24.0
    assert formats.parse_number({"vi": "1.500", "en": "1,500"}[language]) == 1500.0  # grouping, by the language
    assert formats.parse_number("hai") is None and formats.parse_number("") is None
    assert formats.number_text(1.5) == {"vi": "1,5", "en": "1.5"}[language]
    assert formats.number_text(1234.0) == "1234"


def test_money_is_whole_dong_with_its_sign(language):
    expected = {"vi": "1.350\u00a0₫", "en": "₫1,350"}[language]  # a no-break space keeps ₫ on its line
    assert formats.money(1350.4) == expected
    assert formats.money(None) == "—"


def test_dates_are_day_first_and_stored_utc_is_shown_in_the_zone(language):
    stored = "2026-12-01T17:30:05.123Z"  # the store's UTC text: already the 2nd in Vietnam
    assert formats.date(stored, SAIGON) == "02/12/2026"
    assert formats.time(stored, SAIGON) == "00:30:05"
    assert formats.date_time(stored, SAIGON) == "02/12/2026 00:30"
    epoch = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC).timestamp()
    assert formats.date_time(epoch, SAIGON, seconds=True) == "01/12/2026 09:00:00"
    assert formats.date_time("2026-12-01 02:00:00", SAIGON) == "01/12/2026 09:00"  # no offset: UTC
    provider_wall_clock = dt.datetime(2026, 12, 1, 2, 0)  # a provider's local time, no zone
    assert formats.time(provider_wall_clock, SAIGON, seconds=False) == "02:00"


def test_weekday_names_follow_the_language(language):
    expected = {"vi": ("Thứ Hai", "Chủ Nhật"), "en": ("Monday", "Sunday")}[language]
    assert (formats.weekday(1, short=False), formats.weekday(7, short=False)) == expected


@pytest.mark.parametrize("language", ["vi_VN", "en_US", "C"], indirect=True)  # C: no language chosen
def test_names_sort_the_vietnamese_way(language):
    names = ["Zoe", "Đức", "Bình", "Ánh", "An"]
    assert sorted(names, key=formats.name_key) == ["An", "Ánh", "Bình", "Đức", "Zoe"]


@pytest.mark.parametrize("language", ["vi_VN", "en_US", "C"], indirect=True)
def test_name_ranks_order_like_the_collator_and_let_equal_names_tie(language):
    rows = [("Zoe", 1), ("Đức", 2), ("An", 3), ("Ánh", 4), ("An", 0), ("Bình", 5)]
    ranks = formats.name_ranks(name for name, _ in rows)
    assert sorted(rows, key=lambda row: (ranks[row[0]], row[1])) == [
        ("An", 0), ("An", 3), ("Ánh", 4), ("Bình", 5), ("Đức", 2), ("Zoe", 1)]
