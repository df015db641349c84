"""The server's secrets come from files (systemd credentials, Docker secrets), read through the same SecretStore as
the keyring; nothing is written, and the file backend is never picked by keyring on its own."""

from __future__ import annotations

from pathlib import Path

import keyring.backend
import pytest

from desktop.secrets import SecretStore, SecretStoreError
from desktop.server.credentials import PASSWORD_FILE_ENV, SYSTEMD_ENV, FolderKeyring

URL = "postgresql://autocall@db:5432/autocall"


def test_secrets_are_read_from_their_files_without_the_final_newline(tmp_path: Path) -> None:
    (tmp_path / "account.3.api_key").write_text("k3y\n")
    (tmp_path / "database").write_text("pa55word\n")
    secrets = SecretStore(FolderKeyring(tmp_path))
    assert secrets.is_usable
    assert secrets.get(3, "api_key") == "k3y" and secrets.get(3, "password") is None
    assert secrets.database_password(URL) == "pa55word"


def test_nothing_is_written_and_the_refusal_names_the_file_to_add(tmp_path: Path) -> None:
    secrets = SecretStore(FolderKeyring(tmp_path))
    with pytest.raises(SecretStoreError, match="account.2.webhook_token"):
        secrets.set(2, "webhook_token", "generated")
    assert not list(tmp_path.iterdir())


def test_the_environment_chooses_the_folder_and_the_password_file(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SYSTEMD_ENV, raising=False)
    monkeypatch.delenv(PASSWORD_FILE_ENV, raising=False)
    assert FolderKeyring.from_environment() is None  # the system keyring, as on a desk
    monkeypatch.setenv(SYSTEMD_ENV, str(tmp_path))
    assert FolderKeyring.from_environment().database_password_file == tmp_path / "database"
    elsewhere = tmp_path / "db-password"
    elsewhere.write_text("s3cret")
    monkeypatch.setenv(PASSWORD_FILE_ENV, str(elsewhere))
    assert SecretStore(FolderKeyring.from_environment()).database_password(URL) == "s3cret"


def test_keyring_never_picks_the_file_backend_by_itself() -> None:
    assert not FolderKeyring.viable
    assert not any(isinstance(k, FolderKeyring) for k in keyring.backend.get_all_keyring())
