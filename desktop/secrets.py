"""Secrets (passwords, API keys, NXCLOUD secret keys) live only in the OS keyring, behind this interface.

Like Vorta's keyring layer: the rest of the app asks a :class:`SecretStore` and never touches ``keyring``
directly, so tests swap in a memory backend and the UI can say honestly which backend holds the secrets.
We never fall back to a plaintext file on our own: when no usable backend exists the caller must ask the user,
who may choose to keep secrets for this session only (:class:`MemoryKeyring`).
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.logs import REDACTOR

if TYPE_CHECKING:  # keyring itself is imported when a secret is first asked for (its import scans package metadata)
    import keyring.backend

    from desktop.memory_keyring import MemoryKeyring

log = logging.getLogger(__name__)

SERVICE = "autocall-desk"


class SecretStoreError(AutocallError):
    """The keyring refused or is unavailable; the message says what to do."""


def __getattr__(name: str) -> type[MemoryKeyring]:
    """``desktop.secrets.MemoryKeyring``, imported with keyring on first use (desktop/memory_keyring.py)."""
    if name == "MemoryKeyring":
        from desktop.memory_keyring import MemoryKeyring

        return MemoryKeyring
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SecretStore:
    """Secrets under one service name (:data:`SERVICE`): an account's keyed ``account/<id>/<field>``, a database
    server's password keyed ``database/<URL without password>`` (e.g. ``database/postgresql://ops@db:5432/autocall``).
    """

    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        if backend is not None:
            self._backend = backend

    @functools.cached_property
    def _backend(self) -> keyring.backend.KeyringBackend:
        """keyring's own choice, made when a secret or the keyring's state is first asked for: its discovery (an
        entry-point scan, a D-Bus round trip) is not part of opening the app."""
        import keyring

        return keyring.get_keyring()

    @property
    def backend_name(self) -> str:
        """What a person would call it: 'Secret Service (SecretStorage)', 'macOS Keychain', ..."""
        backend = self._backend
        if self.is_session_only:
            return _("Memory (this session only)")
        return getattr(backend, "name", type(backend).__name__)

    @property
    def is_session_only(self) -> bool:
        from desktop.memory_keyring import MemoryKeyring

        return isinstance(self._backend, MemoryKeyring)

    @property
    def is_usable(self) -> bool:
        """False when keyring found nothing better than its 'fail' backend (no Secret Service, no keychain)."""
        return self.is_session_only or self._backend_usable

    @functools.cached_property
    def _backend_usable(self) -> bool:
        """Asked once: a Secret Service's priority is a D-Bus round trip each time it is read."""
        from keyring.backends import fail

        return not isinstance(self._backend, fail.Keyring) and self._backend.priority > 0

    def use_session_only(self) -> None:
        """The user chose to keep secrets in memory for this session (no usable keyring)."""
        from desktop.memory_keyring import MemoryKeyring

        self._backend = MemoryKeyring()

    @staticmethod
    def _key(account_id: int, field: str) -> str:
        return f"account/{account_id}/{field}"

    def get(self, account_id: int, field: str) -> str | None:
        return self._get(self._key(account_id, field))

    def set(self, account_id: int, field: str, value: str) -> None:
        self._set(self._key(account_id, field), value)

    def delete(self, account_id: int, field: str) -> None:
        self._delete(self._key(account_id, field))

    def database_password(self, url: str) -> str | None:
        """The saved password of the database at ``url`` (None: none saved; the server may not ask for one)."""
        return self._get(f"database/{url.strip()}")

    def set_database_password(self, url: str, password: str) -> None:
        self._set(f"database/{url.strip()}", password)

    def delete_database_password(self, url: str) -> None:
        self._delete(f"database/{url.strip()}")

    def _get(self, key: str) -> str | None:
        import keyring.errors

        try:
            value = self._backend.get_password(SERVICE, key)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(_explain(exc)) from exc
        REDACTOR.register(value)
        return value

    def _set(self, key: str, value: str) -> None:
        import keyring.errors

        REDACTOR.register(value)
        try:
            self._backend.set_password(SERVICE, key, value)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(_explain(exc)) from exc

    def _delete(self, key: str) -> None:
        import keyring.errors

        try:
            self._backend.delete_password(SERVICE, key)
        except keyring.errors.PasswordDeleteError:
            pass  # already gone: deleting is idempotent
        except keyring.errors.KeyringError as exc:
            raise SecretStoreError(_explain(exc)) from exc


def _explain(exc: Exception) -> str:
    import keyring.errors

    if isinstance(exc, keyring.errors.NoKeyringError):
        return (
            _("No system keyring is available to keep passwords safely. On Linux, install and unlock GNOME Keyring or "
              "KWallet; or keep secrets for this session only.")
        )
    if isinstance(exc, keyring.errors.KeyringLocked):
        return _("The system keyring is locked. Unlock it and try again.")
    return _("The system keyring refused the request ({exc}). Check that it is unlocked and try again.").format(
               exc=exc)
