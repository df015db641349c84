from __future__ import annotations

from desktop.services import Services
from desktop.settings import MAX_ROWS


def test_the_repositories_and_preferences_are_built_once_over_the_store(services: Services) -> None:
    assert services.accounts is services.accounts
    assert services.contacts is services.contacts and services.contacts.store is services.store
    services.preferences.set(MAX_ROWS, 1000)
    assert services.store.get_setting(MAX_ROWS.key) == 1000
