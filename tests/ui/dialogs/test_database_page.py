"""Preferences ▸ Database: "this computer only" by default; a team database's Test connection runs off the window's
thread and says in words what it found (a wrong password too); "Use this database" keeps the address for the next
start and the password in the keyring, and offers to copy this desk's data into the still empty team database."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from desktop.secrets import SecretStore
from desktop.services import Services
from desktop.store import DATABASE_URL_VARIABLE, SCHEMA_VERSION, chosen_url, open_database, sqlite_url
from tests.helpers.campaigns import add_list
from tests.helpers.postgres import PostgresServer
from tests.helpers.support import wait_until
from ui.dialogs.database_page import DatabasePanel
from ui.dialogs.preferences import PreferencesDialog
from ui.session import Session


@pytest.fixture
def panel(qtbot, services: Services, monkeypatch: pytest.MonkeyPatch) -> Iterator[DatabasePanel]:
    monkeypatch.delenv(DATABASE_URL_VARIABLE, raising=False)
    services.accounts.ensure_demo_accounts()
    dialog = PreferencesDialog(services.preferences, session=Session(services))
    qtbot.addWidget(dialog)
    dialog.show()
    pages = [dialog.pages.tabText(i) for i in range(dialog.pages.count())]
    assert pages == ["Contacts", "Campaigns", "Recordings", "Storage", "Database", "Notifications"]
    dialog.pages.setCurrentIndex(pages.index("Database"))
    yield dialog.database  # the dialog (and its session) live until the test ends


def fill(panel: DatabasePanel, url: str, password: str) -> None:
    parts = urlsplit(url)
    panel.team.setChecked(True)
    panel.host.setText(parts.hostname)
    panel.port.setValue(parts.port)
    panel.name.setText(parts.path.lstrip("/"))
    panel.user.setText(parts.username)
    panel.password.setText(password)


async def settled(panel: DatabasePanel) -> str:
    await wait_until(lambda: panel.use_button.isEnabled() and "Connecting" not in panel.result.text()
                     and "Copying" not in panel.result.text(), timeout=30, message="the database job")
    return panel.result.text()


def test_this_computer_only_is_the_default(panel: DatabasePanel, services: Services) -> None:
    assert panel.local.isChecked() and not panel.fields.isEnabled() and not panel.test_button.isEnabled()
    assert panel.now.text() == f"Now: this computer only ({services.paths.database})."
    panel.team.setChecked(True)
    assert panel.fields.isEnabled() and panel.test_button.isEnabled() and panel.port.value() == 5432
    panel.test_button.click()
    assert panel.result.state == "error" and panel.result.text() == "Enter the server's address first."


async def test_test_connection_says_what_it_found_and_a_wrong_password_in_words(
        panel: DatabasePanel, pg_url: str, postgres_server: PostgresServer) -> None:
    fill(panel, pg_url, "not-the-password")
    panel.test_button.click()
    assert not panel.use_button.isEnabled()  # busy while it connects off the window's thread
    said = await settled(panel)
    assert panel.result.state == "error"
    assert said.startswith(f"The database server 127.0.0.1:{postgres_server.port} did not accept the password of "
                           f"autocall: enter the right password")

    panel.password.setText(postgres_server.password)
    panel.test_button.click()
    said = await settled(panel)
    assert panel.result.state == "info"
    assert said == f"Connected to {pg_url}. It holds no data yet (schema version {SCHEMA_VERSION})."
    assert chosen_url(panel.paths) == sqlite_url(panel.paths.database)  # a test changes nothing


async def test_use_keeps_the_choice_for_the_next_start_and_copies_this_desk_into_the_empty_database(
        panel: DatabasePanel, services: Services, pg_url: str, postgres_server: PostgresServer,
        memory_keyring) -> None:
    add_list(services.store, 25)
    SecretStore(memory_keyring).delete_database_password(pg_url)
    fill(panel, pg_url, postgres_server.password)
    panel.use_button.click()
    said = await settled(panel)
    assert said == ("Saved: this desk uses the team database from its next start. Restart Autocall Desk to switch. "
                    "The team database is empty: you can copy this desk's data into it now.")
    assert chosen_url(services.paths) == pg_url
    assert SecretStore(memory_keyring).database_password(pg_url) == postgres_server.password
    assert not panel.copy_button.isHidden()

    panel.copy_button.click()
    said = await settled(panel)
    assert said.startswith("Copied ") and "every table's count matches" in said, said
    assert panel.copy_button.isHidden() and panel.copy_progress.isHidden()
    team = open_database(pg_url)
    try:
        assert team.query_one("SELECT count(*) FROM contacts")[0] == 25
        assert team.query_one("SELECT count(*) FROM accounts")[0] == 3
    finally:
        team.close()

    panel.local.setChecked(True)
    panel.use_button.click()
    assert panel.result.text() == ("Saved: from the next start this desk keeps its data on this computer only. "
                                   "Restart Autocall Desk to switch.")
    assert chosen_url(services.paths) == sqlite_url(services.paths.database)
