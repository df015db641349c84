"""Accounts tab against the real simulator over loopback HTTP: create, test, edit and delete accounts of every
provider, with secrets only in the keyring."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from desktop.demo import DemoEnvironment
from desktop.secrets import SERVICE, MemoryKeyring, SecretStore
from desktop.services import Services
from tests.helpers.support import wait_until
from ui.accounts.tab import AccountsTab
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def window(qtbot, services: Services, demo: DemoEnvironment) -> MainWindow:
    services.accounts.ensure_demo_accounts()
    session = Session(services, demo)
    main = MainWindow(session)
    session.restore_active_account()
    qtbot.addWidget(main)
    main.show()
    main.show_tab("accountsTab")
    return main


def fill(qtbot, tab: AccountsTab, values: dict[str, str]) -> None:
    """Type into the form the way a person would (choices picked by value)."""
    for name, value in values.items():
        editor = tab.form.name if name == "name" else tab.form.inputs[name]
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        else:
            editor.clear()
            qtbot.keyClicks(editor, value)


def new_account(qtbot, tab: AccountsTab, provider: str, values: dict[str, str]) -> None:
    tab.start_new(provider)
    fill(qtbot, tab, values)
    assert tab.save(), tab.result.text()


async def run_connection_test(tab: AccountsTab) -> str:
    tab.test_button.click()
    assert tab.busy.isVisible()  # progress is shown while the provider answers
    await wait_until(lambda: tab.busy.isHidden(), timeout=20, message="connection test to finish")
    return tab.result.text()


def form_values(demo: DemoEnvironment) -> dict[str, tuple[str, dict[str, str], str]]:
    urls, cred = demo.running.base_urls, demo.running.credentials
    return {
        "VBot v2": ("vbot", {"name": "VBot v2", "api_generation": "v2", "base_url": urls["vbot_v2"],
                             "username": cred["vbot_username"], "password": cred["vbot_password"],
                             "vbot_id": cred["vbot_id"], "project_code": cred["vbot_project_code"]}, "password"),
        "VBot v3": ("vbot", {"name": "VBot v3", "api_generation": "v3", "base_url": urls["vbot_v3"],
                             "api_key": cred["vbot_api_key"]}, "api_key"),
        "NX": ("nxcloud", {"name": "NX", "base_url": urls["nxcloud"], "uuid": cred["nxcloud_uuid"],
                           "secret_key": cred["nxcloud_secret_key"], "algorithm": "MD5"}, "secret_key"),
        "Biz": ("bizphone", {"name": "Biz", "base_url": urls["bizphone"], "api_key": cred["bizphone_api_key"],
                             "default_caller_id": "+842473001234"}, "api_key"),
    }


@pytest.mark.parametrize("label", ["VBot v2", "VBot v3", "NX", "Biz"])
async def test_create_test_edit_and_delete_an_account(qtbot, window: MainWindow, demo: DemoEnvironment,
                                                      memory_keyring: MemoryKeyring, monkeypatch, label: str) -> None:
    tab = window.accounts_tab
    provider, values, secret_name = form_values(demo)[label]
    new_account(qtbot, tab, provider, values)
    account = window.session.active_account
    assert account.name == label and not account.is_demo
    assert window.account_selector.currentText() == label  # the status bar follows
    assert memory_keyring.get_password(SERVICE, f"account/{account.id}/{secret_name}") == values[secret_name]
    assert values[secret_name] not in str(account.config)

    assert (await run_connection_test(tab)).startswith("✓")
    assert window.connection_state.text().endswith("Connected")

    # a wrong secret: saved, tested, and reported in words
    fill(qtbot, tab, {secret_name: "wrong-" + values[secret_name]})
    assert tab.save()
    message = await run_connection_test(tab)
    assert message.startswith("✗") and re.search(r"(refused|rejected) .* check .* in Accounts", message), message
    assert window.connection_state.text().endswith("Not connected")

    # edit: rename, leaving the secret empty keeps the saved one
    fill(qtbot, tab, {"name": label + " (sales)"})
    assert tab.save()
    assert window.session.accounts.repository.get(account.id).name == label + " (sales)"
    assert memory_keyring.get_password(SERVICE, f"account/{account.id}/{secret_name}") == "wrong-" + values[secret_name]

    # delete, after confirming: the keyring items go too
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete_current()
    assert window.session.accounts.repository.get(account.id) is None
    assert memory_keyring.get_password(SERVICE, f"account/{account.id}/{secret_name}") is None
    selector = window.account_selector
    assert label + " (sales)" not in [selector.itemText(i) for i in range(selector.count())]


async def test_demo_accounts_connect_and_cannot_be_edited(window: MainWindow) -> None:
    tab = window.accounts_tab
    assert tab.demo_note.isVisible()
    assert not tab.save_button.isEnabled() and not tab.delete_button.isEnabled()
    assert (await run_connection_test(tab)).startswith("✓")


async def test_inline_validation_blocks_saving(qtbot, window: MainWindow) -> None:
    tab = window.accounts_tab
    tab.start_new("bizphone")
    fill(qtbot, tab, {"name": "Biz", "base_url": "http://example.com/v1", "default_caller_id": "12ab"})
    assert not tab.save()
    assert tab.form.errors["base_url"].isVisible() and "https://" in tab.form.errors["base_url"].text()
    assert tab.form.errors["api_key"].text() == "Required."
    assert tab.form.errors["default_caller_id"].isVisible()


async def test_duplicate_name_is_refused_in_words(qtbot, window: MainWindow, demo: DemoEnvironment) -> None:
    tab = window.accounts_tab
    provider, values, _ = form_values(demo)["Biz"]
    new_account(qtbot, tab, provider, values)
    tab.start_new(provider)
    fill(qtbot, tab, values)
    assert not tab.save()
    assert "already has this name" in tab.result.text()


def test_no_keyring_is_explained_and_session_only_is_a_choice(qtbot, services: Services) -> None:
    services.secrets = SecretStore(fail.Keyring())
    session = Session(services)
    tab = AccountsTab(session)
    qtbot.addWidget(tab)
    tab.show()
    assert "No system keyring is available" in tab.keyring_label.text()
    assert tab.session_only_button.isVisible()
    tab.session_only_button.click()
    assert services.secrets.is_session_only
    assert "this session only" in tab.keyring_label.text()
    assert not tab.session_only_button.isVisible()


@pytest.mark.keyring  # the private Secret Service scripts/run-tests.sh starts
def test_the_keyring_is_named_only_in_the_tooltip(qtbot, services: Services) -> None:
    """The banner says where secrets go in plain words; the keyring's technical name is for whoever helps."""
    tab = AccountsTab(Session(services))
    qtbot.addWidget(tab)
    tab.show()
    assert services.secrets.is_usable
    assert services.secrets.backend_name not in tab.keyring_label.text()
    assert tab.keyring_label.toolTip() == services.secrets.backend_name


async def test_secrets_never_reach_the_data_folder_or_logs(qtbot, window: MainWindow, demo: DemoEnvironment,
                                                          services: Services) -> None:
    """A full session with every provider, then every file under the data folder is searched for the secrets."""
    tab = window.accounts_tab
    secrets = []
    for label, (provider, values, secret_name) in form_values(demo).items():
        new_account(qtbot, tab, provider, values)
        assert (await run_connection_test(tab)).startswith("✓")
        fill(qtbot, tab, {secret_name: "wrong-secret-" + label.replace(" ", "")})
        assert tab.save()
        await run_connection_test(tab)
        secrets += [values[secret_name], "wrong-secret-" + label.replace(" ", "")]
    window.close()  # saves window state: the last write before the files are read
    services.store.close()  # flush the WAL into the database file
    files = [p for p in Path(services.paths.data_dir).rglob("*") if p.is_file()]
    assert any(p.name == "autocall.log" for p in files)
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"{secret!r} found in {path}"


@pytest.mark.keyring
def test_secret_round_trip_through_the_real_secret_service() -> None:
    """Runs under scripts/run-tests.sh, which starts a private D-Bus session with an unlocked gnome-keyring."""
    store = SecretStore()
    assert store.is_usable, f"no usable keyring backend: {store.backend_name}"
    assert "Secret" in store.backend_name or "Keyring" in store.backend_name
    store.set(987654, "api_key", "real-keyring-secret-Đ")
    assert SecretStore().get(987654, "api_key") == "real-keyring-secret-Đ"
    store.delete(987654, "api_key")
    assert SecretStore().get(987654, "api_key") is None


async def test_status_bar_checks_each_newly_chosen_account(window: MainWindow) -> None:
    window.session.check_active_connection_on_change()
    selector = window.account_selector
    for index in (1, 2, 0):  # each one a real change of account
        selector.setCurrentIndex(index)
        assert window.connection_state.property("state") == "unknown"  # reset at once, then checked
        await wait_until(lambda: window.connection_state.property("state") == "ok", timeout=20,
                         message=f"{selector.currentText()} to connect")
        assert selector.currentText() in window.session.active_account.name


async def test_an_account_saved_without_its_secret_is_listed_and_saved_again_with_it(
        qtbot, services: Services, demo: DemoEnvironment) -> None:
    services.secrets = SecretStore(fail.Keyring())
    services.accounts.ensure_demo_accounts()
    tab = AccountsTab(Session(services, demo))
    qtbot.addWidget(tab)
    tab.show()
    provider, values, secret = form_values(demo)["Biz"]
    tab.start_new(provider)
    fill(qtbot, tab, values)
    tab.form.name.setText("Tổng đài Hà Nội")  # (typed keys are Latin-1 only in QTest)
    assert not tab.save()
    assert tab.result.text().startswith("The settings were saved, but not the secret")
    listed = [tab.list.item(i).text().split("\n")[0] for i in range(tab.list.count())]
    assert "Tổng đài Hà Nội" in listed and tab.list.currentItem().text().startswith("Tổng đài Hà Nội")
    assert tab.heading.text() == "Tổng đài Hà Nội" and tab.form.value(secret) == values[secret]  # still typed
    tab.session_only_button.click()
    assert tab.save(), tab.result.text()
    stored = [a for a in services.accounts.list() if a.name == "Tổng đài Hà Nội"]
    assert len(stored) == 1 and services.secrets.get(stored[0].id, secret) == values[secret]


async def test_required_shows_only_after_a_field_is_edited_or_on_save_and_the_name_too(qtbot,
                                                                                       window: MainWindow) -> None:
    tab = window.accounts_tab
    tab.start_new("vbot")
    form = tab.form
    assert not form.errors["api_key"].isVisible() and not form.name_error.isVisible()  # nothing typed yet
    qtbot.keyClicks(form.name, "x")
    qtbot.keyClick(form.name, Qt.Key.Key_Backspace)  # typed, then erased
    assert form.name_error.isVisible() and form.name_error.text() == "Required."
    assert not form.errors["api_key"].isVisible()
    assert not tab.save()  # Save shows every problem
    assert form.errors["api_key"].isVisible() and form.errors["api_key"].text() == "Required."
