"""The Preferences dialog is generated from desktop.settings and writes only what changed; the importer's limit
messages lead to it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QDoubleSpinBox, QLineEdit, QSpinBox

from desktop.services import Services
from desktop.settings import BATCH_SIZE, BREAKER_THRESHOLD, MAX_FILE_MB, MAX_ROWS, RECORDINGS_CACHE_MB
from tests.helpers.contacts import SAMPLE
from tests.helpers.support import wait_until
from ui.dialogs.preferences import PreferencesDialog
from ui.main_window import MainWindow
from ui.providers import PROVIDER_UIS


@pytest.fixture
def dialog(qtbot, services: Services) -> PreferencesDialog:
    shown = PreferencesDialog(services.preferences)
    qtbot.addWidget(shown)
    return shown


def test_every_shown_option_has_a_field_with_its_range_and_unit(dialog: PreferencesDialog,
                                                                services: Services) -> None:
    pages = [dialog.pages.tabText(i) for i in range(dialog.pages.count())]
    assert pages == ["Contacts", "Campaigns", "Recordings", "Storage", "Notifications"]
    expected = [(o, s) for o in services.preferences.shown() for s in ([u.key for u in PROVIDER_UIS] if o.scoped
                                                                       else [None])]
    assert [(o, s) for o, s, _ in dialog.fields] == expected
    for option, scope, editor in dialog.fields:
        assert editor.objectName() == "pref_" + option.store_key(scope).replace(".", "_")
        if isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            assert (editor.minimum(), editor.maximum()) == (option.minimum, option.maximum)
            assert editor.suffix() == (f" {option.unit}" if option.unit else "")
        else:
            assert isinstance(editor, QLineEdit if isinstance(option.default, str) else QCheckBox)
    rows = dialog.field(MAX_ROWS)
    assert rows.value() == 200_000 and rows.suffix() == " rows"
    assert dialog.findChild(QDialogButtonBox, "preferencesButtons") is not None


def test_ok_writes_what_changed_and_cancel_nothing(dialog: PreferencesDialog, services: Services) -> None:
    dialog.field(MAX_FILE_MB).setValue(80)
    dialog.reject()
    assert services.preferences.get(MAX_FILE_MB) == 50

    again = PreferencesDialog(services.preferences)
    again.field(MAX_FILE_MB).setValue(80)
    again.field(BATCH_SIZE, "bizphone").setValue(25)
    again.field(BREAKER_THRESHOLD).setValue(0.25)
    again.accept()
    assert services.preferences.get(MAX_FILE_MB) == 80
    assert services.preferences.get(BATCH_SIZE, "bizphone") == 25 and services.preferences.get(BATCH_SIZE, "vbot") == 0
    assert services.preferences.get(BREAKER_THRESHOLD) == 0.25
    assert services.store.get_setting("recordings_cache_mb") is None  # unchanged fields are not written

    reopened = PreferencesDialog(services.preferences)
    assert reopened.field(MAX_FILE_MB).value() == 80
    reopened.restore_button.click()
    assert reopened.field(MAX_FILE_MB).value() == 50 and services.preferences.get(MAX_FILE_MB) == 80
    reopened.accept()
    assert services.store.get_setting("contacts.max_file_mb") is None  # back to the default: no value stored
    assert services.preferences.get(RECORDINGS_CACHE_MB) == RECORDINGS_CACHE_MB.default


def test_reachable_from_the_menu_with_ctrl_comma(window: MainWindow) -> None:
    action = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.objectName() == "preferencesAction")
    assert action.shortcut().toString() == "Ctrl+,"
    action.trigger()
    assert isinstance(window.findChild(PreferencesDialog, "preferencesDialog"), PreferencesDialog)


async def test_a_file_over_the_limit_offers_the_preferences(window: MainWindow, services: Services) -> None:
    window.show_tab("contactsTab")
    tab = window.contacts_tab
    services.store.set_setting("contacts.max_rows", 10)  # below what the dialog allows, as a tool may write it
    tab.import_file(SAMPLE)
    await wait_until(lambda: not tab.is_busy, message="the import")
    assert "rows" in tab.message.text() and tab.message.state == "error" and "Open Preferences" in tab.message.text()
    tab.message.linkActivated.emit("action")
    await wait_until(lambda: window.findChild(PreferencesDialog, "preferencesDialog") is not None)
