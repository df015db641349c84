"""Monitor tab: a launched campaign resolving live — counters per outcome and per answer, a progress bar, outcomes
over time, every contact's row (sortable, filterable by outcome and answer, 100,000 rows), the selected call's details
in words (its answer first) with the provider's raw record behind a disclosure, its recording, the provider's task
controls, an export of the results and a bulk save of the recordings.

Watching is the engine's poller (``CampaignService.start_monitoring``, an owned task per campaign); each poll's
``PollUpdate`` is applied to the table in place, so a supervisor can sort, filter and read while calls finish.
A campaign keeps being polled when another one is chosen here (it stops by itself when every call is final), so
switching never leaves a campaign unfinished. Everything slow — reading 100,000 rows, the provider's task
controls, export, recordings — runs as jobs (ui/jobs.py); failures are said in words on the tab. The task controls
follow the provider task's state as the core stores it. A campaign another desk or the server runs is polled there:
the header says which, and "Update live" reads what it saved.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt
from PySide6.QtGui import QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desktop.accounts.repository import Account
from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.export import Format
from desktop.campaigns.lease import LeaseHeld, LeaseHolder
from desktop.campaigns.model import Campaign, CampaignState, Dispatch
from desktop.campaigns.poller import PollUpdate
from desktop.campaigns.repository import CallUpdate, Channel, Counts
from desktop.campaigns.results import answer_lines, answer_words, outcome_words
from desktop.changes import ChangeSet
from desktop.contacts.repository import stored_text
from desktop.phones import display_phone
from desktop.progress import Progress
from desktop.providers import PROVIDERS
from desktop.providers.base import CallAnswer, TaskControl, TaskState
from desktop.recordings.bulk import CallRecording
from ui import formats
from ui.campaigns.runner import runner_text
from ui.dialogs.bulk_download import BulkDownloadDialog
from ui.jobs import ERRORS, Job, words
from ui.monitor.answer_counters import AnswerCounters
from ui.monitor.outcome_chart import OutcomeChart, OutcomeCounters
from ui.monitor.report import ReportDialog
from ui.monitor.table_model import (
    COLUMNS,
    GROUPS,
    ROUND_COLUMNS,
    WAITING,
    CallRow,
    CallTableModel,
    build_rows,
    format_seconds,
    group_counts,
    group_text,
)
from ui.providers import provider_name
from ui.session import Session
from ui.tab import Tab
from ui.text import arg
from ui.widgets.empty_state import EmptyState
from ui.widgets.file_dialogs import Ask, ask_path
from ui.widgets.message_bar import MessageBar
from ui.widgets.recording_player import RecordingPlayer
from ui.widgets.recording_problems import recording_problem
from ui.widgets.tables import record_table
from ui.widgets.vertical_scroll import VerticalScrollArea

#: States whose calls may still change: the Monitor watches them when shown.
LIVE_STATES = (CampaignState.DISPATCHING, CampaignState.PAUSED, CampaignState.RUNNING, CampaignState.CANCELLED)
#: A batch number past any real one: asks dispatch_rows for its marks only.
_NO_BATCH = 2**62
#: Provider task states a task control still applies to.
OPEN_TASK = (TaskState.PENDING, TaskState.RUNNING, TaskState.PAUSED)


def _names_by_task_control() -> tuple[str, str]:
    """The providers whose task can be controlled, and those whose cannot, as messages name them."""
    def names(controlled: bool) -> str:
        return " and ".join(p.name for p in PROVIDERS if (TaskControl in p.capabilities) == controlled)
    return names(True), names(False)


class MonitorTab(Tab, QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_tab(session)
        self.setObjectName("monitorTab")
        self.service = session.campaigns
        self.campaign: Campaign | None = None
        self._task: TaskState | None = None  # the shown campaign's provider task as last read (off the loop)
        self._task_reads = 0  # task states taken: a read that started before a newer one was taken is dropped
        self._watchers: dict[int, asyncio.Task[PollUpdate]] = {}
        self._launched: set[int] = set()  # announced by campaignLaunched: watched even before dispatch starts
        self._loading = 0  # generation of the latest load: a slower earlier load is dropped
        self._held: list[PollUpdate] | None = None  # polls that arrive while rows are read, applied after
        self._export: Job | None = None
        self._held_back = 0  # contacts held back (not sent, do-not-call) when the rows were read
        self._since_batch = 0  # the first dispatch batch whose rows may differ from the table (dispatch_rows)
        self._changed_mark = ""  # the newest result the table has read (changed_rows): another desk's come after
        self._dispatch_missed = False  # a dispatch report came while the rows were being read: read once more after
        self._dispatch_reading = False  # a dispatch report's rows are being read (one read at a time)
        self._dispatch_next: DispatchProgress | None = None  # the latest report that came meanwhile
        self._has_rounds = False  # the campaign shown has other rounds (the export merges them)
        self._rereading = False  # another desk's changes to the calls shown are being read
        self._reread_again = False  # more came meanwhile: read once more when this read (or a load) ends

        self.empty = EmptyState(
            self.tr("Nothing to watch yet"),
            self.tr(
                "When a campaign is running, its calls appear here as they are answered, missed or "
                "rejected, with live counters and each call's details."
            ),
            self.tr("Go to Campaigns"),
            object_name="monitorEmpty",
        )
        self.empty.actionTriggered.connect(lambda: session.showTab.emit("campaignsTab"))
        self.addWidget(self.empty)
        self.addWidget(self._build_monitor())
        session.campaignLaunched.connect(self.follow_launch)
        session.dispatchProgressed.connect(self.follow_dispatch)
        session.live.changed.connect(self._changed_elsewhere)
        self.refresh_campaigns()

    # -- layout ---------------------------------------------------------------------------------------------
    def _build_monitor(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(self._build_controls())
        layout.addLayout(self._build_status())
        top = QWidget()
        top_layout = QHBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        self.counters = OutcomeCounters()
        self.answer_counters = AnswerCounters()
        self.chart = OutcomeChart()
        self.chart.setMinimumHeight(150)
        top_layout.addWidget(self.counters)
        top_layout.addWidget(self.answer_counters)
        top_layout.addWidget(self.chart, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setObjectName("monitorBottomSplitter")
        bottom.addWidget(self._build_table())
        bottom.addWidget(self._build_details())
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        bottom.setSizes([760, 480])
        lower = QWidget()  # the filters span the table and the details, so neither has to make room for them
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(self._build_filters())
        lower_layout.addWidget(bottom, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("monitorSplitter")
        split.addWidget(top)
        split.addWidget(lower)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 500])
        layout.addWidget(split, 1)
        return page

    def _button(self, name: str, text: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_controls(self) -> QHBoxLayout:
        self.selector = QComboBox()
        self.selector.setObjectName("monitorCampaign")
        self.selector.setMinimumContentsLength(16)  # stretches; small enough for a 1024-wide screen
        self.selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.selector.currentIndexChanged.connect(self._campaign_chosen)
        caption = QLabel(self.tr("C&ampaign:"))
        caption.setBuddy(self.selector)
        self.start_button = self._button("monitorStartTask", self.tr("S&tart calling"), "", self.start_task)
        self.pause_button = self._button("monitorPauseTask", self.tr("&Pause calling"), "", self.pause_task)
        self.resume_button = self._button("monitorResumeTask", self.tr("&Resume calling"), "", self.resume_task)
        self.stop_button = self._button("monitorStopTask", self.tr("Stop calling…"), "", self.stop_task)
        self.call_again_button = self._button(
            "monitorCallAgain", self.tr("Call a&gain…"),
            self.tr("Make the next round: call again, from the same list, the people who did not answer"),
            self.call_again)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.selector, 1)
        for button in (self.start_button, self.pause_button, self.resume_button, self.stop_button):
            row.addWidget(button)
        return row

    def _build_status(self) -> QVBoxLayout:
        """The progress and its words, beside the button they speak of (updating) and what is made of the results
        (export, report): a row of their own, so the provider's controls above fit a 1024-wide window in
        Vietnamese."""
        self.state = QLabel()
        self.state.setObjectName("monitorState")
        self.state.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("monitorProgress")
        self.progress.setAccessibleName(self.tr("Calls finished"))
        self.progress.setMinimumWidth(320)
        self.export_progress = QProgressBar()
        self.export_progress.setObjectName("monitorExportProgress")
        self.export_progress.setMaximumWidth(200)
        self.export_cancel_button = self._button("monitorExportCancel", self.tr("Cancel export"), "",
                                                 self.cancel_export)
        self.notice = MessageBar("monitorNotice")
        self.runner = QLabel()
        self.runner.setObjectName("monitorRunner")
        for widget in (self.export_progress, self.export_cancel_button, self.runner):
            widget.hide()
        self.watch_button = self._button("monitorWatch", self.tr("Stop &updating"),
                                         self.tr("Ask the provider for new results until every call has ended"),
                                         self.toggle_watching)
        self.export_button = self._button("monitorExport", self.tr("&Export results…"),
                                          self.tr("Save every contact with its outcome and answer as .xlsx "
                                                  "(with a Summary sheet) or .csv; a campaign called in several "
                                                  "rounds gives one row per contact"),
                                          self.choose_export_file)
        self.report_button = self._button("monitorReport", self.tr("Rep&ort…"),
                                          self.tr("The campaign's figures and charts, to print or save as PDF"),
                                          self.open_report)
        first = QHBoxLayout()
        first.addWidget(self.progress)
        first.addWidget(self.state, 1)
        first.addWidget(self.watch_button)
        first.addWidget(self.export_button)
        first.addWidget(self.report_button)
        second = QHBoxLayout()
        second.addWidget(self.runner)
        second.addWidget(self.export_progress)
        second.addWidget(self.export_cancel_button)
        second.addWidget(self.notice, 1)
        second.addWidget(self.call_again_button, 0, Qt.AlignmentFlag.AlignRight)  # the next step once calls end
        rows = QVBoxLayout()
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    def _build_filters(self) -> QHBoxLayout:
        self.outcome_filter = QComboBox()
        self.outcome_filter.setObjectName("monitorOutcomeFilter")
        self.outcome_filter.addItem(self.tr("Every outcome"), None)
        for group in GROUPS:
            self.outcome_filter.addItem(group_text(group), group)
        self.answer_filter = QComboBox()
        self.answer_filter.setObjectName("monitorAnswerFilter")
        self.answer_filter.setToolTip(self.tr("Show only the contacts who gave this answer"))
        self.answer_filter.setMinimumContentsLength(8)  # answers can be long; the open list shows them whole
        self.answer_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.answer_filter.addItem(self.tr("Any answer"), None)
        self.search = QLineEdit()
        self.search.setObjectName("monitorSearch")
        self.search.setPlaceholderText(self.tr("Phone or name"))
        self.search.setClearButtonEnabled(True)
        self.outcome_filter.currentIndexChanged.connect(self.apply_filter)
        self.answer_filter.currentIndexChanged.connect(self.apply_filter)
        self.search.textChanged.connect(self.apply_filter)
        filters = QHBoxLayout()
        for text, editor in ((self.tr("&Show:"), self.outcome_filter), (self.tr("A&nswer:"), self.answer_filter),
                             (self.tr("&Find:"), self.search)):
            caption = QLabel(text)
            caption.setBuddy(editor)
            filters.addWidget(caption)
            # Spare room goes to the answers too, so a long one (or "Any answer" in a long language) shows whole.
            filters.addWidget(editor, {self.answer_filter: 1, self.search: 2}.get(editor, 0))
        return filters

    def _build_table(self) -> QWidget:
        self.shown = QLabel()
        self.shown.setObjectName("monitorShown")
        self.model = CallTableModel(self)
        self.table = record_table(self.model, "monitorTable", self.tr("Contacts and their calls"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the campaign's own order until a header is clicked
        self.table.setSortingEnabled(True)
        for index, column in enumerate(COLUMNS[:-1]):  # the last one stretches; none narrower than its title
            self.table.setColumnWidth(index, max(column.width, header.sectionSizeHint(index)))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(lambda _: self.play_selected())
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.shown)
        return box

    def _build_details(self) -> QWidget:
        box = QGroupBox(self.tr("Selected call"))
        box.setObjectName("monitorDetails")
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a narrow pane puts values under captions
        for key, text in (("phone", self.tr("Phone")), ("name", self.tr("Name")), ("outcome", self.tr("Outcome")),
                          ("answer", self.tr("Answer")),
                          ("duration", self.tr("Talk time")),
                          ("cost", self.tr("Cost")), ("error", self.tr("Reason")),
                          ("trans_id", self.tr("Provider's call reference")),
                          ("channel", self.tr("Result received by")),
                          ("columns", self.tr("Contact's columns"))):
            value = QLabel()
            value.setObjectName(f"detail_{key}")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(text + ":", value)
            self.fields[key] = value
        self.raw_toggle = QToolButton()
        self.raw_toggle.setObjectName("monitorRawToggle")
        self.raw_toggle.setText(self.tr("&Details: the provider's record, as received"))
        self.raw_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.raw_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.raw_toggle.setCheckable(True)
        self.raw_toggle.setAutoRaise(True)
        self.raw = QPlainTextEdit()
        self.raw.setObjectName("monitorRawPayload")
        self.raw.setReadOnly(True)
        self.raw.setAccessibleName(self.tr("Technical details from the provider"))
        self.raw.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.raw.setMinimumHeight(120)
        self.raw.setPlaceholderText(self.tr("Select a call in the table to see what the provider reported."))
        self.raw.setVisible(False)
        self.raw_toggle.toggled.connect(self._show_raw)
        self.play_button = self._button("monitorPlay", self.tr("▶ P&lay recording"),
                                        self.tr("Play the selected call's recording (Enter in the table)"),
                                        self.play_selected)
        self.download_button = self._button("monitorDownload", self.tr("&Download recordings…"),
                                            self.tr("Save every recorded call of this campaign into a folder"),
                                            self.open_bulk_download)
        buttons = QHBoxLayout()
        buttons.addWidget(self.play_button)
        buttons.addWidget(self.download_button)
        buttons.addStretch(1)
        self.fetching = QProgressBar()
        self.fetching.setObjectName("monitorRecordingDownload")
        self.fetching.setRange(0, 0)
        self.fetching.setFormat(self.tr("Downloading the recording…"))
        self.fetching.setTextVisible(True)
        self.fetching.hide()
        self.player = RecordingPlayer(preferences=self.session.services.preferences)
        self.player.title.setText(self.tr("Select an answered call and press ▶ Play recording."))
        record = QWidget()
        record_layout = QVBoxLayout(record)
        record_layout.setContentsMargins(0, 0, 0, 0)
        record_layout.addLayout(form)
        record_layout.addWidget(self.raw_toggle)
        record_layout.addWidget(self.raw, 1)
        record_layout.addStretch(0)
        scroll = VerticalScrollArea(record)  # the pane never makes the window taller than a laptop screen
        scroll.setObjectName("monitorDetailsScroll")
        layout = QVBoxLayout(box)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.fetching)
        layout.addWidget(self.player)
        self._clear_details()
        return box

    # -- which campaign ---------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh_campaigns()

    def refresh_campaigns(self, select: int | None = None) -> None:
        """Relist the launched campaigns (drafts have nothing to watch), keeping or choosing ``select``."""
        wanted = select if select is not None else (self.campaign.id if self.campaign else None)
        campaigns = [c for c in self.service.list() if c.state is not CampaignState.DRAFT or c.id in self._launched]
        self.selector.blockSignals(True)
        self.selector.clear()
        for campaign in campaigns:
            self.selector.addItem(self._describe(campaign), campaign.id)
        index = self.selector.findData(wanted) if wanted is not None else -1
        self.selector.setCurrentIndex(max(index, 0) if campaigns else -1)
        self.selector.blockSignals(False)
        self.setCurrentIndex(1 if campaigns else 0)
        chosen = self.selector.currentData()
        if chosen is not None and (self.campaign is None or chosen != self.campaign.id):
            self._campaign_chosen(self.selector.currentIndex())
        elif chosen is not None:
            self.campaign = self.service.get(chosen)
            self._update_buttons()
            self._read_task()

    def follow_launch(self, campaign_id: int) -> None:
        """A campaign was launched (Campaigns tab): list it, read its rows afresh (launching made them), show it
        and watch it."""
        self._launched.add(campaign_id)
        self.campaign = None
        self.refresh_campaigns(select=campaign_id)

    def _describe(self, campaign: Campaign) -> str:
        states = {
            CampaignState.DISPATCHING: self.tr("sending"), CampaignState.PAUSED: self.tr("sending paused"),
            CampaignState.RUNNING: self.tr("calls in progress"), CampaignState.FINISHED: self.tr("finished"),
            CampaignState.CANCELLED: self.tr("cancelled"), CampaignState.DRAFT: self.tr("draft"),
        }
        return f"{campaign.name} · {provider_name(campaign.provider)} · {states[campaign.state]}"

    def _campaign_chosen(self, index: int) -> None:
        campaign_id = self.selector.itemData(index)
        if campaign_id is None:
            return
        self.campaign = self.service.get(campaign_id)
        self._task = None  # read with the rows
        self._task_reads += 1
        self._loading += 1
        self._start_afresh()
        self._held = []
        self.state.setText(self.tr("Reading the campaign's calls…"))
        self._update_buttons()
        campaign, generation = self.campaign, self._loading
        self.jobs.run("monitor-load", lambda job: self._load(job, campaign, generation), on_error=self.state.setText,
                      describe=lambda exc: arg(self.tr("The campaign's calls could not be read: %1"), words(exc)))

    def _start_afresh(self) -> None:
        """Another campaign: nothing of the one shown before stays (rows, filter, details, recording, counters,
        chart, last message)."""
        for editor in (self.outcome_filter, self.search):
            editor.blockSignals(True)
        self.outcome_filter.setCurrentIndex(0)
        self.search.clear()
        for editor in (self.outcome_filter, self.search):
            editor.blockSignals(False)
        self.model.set_rows([])
        self.apply_filter()
        self._clear_details()
        self.player.clear()
        self.fetching.hide()
        self._show_counts(Counts())
        self.chart.restart(datetime.now().timestamp(), {}, 0)
        if self._export is None:  # a running export's own messages follow
            self.notice.clear()

    async def _load(self, job: Job, campaign: Campaign, generation: int) -> None:
        """Read every row and the counts off the loop (once a launch here has written them), show them, then watch
        if calls may still change."""
        service, reads = self.service, self._task_reads
        def read() -> tuple[list[CallRow], int, str, bool, Counts, TaskState | None, LeaseHolder | None]:
            _, since = service.dispatch_rows(campaign, _NO_BATCH)  # the marks first: later changes are read after
            _, mark = service.changed_rows(campaign, None)
            rounds = service.rounds_around(campaign)
            rows = build_rows(service.rows(campaign), service.people(campaign), rounds)
            return (rows, since, mark, bool(rounds), service.counts(campaign), service.provider_task(campaign),
                    service.runner(campaign))

        await service.call_rows_written(campaign)
        rows, since, mark, has_rounds, counts, task, runner = await job.blocking(read)
        if generation != self._loading:
            return
        self._take_task(task, reads)
        self.model.set_rows(rows)
        self._changed_mark = mark
        self._has_rounds = has_rounds
        for column in ROUND_COLUMNS:  # a campaign without other rounds: they would repeat the outcome
            self.table.setColumnHidden(column, not has_rounds)
        self._since_batch = since
        held, self._held = self._held or [], None
        for update in held:  # written to the store while it was being read: apply them again, in order
            self.model.apply(update.changed, update.polled_at)
        self._update_shown()
        self._held_back = _held_back(counts)
        self._show_counts(counts)
        self.chart.restart(datetime.now().timestamp(), group_counts(counts), counts.total)
        self._show_runner(runner)
        if campaign.state in LIVE_STATES or campaign.id in self._launched:
            self.watch()
        else:
            self._say_idle()
        if self._dispatch_missed and not self._dispatch_reading:
            self._dispatch_missed = False
            self._dispatch_next = None  # the counts just read are newer than what it said was held back
            self.follow_dispatch(None)
        if self._reread_again:
            self._reread_again = False
            self.reread_rows()

    def follow_dispatch(self, progress: DispatchProgress | None) -> None:
        """Sending moved on (``Session.dispatchProgressed``): re-read off the loop the rows of the batches sent since
        the last report and write the changed ones in place, so no row says "Not sent yet" once the store says sent;
        the campaign's state in the chooser follows the store too. One read at a time: reports that come meanwhile
        ask for one more read after it, and a read for a campaign no longer shown is dropped."""
        campaign = self.campaign
        if not isValid(self) or campaign is None or progress is not None and progress.campaign_id != campaign.id:
            return
        if self._held is not None or self._dispatch_reading:  # rows are being read: look again once they are shown
            self._dispatch_missed = True
            self._dispatch_next = progress or self._dispatch_next
            return
        self._dispatch_reading = True
        generation = self._loading
        self.jobs.run("monitor-dispatch", lambda job: self._read_dispatch(job, campaign, generation, progress),
                      on_error=self.state.setText, on_finished=self._dispatch_read_ended,
                      describe=lambda exc: arg(self.tr("The campaign's calls could not be read: %1"), words(exc)))

    async def _read_dispatch(self, job: Job, campaign: Campaign, generation: int,
                             progress: DispatchProgress | None) -> None:
        service, since, reads = self.service, self._since_batch, self._task_reads
        def read() -> tuple[list[CallUpdate], int, Campaign | None, TaskState | None]:
            rows, following = service.dispatch_rows(campaign, since)
            if progress is None:
                return rows, following, None, None
            return rows, following, service.get(campaign.id), service.provider_task(campaign)

        rows, following, stored, task = await job.blocking(read)
        if generation != self._loading or not isValid(self):  # another campaign was chosen (or read afresh)
            return
        # Another desk's changes read on meanwhile: the earlier of the two marks (reading a batch twice is harmless).
        self._since_batch = following if self._since_batch == since else min(self._since_batch, following)
        changed = self.model.news(rows)
        held_back = progress is not None and progress.not_sent != self._held_back
        if self.model.apply(changed, datetime.now().timestamp()) or held_back:
            self._campaign_chosen(self.selector.currentIndex())  # rows were added or held back: read them all
            return
        self._update_shown()  # the counters follow the polls (counting 100,000 rows per report would not be cheap)
        if stored is not None:  # the campaign's state and its provider task as stored (sending → calls in progress)
            self.campaign = stored
            self.selector.setItemText(self.selector.currentIndex(), self._describe(stored))
            self._take_task(task, reads)
            self._update_buttons()
        selected = self._selected_row()
        if selected is not None and any(u.call_id == selected.call_id for u in changed):
            self.show_details(selected)

    def _dispatch_read_ended(self) -> None:
        self._dispatch_reading = False
        if self._dispatch_missed and self._held is None and isValid(self):
            self._dispatch_missed = False
            progress, self._dispatch_next = self._dispatch_next, None
            self.follow_dispatch(progress)

    def _changed_elsewhere(self, changes: ChangeSet) -> None:
        """Another desk launched, paused or finished a campaign (the chooser and buttons follow), or changed the
        calls of the one shown: new outcomes, contacts sent (its rows are read again)."""
        try:
            self._follow_changes(changes)
        except ERRORS as exc:  # the database could not be read just now: said here, read again at the next change
            self.state.setText(arg(self.tr("The campaign's calls could not be read: %1"), words(exc)))

    def _follow_changes(self, changes: ChangeSet) -> None:
        if changes.touches("campaigns"):
            self.refresh_campaigns()
        campaign = self.campaign
        if campaign is not None and any(changes.touches_row(t, campaign.id) for t in ("calls", "dispatch_batches")):
            self.reread_rows()

    def reread_rows(self) -> None:
        """Read off the loop the shown campaign's rows changed since the last read (results by their mark, dispatch
        by its batches) and its counts, and write the rows that differ in place (filter, order and selection stay):
        the cost follows what changed, not the campaign's size. One read at a time, and one more if changes came
        meanwhile."""
        if self.campaign is None:
            return
        if self._held is not None or self._rereading:  # rows are being read: read again once they are shown
            self._reread_again = True
            return
        self._rereading = True
        campaign, generation = self.campaign, self._loading
        self.jobs.run("monitor-reread", lambda job: self._reread(job, campaign, generation),
                      on_error=self.state.setText, on_finished=self._reread_ended,
                      describe=lambda exc: arg(self.tr("The campaign's calls could not be read: %1"), words(exc)))

    async def _reread(self, job: Job, campaign: Campaign, generation: int) -> None:
        service, mark, since = self.service, self._changed_mark, self._since_batch
        def read() -> tuple[list[CallUpdate], str, int, Counts]:
            results, next_mark = service.changed_rows(campaign, mark)  # the marks first, then the rows
            sent, following = service.dispatch_rows(campaign, since)
            return results + sent, next_mark, following, service.counts(campaign)

        rows, mark, following, counts = await job.blocking(read)
        if generation != self._loading:  # another campaign was chosen meanwhile
            return
        self._changed_mark = mark
        # A dispatch report that read on meanwhile: the earlier of the two marks (reading a batch twice is harmless).
        self._since_batch = following if self._since_batch == since else min(self._since_batch, following)
        at = datetime.now().timestamp()
        if self.model.apply(self.model.news(rows), at) or _held_back(counts) != self._held_back:
            self._campaign_chosen(self.selector.currentIndex())  # rows were added or held back: read them all
            return
        self._show_counts(counts)
        self.chart.add_sample(at, group_counts(counts))
        self._update_shown()
        selected = self._selected_row()
        if selected is not None:
            self.show_details(selected)

    def _reread_ended(self) -> None:
        self._rereading = False
        if self._reread_again and self._held is None:
            self._reread_again = False
            self.reread_rows()

    # -- watching ---------------------------------------------------------------------------------------------
    def toggle_watching(self) -> None:
        if self.campaign is None:
            return
        if self.is_watching():
            self.stop_watching()
        elif self.runner.isVisibleTo(self):  # polled where it runs: read what that computer saved
            self._campaign_chosen(self.selector.currentIndex())
        else:
            self.watch()

    def is_watching(self) -> bool:
        task = self._watchers.get(self.campaign.id) if self.campaign else None
        return task is not None and not task.done()

    def watch(self) -> None:
        """Poll the shown campaign until every call is final (replacing a poller already running for it)."""
        if self.campaign is None:
            return
        campaign = self.campaign
        try:
            task = self.service.start_monitoring(campaign, self._on_update)
        except LeaseHeld as held:
            self._show_runner(held.holder)
            return
        self._watchers[campaign.id] = task
        task.add_done_callback(lambda done: self._watch_ended(campaign.id, done))
        self.state.setText(self.tr("Updating: asking the provider for new results…"))
        if self.service.supports_task_control(campaign):  # the task may have changed while the app was closed
            self.jobs.run(f"monitor-task-state:{campaign.id}",
                          lambda _job: self._ask_task(campaign, self.service.refresh_provider_task(campaign)),
                          on_error=self.notice.error, on_finished=self._update_buttons)
        self._update_buttons()

    def stop_watching(self) -> None:
        task = self._watchers.get(self.campaign.id) if self.campaign else None
        if task is not None:
            task.cancel()

    def _watch_ended(self, campaign_id: int, task: asyncio.Task) -> None:
        if not isValid(self):  # the window closed first; the poller outlives it
            return
        if self._watchers.get(campaign_id) is task:
            del self._watchers[campaign_id]
        if self.campaign is None or self.campaign.id != campaign_id:
            return
        if task.cancelled():
            self.state.setText(self.tr("Not updating. Press “Update live” to check for new results again."))
        else:
            if task.exception() is not None:  # logged by the task owner; said here in words
                self.state.setText(arg(self.tr("Updating stopped: %1"), words(task.exception())))
            self.refresh_campaigns()  # the campaign's state changed (finished)
        self._update_buttons()

    def _on_update(self, update: PollUpdate) -> None:
        if not isValid(self) or self.campaign is None or update.campaign_id != self.campaign.id:
            return
        if self._held is not None:
            self._held.append(update)
            return
        if self.model.apply(update.changed, update.polled_at) or _held_back(update.counts) != self._held_back:
            # The campaign gained rows, or dispatch held contacts back (the do-not-call list changed, it was
            # cancelled), which polls do not report: read the rows again.
            self._campaign_chosen(self.selector.currentIndex())
            return
        self._show_counts(update.counts)
        self.chart.add_sample(update.polled_at, group_counts(update.counts))
        self._update_shown()
        selected = self._selected_row()
        if selected is not None and any(u.call_id == selected.call_id for u in update.changed):
            self.show_details(selected)
        if update.finished:
            self.state.setText(self.tr("All calls finished."))
        elif update.error:
            self.state.setText(arg(self.tr("The last check failed: %1 Next check in %2 s."),
                                   update.error, f"{update.next_poll_in or 0:.0f}"))
        else:
            waiting = group_counts(update.counts)[WAITING] - update.live  # the counters' "waiting", told apart
            self.state.setText(arg(self.tr("Updating: %1 calls ringing or talking now, %2 waiting for their turn; "
                                           "next check in %3 s."),
                                   f"{update.live:,}", f"{waiting:,}", f"{update.next_poll_in or 0:.0f}"))

    def _show_counts(self, counts: Counts) -> None:
        self.counters.show_counts(group_counts(counts))
        self.answer_counters.show_counts(counts.answers)
        self._offer_answers(counts.answers)
        self.progress.setRange(0, max(counts.total, 1))
        self.progress.setValue(counts.final)
        self.progress.setFormat(arg(self.tr("%1 of %2 calls finished (%p%)"), formats.number(counts.final),
                                    formats.number(counts.total)))

    def _show_runner(self, holder: LeaseHolder | None) -> None:
        """Say which other desk or server runs the campaign shown (it polls; this desk reads what it saved)."""
        self.runner.setText(runner_text(holder) if holder else "")
        self.runner.setVisible(holder is not None)
        if holder is not None:
            self.state.setText(self.tr("Shown as saved by the computer running this campaign. Press “Update live” "
                                       "to read the latest."))

    def _say_idle(self) -> None:
        if self.campaign is not None and self.campaign.state is CampaignState.FINISHED:
            self.state.setText(self.tr("All calls finished."))
        else:
            self.state.setText(self.tr("Not updating. Press “Update live” to check for new results."))
        self._update_buttons()

    def _read_task(self) -> None:
        """Read off the loop the shown campaign's provider task as stored (another desk may have paused it), and
        show the buttons it allows."""
        campaign, reads = self.campaign, self._task_reads
        if campaign is None:
            return
        async def read(job: Job) -> None:
            task = await job.blocking(self.service.provider_task, campaign)
            if self.campaign is not None and self.campaign.id == campaign.id:
                self._take_task(task, reads)
        self.jobs.run(f"monitor-task-read:{campaign.id}", read, on_error=self.state.setText,
                      on_finished=self._update_buttons,
                      describe=lambda exc: arg(self.tr("The campaign's calls could not be read: %1"), words(exc)))

    async def _ask_task(self, campaign: Campaign, asked: Awaitable[TaskState | None]) -> None:
        """Take the task state a task operation on the provider stored, if that campaign is still shown."""
        task = await asked
        if self.campaign is not None and self.campaign.id == campaign.id:
            self._take_task(task, self._task_reads)

    def _take_task(self, task: TaskState | None, reads: int) -> None:
        """Keep ``task`` as the shown campaign's provider task unless a newer state was taken since its read began
        (``reads``: the count of states taken when it began)."""
        if reads == self._task_reads:
            self._task = task
            self._task_reads += 1

    def _update_buttons(self) -> None:
        """The buttons as the campaign shown and its provider task as last read (never read here, on the loop)
        allow."""
        campaign, task = self.campaign, self._task
        watching = self.is_watching()
        self.watch_button.setText(self.tr("Stop &updating") if watching else self.tr("&Update live"))
        self.watch_button.setEnabled(campaign is not None and campaign.state is not CampaignState.FINISHED
                                     or watching)
        controllable = campaign is not None and self.service.supports_task_control(campaign)
        live = controllable and campaign is not None and campaign.state in LIVE_STATES
        self.start_button.setEnabled(live and task is TaskState.PENDING)
        self.pause_button.setEnabled(live and task is TaskState.RUNNING)
        self.resume_button.setEnabled(live and task is TaskState.PAUSED)
        self.stop_button.setEnabled(live and task in OPEN_TASK)
        self.start_button.setVisible(task is TaskState.PENDING)
        name = provider_name(campaign.provider) if campaign is not None else ""
        tip = "" if controllable else arg(self.tr("Only %1 campaigns can be paused, resumed or stopped on the "
                                                  "provider: %2 dial what they were sent to the end."),
                                          *_names_by_task_control())
        self.start_button.setToolTip(tip or arg(self.tr("Ask %1 to start calling"), name))
        self.pause_button.setToolTip(tip or arg(self.tr("Ask %1 to pause calling; numbers not called yet wait"),
                                                name))
        self.resume_button.setToolTip(tip or arg(self.tr("Ask %1 to continue calling the waiting numbers"), name))
        self.stop_button.setToolTip(tip or arg(self.tr("End the campaign on %1: numbers not called yet never will be"),
                                               name))
        self.export_button.setEnabled(campaign is not None and self.export_progress.isHidden())
        self.call_again_button.setEnabled(campaign is not None)
        self.download_button.setEnabled(campaign is not None)

    # -- the provider's task controls ---------------------------------------------------------------------------
    def start_task(self) -> None:
        self._task_control("start")

    def pause_task(self) -> None:
        self._task_control("pause")

    def resume_task(self) -> None:
        self._task_control("resume")

    def stop_task(self) -> None:
        """End the provider's task after the supervisor confirms: it cannot be undone."""
        if self.campaign is not None and self.confirm_stop():
            self._task_control("stop")

    def confirm_stop(self) -> bool:
        answer = QMessageBox.question(
            self, self.tr("Stop calling"),
            arg(self.tr("Stop calling for “%1”? %2 ends the campaign: numbers it has not called yet will never be "
                        "called, and this cannot be undone. Calls already made keep their results."),
                self.campaign.name if self.campaign else "",
                provider_name(self.campaign.provider) if self.campaign else ""),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def _task_control(self, action: str) -> None:
        if self.campaign is None:
            return
        campaign = self.campaign
        name = provider_name(campaign.provider)
        for button in (self.start_button, self.pause_button, self.resume_button, self.stop_button):
            button.setEnabled(False)
        self.jobs.run(f"monitor-task-control:{campaign.id}",
                      lambda _job: self._ask_task(campaign, self._run_task_control(campaign, action)),
                      on_error=lambda text: self.notice.error(
                          arg(self.tr("%1 did not accept this: %2"), name, text)),
                      on_finished=self._update_buttons)

    async def _run_task_control(self, campaign: Campaign, action: str) -> TaskState | None:
        operation = getattr(self.service, f"{action}_on_provider")  # start_ / pause_ / resume_ / stop_on_provider
        done = {"start": self.tr("%1 started calling."),
                "pause": self.tr("%1 paused calling: no new numbers are called until you resume."),
                "resume": self.tr("%1 resumed calling."),
                "stop": self.tr("%1 ended the campaign: numbers not called yet will not be called.")}[action]
        task = await operation(campaign)
        self.notice.info(arg(done, provider_name(campaign.provider)))
        return task

    # -- table, filter and details ------------------------------------------------------------------------------
    def apply_filter(self) -> None:
        group, answer = self.outcome_filter.currentData(), self.answer_filter.currentData()
        self.model.set_filter([group] if group else (), self.search.text(), [answer] if answer else ())
        self._update_shown()

    def _offer_answers(self, answers: dict[str, int]) -> None:
        """The answer filter lists the answers the campaign's contacts gave (and the one chosen, while chosen)."""
        chosen = self.answer_filter.currentData()
        offered = sorted(set(answers) | ({chosen} if chosen else set()), key=answer_words)
        if offered == [self.answer_filter.itemData(i) for i in range(1, self.answer_filter.count())]:
            return
        self.answer_filter.blockSignals(True)
        while self.answer_filter.count() > 1:
            self.answer_filter.removeItem(1)
        for key in offered:
            self.answer_filter.addItem(answer_words(key), key)
        self.answer_filter.setCurrentIndex(max(self.answer_filter.findData(chosen), 0) if chosen else 0)
        self.answer_filter.blockSignals(False)

    def _show_raw(self, shown: bool) -> None:
        self.raw.setVisible(shown)
        self.raw_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _update_shown(self) -> None:
        self.shown.setText(arg(self.tr("%1 of %2 shown"), formats.number(self.model.rowCount()),
                               formats.number(self.model.total)))

    def _selected_row(self) -> CallRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        row = self._selected_row()
        if row is None:
            self._clear_details()
        else:
            self.show_details(row)

    def select_call(self, call_id: int) -> None:
        """Select ``call_id``'s row (when the filter shows it) and show its details."""
        row = self.model.find(call_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def show_details(self, row: CallRow) -> None:
        """The call's fields and the provider's raw record, read from the store (one row)."""
        try:
            details = self.service.call_details(row.call_id)
        except ERRORS as exc:
            self._clear_details()
            self.raw.setPlainText(arg(self.tr("The details could not be read: %1"), _words(exc)))
            return
        values = {
            "phone": display_phone(row.phone), "name": row.name, "outcome": outcome_words(row.outcome, row.dispatch),
            "answer": self._answer_text(details.get("answer")),
            "duration": format_seconds(row.duration),
            "cost": formats.money(row.cost), "error": row.error or "—", "trans_id": details.get("trans_id") or "—",
            "channel": self._channel_text(details.get("channel")),
            "columns": "\n".join(f"{k}: {stored_text(v)}" for k, v in (details.get("contact_data") or {}).items())
            or "—",
        }
        for key, label in self.fields.items():
            label.setText(values[key])
        raw = details.get("raw")
        if raw is not None:
            text = json.dumps(raw, ensure_ascii=False, indent=2, default=str)
        elif row.dispatch in (Dispatch.NOT_SENT, Dispatch.DO_NOT_CALL):
            text = self.tr("This contact was never sent to the provider, so it has no record of it.")
        else:
            text = self.tr("The provider has not reported on this call yet.")
        self.raw.setPlainText(text)
        self.play_button.setEnabled(bool(row.recording_ref))

    def _answer_text(self, stored: str | None) -> str:
        """The call's answer, one line each ("Question 1: pressed 1"), then how long it rang."""
        if not stored:
            return "—"
        try:
            answer = CallAnswer.from_json(json.loads(stored))
        except (ValueError, TypeError, AttributeError):
            return "—"
        lines = [f"{label}: {value}" for label, value in answer_lines(answer)]
        if answer.ring_seconds is not None:
            lines.append(arg(self.tr("Rang for %1"), format_seconds(answer.ring_seconds)))
        return "\n".join(lines) or "—"

    def _channel_text(self, channel: str | None) -> str:
        """How the call's current result arrived, in the operator's words."""
        words = {Channel.NOTIFICATION: self.tr("Notification from the provider"),
                 Channel.POLL: self.tr("Regular check (the app asked the provider)")}
        return words.get(Channel(channel), "—") if channel else "—"

    def _clear_details(self) -> None:
        for label in self.fields.values():
            label.setText("—")
        self.raw.clear()
        self.play_button.setEnabled(False)

    # -- recordings -----------------------------------------------------------------------------------------
    def _account(self) -> Account | None:
        return self.session.services.accounts.get(self.campaign.account_id) if self.campaign else None

    def play_selected(self) -> None:
        """Fetch the selected call's recording (from the cache when played before) and play it in the tab."""
        row, account = self._selected_row(), self._account()
        if row is None or account is None:
            return
        self.fetching.show()
        generation = self._loading
        self.jobs.run("monitor-play", lambda _job: self._play(account, row, generation),
                      on_error=self.player.show_problem, on_finished=self.fetching.hide, describe=recording_problem)

    async def _play(self, account: Account, row: CallRow, generation: int) -> None:
        trans_id = self.service.call_details(row.call_id).get("trans_id")
        cached = await self.session.recordings.fetch(account, row.recording_ref, call_id=trans_id or None)
        if generation != self._loading:  # another campaign was chosen meanwhile: this call is not on screen
            return
        phone = display_phone(row.phone)
        title = " · ".join(part for part in (phone, row.name, outcome_words(row.outcome, row.dispatch)) if part)
        self.player.load(cached.path, title, suggested_name=f"{phone}_{trans_id or row.call_id}")
        self.player.player.play()
        self.player.play_button.setFocus()  # Space and the arrow keys now control playback

    def open_bulk_download(self) -> BulkDownloadDialog | None:
        """Every recorded call of the campaign into a folder (the dialog runs the download)."""
        account = self._account()
        if account is None or self.campaign is None:
            return None
        calls = [CallRecording(c.phone, _when(c.updated_at), c.trans_id, c.recording_ref)
                 for c in self.service.recorded_calls(self.campaign)]
        dialog = BulkDownloadDialog(self.jobs, self.session.recordings, account, calls, self,
                                    preferences=self.session.services.preferences)
        dialog.show()
        return dialog

    # -- report -----------------------------------------------------------------------------------------------
    def open_report(self) -> ReportDialog | None:
        """The chosen campaign's report (figures, charts, print and PDF) in its own window."""
        if self.campaign is None:
            return None
        dialog = ReportDialog(self.jobs, self.service, self._account(), self.campaign, self)
        dialog.show()
        dialog.start()
        return dialog

    # -- the next round -------------------------------------------------------------------------------------
    def call_again(self) -> None:
        """"Call again…": the Campaigns tab asks who, makes the round and launches it; this tab then shows the round
        (campaignLaunched) and its notice says what came of it."""
        if self.campaign is not None:
            self.session.roundRequested.emit(self.campaign.id, self.notice)

    # -- export -----------------------------------------------------------------------------------------------
    def choose_export_file(self) -> None:
        if self.campaign is None:
            return
        excel, text = self.tr("Excel workbook (*.xlsx)"), self.tr("CSV, comma-separated (*.csv)")
        title = (self.tr("Export the results of every round: one row per contact") if self._has_rounds
                 else self.tr("Export campaign results"))
        path, chosen = ask_path(self, self.session.services.preferences, "results", title,
                                Ask.SAVE, name=f"{self.campaign.name}-{datetime.now():%Y%m%d-%H%M}.xlsx",
                                filters=f"{excel};;{text}")
        if path is not None:
            target = str(path)
            fmt = "csv" if chosen == text or target.lower().endswith(".csv") else "xlsx"
            self.export_to(Path(target if target.lower().endswith(f".{fmt}") else f"{target}.{fmt}"))

    def export_to(self, path: Path) -> None:
        """Write every contact's row with its results to ``path`` (.xlsx or .csv, by its suffix)."""
        if self.campaign is None:
            return
        fmt: Format = "csv" if path.suffix.lower() == ".csv" else "xlsx"
        campaign = self.campaign
        self._set_exporting(True)
        self.notice.info(arg(self.tr("Writing %1…"), path.name))
        self._export = self.jobs.run(
            "monitor-export", lambda job: self._run_export(job, campaign, path, fmt),
            on_error=lambda text: self.notice.error(arg(self.tr("The export stopped: %1"), text)),
            on_progress=self._export_step, describe=_words,
            on_cancelled=lambda _text: self.notice.info(self.tr("Export cancelled; no file was written.")),
            on_finished=lambda: self._set_exporting(False))

    def cancel_export(self) -> None:
        if self._export is not None:
            self._export.cancel()
        self.notice.info(self.tr("Cancelling the export…"))

    async def _run_export(self, job: Job, campaign: Campaign, path: Path, fmt: Format) -> None:
        written = await self.service.export(campaign, path, fmt, job.progress, job.cancel_token)
        self.notice.info(arg(self.tr("Saved %1 contacts to %2."), formats.number(written), str(path)))

    def _export_step(self, progress: Progress) -> None:
        self.export_progress.setRange(0, max(progress.total, 1))
        self.export_progress.setValue(progress.done)

    def _set_exporting(self, exporting: bool) -> None:
        if not exporting:
            self._export = None
        self.export_progress.setValue(0)
        self.export_progress.setVisible(exporting)
        self.export_cancel_button.setVisible(exporting)
        self._update_buttons()


def _words(exc: BaseException) -> str:
    """The engine's errors carry their own sentence; a missing row is said plainly."""
    if isinstance(exc, KeyError):
        return QCoreApplication.translate("MonitorTab", "This call or campaign no longer exists.")
    return words(exc)


def _when(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


def _held_back(counts: Counts) -> int:
    """Contacts dispatch decided not to send: their rows change without a poll reporting it."""
    return counts.dispatch.get(Dispatch.NOT_SENT, 0) + counts.dispatch.get(Dispatch.DO_NOT_CALL, 0)
