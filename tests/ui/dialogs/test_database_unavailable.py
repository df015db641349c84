"""At start, a team database that cannot be opened: the dialog takes the password the server refused and opens it,
or lets the operator work on this computer's own data; nothing starts half-connected."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from desktop.paths import AppPaths
from desktop.secrets import MemoryKeyring, SecretStore
from desktop.store import DATABASE_URL_VARIABLE, ServerError, choose_url, chosen_url, sqlite_url
from tests.helpers.postgres import PostgresServer
from ui import app
from ui.dialogs.database_unavailable import Choice, DatabaseUnavailableDialog

SHOTS = Path(os.environ.get("AUTOCALL_SHOTS", "/tmp/autocall-shots"))


def answer_with(button: str, password: str | None = None) -> list[str]:
    """Type ``password`` and click ``button`` in the modal dialog as soon as it shows; the texts it showed."""
    shown: list[str] = []

    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, click)
            return
        shown.append(" ".join(label.text() for label in dialog.findChildren(QLabel)))
        if password is not None:
            dialog.findChild(QLineEdit, "databasePassword").setText(password)
        dialog.findChild(QPushButton, button).click()

    QTimer.singleShot(0, click)
    return shown


def test_the_refused_password_is_asked_for_kept_in_the_keyring_and_the_team_database_opens(
        qapp: QApplication, paths: AppPaths, pg_url: str, postgres_server: PostgresServer,
        memory_keyring: MemoryKeyring) -> None:
    SecretStore(memory_keyring).set_database_password(pg_url, "an old password")
    choose_url(paths, pg_url)
    shown = answer_with("retryButton", postgres_server.password)
    services = app.open_services(paths)
    assert services is not None and services.store.engine == "postgresql" and services.store.url == pg_url
    services.store.close()
    assert "did not accept the password of autocall" in shown[0] and pg_url in shown[0]
    assert SecretStore(memory_keyring).database_password(pg_url) == postgres_server.password
    assert not paths.database.exists()


def test_a_server_that_cannot_be_reached_leaves_the_choice_of_this_computers_own_data(
        qapp: QApplication, paths: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DATABASE_URL_VARIABLE, "postgresql://ops@127.0.0.1:1/autocall")
    shown = answer_with("localDataButton")
    services = app.open_services(paths)
    assert services is not None and services.store.engine == "sqlite"
    services.store.close()
    assert "cannot be reached" in shown[0]
    assert chosen_url(paths) == sqlite_url(paths.database)
    answer_with("quitButton")
    assert app.open_services(paths) is None  # the variable still names the server: asked again at the next start


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_the_dialog_renders_whole(qapp: QApplication, size: tuple[int, int]) -> None:
    refused = ServerError("The database server db.example:5432 did not accept the password of ops: enter the right "
                          "password (it is kept in the system keyring), then try again.", "password")
    dialog = DatabaseUnavailableDialog(refused, "postgresql://ops@db.example:5432/autocall")
    dialog.resize(min(size[0], dialog.sizeHint().width()), dialog.sizeHint().height())
    dialog.show()
    qapp.processEvents()
    assert dialog.password_field.isVisible() and dialog.choice == Choice.QUIT
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / f"database-unavailable-{size[0]}x{size[1]}.png"))
    for label in dialog.findChildren(QLabel):
        assert label.height() >= label.heightForWidth(label.width()) or not label.wordWrap()
    dialog.close()
