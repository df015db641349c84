"""The do-not-call list: numbers typed by hand or imported from a file, shown, counted and removable.

Numbers are kept in E.164 (desktop/contacts/repository.py), so "0977 000 111", "84977000111" and
"+84977000111" are one entry. Importing a file reads it off the UI thread like a contact import. Every change
emits :attr:`DoNotCallDialog.changed`, and the Contacts tab validates the open file again.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStringListModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.contacts.repository import DoNotCallImport
from desktop.i18n import _
from desktop.phones import display_phone
from ui import formats
from ui.jobs import Job
from ui.session import Session
from ui.text import arg
from ui.widgets.file_dialogs import ask_path


def contact_file_filter() -> str:
    """The file dialog filter for anything the importer reads (desktop/contacts/reading.py)."""
    return QCoreApplication.translate(
        "Contacts", "Spreadsheets and text files (*.xlsx *.xlsm *.xls *.ods *.csv *.txt *.tsv);;All files (*)")


class DoNotCallDialog(QDialog):
    changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("doNotCallDialog")
        self.setWindowTitle(self.tr("Do-not-call list"))
        self.resize(480, 520)
        self.session = session
        self.repository = session.contacts

        intro = QLabel(self.tr("Numbers on this list are never called: matching rows of an import are set aside "
                               "as “Do not call”."))
        intro.setWordWrap(True)
        self.number_edit = QLineEdit()
        self.number_edit.setObjectName("dncNumberEdit")
        self.number_edit.setPlaceholderText(self.tr("e.g. 0977 000 111"))
        self.number_edit.returnPressed.connect(self.add_typed)
        add_label = QLabel(self.tr("&Number:"))
        add_label.setBuddy(self.number_edit)
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setObjectName("dncAddButton")
        self.add_button.clicked.connect(self.add_typed)
        add_row = QHBoxLayout()
        add_row.addWidget(add_label)
        add_row.addWidget(self.number_edit, 1)
        add_row.addWidget(self.add_button)

        self.count = QLabel()
        self.count.setObjectName("dncCount")
        self.numbers = QStringListModel(self)
        self.view = QListView()
        self.view.setObjectName("dncList")
        self.view.setAccessibleName(self.tr("Numbers not to call"))
        self.view.setModel(self.numbers)
        self.view.setUniformItemSizes(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.import_button = QPushButton(self.tr("&Import from file…"))
        self.import_button.setObjectName("dncImportButton")
        self.import_button.clicked.connect(self._choose_file)
        self.remove_button = QPushButton(self.tr("&Remove selected"))
        self.remove_button.setObjectName("dncRemoveButton")
        self.remove_button.clicked.connect(self.remove_selected)
        self.busy = QProgressBar()
        self.busy.setObjectName("dncProgress")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(100)
        self.busy.hide()
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.import_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons.addWidget(self.busy)
        list_buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("dncMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(add_row)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        layout.addLayout(list_buttons)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self._stored = {display_phone(number): number for number in self.repository.do_not_call()}
        numbers = sorted(self._stored)
        self.numbers.setStringList(numbers)
        self.count.setText(arg(self.tr("%1 number(s) on the list"), formats.number(len(numbers))))

    def add_number(self, text: str) -> bool:
        """Add one number as typed; False (with the reason shown) when it is not a phone number."""
        result = self.repository.add_do_not_call_text(text)
        if not result.e164:
            self.message.setText(arg(self.tr("“%1” was not added: %2"), text, _(result.reason)))
            return False
        self.message.setText(arg(self.tr("%1 is on the do-not-call list."), display_phone(result.e164)))
        self._changed()
        return True

    def add_typed(self) -> None:
        if self.number_edit.text().strip() and self.add_number(self.number_edit.text()):
            self.number_edit.clear()

    def remove_selected(self) -> None:
        chosen = [index.data() for index in self.view.selectionModel().selectedIndexes()]
        if chosen:
            self.repository.remove_do_not_call(self._stored[shown] for shown in chosen)
            self.message.setText(arg(self.tr("%1 number(s) removed."), str(len(chosen))))
            self._changed()

    def _choose_file(self) -> None:
        path, _ = ask_path(self, self.session.services.preferences, "do-not-call",
                           self.tr("Import do-not-call numbers"), filters=contact_file_filter())
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path) -> None:
        """Add every number in the file's phone column, reading the file on a worker thread."""
        self.busy.show()
        self.import_button.setEnabled(False)
        self.message.setText(arg(self.tr("Reading %1…"), path.name))
        self.session.jobs.run("contacts-dnc-import", lambda job: self._import(job, path),
                              on_error=self.message.setText, on_finished=self._import_ended)

    def _import_ended(self) -> None:
        self.busy.hide()
        self.import_button.setEnabled(True)

    async def _import(self, job: Job, path: Path) -> None:
        result: DoNotCallImport = await job.blocking(self.repository.import_do_not_call, path)
        text = arg(self.tr("%1 number(s) added from %2; %3 were already on the list."),
                   formats.number(result.added), path.name, formats.number(result.already_listed))
        if result.invalid_rows:
            text += " " + arg(self.tr("%1 row(s) had no usable number."), formats.number(len(result.invalid_rows)))
        self.message.setText(text)
        self._changed()

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()
