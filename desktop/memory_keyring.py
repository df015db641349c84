"""Secrets held in this process only, for 'this session only' and for tests: a keyring backend of its own module, so
that :mod:`desktop.secrets` imports keyring only when a secret is first asked for."""

from __future__ import annotations

import keyring.backend
import keyring.errors
from keyring.compat import properties


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Secrets held in this process only: gone when the app closes. Used for 'this session only' and tests."""

    @properties.classproperty
    def priority(cls) -> float:  # noqa: N805 - a class property
        # keyring offers every KeyringBackend subclass it knows; a priority that raises makes this one
        # "not viable", so it is used only when the user chooses it, never as a silent automatic fallback.
        raise RuntimeError("the session-only keyring is used only when the user chooses it")

    def __init__(self) -> None:
        super().__init__()
        self._items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._items.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)

