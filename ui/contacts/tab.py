"""Contacts tab: import a spreadsheet, see what will and will not be called, map it to a template, save the list.

The work is the engine's (desktop/contacts/); the tab runs it as jobs (ui/jobs.py) with a progress bar and a
Cancel button. It announces saved and deleted lists through the session (``listSaved``/``listDeleted``) and
follows the BizPhone call-flow text from ``Session.flowTextChanged``.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.changes import ChangeSet
from desktop.contacts.columns import ColumnMapping
from desktop.contacts.errors import FileTooLargeError
from desktop.contacts.fields import launch_problems, preview
from desktop.contacts.importer import ImportOptions, Status, sheet_with_phones, suggest_mapping
from desktop.contacts.reading import TEXT_SUFFIXES, WORKBOOK_SUFFIXES, Limits, Table, open_table
from desktop.contacts.rejects import write_rejects
from desktop.contacts.repository import ContactListInfo, SavedMapping, StoredReport
from desktop.phones import display_phone
from desktop.progress import Progress, Stage
from desktop.settings import SKIP_EARLIER
from ui import formats
from ui.contacts.do_not_call import DoNotCallDialog, contact_file_filter
from ui.contacts.field_mapping import TemplateFieldsPanel
from ui.contacts.report_model import FIXED_COLUMNS, ImportReportModel, status_text
from ui.jobs import ERRORS, Job
from ui.session import Session
from ui.tab import Tab
from ui.text import arg
from ui.widgets.empty_state import EmptyState
from ui.widgets.file_dialogs import Ask, ask_path, remember_folder
from ui.widgets.message_bar import INFO, MessageBar
from ui.widgets.tables import record_table

PREVIEW_ROWS = 20
# Counter buttons: key, statuses shown when it is pressed (none: all rows).
COUNTERS: tuple[tuple[str, tuple[Status, ...]], ...] = (
    ("total", ()),
    ("valid", (Status.VALID,)),
    ("duplicates", (Status.DUPLICATE,)),
    ("invalid", (Status.INVALID,)),
    ("suppressed", (Status.SUPPRESSED,)),
)
COUNTERS_A_ROW = 3
SEARCH_PAUSE_MS = 300  # Quick find searches once typing pauses: each search counts the matching rows in the store


def _choose_mapping(table: Table, saved: SavedMapping | None) -> ColumnMapping | None:
    """The phone and name columns remembered for the template when this file has them, else the detected ones."""
    suggested = suggest_mapping(table)
    columns = table.column_names
    if saved is None or saved.phone not in columns:
        return suggested
    name = saved.name if saved.name in columns else (suggested.name if suggested else None)
    return ColumnMapping(saved.phone, name if name != saved.phone else None)


class ContactsTab(Tab, QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_tab(session)
        self.message = MessageBar("contactsMessage")
        self.setObjectName("contactsTab")
        self.setAcceptDrops(True)
        self.repository = session.contacts
        self._lists: dict[int, ContactListInfo] = {}  # the saved lists shown, by id
        self._path: Path | None = None
        self._table: Table | None = None  # the file shown, read again at each validation; None for a saved list
        self._job: Job | None = None  # the job running, if any
        self._validate_again = False  # a re-validation was asked for while a worker ran
        self._saved_id: int | None = None  # the saved list the report shown is (just saved, or opened)

        self.empty = EmptyState(
            self.tr("No contact lists yet"),
            self.tr(
                "Import the people to call from an Excel or CSV file. Phone numbers are checked and "
                "cleaned, duplicates and do-not-call numbers are set aside, and you see a report before "
                "anything is saved."
            ),
            self.tr("&Import file…"),
            object_name="contactsEmpty",
        )
        self.empty.actionTriggered.connect(self.choose_file)
        self.addWidget(self.empty)
        self.work = self._build_work_page()
        self.addWidget(self.work)

        self.dnc_dialog: DoNotCallDialog | None = None
        session.activeAccountChanged.connect(self._account_changed)
        session.flowTextChanged.connect(self.set_flow_text)
        session.live.changed.connect(self._changed_elsewhere)
        self.fields_panel.set_account(session.active_account)
        self.refresh_lists()

    # -- layout -------------------------------------------------------------------------------------------------
    def _build_work_page(self) -> QWidget:
        self.import_button = QPushButton(self.tr("&Import file…"))
        self.import_button.setObjectName("importFileButton")
        self.import_button.setToolTip(self.tr("Excel (.xlsx, .xls), OpenDocument (.ods) or CSV/TXT; you can also "
                                              "drop a file on this tab"))
        self.import_button.clicked.connect(self.choose_file)
        self.dnc_button = QPushButton(self.tr("&Do-not-call list…"))
        self.dnc_button.setObjectName("doNotCallButton")
        self.dnc_button.clicked.connect(self.show_do_not_call)
        self.earlier_check = QCheckBox(self.tr("Also skip numbers called in &earlier campaigns"))
        self.earlier_check.setObjectName("earlierCampaignsCheck")
        self.earlier_check.setChecked(bool(self.session.services.preferences.get(SKIP_EARLIER)))
        self.earlier_check.toggled.connect(self._earlier_toggled)
        toolbar = QHBoxLayout()
        toolbar.addWidget(self.import_button)
        toolbar.addWidget(self.dnc_button)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.earlier_check)
        toolbar.addStretch(1)

        self.progress_label = QLabel()
        self.progress_label.setObjectName("importProgressLabel")
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("importProgress")
        self.progress_bar.setMaximumWidth(360)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelImportButton")
        self.cancel_button.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_button.setToolTip(self.tr("Stop (Esc). Nothing is changed."))
        self.cancel_button.clicked.connect(self.cancel)
        self.progress_row = QWidget()
        progress_layout = QHBoxLayout(self.progress_row)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress_bar, 1)
        progress_layout.addWidget(self.cancel_button)
        progress_layout.addStretch(1)
        self.progress_row.hide()

        self.no_file = EmptyState(
            self.tr("No file open"),
            self.tr("Import an Excel or CSV file, or drop one on this tab, to check its phone numbers before "
                    "saving it as a contact list."),
            object_name="contactsNoFile",
        )
        self.left = QStackedWidget()
        self.left.addWidget(self.no_file)
        self.left.addWidget(self._build_report_page())

        self.fields_panel = TemplateFieldsPanel(self.session)
        self.fields_panel.scopeChanged.connect(self._scope_changed)
        self.fields_panel.changed.connect(self._refresh_checks)
        self.fields_panel.edited.connect(self._remember_mapping)
        self.preview_model = QStandardItemModel(self)
        self.preview_view = record_table(self.preview_model, "previewView",
                                         self.tr("What the script will say, first rows"))
        self.preview_note = QLabel()
        self.preview_note.setObjectName("previewNote")
        self.preview_note.setWordWrap(True)
        preview_page = QWidget()
        preview_layout = QVBoxLayout(preview_page)
        preview_layout.addWidget(self.preview_note)
        preview_layout.addWidget(self.preview_view, 1)
        self.saved_lists = QListWidget()
        self.saved_lists.setObjectName("savedLists")
        self.saved_lists.setAccessibleName(self.tr("Saved contact lists"))
        self.saved_lists.setSpacing(2)
        self.saved_lists.itemSelectionChanged.connect(self._update_delete_button)
        self.saved_lists.itemActivated.connect(lambda _item: self.open_selected_list())
        self.open_list_button = QPushButton(self.tr("&Open"))
        self.open_list_button.setObjectName("openListButton")
        self.open_list_button.setToolTip(self.tr("Show the contacts of the selected list (Enter or double-click)"))
        self.open_list_button.clicked.connect(self.open_selected_list)
        self.list_campaign_button = QPushButton(self.tr("New &campaign…"))
        self.list_campaign_button.setObjectName("listCampaignButton")
        self.list_campaign_button.setToolTip(self.tr("Set up a campaign that calls the selected list"))
        self.list_campaign_button.clicked.connect(lambda: self.create_campaign(self.selected_list_id()))
        QShortcut(QKeySequence.StandardKey.Delete, self.saved_lists, self.delete_selected_list,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.delete_list_button = QPushButton(self.tr("Delete list…"))
        self.delete_list_button.setObjectName("deleteListButton")
        self.delete_list_button.setToolTip(self.tr("Delete the selected list from Autocall Desk (Delete key)"))
        self.delete_list_button.clicked.connect(self.delete_selected_list)
        self.delete_list_button.setEnabled(False)
        saved_page = QWidget()
        saved_layout = QVBoxLayout(saved_page)
        saved_layout.addWidget(self.saved_lists, 1)
        saved_buttons = QHBoxLayout()
        saved_buttons.addWidget(self.open_list_button)
        saved_buttons.addWidget(self.list_campaign_button)
        saved_buttons.addStretch(1)
        saved_buttons.addWidget(self.delete_list_button)
        saved_layout.addLayout(saved_buttons)
        self.side = QTabWidget()
        self.side.setObjectName("contactsSideTabs")
        self.side.setUsesScrollButtons(False)  # every tab title whole: the splitter keeps the room they need
        self.side.setElideMode(Qt.TextElideMode.ElideNone)
        self.side.addTab(self.fields_panel, self.tr("Template fields"))
        self.side.addTab(preview_page, self.tr("Preview"))
        self.side.addTab(saved_page, self.tr("Saved lists"))

        splitter = QSplitter()
        splitter.setObjectName("contactsSplitter")
        splitter.addWidget(self.left)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 560])
        splitter.setChildrenCollapsible(False)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(toolbar)
        layout.addWidget(self.progress_row)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        return page

    def _build_report_page(self) -> QWidget:
        self.file_label = QLabel()
        self.file_label.setObjectName("contactsFileLabel")
        self.file_label.setProperty("heading", True)
        self.file_label.setWordWrap(True)  # a long file or sheet name takes a second line, not the side tabs' room
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("sheetCombo")
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.sheet_label = QLabel(self.tr("&Worksheet:"))
        self.sheet_label.setBuddy(self.sheet_combo)
        source_row = QHBoxLayout()
        source_row.addWidget(self.file_label, 1)
        source_row.addWidget(self.sheet_label)
        source_row.addWidget(self.sheet_combo)

        self.phone_combo = QComboBox()
        self.phone_combo.setObjectName("phoneColumnCombo")
        self.phone_combo.setMinimumContentsLength(14)
        self.phone_combo.activated.connect(self._mapping_chosen)
        self.name_combo = QComboBox()
        self.name_combo.setObjectName("nameColumnCombo")
        self.name_combo.setMinimumContentsLength(14)
        self.name_combo.activated.connect(self._mapping_chosen)
        phone_label = QLabel(self.tr("&Phone column:"))
        phone_label.setBuddy(self.phone_combo)
        name_label = QLabel(self.tr("&Name column:"))
        name_label.setBuddy(self.name_combo)
        mapping_rows = QGridLayout()  # one column per row: beside the side tabs, two combos in a row do not fit
        mapping_rows.addWidget(phone_label, 0, 0)
        mapping_rows.addWidget(self.phone_combo, 0, 1)
        mapping_rows.addWidget(name_label, 1, 0)
        mapping_rows.addWidget(self.name_combo, 1, 1)
        mapping_rows.setColumnStretch(2, 1)

        self.counters: dict[str, QPushButton] = {}
        self.counter_group = QButtonGroup(self)
        self.counter_group.setExclusive(True)
        counter_rows = QGridLayout()  # three counters a row, so the left side stays narrow in long languages
        for number, (key, statuses) in enumerate(COUNTERS):
            button = QPushButton()
            button.setObjectName(f"count{key.title()}")
            button.setCheckable(True)
            button.setToolTip(self.tr("Show only these rows") if statuses else self.tr("Show every row"))
            button.setProperty("counter", key)
            self.counter_group.addButton(button, number)
            self.counters[key] = button
            counter_rows.addWidget(button, *divmod(number, COUNTERS_A_ROW))
        self.counters["total"].setChecked(True)
        self.counter_group.idClicked.connect(lambda number: self.model.set_statuses(COUNTERS[number][1]))
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(self.tr("phone or name"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_PAUSE_MS)
        self.search_timer.timeout.connect(lambda: self.model.set_search(self.search_edit.text()))
        self.search_edit.textChanged.connect(self.search_timer.start)
        search_label = QLabel(self.tr("&Quick find:"))
        search_label.setBuddy(self.search_edit)
        counter_rows.setColumnStretch(COUNTERS_A_ROW, 1)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search_edit, 1)

        self.model = ImportReportModel(self.jobs, self)
        self.model.failed.connect(self.message.error)
        self.view = record_table(self.model, "reportView", self.tr("Import report"))
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().sortIndicatorChanged.connect(self._sort_chosen)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.horizontalHeader().setDefaultSectionSize(120)

        self.list_name = QLineEdit()
        self.list_name.setObjectName("listNameEdit")
        self.list_name.setMaxLength(120)
        self.list_name.setMinimumWidth(100)
        list_label = QLabel(self.tr("&List name:"))
        list_label.setBuddy(self.list_name)
        self.save_list_button = QPushButton(self.tr("&Save list"))
        self.save_list_button.setObjectName("saveListButton")
        self.save_list_button.setToolTip(self.tr("Store every row with its status; campaigns call the valid ones"))
        self.save_list_button.clicked.connect(lambda: self.save_list())
        self.save_rejects_button = QPushButton(self.tr("Save re&jects…"))
        self.save_rejects_button.setObjectName("saveRejectsButton")
        self.save_rejects_button.setToolTip(self.tr("An Excel file of the rows that will not be called, with the "
                                                    "file's own columns and the reason, to fix and import again"))
        self.save_rejects_button.clicked.connect(self.choose_rejects_file)
        self.campaign_button = QPushButton(self.tr("Create a &campaign…"))
        self.campaign_button.setObjectName("createCampaignButton")
        self.campaign_button.setToolTip(self.tr("The next step: create a campaign from this list (the Campaigns tab "
                                                "opens with it chosen)"))
        self.campaign_button.clicked.connect(lambda: self.create_campaign(self._saved_id))
        self.campaign_button.hide()
        name_row = QHBoxLayout()
        name_row.addWidget(list_label)
        name_row.addWidget(self.list_name, 1)
        name_row.addWidget(self.save_list_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.campaign_button)
        actions.addWidget(self.save_rejects_button)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(source_row)
        layout.addLayout(mapping_rows)
        layout.addLayout(counter_rows)
        layout.addLayout(search_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(name_row)
        layout.addLayout(actions)
        return page

    # -- state the tests and other tabs read --------------------------------------------------------------------
    @property
    def report(self) -> StoredReport | None:
        return self.model.report

    @property
    def is_busy(self) -> bool:
        return self._job is not None

    def set_flow_text(self, text: str, flow: str = "") -> None:
        """A call-flow message whose ``{{placeholders}}`` become the template fields ("" = no saved flow)."""
        self.fields_panel.set_flow_text(text, flow)

    # -- importing ------------------------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = ask_path(self, self.session.services.preferences, "contacts", self.tr("Import contacts"),
                           filters=contact_file_filter())
        if path is not None:
            self.import_file(path)

    def import_file(self, path: Path, sheet: str | None = None) -> None:
        """Read ``path`` (``sheet``, else the first) and validate it into the store on a worker thread; the report
        replaces the one shown when it is ready, and a failure or Cancel leaves everything as it was."""
        if self.is_busy:
            return
        path = Path(path)
        remember_folder(self.session.services.preferences, "contacts", path.parent)  # a dropped file's folder too
        self.setCurrentWidget(self.work)
        self.fields_panel.ensure_loaded()
        job = functools.partial(
            self._load, path, sheet, self.fields_panel.saved(), self._option_inputs()
        )
        self._start(arg(self.tr("Reading %1…"), path.name), "contacts-import",
                    lambda run: self._run_import(run, path, job))

    def _load(
        self, path: Path, sheet: str | None, saved: SavedMapping | None,
        option_inputs: tuple[str | None, bool], progress: Callable[[Progress], None], cancel: threading.Event,
    ) -> tuple[Table, StoredReport | None, str | None]:
        """Worker thread: the table (its rows read again from the file when needed), its report staged in the
        store, and (only when no phone column could be found, so the report is None) the other sheet that has
        one. Limits are read here, so one a tool stored out of range is reported like any other refusal."""
        limits = self._limits()
        table = open_table(path, sheet=sheet, limits=limits, progress=progress, cancel=cancel)
        mapping = _choose_mapping(table, saved)
        if mapping is None:
            return table, None, sheet_with_phones(table, limits)
        return table, self._stage(table, mapping, option_inputs, progress, cancel), None

    def _stage(
        self, table: Table, mapping: ColumnMapping, option_inputs: tuple[str | None, bool],
        progress: Callable[[Progress], None], cancel: threading.Event,
    ) -> StoredReport:
        """Worker thread: validate ``table`` into the store a chunk at a time, as a report read a page at a time."""
        staged = self.repository.stage(table, mapping, self._options(*option_inputs), progress, cancel)
        return self.repository.staged_report(staged)

    async def _run_import(self, run: Job, path: Path,
                          job: Callable[..., tuple[Table, StoredReport | None, str | None]]) -> None:
        table, report, other_sheet = await run.blocking(job, observed=True)
        self._path, self._table = path, table
        sheets = table.sheets
        self.sheet_combo.clear()
        for info in sheets:
            self.sheet_combo.addItem(arg(self.tr("%1 (hidden)"), info.name) if info.hidden else info.name, info.name)
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(table.sheet))
        for widget in (self.sheet_label, self.sheet_combo):
            widget.setVisible(len(sheets) > 1)
        where = arg(self.tr("sheet “%1”, "), table.sheet) if table.sheet else ""
        header = (arg(self.tr("header on row %1"), str(table.header_row)) if table.header_row
                  else self.tr("no header row"))
        self.file_label.setText(f"{path.name} ({where}{header})")
        self.file_label.setToolTip(str(path))
        self._show_table(table, report, None,
                         path.stem if not table.sheet or len(sheets) < 2 else f"{path.stem} – {table.sheet}")
        if report is None and other_sheet is not None:
            self.message.error(arg(self.tr("The sheet “%1” has no phone number column; the sheet “%2” has one: "
                                           "choose it under “Worksheet”."), table.sheet or "", other_sheet))
        elif report is None:
            self.message.error(self.tr("No phone number column was found. Choose it under “Phone column”."))
        else:
            self.message.info(self._summary(report))

    def _show_table(self, table: Table, report: StoredReport | None, saved_id: int | None, name: str) -> None:
        """Show a file just read, or a saved list opened (``saved_id``: its verdicts stay as saved, so its phone
        and name columns are shown but not chosen again), from its first row with no filter."""
        self._table = table if saved_id is None else None
        self.list_name.setText(name)
        self._fill_mapping_combos(table, report.mapping if report else None)
        self.fields_panel.set_columns(table.column_names)
        self.left.setCurrentIndex(1)
        self._show_all_rows()
        self._show_saved(saved_id)
        self._show_report(report)

    def _show_saved(self, list_id: int | None) -> None:
        """The report shown is the saved list ``list_id`` (None: not saved as it is): offer the next step."""
        self._saved_id = list_id
        self.campaign_button.setVisible(list_id is not None)

    def _show_all_rows(self) -> None:
        """Another file: no filter of the previous one is kept ("All rows" pressed, Quick find empty)."""
        self.counters["total"].setChecked(True)
        self.model.set_statuses(())
        self.search_edit.clear()
        self.search_timer.stop()
        self.model.set_search("")

    def _sheet_chosen(self, index: int) -> None:
        name = self.sheet_combo.itemData(index)
        if self._path is not None and name != (self._table.sheet if self._table else None):
            self.import_file(self._path, name)

    def _fill_mapping_combos(self, table: Table, mapping: ColumnMapping | None) -> None:
        self.phone_combo.clear()
        self.name_combo.clear()
        if mapping is None:
            self.phone_combo.addItem(self.tr("— choose —"), None)
        self.name_combo.addItem(self.tr("— none —"), None)
        for column in table.columns:
            label = f"{column.name} ({column.letter})" if column.name != column.letter else column.name
            self.phone_combo.addItem(label, column.name)
            self.name_combo.addItem(label, column.name)
        if mapping is not None:
            self.phone_combo.setCurrentIndex(self.phone_combo.findData(mapping.phone))
            self.name_combo.setCurrentIndex(max(0, self.name_combo.findData(mapping.name)))

    def _current_mapping(self) -> ColumnMapping | None:
        phone = self.phone_combo.currentData()
        return ColumnMapping(phone, self.name_combo.currentData()) if phone else None

    # -- validating again -----------------------------------------------------------------------------------------
    def revalidate(self) -> None:
        """Validate the open file again with the current mapping, do-not-call list, option and provider."""
        mapping = self._current_mapping()
        if self._table is None or mapping is None:
            return
        if self.is_busy:
            self._validate_again = True
            return
        job = functools.partial(self._stage, self._table, mapping, self._option_inputs())
        self._start(self.tr("Checking phone numbers…"), "contacts-validate", lambda run: self._run_validation(run, job))

    async def _run_validation(self, run: Job, job: Callable[..., StoredReport]) -> None:
        report = await run.blocking(job, observed=True)
        self._show_saved(None)
        self._show_report(report)
        self.message.info(self._summary(report))

    def _mapping_chosen(self) -> None:
        if self.phone_combo.currentData() and self.phone_combo.itemData(0) is None:
            self.phone_combo.removeItem(0)  # "— choose —" has served its purpose
        self._remember_mapping()
        self.revalidate()

    def _earlier_toggled(self, checked: bool) -> None:
        self.session.services.preferences.set(SKIP_EARLIER, checked)
        self.revalidate()

    def _account_changed(self, account: Account | None) -> None:
        self.fields_panel.set_account(account)
        if self.isVisible():
            self.fields_panel.ensure_loaded()
        self.revalidate()  # the provider decides the dialled format (and VBot calls Vietnamese numbers only)

    def _option_inputs(self) -> tuple[str | None, bool]:
        """What validation needs from the widgets, read on the UI thread before the worker starts."""
        account = self.session.active_account
        return (account.provider if account else None), self.earlier_check.isChecked()

    def _options(self, provider: str | None, skip_earlier: bool) -> ImportOptions:
        """Worker thread: the do-not-call list and (optionally) earlier campaigns' numbers, from the store."""
        return ImportOptions(
            provider=provider,
            do_not_call=self.repository.do_not_call(),
            earlier_numbers=self.repository.earlier_campaign_numbers() if skip_earlier else frozenset(),
        )

    def _limits(self) -> Limits:
        """The size and row limits as set in Preferences."""
        return Limits.configured(self.session.services.preferences)

    # -- the report -----------------------------------------------------------------------------------------------
    def _show_report(self, report: StoredReport | None) -> None:
        """Show ``report``; the staged import it replaces is dropped from the store."""
        replaced = self.model.report
        self.model.set_report(report)
        if replaced is not None and replaced.staged is not None and replaced is not report:
            staged_id = replaced.staged.id
            self.jobs.run(f"contacts-discard-{staged_id}", lambda run: run.blocking(self.repository.discard, staged_id),
                          on_error=self.message.error)
        if report is not None:
            for column, width in enumerate((50, 140, 115, 90, 200, 170)):
                self.view.setColumnWidth(column, width)
        counts = report.counts if report else None
        labels = {
            "total": self.tr("All rows"), "valid": self.tr("Valid"), "duplicates": self.tr("Duplicates"),
            "invalid": self.tr("Invalid"), "suppressed": status_text(Status.SUPPRESSED),
        }
        for key, button in self.counters.items():
            value = getattr(counts, key) if counts else 0
            button.setText(f"{labels[key]}  {formats.number(value)}")
        self._set_actions_enabled(not self.is_busy)
        self._refresh_checks()

    def _sort_chosen(self, column: int, _order: Qt.SortOrder) -> None:
        """A click on a file column's header leaves the order (and its arrow) as it was: only the fixed columns
        are sorted (the header's tooltip says so)."""
        if column >= FIXED_COLUMNS:
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column, self.model.sort_order)
            header.blockSignals(False)

    def _summary(self, report: StoredReport) -> str:
        counts = report.counts
        return arg(self.tr("%1 rows read: %2 will be called, %3 duplicates, %4 invalid, %5 on the do-not-call list."),
                   *map(formats.number,
                        (counts.total, counts.valid, counts.duplicates, counts.invalid, counts.suppressed)))

    def _refresh_checks(self) -> None:
        """Launch problems and the preview for the current fields, computed on a worker thread."""
        report = self.model.report
        if report is None:
            self.fields_panel.show_problems(None, 0)
            self.preview_model.clear()
            self.preview_note.setText(self.tr("Import a file to see what the script will say to each person."))
            return
        fields, mapping = self.fields_panel.fields, self.fields_panel.mapping
        self.jobs.run("contacts-checks", lambda run: self._run_checks(run, report, fields, mapping),
                      on_error=self.message.error)

    async def _run_checks(self, run: Job, report: StoredReport, fields: list, mapping: dict[str, str | None]) -> None:
        problems, rows = await run.blocking(
            lambda: (launch_problems(report, fields, mapping), preview(report, fields, mapping, PREVIEW_ROWS)))
        if report is not self.model.report:
            return
        self.fields_panel.show_problems(problems, report.counts.valid)
        self.preview_model.clear()
        self.preview_model.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Number to dial"), self.tr("Name")] + [f.name for f in fields])
        for row in rows:
            self.preview_model.appendRow(
                [QStandardItem(str(row.row)), QStandardItem(display_phone(row.phone)), QStandardItem(row.name)]
                + [QStandardItem(row.values[f.key]) for f in fields])
        self.preview_view.resizeColumnsToContents()
        self.preview_note.setText(
            arg(self.tr("The first %1 numbers that will be called, with the values the script will speak."),
                str(len(rows))) if fields else
            arg(self.tr("The first %1 numbers that will be called. Choose a template to see the values its script "
                        "will speak."), str(len(rows))))

    # -- mappings remembered per template ---------------------------------------------------------------------
    def _scope_changed(self, scope: str) -> None:
        """Another template: use the phone and name columns remembered for it, when this file has them."""
        saved = self.repository.load_mapping(scope) if scope else None
        if self._table is None or saved is None or saved.phone not in self._table.column_names:
            return
        mapping = _choose_mapping(self._table, saved)
        if mapping != self._current_mapping():
            self._fill_mapping_combos(self._table, mapping)
            self.revalidate()

    def _remember_mapping(self) -> None:
        """Remember the template's fields with the file's phone and name columns; with no file open, with the
        ones remembered before."""
        scope = self.fields_panel.scope
        if not scope:
            return
        if self._table is None:
            saved = self.fields_panel.saved() or SavedMapping()
            self.repository.save_mapping(scope, self.fields_panel.to_saved(saved.phone, saved.name))
            return
        mapping = self._current_mapping()
        if mapping is not None:
            self.repository.save_mapping(scope, self.fields_panel.to_saved(mapping.phone, mapping.name))

    # -- saving -----------------------------------------------------------------------------------------------------
    def choose_rejects_file(self) -> None:
        report = self.model.report
        if report is None:
            return
        path, _ = ask_path(self, self.session.services.preferences, "rejects", self.tr("Save rejected rows"), Ask.SAVE,
                           name=f"{report.table.source.stem}-rejects.xlsx", filters=self.tr("Excel workbook (*.xlsx)"))
        if path is not None:
            self.save_rejects(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))

    def save_rejects(self, path: Path) -> None:
        """Write the rows that will not be called, with the file's columns and a reason, on a worker thread."""
        report = self.model.report
        if report is None or self.is_busy:
            return
        job = functools.partial(write_rejects, report, Path(path), report.rejects(), reason_header=self.tr("Reason"))
        self._start(arg(self.tr("Writing %1…"), Path(path).name), "contacts-rejects",
                    lambda run: self._run_rejects(run, Path(path), job))

    async def _run_rejects(self, run: Job, path: Path, job: Callable[..., int]) -> None:
        written = await run.blocking(job, observed=True)
        self.message.info(arg(self.tr("%1 rejected row(s) saved to %2."), formats.number(written), str(path)))

    def save_list(self, name: str | None = None) -> None:
        """Copy the report's rows (every row with its status) into a new contact list, in the store on a worker
        thread; the field mapping is remembered for the template at the same time, for the Campaigns tab."""
        report = self.model.report
        if report is None or self.is_busy:
            return
        name = (name or self.list_name.text()).strip() or (self._path.stem if self._path else self.tr("Contacts"))
        self.list_name.setText(name)
        self._remember_mapping()
        self._start(arg(self.tr("Saving “%1”…"), name), "contacts-save-list",
                    lambda run: self._run_save_list(run, name, report))
        self.cancel_button.setEnabled(False)  # one statement in one transaction: nothing to stop halfway

    async def _run_save_list(self, run: Job, name: str, report: StoredReport) -> None:
        list_id = await run.blocking(self.repository.save_report, report, name)
        self.refresh_lists()
        if report is self.model.report:
            self._show_saved(list_id)
        self.message.show_message(
            arg(self.tr("Saved the list “%1”: %2 numbers to call out of %3 rows."),
                name, formats.number(report.counts.valid), formats.number(report.counts.total)),
            INFO, (self.tr("Create a campaign from this list"), lambda: self.create_campaign(list_id)))
        self.session.listSaved.emit(list_id)

    def create_campaign(self, list_id: int | None) -> None:
        """The next step after saving: the Campaigns tab, a new campaign with ``list_id`` chosen."""
        if list_id is not None:
            self.session.showTab.emit("campaignsTab")
            self.session.newCampaignRequested.emit(list_id)

    def open_selected_list(self) -> None:
        """Show the selected saved list's rows (read on a worker thread) as a report: its verdicts, its columns
        for the template fields, and its rejects to save; no file is needed."""
        info = self.selected_list()
        if info is None or self.is_busy:
            return
        self._start(arg(self.tr("Opening “%1”…"), info.name), "contacts-open-list",
                    lambda run: self._run_open_list(run, info))

    async def _run_open_list(self, run: Job, info: ContactListInfo) -> None:
        account = self.session.active_account
        report = await run.blocking(self.repository.open_list, info.id, account.provider if account else None)
        self._path = None
        for widget in (self.sheet_label, self.sheet_combo):
            widget.hide()
        self.file_label.setText(arg(self.tr("Saved list “%1”"), info.name))
        self.file_label.setToolTip(info.source_file)
        self._show_table(report.table, report, info.id, info.name)
        self.message.info(arg(self.tr("Opened the saved list “%1”: %2 numbers to call out of %3 rows."),
                              info.name, f"{info.valid:,}", f"{info.rows:,}"))

    def refresh_lists(self) -> None:
        """Fill "Saved lists" (one grouped query over an index: milliseconds, so it runs here), keeping the list
        selected."""
        selected = self.selected_list_id()
        lists = self.repository.lists()
        self._lists = {info.id: info for info in lists}
        self.saved_lists.clear()
        for info in lists:
            item = QListWidgetItem(
                arg(self.tr("%1\n%2 rows · %3 to call · %4"),
                    info.name, formats.number(info.rows), formats.number(info.valid),
                    formats.date_time(info.created_at)))
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(info.source_file)
            self.saved_lists.addItem(item)
            if info.id == selected:
                self.saved_lists.setCurrentItem(item)
        if lists and self.currentWidget() is self.empty:
            self.setCurrentWidget(self.work)
        self._update_delete_button()

    def selected_list(self) -> ContactListInfo | None:
        item = self.saved_lists.currentItem()
        return self._lists.get(item.data(Qt.ItemDataRole.UserRole)) if item is not None and item.isSelected() else None

    def selected_list_id(self) -> int | None:
        info = self.selected_list()
        return info.id if info is not None else None

    def _update_delete_button(self) -> None:
        """The saved-list buttons act on the selected list."""
        chosen = self.selected_list() is not None
        self.delete_list_button.setEnabled(chosen and not self.is_busy)
        self.open_list_button.setEnabled(chosen and not self.is_busy)
        self.list_campaign_button.setEnabled(chosen)

    def delete_selected_list(self) -> None:
        """Delete the selected list after the operator confirms; a list a campaign was made from stays (it says
        which campaigns)."""
        info = self.selected_list()
        if info is None or self.is_busy:
            return
        campaigns = self.repository.campaigns_using(info.id)
        if campaigns:
            self.message.error(arg(self.tr("“%1” cannot be deleted: the campaign(s) %2 were made from it, and their "
                                           "results and exports read its contacts."), info.name, ", ".join(campaigns)))
            return
        answer = QMessageBox.question(
            self, self.tr("Delete list"),
            arg(self.tr("Delete the list “%1” and its %2 rows? The file it was imported from is not touched. This "
                        "cannot be undone."), info.name, formats.number(info.rows)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._start(arg(self.tr("Deleting “%1”…"), info.name), "contacts-delete-list",
                    lambda run: self._run_delete_list(run, info))
        self.cancel_button.setEnabled(False)  # one transaction: nothing to stop halfway

    async def _run_delete_list(self, run: Job, info: ContactListInfo) -> None:
        await run.blocking(self.repository.delete_list, info.id)
        self.refresh_lists()
        self.message.info(arg(self.tr("Deleted the list “%1”."), info.name))
        self.session.listDeleted.emit(info.id)

    def _changed_elsewhere(self, changes: ChangeSet) -> None:
        """Another desk saved or deleted a list, or changed the do-not-call list (the open file is checked again
        against it, as after a change here)."""
        try:
            self._follow_changes(changes)
        except ERRORS as exc:  # the database could not be read just now: said here, read again at the next change
            self.message.error(str(exc))

    def _follow_changes(self, changes: ChangeSet) -> None:
        if changes.touches("contact_lists"):
            self.refresh_lists()
        if changes.touches("do_not_call"):
            if self.dnc_dialog is not None:
                self.dnc_dialog.reload()
            self.revalidate()

    # -- do-not-call ---------------------------------------------------------------------------------------------
    def show_do_not_call(self) -> DoNotCallDialog:
        if self.dnc_dialog is None:
            self.dnc_dialog = DoNotCallDialog(self.session, self)
            self.dnc_dialog.changed.connect(self.revalidate)
        self.dnc_dialog.reload()
        self.dnc_dialog.show()
        self.dnc_dialog.activateWindow()
        return self.dnc_dialog

    # -- running work off the UI thread ---------------------------------------------------------------------------
    def _start(self, text: str, name: str, work: Callable[[Job], Coroutine[Any, Any, None]]) -> None:
        """Show the progress row, disable what must wait, and run ``work`` as a job."""
        self.progress_label.setText(text)
        self.progress_bar.setRange(0, 0)
        self.progress_row.show()
        self.cancel_button.setEnabled(True)
        self._job = self.jobs.run(name, work, on_error=self._failed, on_progress=self._show_progress,
                                  on_cancelled=self.message.info, on_finished=self._finished)
        self._set_actions_enabled(False)

    def _failed(self, text: str) -> None:
        """A job's error in words; a file over the limits offers the Preferences, where the limits are set."""
        if self._job is not None and isinstance(self._job.error, FileTooLargeError):
            self.message.error(text, (self.tr("Open Preferences…"), self.session.preferencesRequested.emit))
        else:
            self.message.error(text)

    def _finished(self) -> None:
        """The tab is ready again whatever happened; a re-validation asked for meanwhile runs now."""
        self._job = None
        self.progress_row.hide()
        self._set_actions_enabled(True)
        if self._validate_again:
            self._validate_again = False
            self.revalidate()

    def _show_progress(self, progress: Progress) -> None:
        if not self.is_busy:
            return
        stage = {
            Stage.READING: self.tr("Reading the file…"),
            Stage.VALIDATING: self.tr("Checking phone numbers…"),
            Stage.SAVING: self.tr("Saving the list…"),
            Stage.WRITING: self.tr("Writing the rejects file…"),
        }[progress.stage]
        if progress.total:
            self.progress_bar.setRange(0, progress.total)
            self.progress_bar.setValue(progress.done)
            self.progress_label.setText(arg(self.tr("%1 %2 of %3 rows"),
                                            stage, formats.number(progress.done), formats.number(progress.total)))
        else:
            self.progress_bar.setRange(0, 0)
            self.progress_label.setText(stage)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()
            self.cancel_button.setEnabled(False)
            self.progress_label.setText(self.tr("Cancelling…"))

    def _set_actions_enabled(self, enabled: bool) -> None:
        for widget in (self.import_button, self.empty.button, self.no_file.button, self.sheet_combo,
                       self.earlier_check):
            if widget is not None:
                widget.setEnabled(enabled)
        for combo in (self.phone_combo, self.name_combo):  # a saved list keeps the verdicts it was saved with
            combo.setEnabled(enabled and self._table is not None)
        report = self.model.report
        self.save_list_button.setEnabled(enabled and report is not None)
        self._update_delete_button()
        rejects = report is not None and report.counts.valid < report.counts.total
        self.save_rejects_button.setEnabled(enabled and rejects)

    # -- Qt events -------------------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fields_panel.ensure_loaded()  # templates are fetched when someone looks, not at every start

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None and not self.is_busy:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.import_file(path)

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls()
        if len(urls) != 1 or not urls[0].isLocalFile():
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.suffix.lower() in WORKBOOK_SUFFIXES + TEXT_SUFFIXES else None
