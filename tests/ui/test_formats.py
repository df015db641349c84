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
    naive_utc = dt.datetime(2026, 12, 1, 2, 0)
    assert formats.time(naive_utc, SAIGON, seconds=False) == "09:00"


def test_weekday_names_follow_the_language(language):
    expected = {"vi": ("Thứ Hai", "Chủ Nhật"), "en": ("Monday", "Sunday")}[language]
    assert (formats.weekday(1, short=False), formats.weekday(7, short=False)) == expected


def test_names_sort_the_vietnamese_way(language):
    names = ["Zoe", "Đức", "Bình", "Ánh", "An"]
    assert sorted(names, key=formats.name_key) == ["An", "Ánh", "Bình", "Đức", "Zoe"]
