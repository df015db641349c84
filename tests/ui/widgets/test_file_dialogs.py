"""Every file dialog opens in the user's Documents folder the first time and in the folder last used for the same
purpose afterwards: importing contacts, saving rejects (not beside the imported file), choosing where recordings go."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from desktop.services import Services
from desktop.settings import LAST_FOLDER
from tests.helpers.contacts import SAMPLE
from tests.helpers.ui import finished, import_sample
from ui.dialogs.bulk_download import BulkDownloadDialog
from ui.main_window import MainWindow
from ui.widgets.file_dialogs import documents_folder


@pytest.fixture
def documents(tmp_path: Path, monkeypatch) -> Path:
    """A home folder with a Documents folder, as a user's desktop has."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home / "Documents"


class Dialogs:
    """Stands in for Qt's file dialogs: records the folder each one opened in and gives the next answer."""

    def __init__(self, monkeypatch) -> None:
        self.opened_in: list[str] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(self._file))
        monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(self._file))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(self._folder))

    def _file(self, parent, title, start, filters="", *args):
        self.opened_in.append(start)
        return self.answer, ""

    def _folder(self, parent, title, start, *args):
        self.opened_in.append(start)
        return self.answer


async def test_dialogs_open_in_documents_then_in_the_folder_last_used_for_the_same_purpose(
        window: MainWindow, services: Services, documents: Path, tmp_path: Path, monkeypatch) -> None:
    assert documents_folder() == documents
    dialogs = Dialogs(monkeypatch)
    window.show_tab("contactsTab")
    tab = window.contacts_tab
    tab.empty.button.click()  # Import file…, cancelled
    assert dialogs.opened_in == [str(documents)]

    dialogs.answer = str(SAMPLE)
    tab.choose_file()
    await finished(tab)
    assert tab.report is not None and services.preferences.get(LAST_FOLDER, "contacts") == str(SAMPLE.parent)
    dialogs.answer = ""
    tab.choose_file()
    assert dialogs.opened_in[-1] == str(SAMPLE.parent)

    tab.save_rejects_button.click()  # proposed in Documents, not beside the sample inside the app's folder
    assert dialogs.opened_in[-1] == str(documents / f"{SAMPLE.stem}-rejects.xlsx")
    elsewhere = tmp_path / "loi"
    elsewhere.mkdir()
    dialogs.answer = str(elsewhere / "sai.xlsx")
    tab.save_rejects_button.click()
    await finished(tab)
    assert (elsewhere / "sai.xlsx").is_file()
    await import_sample(tab)
    dialogs.answer = ""
    tab.save_rejects_button.click()
    assert dialogs.opened_in[-1] == str(elsewhere / f"{SAMPLE.stem}-rejects.xlsx")
    tab.choose_file()  # each purpose keeps its own folder
    assert dialogs.opened_in[-1] == str(SAMPLE.parent)


def test_recordings_go_to_documents_first_then_where_they_went_last(qtbot, services: Services, documents: Path,
                                                                    tmp_path: Path, monkeypatch) -> None:
    dialogs = Dialogs(monkeypatch)
    dialog = BulkDownloadDialog(None, None, None, [], preferences=services.preferences)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert dialog.folder.text() == str(documents)
    dialogs.answer = str(tmp_path)
    dialog.browse.click()
    assert dialogs.opened_in == [str(documents)] and dialog.folder.text() == str(tmp_path)
    again = BulkDownloadDialog(None, None, None, [], preferences=services.preferences)  # type: ignore[arg-type]
    qtbot.addWidget(again)
    assert again.folder.text() == str(tmp_path)
