"""Campaigns tab: the campaigns so far, the form for a new one, the checks before launch, and dispatch.

The engine (desktop/campaigns/, one :class:`~desktop.campaigns.service.CampaignService` shared with the Monitor
tab through ``session.campaigns``) journals, sends, pauses and reconciles; this tab gives it a face:

* a list of campaigns (state, account, list, created); selecting one shows its settings, read-only once launched;
* "New campaign": name, account (the active one by default), contact list, the provider's form;
* "Check and launch…": the preflight in an owned task → :class:`~ui.campaigns.preflight_dialog.PreflightDialog` → a last
  question with the numbers → ``service.launch`` with a progress bar, Pause, Resume and Cancel;
* at start-up, :meth:`CampaignsTab.check_interrupted` reconciles campaigns a crash left mid-send and offers to
  resume them.

For other tabs: :meth:`refresh_lists` (connect ``ContactsTab.listSaved``), :attr:`flowTextChanged` (connect to
``ContactsTab.set_flow_text``) — the main window wires both.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QMessageBox, QProgressBar, QPushButton,
    QScrollArea, QSplitter, QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from desktop.campaigns.dispatcher import DispatchProgress, progress_of
from desktop.campaigns.model import Campaign, CampaignState
from desktop.campaigns.preflight import Preflight
from desktop.campaigns.service import LaunchRefused
from desktop.providers.errors import ProviderError
from desktop.secrets import SecretStoreError
from desktop.store import StoreError
from ui.campaigns.form import CampaignForm
from ui.widgets.empty_state import EmptyState
from ui.campaigns.preflight_dialog import PreflightDialog, ReconcileDialog, launch_question
from ui.session import Session

#: Errors the engine raises for the operator to read: shown in words, never as a traceback.
EXPECTED_ERRORS = (LaunchRefused, ProviderError, SecretStoreError, StoreError)
_RESUMABLE = (CampaignState.PAUSED, CampaignState.DISPATCHING)


class CampaignListModel(QAbstractTableModel):
    """The campaigns, newest first: name, state, account, list, created."""

    COLUMNS = ("name", "state", "account", "list", "created")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.campaigns: list[Campaign] = []
        self._accounts: dict[int, str] = {}
        self._lists: dict[int, str] = {}
        self._headers = [self.tr("Campaign"), self.tr("State"), self.tr("Account"), self.tr("List"),
                         self.tr("Created")]
        self._states = {
            CampaignState.DRAFT: self.tr("Draft"), CampaignState.DISPATCHING: self.tr("Sending"),
            CampaignState.PAUSED: self.tr("Paused"), CampaignState.RUNNING: self.tr("Calls in progress"),
            CampaignState.FINISHED: self.tr("Finished"), CampaignState.CANCELLED: self.tr("Cancelled"),
        }

    def reload(self) -> None:
        self.beginResetModel()
        self.campaigns = self.session.campaigns.list()
        self._accounts = {a.id: a.name for a in self.session.services.accounts.list() if a.id is not None}
        self._lists = {info.id: info.name for info in self.session.campaigns.contacts.lists()}
        self.endResetModel()

    def state_text(self, state: CampaignState) -> str:
        return self._states[state]

    def row_of(self, campaign_id: int | None) -> int:
        return next((i for i, c in enumerate(self.campaigns) if c.id == campaign_id), -1)

    def show_state(self, campaign_id: int, state: CampaignState) -> None:
        """Follow a running dispatch's state without re-reading the store."""
        row = self.row_of(campaign_id)
        if row >= 0 and self.campaigns[row].state is not state:
            self.campaigns[row] = dataclasses.replace(self.campaigns[row], state=state)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.campaigns)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        c = self.campaigns[index.row()]
        return (
            c.name, self._states[c.state], self._accounts.get(c.account_id, self.tr("(deleted account)")),
            self._lists.get(c.list_id, self.tr("(deleted list)")), c.created_at[:16].replace("T", " "),
        )[index.column()]


class DispatchPanel(QFrame):
    """Progress of one campaign's dispatch with Pause, Resume and Cancel, and why it stopped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.status = QLabel()
        self.status.setObjectName("dispatchStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("dispatchProgress")
        self.reason = QLabel()
        self.reason.setObjectName("dispatchReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("QLabel { background: #fff4e5; border: 1px solid #f0c987; padding: 6px; }")
        self.errors = QLabel()
        self.errors.setObjectName("dispatchErrors")
        self.errors.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("&Pause"))
        self.pause_button.setObjectName("pauseButton")
        self.pause_button.setToolTip(self.tr("Stop after the batch being sent; the provider keeps dialling what it "
                                             "already has"))
        self.resume_button = QPushButton(self.tr("&Resume"))
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setToolTip(self.tr("Check unfinished batches with the provider, then send the rest"))
        self.cancel_button = QPushButton(self.tr("Ca&ncel sending…"))
        self.cancel_button.setObjectName("cancelButton")
        self.monitor_button = QPushButton(self.tr("Open in &Monitor"))
        self.monitor_button.setObjectName("openMonitorButton")
        buttons = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.monitor_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.reason)
        layout.addWidget(self.errors)
        layout.addLayout(buttons)

    def show_progress(self, progress: DispatchProgress, dispatching: bool) -> None:
        self.progress.setRange(0, max(1, progress.total))
        self.progress.setValue(progress.done)
        self.progress.setFormat(self.tr("%1 of %2 contacts").replace("%1", f"{progress.done:,}")
                                .replace("%2", f"{progress.total:,}"))
        state = progress.state
        if dispatching:
            text = self.tr("Sending: %1 sent, %2 to go, batch %3.")
        elif state is CampaignState.PAUSED:
            text = self.tr("Paused: %1 sent, %2 not sent yet.")
        elif state is CampaignState.DISPATCHING:
            text = self.tr("Interrupted: %1 sent, %2 not sent yet. Resume checks with the provider first.")
        elif state is CampaignState.CANCELLED:
            text = self.tr("Cancelled: %1 sent; the rest will not be called.")
        else:
            text = self.tr("All sent: %1 contacts in %3 batch(es) this run; calls are followed in the Monitor tab.")
        self.status.setText(text.replace("%1", f"{progress.sent:,}")
                            .replace("%2", f"{progress.pending + progress.in_flight:,}")
                            .replace("%3", f"{progress.batches:,}"))
        self.reason.setText(progress.reason or "")
        self.reason.setVisible(bool(progress.reason) and not dispatching)
        problems = progress.refused + progress.not_sent
        self.errors.setText(self.tr("%1 refused by the provider, %2 not sent — each contact's reason is in the "
                                    "Monitor tab.").replace("%1", f"{progress.refused:,}")
                            .replace("%2", f"{progress.not_sent:,}"))
        self.errors.setVisible(problems > 0)
        self.pause_button.setEnabled(dispatching)
        self.resume_button.setEnabled(not dispatching and state in _RESUMABLE)
        self.cancel_button.setEnabled(dispatching or state in _RESUMABLE)


class CampaignsTab(QStackedWidget):
    #: The BizPhone flow's messages changed: (text, flow name) for ContactsTab.set_flow_text.
    flowTextChanged = Signal(str, str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignsTab")
        self.session = session
        self.service = session.campaigns
        self.campaign: Campaign | None = None  # the one shown; None while a new one is being set up
        self._progress: dict[int, DispatchProgress] = {}  # the last report of each campaign dispatched here
        self.preflight_dialog: PreflightDialog | None = None
        self.reconcile_dialog: ReconcileDialog | None = None

        self.empty = EmptyState(
            self.tr("No contact lists yet"),
            self.tr("A campaign calls a saved contact list with one of your provider's scripts. Import and save "
                    "a list in the Contacts tab first; then come back here to set up the campaign and launch it."),
            self.tr("Import contacts…"), object_name="campaignsEmpty")
        self.empty.actionTriggered.connect(lambda: session.showTab.emit("contactsTab"))
        self.no_campaigns = EmptyState(
            self.tr("No campaigns yet"),
            self.tr("Choose a contact list and a script; everything is checked and shown to you with the "
                    "numbers before a single call is made."),
            self.tr("&New campaign…"), object_name="campaignsNone")
        self.no_campaigns.actionTriggered.connect(self.new_campaign)
        self.addWidget(self.empty)
        self.addWidget(self.no_campaigns)
        self.work = self._build_work_page()
        self.addWidget(self.work)

        self.form.bizphone.flowTextChanged.connect(self.flowTextChanged)
        session.accountsChanged.connect(self.form.reload_accounts)
        self.reload()
        self._show_page()

    # -- layout ----------------------------------------------------------------------------------------------
    def _build_work_page(self) -> QWidget:
        self.new_button = QPushButton(self.tr("&New campaign…"))
        self.new_button.setObjectName("newCampaignButton")
        self.new_button.clicked.connect(self.new_campaign)
        self.model = CampaignListModel(self.session, self)
        self.table = QTableView()
        self.table.setObjectName("campaignTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.table, 1)

        self.form = CampaignForm(self.session)
        self.form.changed.connect(self._form_changed)
        scroll = QScrollArea()
        scroll.setObjectName("campaignFormScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form)
        self.message = QLabel()
        self.message.setObjectName("campaignMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.panel = DispatchPanel()
        self.panel.pause_button.clicked.connect(self.pause)
        self.panel.resume_button.clicked.connect(self.resume)
        self.panel.cancel_button.clicked.connect(self.cancel)
        self.panel.monitor_button.clicked.connect(lambda: self.session.showTab.emit("monitorTab"))
        self.save_button = QPushButton(self.tr("&Save draft"))
        self.save_button.setObjectName("saveDraftButton")
        self.save_button.clicked.connect(self.save_draft)
        self.launch_button = QPushButton(self.tr("Check and &launch…"))
        self.launch_button.setObjectName("checkLaunchButton")
        self.launch_button.setDefault(True)
        self.launch_button.clicked.connect(self.check_and_launch)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.save_button)
        actions.addWidget(self.launch_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(scroll, 1)
        right_layout.addWidget(self.message)
        right_layout.addWidget(self.panel)
        right_layout.addLayout(actions)

        splitter = QSplitter()
        splitter.setObjectName("campaignsSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([330, 930])
        splitter.setChildrenCollapsible(False)
        page = QWidget()
        QVBoxLayout(page).addWidget(splitter)
        return page

    # -- what is shown ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read campaigns (few rows: one query) and keep the shown one selected."""
        shown = self.campaign.id if self.campaign else None
        self.model.reload()
        row = self.model.row_of(shown)
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        self.table.resizeColumnsToContents()

    def refresh_lists(self, list_id: int | None = None) -> None:
        """A contact list was saved (ContactsTab.listSaved): offer it, selecting it for a new campaign."""
        self.form.reload_lists(list_id if self.campaign is None else None)
        self.model.reload()
        self._show_page()

    def _show_page(self) -> None:
        if self.model.campaigns or self.currentWidget() is self.work and self.form.list_id() is not None:
            self.setCurrentWidget(self.work)
        elif self.form.list_id() is None:
            self.setCurrentWidget(self.empty)
        else:
            self.setCurrentWidget(self.no_campaigns)

    def new_campaign(self) -> None:
        self.campaign = None
        self.table.clearSelection()
        self.form.reload_lists()
        self.form.reset(self.session.active_account)
        self.setCurrentWidget(self.work)
        self._say("")
        self._update_actions()

    def show_campaign(self, campaign: Campaign) -> None:
        self.campaign = campaign
        self.form.show_campaign(campaign.name, campaign.account_id, campaign.list_id, campaign.settings,
                                read_only=not self._is_draft(campaign))
        row = self.model.row_of(campaign.id)
        if row >= 0 and self.table.currentIndex().row() != row:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        self.setCurrentWidget(self.work)
        self._say("")
        self._update_actions()

    def _row_chosen(self, current: QModelIndex) -> None:
        if current.isValid():
            self.show_campaign(self.service.get(self.model.campaigns[current.row()].id))

    @staticmethod
    def _is_draft(campaign: Campaign | None) -> bool:
        """Still editable: not launched (the engine stores the new state before launch() returns)."""
        return campaign is None or campaign.state is CampaignState.DRAFT

    def _form_changed(self) -> None:
        if self._is_draft(self.campaign):
            self._update_actions()

    def _update_actions(self) -> None:
        campaign = self.campaign
        draft = self._is_draft(campaign)
        busy = bool({"campaigns-preflight"} & set(self.session.services.tasks.running()))
        self.save_button.setVisible(draft)
        self.launch_button.setVisible(draft)
        self.save_button.setEnabled(not busy)
        self.launch_button.setEnabled(not busy and not self.form.problems())
        self.launch_button.setToolTip("\n".join(self.form.problems()))
        self.panel.setVisible(not draft)
        if campaign is not None and not draft:
            progress = self._progress.get(campaign.id) or progress_of(
                campaign, self.service.counts(campaign), 0, campaign.state)
            self.panel.show_progress(progress, self.service.is_dispatching(campaign))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("error", error)
        self.message.setStyleSheet(
            "QLabel { background: %s; border: 1px solid %s; padding: 6px; }"
            % (("#fdecea", "#f1b0a8") if error else ("#eef6ee", "#b7dab9")))
        self.message.setVisible(bool(text))

    # -- saving and launching ----------------------------------------------------------------------------------
    def save_draft(self) -> Campaign | None:
        """Create the campaign, or update the draft shown; returns it, or None (with the reason shown)."""
        problems = self.form.problems()
        if problems:
            self._say(problems[0], error=True)
            return None
        account = self.form.current_account()
        list_id = self.form.list_id()
        assert account is not None and list_id is not None
        settings = self.form.settings()
        name = self.form.name.text().strip()
        try:
            if self.campaign is None:
                campaign = self.service.create(name, account, list_id, settings)
            else:  # a saved draft keeps its account and list (the form locks them)
                campaign = self.campaign
                self.service.update_draft(campaign, name, settings)
        except EXPECTED_ERRORS as exc:
            self._say(str(exc), error=True)
            return None
        self.campaign = campaign
        self.reload()
        self._show_page()
        self._say(self.tr("Saved the draft “%1”. Nothing has been sent.").replace("%1", campaign.name))
        self._update_actions()
        return campaign

    def check_and_launch(self) -> None:
        """Save, run the preflight in an owned task, then show the checklist (nothing is sent yet)."""
        campaign = self.save_draft()
        if campaign is None:
            return
        self._say(self.tr("Checking “%1” with %2…").replace("%1", campaign.name)
                  .replace("%2", self.form.current_account().provider_name))
        self._spawn(self._run_preflight(campaign), "campaigns-preflight")
        self._update_actions()

    async def _run_preflight(self, campaign: Campaign) -> None:
        try:
            check = await self.service.preflight(campaign)
        finally:
            self._update_actions()
        account = self.session.services.accounts.get(campaign.account_id)
        question = launch_question(account.provider_name if account else campaign.provider,
                                   account.name if account else "", check)
        self._say("")
        dialog = PreflightDialog(campaign, check, question, self)
        dialog.accepted.connect(lambda: self.launch(campaign, check))
        dialog.finished.connect(dialog.deleteLater)
        self.preflight_dialog = dialog
        dialog.open()

    def launch(self, campaign: Campaign, check: Preflight) -> None:
        """Send the campaign whose preflight the operator just confirmed."""
        self.preflight_dialog = None
        try:
            task = self.service.launch(campaign, check, self._on_progress)
        except EXPECTED_ERRORS as exc:
            self._say(str(exc), error=True)
            return
        self._watch(campaign, task)

    def pause(self) -> None:
        if self.campaign is not None:
            self.service.pause(self.campaign)
            self.panel.pause_button.setEnabled(False)
            self.panel.status.setText(self.tr("Pausing after the batch being sent…"))

    def resume(self, campaign: Campaign | None = None) -> None:
        """Continue a paused or interrupted dispatch; the engine reconciles unfinished batches first."""
        campaign = campaign or self.campaign
        if campaign is None:
            return
        try:
            task = self.service.resume(self.service.get(campaign.id), self._on_progress)
        except (*EXPECTED_ERRORS, RuntimeError) as exc:  # RuntimeError: it is already being sent
            self._say(str(exc), error=True)
            return
        self._progress.pop(campaign.id, None)
        self._watch(campaign, task)

    def cancel(self) -> None:
        campaign = self.campaign
        if campaign is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Cancel sending?"),
            self.tr("Stop sending “%1”? Contacts not sent yet will not be called and are marked with the reason. "
                    "Calls already sent cannot be recalled: the provider still places them, and their results "
                    "still arrive in the Monitor tab.").replace("%1", campaign.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.service.cancel(campaign)
        if not self.service.is_dispatching(campaign):  # nothing running: the engine cancelled it at once
            self._progress.pop(campaign.id, None)
            self._after_dispatch(campaign)

    def _on_progress(self, progress: DispatchProgress) -> None:
        """The dispatcher's report (on the loop): shown when its campaign is the one on screen."""
        self._progress[progress.campaign_id] = progress
        self.model.show_state(progress.campaign_id, progress.state)
        if self.campaign is not None and self.campaign.id == progress.campaign_id:
            self.panel.setVisible(True)
            # "Running" until the dispatch task has really ended: a paused report arrives while it unwinds,
            # and offering Resume before that would be refused ("already being sent").
            self.panel.show_progress(progress, self.service.is_dispatching(self.campaign))

    def _watch(self, campaign: Campaign, task: asyncio.Task[DispatchProgress]) -> None:
        """Follow a dispatch just started (launch or resume); the Monitor tab is told so it watches the calls."""
        self.session.campaignLaunched.emit(campaign.id)
        self.reload()
        if self.campaign is not None and self.campaign.id == campaign.id:
            self.show_campaign(self.service.get(campaign.id))
        self._spawn(self._await_dispatch(campaign, task), f"campaigns-watch:{campaign.id}")

    async def _await_dispatch(self, campaign: Campaign, task: asyncio.Task[DispatchProgress]) -> None:
        try:
            final = await asyncio.shield(task)
        finally:
            self._after_dispatch(campaign)
        if final.reason and final.state is CampaignState.PAUSED and self.campaign and self.campaign.id == campaign.id:
            self._say(self.tr("Sending paused: %1 Press Resume when the cause is fixed.").replace("%1", final.reason),
                      error=True)

    def _after_dispatch(self, campaign: Campaign) -> None:
        self.reload()
        if self.campaign is not None and self.campaign.id == campaign.id:
            self.show_campaign(self.service.get(campaign.id))

    # -- after a crash -------------------------------------------------------------------------------------------
    def check_interrupted(self) -> None:
        """At start-up: ask the provider about campaigns a crash left mid-send, then offer to resume each."""
        if self.service.needs_reconciliation():
            self._spawn(self._reconcile_all(), "campaigns-reconcile")

    async def _reconcile_all(self) -> None:
        for campaign in self.service.needs_reconciliation():
            self._say(self.tr("Checking the unfinished campaign “%1” with the provider…").replace("%1", campaign.name))
            try:
                report = await self.service.reconcile(campaign)
            except EXPECTED_ERRORS as exc:
                self._say(self.tr("“%1” could not be checked with the provider: %2. Nothing was sent again; it is "
                                  "checked at the next start or when you press Resume.")
                          .replace("%1", campaign.name).replace("%2", str(exc)), error=True)
                continue
            self._say("")
            self.reload()
            self.show_campaign(self.service.get(campaign.id))
            dialog = ReconcileDialog(campaign, report, self)
            self.reconcile_dialog = dialog
            answered: asyncio.Future[int] = asyncio.get_running_loop().create_future()
            dialog.finished.connect(lambda code, f=answered: f.done() or f.set_result(code))
            dialog.open()
            code = await answered
            dialog.deleteLater()
            self.reconcile_dialog = None
            if code == ReconcileDialog.DialogCode.Accepted:
                self.resume(campaign)

    # -- tasks ----------------------------------------------------------------------------------------------------
    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self.session.services.tasks.spawn(self._guarded(work), name=name)

    async def _guarded(self, work: Coroutine[Any, Any, None]) -> None:
        """Run one job: the engine's refusals and the provider's errors are shown in words."""
        try:
            await work
        except EXPECTED_ERRORS as exc:
            self._say(str(exc), error=True)
        except Exception:
            self._say(self.tr("Something went wrong and this step was not finished. Nothing more was sent; the "
                              "details are in the log (View › Log)."), error=True)
            raise  # the task owner logs it with the traceback

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.form.reload_lists()
        self.reload()
        self._show_page()
