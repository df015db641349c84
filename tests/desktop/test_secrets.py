from __future__ import annotations

import keyring.backend
import pytest
from keyring.backends import fail

from desktop.secrets import MemoryKeyring, SecretStore, SecretStoreError


def test_session_only_memory_is_never_chosen_automatically() -> None:
    """With no Secret Service, keyring must fall to its 'fail' backend (and the app asks the user), not to ours."""
    viable = list(keyring.backend.KeyringBackend.get_viable_backends())
    assert MemoryKeyring not in viable


def test_no_keyring_is_reported_with_advice_and_session_only_works() -> None:
    store = SecretStore(fail.Keyring())
    assert not store.is_usable
    with pytest.raises(SecretStoreError, match="No system keyring is available"):
        store.set(1, "api_key", "k")
    store.use_session_only()
    assert store.is_usable and store.is_session_only
    store.set(1, "api_key", "session-secret")
    assert store.get(1, "api_key") == "session-secret"
    store.delete(1, "api_key")
    store.delete(1, "api_key")  # deleting twice is fine
    assert store.get(1, "api_key") is None
