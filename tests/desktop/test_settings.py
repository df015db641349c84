from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.errors import AutocallError
from desktop.providers.errors import UnknownProvider
from desktop.settings import (
    ACTIVE_ACCOUNT_ID,
    BATCH_SIZE,
    BREAKER_WINDOW,
    LAST_TEMPLATE,
    MAX_FILE_MB,
    NOTIFY_ENABLED,
    NOTIFY_HOST,
    NOTIFY_PUBLIC_URL,
    OPTIONS,
    POLL_FAST_SECONDS,
    POLL_SLOW_SECONDS,
    SETTLE_SECONDS,
    SKIP_EARLIER,
    EngineSettings,
    InvalidPreference,
    Option,
    Preferences,
    notify_url,
)
from desktop.store import Store


@pytest.fixture
def preferences(tmp_path: Path) -> Iterator[Preferences]:
    store = Store(tmp_path / "db.sqlite3")
    yield Preferences(store)
    store.close()


def test_unset_reads_the_default_and_set_persists(preferences: Preferences) -> None:
    assert preferences.get(MAX_FILE_MB) == 50
    preferences.set(MAX_FILE_MB, 80)
    assert preferences.get(MAX_FILE_MB) == 80
    assert Preferences(preferences.store).get(MAX_FILE_MB) == 80
    preferences.reset(MAX_FILE_MB)
    assert preferences.get(MAX_FILE_MB) == 50


def test_values_outside_the_range_or_type_are_refused_in_words(preferences: Preferences) -> None:
    with pytest.raises(InvalidPreference, match="“Largest contact file” must be a whole number from 1 to 1,024 MB"):
        preferences.set(MAX_FILE_MB, 0)
    with pytest.raises(InvalidPreference):
        preferences.set(MAX_FILE_MB, 2.5)
    with pytest.raises(InvalidPreference):
        preferences.set(MAX_FILE_MB, float("nan"))
    with pytest.raises(InvalidPreference):
        preferences.set(MAX_FILE_MB, True)
    with pytest.raises(InvalidPreference, match="from 600 to 86,400 seconds"):
        preferences.set(SETTLE_SECONDS, 60.0)
    with pytest.raises(InvalidPreference):
        preferences.set(SKIP_EARLIER, 1)
    assert issubclass(InvalidPreference, AutocallError)
    assert preferences.get(MAX_FILE_MB) == 50  # nothing was stored


def test_numbers_are_stored_in_the_options_type(preferences: Preferences) -> None:
    preferences.set(POLL_FAST_SECONDS, 5)
    assert preferences.get(POLL_FAST_SECONDS) == 5.0 and isinstance(preferences.get(POLL_FAST_SECONDS), float)
    preferences.set(BREAKER_WINDOW, 20.0)
    assert preferences.get(BREAKER_WINDOW) == 20 and isinstance(preferences.get(BREAKER_WINDOW), int)


def test_a_stored_value_of_the_wrong_type_reads_as_the_default(preferences: Preferences) -> None:
    preferences.store.set_setting(MAX_FILE_MB.key, "lots")
    preferences.store.set_setting(SKIP_EARLIER.key, "yes")
    preferences.store.set_setting(POLL_FAST_SECONDS.key, None)
    preferences.store.set_setting(POLL_SLOW_SECONDS.key, float("nan"))
    assert preferences.get(MAX_FILE_MB) == 50
    assert preferences.get(SKIP_EARLIER) is False
    assert preferences.get(POLL_FAST_SECONDS) == 3.0
    assert preferences.get(POLL_SLOW_SECONDS) == 30.0


def test_scoped_options_hold_one_value_per_scope(preferences: Preferences) -> None:
    preferences.set(LAST_TEMPLATE, "T1", 1)
    preferences.set(LAST_TEMPLATE, "T2", 2)
    assert preferences.get(LAST_TEMPLATE, 1) == "T1" and preferences.get(LAST_TEMPLATE, 2) == "T2"
    assert preferences.get(LAST_TEMPLATE, 3) == ""
    assert preferences.store.get_setting("contacts.template.1") == "T1"
    with pytest.raises(ValueError):
        preferences.get(LAST_TEMPLATE)
    with pytest.raises(ValueError):
        preferences.get(MAX_FILE_MB, 1)
    preferences.set(BATCH_SIZE, 10, "nxcloud")
    assert EngineSettings.read(preferences).batch_size("nxcloud") == 10
    assert EngineSettings.read(preferences).batch_size("vbot") == 0
    with pytest.raises(UnknownProvider):
        EngineSettings.read(preferences).batch_size("nope")


def test_ui_state_takes_any_value_and_is_not_shown(preferences: Preferences) -> None:
    preferences.set(ACTIVE_ACCOUNT_ID, 7)
    assert preferences.get(ACTIVE_ACCOUNT_ID) == 7
    assert ACTIVE_ACCOUNT_ID not in preferences.shown()
    assert all(o.label and o.group for o in preferences.shown())


def test_every_option_is_declared_once_with_a_default_in_its_range() -> None:
    keys = [o.key for o in OPTIONS]
    assert len(keys) == len(set(keys))
    for option in OPTIONS:
        assert option.accepts(option.default), option.key
        if option.label:
            assert option.help, option.key
    assert Option("x", 1, minimum=0, maximum=2).describe_range() == "a whole number from 0 to 2"
    assert Option("x", 0.5, minimum=0.05, maximum=2e6).describe_range() == "a number from 0.05 to 2,000,000"


def test_the_notification_address_is_the_public_url_plus_the_route_only_while_on(preferences: Preferences) -> None:
    assert (NOTIFY_ENABLED.default, NOTIFY_HOST.default, NOTIFY_PUBLIC_URL.default) == (False, "127.0.0.1", "")
    preferences.set(NOTIFY_PUBLIC_URL, " https://calls.example.vn/in/ ")
    assert notify_url(preferences, "demo", 4) == ""  # off by default
    preferences.set(NOTIFY_ENABLED, True)
    assert notify_url(preferences, "demo", 4) == "https://calls.example.vn/in/demo/4"
    preferences.set(NOTIFY_PUBLIC_URL, "calls.example.vn")  # no scheme: no provider could call it
    assert notify_url(preferences, "demo", 4) == ""
    preferences.reset(NOTIFY_PUBLIC_URL)
    assert notify_url(preferences, "demo", 4) == ""
