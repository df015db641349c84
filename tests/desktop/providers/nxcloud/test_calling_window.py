"""The calling-window grid: NXCLOUD's fields both ways, and "open now / next opening" in a time zone."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from desktop.providers.nxcloud.calling_window import ALL_DAYS, OFFICE_SLOTS, CallingWindow, slot_label


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_grid_to_nxcloud_fields() -> None:
    window = CallingWindow(frozenset({1, 2, 3, 4, 5}), frozenset({16, 17, 18, 27}))  # 08:00–09:30, 13:30–14:00
    fields = window.to_nx(utc(2026, 3, 2, 0, 0))
    assert fields == {"dialAtWeekDay": "1,2,3,4,5", "dialAtUpHour": "8,9", "dialAtDownHour": "8,13",
                      "zoneSecond": 25200}
    assert CallingWindow.from_json(window.to_json()) == window


def test_open_now_in_the_window_zone() -> None:
    window = CallingWindow(ALL_DAYS - {7}, OFFICE_SLOTS)  # Monday–Saturday, 08:00–11:30 and 13:00–17:00 Hanoi
    assert window.is_open(utc(2026, 3, 2, 1, 0))  # Monday 08:00 in Ho Chi Minh City
    assert not window.is_open(utc(2026, 3, 2, 0, 59))  # 07:59 local
    assert not window.is_open(utc(2026, 3, 2, 4, 45))  # 11:45 local: lunch
    assert not window.is_open(utc(2026, 3, 8, 3, 0))  # Sunday


def test_next_opening_skips_lunch_nights_and_closed_days() -> None:
    window = CallingWindow(ALL_DAYS - {7}, OFFICE_SLOTS)
    assert window.next_opening(utc(2026, 3, 2, 4, 45)) == utc(2026, 3, 2, 6, 0)  # 13:00 local
    assert window.next_opening(utc(2026, 3, 7, 11, 0)) == utc(2026, 3, 9, 1, 0)  # Saturday 18:00 → Monday 08:00
    opened = utc(2026, 3, 2, 2, 10)
    assert window.next_opening(opened) == opened  # already open: now
    assert CallingWindow(frozenset(), OFFICE_SLOTS).next_opening(opened) is None


def test_daylight_saving_zones_give_the_offset_of_the_moment() -> None:
    window = CallingWindow(ALL_DAYS, frozenset({18}), "Europe/Berlin")  # 09:00–09:30 Berlin time
    assert window.zone_second(utc(2026, 1, 15, 12)) == 3600
    assert window.zone_second(utc(2026, 7, 15, 12)) == 7200
    assert window.is_open(utc(2026, 1, 15, 8, 0)) and window.is_open(utc(2026, 7, 15, 7, 0))
    # The night the clocks go forward (29 March 2026, 02:00 → 03:00) the 09:00 slot still opens at 09:00 local.
    assert window.next_opening(utc(2026, 3, 29, 0, 0)) == utc(2026, 3, 29, 7, 0)


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError):
        CallingWindow(frozenset({0}), OFFICE_SLOTS)
    with pytest.raises(ValueError):
        CallingWindow(ALL_DAYS, frozenset({48}))
    assert slot_label(17) == "08:30–09:00" and slot_label(47) == "23:30–00:00"
