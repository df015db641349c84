"""Secrets on a server: read from files the service manager hands over, since a server has no desktop keyring.

systemd gives a unit's credentials (``LoadCredential=``, ``LoadCredentialEncrypted=``) as files in
``$CREDENTIALS_DIRECTORY``; Docker and Compose mount secrets as files in ``/run/secrets``. In that folder:

* ``database`` holds the PostgreSQL password (``AUTOCALL_DATABASE_PASSWORD_FILE`` names another file instead);
* ``account.<id>.<field>`` holds an account's secret, e.g. ``account.3.api_key`` (``autocall accounts list`` gives
  the ids; the field names are the keyring item names the app uses, ``account/<id>/<field>``).

Each file holds the value alone (a final newline is ignored). Nothing is ever written: a secret the app would
generate and keep (VBot's notification header value) must be given as a file too. The database URL never carries
the password.
"""

from __future__ import annotations

import os
from pathlib import Path

import keyring.backend
import keyring.errors

from desktop.secrets import SERVICE

#: The file in the credentials folder that holds the database password.
DATABASE_FILE = "database"
#: The environment variable naming the database password's file (overrides the folder's ``database``).
PASSWORD_FILE_ENV = "AUTOCALL_DATABASE_PASSWORD_FILE"
#: Where systemd puts a unit's credentials.
SYSTEMD_ENV = "CREDENTIALS_DIRECTORY"


class _ChosenOnly:
    """keyring's ``priority`` for a backend only ever chosen explicitly: asked of the class (keyring looking for a
    backend by itself) it raises, which keeps the class out of that search; asked of an instance the server chose
    (``SecretStore.is_usable``) it is a usable priority."""

    def __get__(self, instance: object, owner: type) -> float:
        if instance is None:
            raise RuntimeError("the credentials folder is used only when the server is given one")
        return 1.0


class FolderKeyring(keyring.backend.KeyringBackend):
    """A read-only keyring over one file per secret (see the module's docstring)."""

    priority = _ChosenOnly()  # type: ignore[assignment]

    def __init__(self, folder: Path | None, database_password_file: Path | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.database_password_file = database_password_file or (folder / DATABASE_FILE if folder else None)

    @classmethod
    def from_environment(cls, folder: Path | None = None) -> FolderKeyring | None:
        """The keyring ``folder`` (else ``$CREDENTIALS_DIRECTORY``) and ``$AUTOCALL_DATABASE_PASSWORD_FILE`` give;
        None when neither is set (the system keyring is used)."""
        folder = folder or (Path(os.environ[SYSTEMD_ENV]) if os.environ.get(SYSTEMD_ENV) else None)
        password_file = Path(os.environ[PASSWORD_FILE_ENV]) if os.environ.get(PASSWORD_FILE_ENV) else None
        return cls(folder, password_file) if folder or password_file else None

    @property
    def name(self) -> str:  # what SecretStore.backend_name shows
        return f"credential files in {self.folder or self.database_password_file}"

    def file_for(self, username: str) -> Path | None:
        """The file holding the keyring item ``username`` (``account/3/api_key``, ``database/<URL>``)."""
        if username.startswith("database/"):
            return self.database_password_file
        return self.folder / username.replace("/", ".") if self.folder else None

    def get_password(self, service: str, username: str) -> str | None:
        path = self.file_for(username) if service == SERVICE else None
        try:
            return path.read_text(encoding="utf-8").rstrip("\r\n") if path else None
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise keyring.errors.KeyringError(f"cannot read {path}: {exc.strerror or exc}") from exc

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(
            f"the server reads secrets from files and writes none: put this one in {self.file_for(username)}")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError(f"the server does not delete {self.file_for(username)}")
