"""History tab: a VBot account's call history, a page at a time, with filters, recordings to play, an .xlsx export
and a bulk download of the listed calls' recordings.

Supervisors come here to settle disputes ("the customer says nobody called"), so every row says plainly when, who,
what happened and for how long, and a recorded call plays right under the table. Reading pages, downloading and
exporting run as owned background tasks (file writing on a worker thread), so the window never waits on VBot.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QDateTime, QModelIndex, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.errors import Cancelled
from desktop.history import HistoryFilter, HistoryPage, HistoryQuery
from desktop.phones import display_phone
from desktop.progress import Progress
from desktop.providers import PROVIDERS, spec
from desktop.providers.base import CallHistory, HistoryCall
from desktop.recordings.bulk import file_stem
from desktop.recordings.source import NoRecordingError, RecordingSource
from desktop.spreadsheets import write_table
from ui import formats
from ui.dialogs.bulk_download import BulkDownloadDialog
from ui.history.model import HistoryModel, HistoryWords
from ui.jobs import Job, words
from ui.session import Session
from ui.tab import Tab
from ui.text import arg
from ui.widgets.empty_state import EmptyState
from ui.widgets.file_dialogs import Ask, ask_path
from ui.widgets.recording_player import RecordingPlayer
from ui.widgets.recording_problems import recording_problem
from ui.widgets.tables import record_table

PAGE_SIZES = (20, 50, 100)
#: The providers whose accounts have a call history, as messages name them ("VBot").
HISTORY_NAMES = " / ".join(p.name for p in PROVIDERS if CallHistory in p.capabilities)
DEFAULT_DAYS = 30  # the date range a search starts with


def _has_history(account: Account) -> bool:
    return CallHistory in spec(account.provider).capabilities


class HistoryTab(Tab, QStackedWidget):
    def __init__(self, session: Session, recordings: RecordingSource | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_tab(session)
        self.setObjectName("historyTab")
        self.recordings = recordings or session.recordings
        self.words = HistoryWords(self)
        self.account: Account | None = None
        self.query = HistoryQuery(HistoryFilter())
        self.page: HistoryPage | None = None
        self._stale = True  # the shown page no longer matches the account or filters
        self._export: Job | None = None

        self.empty = EmptyState(
            self.tr("No call history to show"),
            arg(self.tr("Call history is read from a %1 account. Choose a %1 account in the status bar's "
                        "account list (the demo %1 account works too) to browse calls and play recordings."),
                HISTORY_NAMES),
            arg(self.tr("Choose a %1 account"), HISTORY_NAMES),
            object_name="historyEmpty",
        )
        self.empty.actionTriggered.connect(self._switch_to_history_account)
        self.addWidget(self.empty)
        self.addWidget(self._build_browser())
        session.activeAccountChanged.connect(self._account_changed)
        self._account_changed(session.active_account)

    # -- layout ---------------------------------------------------------------------------------------------
    def _build_browser(self) -> QWidget:
        self.phone = QLineEdit()
        self.phone.setObjectName("historyPhone")
        self.phone.setPlaceholderText(self.tr("Any number"))
        self.phone.setToolTip(self.tr("One customer's number, in any form: 0912 345 678, +84 912 345 678 or "
                                      "84912345678"))
        self.phone.setClearButtonEnabled(True)
        self.phone.returnPressed.connect(self.search)
        today = QDateTime.currentDateTime()
        self.date_from = self._date_edit("historyFrom", QDateTime(today.date().addDays(-DEFAULT_DAYS), QTime(0, 0)))
        self.date_to = self._date_edit("historyTo", QDateTime(today.date(), QTime(23, 59, 59)))
        self.outcome = QComboBox()
        self.outcome.setObjectName("historyOutcome")
        self._fill_outcomes()
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setObjectName("historySearch")
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        filters = QWidget()
        filters.setObjectName("historyFilters")
        # Two rows, so the filters fit a 1024-px window in longer languages: the number beside the outcome and
        # Search, the dates below it.
        grid = QGridLayout(filters)
        grid.setContentsMargins(0, 0, 0, 0)
        for label, editor, row, column, span in (
                (self.tr("&Phone:"), self.phone, 0, 0, 3), (self.tr("O&utcome:"), self.outcome, 0, 4, 1),
                (self.tr("F&rom:"), self.date_from, 1, 0, 1), (self.tr("&To:"), self.date_to, 1, 2, 1)):
            caption = QLabel(label)
            caption.setBuddy(editor)
            grid.addWidget(caption, row, column)
            grid.addWidget(editor, row, column + 1, 1, span)
        grid.addWidget(self.search_button, 0, 6)
        grid.setColumnStretch(7, 1)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # Enter in any filter field searches
            shortcut = QShortcut(QKeySequence(key), filters)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.search)

        self.export_button = QPushButton(self.tr("&Export to Excel…"))
        self.export_button.setObjectName("historyExport")
        self.export_button.setToolTip(self.tr("Save every call matching the filters (all pages) as an .xlsx file"))
        self.export_button.clicked.connect(self.choose_export_file)
        self.download_button = QPushButton(self.tr("&Download recordings…"))
        self.download_button.setObjectName("historyDownload")
        self.download_button.setToolTip(self.tr("Save the recordings of the calls on this page into a folder"))
        self.download_button.clicked.connect(self.open_bulk_download)
        self.export_progress = QProgressBar()
        self.export_progress.setObjectName("historyExportProgress")
        self.export_progress.setMaximumWidth(200)
        self.export_progress.hide()
        self.export_cancel_button = QPushButton(self.tr("Cancel export"))
        self.export_cancel_button.setObjectName("historyExportCancel")
        self.export_cancel_button.clicked.connect(self.cancel_export)
        self.export_cancel_button.hide()
        self.export_status = QLabel()
        self.export_status.setObjectName("historyExportStatus")
        self.export_status.setWordWrap(True)
        self.details_button = QPushButton(self.tr("Deta&ils…"))
        self.details_button.setObjectName("historyDetails")
        self.details_button.setToolTip(self.tr("The chosen call as the provider recorded it, with its own words"))
        self.details_button.setEnabled(False)
        self.details_button.clicked.connect(self.show_details)
        self.details_box: QMessageBox | None = None
        actions = QHBoxLayout()
        actions.addWidget(self.export_button)
        actions.addWidget(self.download_button)
        actions.addWidget(self.details_button)
        actions.addWidget(self.export_progress)
        actions.addWidget(self.export_cancel_button)
        actions.addWidget(self.export_status, 1)

        self.model = HistoryModel(self.words, self)
        self.table = record_table(self.model, "historyTable", self.tr("Calls"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.clicked.connect(self._clicked)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.details_button.setEnabled(self._selected_call() is not None))
        self.model.modelReset.connect(lambda: self.details_button.setEnabled(False))
        self.table.activated.connect(lambda index: self.play_call(self.model.calls[index.row()]))
        self.message = EmptyState(self.tr("No calls match these filters"),
                                  self.tr("Widen the date range, clear the phone number or choose “Any outcome”."),
                                  self.tr("Try again"), object_name="historyMessage")
        self.message.actionTriggered.connect(self.reload)
        self.results = QStackedWidget()
        self.results.addWidget(self.table)
        self.results.addWidget(self.message)

        self.first_button = self._page_button("historyFirst", self.tr("« First"), lambda: self.go_to(1))
        self.prev_button = self._page_button("historyPrev", self.tr("‹ Previous"),
                                             lambda: self.go_to(self._page_number() - 1))
        self.next_button = self._page_button("historyNext", self.tr("Next ›"),
                                             lambda: self.go_to(self._page_number() + 1))
        self.last_button = self._page_button("historyLast", self.tr("Last »"),
                                             lambda: self.go_to(self.page.pages if self.page else 1))
        self.page_label = QLabel()
        self.page_label.setObjectName("historyPageLabel")
        self.page_size = QComboBox()
        self.page_size.setObjectName("historyPageSize")
        self.page_size.setAccessibleName(self.tr("Calls per page"))
        for size in PAGE_SIZES:
            self.page_size.addItem(arg(self.tr("%1 per page"), str(size)), size)
        self.page_size.currentIndexChanged.connect(lambda _: self.go_to(1))
        self.busy = QProgressBar()
        self.busy.setObjectName("historyBusy")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.state = QLabel()
        self.state.setObjectName("historyState")
        self.state.setWordWrap(True)
        self.state.hide()  # shown only while it has something to say (see _say), so it takes no room otherwise
        paging = QHBoxLayout()
        paging.addWidget(self.first_button)
        paging.addWidget(self.prev_button)
        paging.addWidget(self.page_label)
        paging.addWidget(self.next_button)
        paging.addWidget(self.last_button)
        paging.addWidget(self.page_size)
        paging.addStretch(1)
        status = QHBoxLayout()  # under the pager: beside it, "Loading calls…" widened the window past 1024 px
        status.addWidget(self.busy)
        status.addWidget(self.state, 1)

        self.player = RecordingPlayer(preferences=self.session.services.preferences)
        self.player.title.setText(self.tr("Click ▶ Play on a call (or select it and press Enter) to hear it here."))
        self.fetching = QProgressBar()
        self.fetching.setObjectName("recordingDownload")
        self.fetching.setRange(0, 0)
        self.fetching.setFormat(self.tr("Downloading the recording…"))
        self.fetching.setTextVisible(True)
        self.fetching.hide()

        browser = QWidget()
        layout = QVBoxLayout(browser)
        layout.addWidget(filters)
        layout.addLayout(actions)
        layout.addWidget(self.results, 1)
        layout.addLayout(paging)
        layout.addLayout(status)
        recording = QGroupBox(self.tr("Recording"))
        recording.setObjectName("historyRecording")
        recording_layout = QVBoxLayout(recording)
        recording_layout.setContentsMargins(4, 4, 4, 4)
        recording_layout.addWidget(self.fetching)
        recording_layout.addWidget(self.player)
        layout.addWidget(recording)
        self._update_paging()
        return browser

    def _date_edit(self, name: str, value: QDateTime) -> QDateTimeEdit:
        edit = QDateTimeEdit(value)
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy HH:mm")
        return edit

    def _page_button(self, name: str, text: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- account ---------------------------------------------------------------------------------------------
    def _fill_outcomes(self) -> None:
        """The outcome filter: any, then the account's provider's outcome words in its documents' order."""
        self.words.use(spec(self.account.provider).outcome_words if self.account else {})
        self.outcome.blockSignals(True)
        self.outcome.clear()
        self.outcome.addItem(self.tr("Any outcome"), None)
        for text, codes in self.words.meanings().items():
            self.outcome.addItem(text, codes)
        self.outcome.blockSignals(False)

    def _account_changed(self, account: Account | None) -> None:
        self.account = account if account is not None and _has_history(account) else None
        self._fill_outcomes()
        self.model.set_calls([])
        self.page = None
        self.query = HistoryQuery(self._filters())
        self._update_paging()
        if self.account is None:
            usable = self._first_history_account()
            self.empty.button.setText(arg(self.tr("Use “%1”"), usable.name) if usable
                                      else arg(self.tr("Add a %1 account"), HISTORY_NAMES))
            self.setCurrentWidget(self.empty)
            return
        self.setCurrentIndex(1)
        self._stale = True
        if self.isVisible():
            self.reload()

    def _first_history_account(self) -> Account | None:
        return next((a for a in self.session.services.accounts.list() if _has_history(a)), None)

    def _switch_to_history_account(self) -> None:
        usable = self._first_history_account()
        if usable is None:
            self.session.showTab.emit("accountsTab")
        else:
            self.session.set_active_account(usable)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self.account is not None:
            self.reload()

    # -- searching and paging --------------------------------------------------------------------------------
    def _filters(self) -> HistoryFilter:
        start = self.date_from.dateTime().toSecsSinceEpoch()
        end = self.date_to.dateTime().toSecsSinceEpoch()
        return HistoryFilter(phone=self.phone.text().strip() or None, start=start, end=end,
                             dispositions=tuple(self.outcome.currentData() or ()))

    def search(self) -> None:
        """A new search from the filters, from page 1."""
        self.query = HistoryQuery(self._filters())
        self.go_to(1)

    def reload(self) -> None:
        self.search()

    def go_to(self, page: int) -> None:
        if self.account is None:
            return
        pages = self.page.pages if self.page else 1
        self._stale = False
        account, query, number = self.account, self.query, max(1, min(page, pages)) if self.page else 1
        self._set_loading(True)
        self.jobs.run("history-page", lambda _job: self._load(account, query, number), on_error=self._show_error,
                      on_finished=lambda: self._set_loading(False))

    def _page_number(self) -> int:
        return self.page.page if self.page else 1

    def _page_size(self) -> int:
        return self.page_size.currentData()

    async def _load(self, account: Account, query: HistoryQuery, page: int) -> None:
        async with self.session.accounts.client_for(account) as client:
            result = await query.page(cast(CallHistory, client), page, self._page_size())
        self.page = result
        self.model.set_calls(result.calls)
        if result.calls:
            self.results.setCurrentWidget(self.table)
        else:
            self.message.title.setText(self.tr("No calls match these filters"))
            self.message.text.setText(self.tr("Widen the date range, clear the phone number or choose "
                                              "“Any outcome”."))
            self.message.button.hide()
            self.results.setCurrentWidget(self.message)
        self._say(arg(self.tr("%1 cannot filter calls by outcome, so they are picked out on this computer."),
                      spec(account.provider).name) if query.filters.dispositions else "")
        self._update_paging()

    def _show_error(self, text: str) -> None:
        self.message.title.setText(self.tr("The call history could not be read"))
        self.message.text.setText(text)
        self.message.button.show()
        self.results.setCurrentWidget(self.message)
        self._say("")

    def _say(self, text: str) -> None:
        """The line under the pager: ``text``, or no line at all when there is nothing to say."""
        self.state.setText(text)
        self.state.setVisible(bool(text))

    def _set_loading(self, loading: bool) -> None:
        self.busy.setVisible(loading)
        if loading:
            self._say(self.tr("Loading calls…"))
        for button in (self.first_button, self.prev_button, self.next_button, self.last_button):
            button.setEnabled(not loading)
        if not loading:
            self._update_paging()

    def _update_paging(self) -> None:
        page, pages = self._page_number(), self.page.pages if self.page else 1
        total = self.page.total if self.page else 0
        self.page_label.setText(arg(self.tr("Page %1 of %2 (%3)"), str(page), str(pages), self.words.count(total)))
        for button, enabled in ((self.first_button, page > 1), (self.prev_button, page > 1),
                                (self.next_button, page < pages), (self.last_button, page < pages)):
            button.setEnabled(enabled and self.busy.isHidden())
        has_calls = bool(self.page and self.page.total)
        self.export_button.setEnabled(has_calls and self.export_progress.isHidden())
        self.download_button.setEnabled(any(c.recording_ref for c in self.model.calls))

    # -- details ---------------------------------------------------------------------------------------------
    def _selected_call(self) -> HistoryCall | None:
        rows = self.table.selectionModel().selectedRows() or self.table.selectionModel().selectedIndexes()
        return self.model.calls[rows[0].row()] if rows else None

    def show_details(self) -> None:
        """The chosen call with the provider's own outcome word and its record as received (the only place they
        show: the table says the outcome in words)."""
        call = self._selected_call()
        if call is None or self.account is None:
            return
        provider = spec(self.account.provider).name
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Call details"), self.words.outcome(call),
                          QMessageBox.StandardButton.Close, self)
        box.setObjectName("historyDetailsBox")
        when = " · ".join(part for part in (
            display_phone(call.phone), formats.date_time(call.time, seconds=True) if call.time else "") if part)
        box.setInformativeText(when + "\n" + arg(self.tr("%1's own word for this outcome: “%2”."), provider,
                                                 call.disposition or "—"))
        # Room for the phone and time on one line: a message box is as narrow as its first line.
        box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 360px; }")
        record = getattr(call.item, "raw", None)
        box.setDetailedText(json.dumps(record, ensure_ascii=False, indent=2) if record is not None else str(call.item))
        self.details_box = box
        box.open()

    # -- playing ---------------------------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        if index.column() == HistoryModel.RECORDING:
            self.play_call(self.model.calls[index.row()])

    def play_call(self, call: HistoryCall) -> None:
        """Fetch the call's recording (from the cache when it was played before) and play it under the table."""
        if self.account is None:
            return
        if not call.recording_ref:
            self.player.show_problem(recording_problem(NoRecordingError(call.trans_id)))
            return
        account = self.account
        self.fetching.show()
        self.jobs.run("history-play", lambda _job: self._play(account, call), on_error=self.player.show_problem,
                      on_finished=self.fetching.hide, describe=recording_problem)

    async def _play(self, account: Account, call: HistoryCall) -> None:
        cached = await self.recordings.fetch(account, call.recording_ref, call_id=call.trans_id or None)
        title = " · ".join(part for part in (
            display_phone(call.phone), formats.date_time(call.time, seconds=True) if call.time else "",
            self.words.outcome(call)) if part)
        self.player.load(cached.path, title, suggested_name=file_stem(call.recording()))
        self.player.player.play()
        self.player.play_button.setFocus()  # Space and the arrow keys now control playback

    # -- export ----------------------------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        path, _ = ask_path(self, self.session.services.preferences, "history", self.tr("Export call history"),
                           Ask.SAVE, name=f"call-history-{datetime.now():%Y%m%d-%H%M}.xlsx",
                           filters=self.tr("Excel workbook (*.xlsx)"))
        if path is not None:
            self.export_to(path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx"))

    def export_to(self, path: Path) -> None:
        """Export every call matching the current search (all pages) to ``path``."""
        if self.account is None:
            return
        account, query = self.account, self.query
        self._set_exporting(True)
        self.export_status.setText(arg(self.tr("Reading calls from %1…"), spec(account.provider).name))
        self._export = self.jobs.run(
            "history-export", lambda job: self._run_export(job, account, query, path),
            on_error=self.export_status.setText, on_progress=self._export_written, describe=self._export_words,
            on_cancelled=lambda _text: self.export_status.setText(
                self.tr("Export cancelled; no file was written.")),
            on_finished=lambda: self._set_exporting(False))

    def cancel_export(self) -> None:
        if self._export is not None:
            self._export.cancel()
        self.export_status.setText(self.tr("Cancelling the export…"))

    def _export_words(self, exc: BaseException) -> str:
        if isinstance(exc, OSError):
            return arg(self.tr("The file could not be saved (%1). Choose another folder."), words(exc))
        return arg(self.tr("The export stopped: %1"), words(exc))

    async def _run_export(self, job: Job, account: Account, query: HistoryQuery, path: Path) -> None:
        async with self.session.accounts.client_for(account) as client:
            calls = await query.all(cast(CallHistory, client), lambda read, total: self._export_step(job, read, total))
        self.export_status.setText(arg(self.tr("Writing %1…"), path.name))
        words = self.words
        await job.blocking(lambda: write_table(path, words.export_header, (words.export_row(c) for c in calls),
                                               sheet="History", total=len(calls), progress=job.progress,
                                               cancel=job.cancel_token))
        self.export_status.setText(arg(self.tr("Saved %1 to %2."), self.words.count(len(calls)), str(path)))

    def _export_step(self, job: Job, read: int, total: int) -> None:
        if job.cancelled:
            raise Cancelled()
        self.export_progress.setRange(0, max(total, 1))
        self.export_progress.setValue(read)

    def _export_written(self, progress: Progress) -> None:
        self.export_progress.setRange(0, max(progress.total, 1))
        self.export_progress.setValue(progress.done)

    def _set_exporting(self, exporting: bool) -> None:
        self.export_progress.setVisible(exporting)
        self.export_progress.setValue(0)
        self.export_cancel_button.setVisible(exporting)
        self._update_paging()

    # -- bulk download ---------------------------------------------------------------------------------------
    def open_bulk_download(self) -> BulkDownloadDialog | None:
        """The listed calls' recordings into a folder (the dialog runs the download)."""
        if self.account is None:
            return None
        calls = [c.recording() for c in self.model.calls if c.recording_ref]
        dialog = BulkDownloadDialog(self.jobs, self.recordings, self.account, calls, self,
                                    preferences=self.session.services.preferences)
        dialog.show()
        return dialog
