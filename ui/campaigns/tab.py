"""Campaigns tab: the campaigns so far, the form for a new one, the checks before launch, and dispatch.

The engine (``session.campaigns``, shared with the Monitor) journals, sends, pauses and reconciles; this tab lists
campaigns, edits drafts, runs the preflight and the launch, shows dispatch progress, and at start-up reconciles
campaigns a crash left mid-send. It follows saved and deleted contact lists from the session."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop.campaigns import lease
from desktop.campaigns.dispatcher import DispatchProgress, progress_of
from desktop.campaigns.model import Campaign, CampaignState, RedialRule
from desktop.campaigns.preflight import Preflight
from desktop.campaigns.reconcile import ReconcileReport
from desktop.campaigns.repository import Counts
from desktop.campaigns.requests import RequestFollower, ask_to_resume, cancel_anywhere, pause_anywhere
from desktop.changes import ChangeSet
from ui import formats
from ui.campaigns.dispatch_panel import DispatchPanel
from ui.campaigns.field_mapping_dialog import FieldMappingDialog
from ui.campaigns.form import CampaignForm
from ui.campaigns.list_model import CampaignListModel, CampaignTable
from ui.campaigns.preflight_dialog import PreflightDialog, ReconcileDialog, launch_question
from ui.campaigns.redial_dialog import RedialDialog
from ui.campaigns.runner import request_sent_text
from ui.jobs import ERRORS, Job
from ui.providers import account_label, provider_name
from ui.session import Session
from ui.tab import Tab
from ui.text import arg
from ui.widgets.empty_state import EmptyState
from ui.widgets.message_bar import MessageBar
from ui.widgets.vertical_scroll import VerticalScrollArea

#: Tables whose changes (by campaign id) alter what the list and the campaign shown say.
CAMPAIGN_TABLES = ("campaigns", "calls", "dispatch_batches", "campaign_leases")
#: What the campaigns list shows comes from these alone: another desk's calls and groups of calls leave it as it is.
LIST_TABLES = ("campaigns", "campaign_leases")


class CampaignsTab(Tab, QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup_tab(session)
        self.message = MessageBar("campaignMessage")
        self.setObjectName("campaignsTab")
        self.service = session.campaigns
        self.campaign: Campaign | None = None  # the one shown; None while a new one is being set up
        self._progress: dict[int, DispatchProgress] = {}  # the last report of each campaign dispatched here
        self.preflight_dialog: PreflightDialog | None = None
        self.mapping_dialog: FieldMappingDialog | None = None
        self._checking = False  # a preflight is running: its dialog opens when it ends
        self.reconcile_dialog: ReconcileDialog | None = None
        self.redial_dialog: RedialDialog | None = None
        self._asked: tuple[int, CampaignState] | None = None  # a request left for another desk, and the state then
        self._counts: tuple[int, Counts] | None = None  # the shown campaign's counts as last read
        self._count_wanted: int | None = None  # the campaign whose counts are to be read (again) off the loop
        self._counting = False
        self._listing = False  # the campaigns list is being read off the loop
        self._list_wanted = False  # asked again meanwhile: one more read follows
        self.requests = RequestFollower(self.service, self.resume)  # what other desks ask of the campaigns run here

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
        self.no_campaigns.actionTriggered.connect(lambda: self.new_campaign())
        self.addWidget(self.empty)
        self.addWidget(self.no_campaigns)
        self.work = self._build_work_page()
        self.addWidget(self.work)

        session.accountsChanged.connect(self.form.reload_accounts)
        session.listSaved.connect(self.refresh_lists)
        session.listDeleted.connect(self._list_deleted)
        session.newCampaignRequested.connect(self.new_campaign)
        session.live.changed.connect(self._changed_elsewhere)
        self.reload()
        self._show_page()

    # -- layout ----------------------------------------------------------------------------------------------
    def _build_work_page(self) -> QWidget:
        self.new_button = QPushButton(self.tr("&New campaign…"))
        self.new_button.setObjectName("newCampaignButton")
        self.new_button.clicked.connect(lambda: self.new_campaign())
        self.model = CampaignListModel(self.session, self)
        self.table = CampaignTable(self.model)
        self.table.setObjectName("campaignTable")
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)
        left_layout.addWidget(self.table, 1)

        self.form = CampaignForm(self.session)
        self.form.changed.connect(self._form_changed)
        scroll = VerticalScrollArea(self.form)
        scroll.setObjectName("campaignFormScroll")
        self.panel = DispatchPanel()
        self.panel.pause_button.clicked.connect(self.pause)
        self.panel.resume_button.clicked.connect(self.resume)
        self.panel.cancel_button.clicked.connect(self.cancel)
        self.panel.mark_not_sent_button.clicked.connect(lambda: self.mark_not_sent())
        self.panel.leave_button.clicked.connect(self.leave_awaiting)
        self.panel.monitor_button.clicked.connect(lambda: self.session.showTab.emit("monitorTab"))
        self.mapping_button = QPushButton(self.tr("Field &mapping…"))
        self.mapping_button.setObjectName("campaignMappingButton")
        self.mapping_button.clicked.connect(lambda: self.edit_mapping())
        self.save_button = QPushButton(self.tr("&Save draft"))
        self.save_button.setObjectName("saveDraftButton")
        self.save_button.clicked.connect(self.save_draft)
        self.launch_button = QPushButton(self.tr("Check and &launch…"))
        self.launch_button.setObjectName("checkLaunchButton")
        self.launch_button.setDefault(True)
        self.launch_button.clicked.connect(self.check_and_launch)
        self.call_again_button = QPushButton(self.tr("Call a&gain…"))
        self.call_again_button.setObjectName("callAgainButton")
        self.call_again_button.setToolTip(self.tr("Make the next round: call again, from the same list, the people "
                                                  "who did not answer"))
        self.call_again_button.clicked.connect(lambda: self.call_again())
        self.session.roundRequested.connect(self.round_requested)
        actions = QHBoxLayout()
        actions.addWidget(self.mapping_button)
        actions.addStretch(1)
        actions.addWidget(self.call_again_button)
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
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([460, 800])  # the list's five columns fit at 1280 pixels, the form at 1024
        splitter.setChildrenCollapsible(False)
        page = QWidget()
        QVBoxLayout(page).addWidget(splitter)
        return page

    # -- what is shown ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Re-read campaigns (few rows: one query) and keep the shown one selected."""
        self.model.reload()
        self._list_shown()

    def reload_later(self) -> None:
        """Re-read the campaigns off the window's loop, then show them and the campaign on screen as stored (a
        dispatch started or ended). Asked again while a read runs, one more read follows it; a read that began
        before a newer list was shown is dropped."""
        self._list_wanted = True
        if not self._listing:
            self._listing = True
            self.jobs.run("campaigns-list", self._read_list, on_error=self.message.error,
                          on_finished=self._list_read)

    async def _read_list(self, job: Job) -> None:
        while self._list_wanted:
            self._list_wanted = False
            before = self.model.shown
            read = await job.blocking(self.model.read)
            if before == self.model.shown:
                self.model.show(read)
                self._list_shown()
            row = self.model.row_of(self.campaign.id if self.campaign else None)
            if row >= 0 and not self._is_draft(self.model.campaigns[row]):
                self.show_campaign(self.model.campaigns[row], counts_now=False)

    def _list_read(self) -> None:
        self._listing = False

    def _list_shown(self) -> None:
        """The list was read again: the campaign on screen stays selected."""
        row = self.model.row_of(self.campaign.id if self.campaign else None)
        if row >= 0:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        self.table.resizeColumnsToContents()

    def refresh_lists(self, list_id: int | None = None) -> None:
        """A contact list was saved (``Session.listSaved``): offer it, selecting it for a new campaign."""
        self.form.reload_lists(list_id if self.campaign is None else None)
        self.model.reload()
        self._show_page()

    def _list_deleted(self, _list_id: int) -> None:
        self.refresh_lists()

    def _changed_elsewhere(self, changes: ChangeSet) -> None:
        """Another desk saved a list, or launched, paused or sent a campaign: list what the store holds now, and
        the campaign shown as it is now (a draft launched elsewhere can no longer be edited here)."""
        try:
            self._follow_changes(changes)
        except ERRORS as exc:  # the database could not be read just now: said here, read again at the next change
            self.message.error(str(exc))

    def _follow_changes(self, changes: ChangeSet) -> None:
        if changes.touches("campaign_leases"):
            self.requests.look(cid for cid in self.service.leases.held_here()
                               if changes.touches_row("campaign_leases", cid))
        if changes.touches("contact_lists"):
            self.refresh_lists()
        if changes.touches(*LIST_TABLES):
            self.reload()
            self._show_page()
        shown = self.campaign
        if shown is None or shown.id is None or not any(changes.touches_row(t, shown.id) for t in CAMPAIGN_TABLES):
            return
        if not self.service.is_dispatching(shown):  # sent from elsewhere: the store has the progress
            self._progress.pop(shown.id, None)
        try:
            now = self.service.get(shown.id)
        except ERRORS:  # deleted elsewhere
            return
        self._answered(now)
        if now.state is not shown.state:
            self.show_campaign(now, counts_now=False)
        else:
            self.campaign = now
            self._update_actions(counts_now=False)

    def _show_page(self) -> None:
        if self.model.campaigns or self.currentWidget() is self.work and self.form.list_id() is not None:
            self.setCurrentWidget(self.work)
        elif self.form.list_id() is None:
            self.setCurrentWidget(self.empty)
        else:
            self.setCurrentWidget(self.no_campaigns)

    def new_campaign(self, list_id: int | None = None) -> None:
        """A new campaign in the form: the active account, and ``list_id`` (else the newest list)."""
        self.campaign = None
        self.table.clearSelection()
        self.form.reload_lists()
        self.form.reset(self.session.active_account, list_id)
        self.setCurrentWidget(self.work)
        self.message.clear()
        self._update_actions()

    def show_campaign(self, campaign: Campaign, *, counts_now: bool = True) -> None:
        """Show ``campaign``; ``counts_now=False`` (a change from elsewhere) reads its counts off the window's loop."""
        self.campaign = campaign
        self.form.show_campaign(campaign.name, campaign.account_id, campaign.list_id, campaign.settings,
                                read_only=not self._is_draft(campaign))
        row = self.model.row_of(campaign.id)
        if row >= 0 and self.table.currentIndex().row() != row:
            self.table.selectionModel().blockSignals(True)
            self.table.selectRow(row)
            self.table.selectionModel().blockSignals(False)
        self.setCurrentWidget(self.work)
        self.message.clear()
        self._update_actions(counts_now=counts_now)

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

    def _update_actions(self, *, counts_now: bool = True) -> None:
        """Show the buttons for the campaign on screen; Save and Launch are enabled from the form's state alone,
        with a tooltip saying what is missing. ``counts_now=False``: the progress panel shows the state now with the
        counts last read, and reads them afresh off the window's loop."""
        campaign = self.campaign
        draft = self._is_draft(campaign)
        self.save_button.setVisible(draft)
        self.launch_button.setVisible(draft)
        self.mapping_button.setVisible(draft)
        unmappable = self.form.current_account() is None or self.form.list_id() is None
        self.mapping_button.setEnabled(not unmappable)
        self.mapping_button.setToolTip(self.tr("Choose a contact list first.") if unmappable else self.tr(
            "Choose the column of the campaign's list for each value its script speaks"))
        missing = self.tr("Checking the campaign…") if self._checking else "\n".join(self.form.problems())
        for button in (self.save_button, self.launch_button):
            button.setEnabled(not missing)
            button.setToolTip(missing)
        self.call_again_button.setVisible(not draft)
        self.panel.setVisible(not draft)
        if campaign is None or draft:
            return
        progress = self._progress.get(campaign.id)
        if progress is None:
            last = self._counts if self._counts is not None and self._counts[0] == campaign.id else None
            if counts_now or last is None:
                last = (campaign.id, self.service.counts(campaign))
                self._counts = last
            else:
                self._count_later(campaign.id)
            progress = progress_of(campaign, last[1], 0, campaign.state)
        self.panel.show_progress(progress, self.service.is_dispatching(campaign), self.model.runner(campaign.id))

    def _count_later(self, campaign_id: int) -> None:
        """Read the shown campaign's counts in a worker thread; asked again while a read runs, one more read follows
        it (a burst of changes is one read, not one each)."""
        self._count_wanted = campaign_id
        if not self._counting:
            self._counting = True
            self._spawn(lambda _job: self._read_counts(), "campaigns-counts")

    async def _read_counts(self) -> None:
        try:
            while (campaign_id := self._count_wanted) is not None:
                self._count_wanted = None
                shown = self.campaign
                if shown is None or shown.id != campaign_id:
                    continue
                counts = await asyncio.to_thread(self.service.counts, shown)
                shown = self.campaign  # as it is now: another campaign chosen meanwhile drops this answer
                if shown is None or shown.id != campaign_id or self._is_draft(shown) or campaign_id in self._progress:
                    continue
                self._counts = (campaign_id, counts)
                self.panel.show_progress(progress_of(shown, counts, 0, shown.state),
                                         self.service.is_dispatching(shown), self.model.runner(campaign_id))
        finally:
            self._counting = False

    # -- saving and launching ----------------------------------------------------------------------------------
    def save_draft(self) -> Campaign | None:
        """Create the campaign, or update the draft shown; returns it, or None (with the reason shown)."""
        problems = self.form.problems()
        if problems:
            self.message.error(problems[0])
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
        except ERRORS as exc:
            self.message.error(str(exc))
            return None
        self.campaign = campaign
        self.reload()
        self._show_page()
        self.message.info(arg(self.tr("Saved the draft “%1”. Nothing has been sent."), campaign.name))
        self._update_actions()
        return campaign

    def check_and_launch(self) -> None:
        """Save, run the preflight in an owned task, then show the checklist (nothing is sent yet)."""
        campaign = self.save_draft()
        if campaign is None:
            return
        self.message.info(arg(self.tr("Checking “%1” with %2…"),
                              campaign.name, self.form.current_account().provider_name))
        self._checking = True
        self._update_actions()
        self.jobs.run("campaigns-preflight", lambda _job: self._run_preflight(campaign),
                      on_error=self.message.error, on_finished=self._check_ended)

    def _check_ended(self) -> None:
        """Whatever the preflight's end (dialog shown, error, cancelled), the buttons follow the form again."""
        self._checking = False
        self._update_actions()

    async def _run_preflight(self, campaign: Campaign) -> None:
        check = await self.service.preflight(campaign)
        account = self.session.services.accounts.get(campaign.account_id)
        question = launch_question(account_label(account) if account else provider_name(campaign.provider), check)
        self.message.clear()
        dialog = PreflightDialog(campaign, check, question, self)
        dialog.accepted.connect(lambda: self.launch(campaign, check))
        dialog.finished.connect(lambda code: self._preflight_closed(dialog, code))
        self.preflight_dialog = dialog
        dialog.open()

    def _preflight_closed(self, dialog: PreflightDialog, code: int) -> None:
        if self.preflight_dialog is dialog:
            self.preflight_dialog = None
        dialog.deleteLater()
        if code == PreflightDialog.FIX_MAPPING:
            self.edit_mapping(check_again=True)

    def edit_mapping(self, check_again: bool = False) -> FieldMappingDialog | None:
        """The field mapping of the campaign in the form: its account's script and its list (not the status bar's
        account); ``check_again`` runs the checks again once it is saved."""
        account, list_id = self.form.current_account(), self.form.list_id()
        if account is None or list_id is None:
            return None
        dialog = FieldMappingDialog(self.session, account, list_id, self.form.settings(), self)
        dialog.accepted.connect(lambda: self._mapping_saved(check_again))
        dialog.finished.connect(lambda _code: self._mapping_closed(dialog))
        self.mapping_dialog = dialog
        dialog.open()
        return dialog

    def _mapping_saved(self, check_again: bool) -> None:
        self.message.info(self.tr("The field mapping is saved."))
        if check_again:
            self.check_and_launch()

    def _mapping_closed(self, dialog: FieldMappingDialog) -> None:
        if self.mapping_dialog is dialog:
            self.mapping_dialog = None
        dialog.deleteLater()

    def launch(self, campaign: Campaign, check: Preflight) -> None:
        """Send the campaign whose preflight the operator just confirmed (its checks read the store off the loop)."""
        self.preflight_dialog = None
        self._spawn(lambda _job: self._launch(campaign, check), f"campaigns-launch:{campaign.id}")

    async def _launch(self, campaign: Campaign, check: Preflight) -> None:
        self._watch(campaign, await self.service.launch_off_loop(campaign, check, self._on_progress))

    # -- the next round ----------------------------------------------------------------------------------------
    def call_again(self, campaign: Campaign | None = None, bar: MessageBar | None = None) -> None:
        """Ask who the next round of ``campaign`` (default: the one shown) calls (its rounds are read off the loop
        first); accepting makes the round, checks and launches it, or leaves the rule to make it when the campaign
        finishes. ``bar`` (default: this tab's) says what came of it."""
        campaign = campaign or self.campaign
        bar = bar or self.message
        if campaign is not None and not self._is_draft(campaign):
            self.jobs.run("campaigns-redial", lambda job: self._ask_round(job, campaign, bar), on_error=bar.error)

    def round_requested(self, campaign_id: int, bar: MessageBar) -> None:
        """"Call again…" pressed in another tab: ask as this tab's button does; ``bar`` says what came of it."""
        try:
            campaign = self.service.get(campaign_id)
        except ERRORS as exc:
            bar.error(str(exc))
            return
        self.call_again(campaign, bar)

    async def _ask_round(self, job: Job, campaign: Campaign, bar: MessageBar) -> None:
        history = await job.blocking(lambda: self.service.round_history(campaign))
        dialog = RedialDialog(campaign, history, lambda delay: self.service.round_start(campaign, delay), self)
        dialog.accepted.connect(lambda: self._make_round(campaign, dialog.rule(), dialog.repeat.isChecked(),
                                                         dialog.when_finished.isChecked(), bar))
        dialog.finished.connect(dialog.deleteLater)
        self.redial_dialog = dialog
        dialog.open()

    def _make_round(self, campaign: Campaign, rule: RedialRule | None, repeat: bool, later: bool,
                    bar: MessageBar) -> None:
        """Make the round the operator confirmed (carrying the rule on when ``repeat``), then check it: launched at
        once when nothing blocks (the dialog's numbers were the confirmation), else the checklist says what to fix.
        ``later``: make no round now; the rule makes it when ``campaign`` finishes."""
        self.redial_dialog = None
        if rule is None:
            return
        if later:
            self.service.set_redial_rule(campaign, rule)
            bar.info(arg(self.tr("When “%1” finishes, the people to call again are called by themselves "
                                 "(while Autocall Desk is open)."), campaign.name))
            return
        try:
            made = self.service.get(self.service.redial(campaign.id, rule.outcomes, rule.delay_minutes,
                                                        rule.max_attempts))
            if repeat:
                self.service.set_redial_rule(made, rule)
        except ERRORS as exc:
            bar.error(str(exc))
            return
        self.reload()
        if not self._is_draft(self.campaign):  # a form being filled in stays as it is
            self.show_campaign(made)
        bar.info(arg(self.tr("Made “%1”. Checking it before calling…"), made.name))
        self._spawn(lambda _job: self._launch_round(made, bar), "campaigns-preflight")
        self._update_actions()

    async def _launch_round(self, campaign: Campaign, bar: MessageBar) -> None:
        try:
            check = await self.service.preflight(campaign)
        finally:
            self._update_actions()
        bar.clear()
        if check.can_launch:
            self.launch(campaign, check)
            return
        dialog = PreflightDialog(campaign, check, "", self)
        dialog.finished.connect(dialog.deleteLater)
        self.preflight_dialog = dialog
        dialog.open()

    def pause(self) -> None:
        """Pause after the group of calls being sent, here or on the desk or server sending the campaign (asked)."""
        campaign = self.campaign
        if campaign is None:
            return
        try:
            held = pause_anywhere(self.service, campaign)
        except ERRORS as exc:  # the database could not be written, say
            self.message.error(str(exc))
            return
        self.panel.pause_button.setEnabled(False)
        self.panel.status.setText(self.tr("Pausing after the group of calls being sent…"))
        if held is not None:
            self._asked_of(campaign, held, "pause")
        elif not self.service.is_dispatching(campaign):  # nobody was sending it: stored paused here
            self._after_dispatch(campaign)

    def resume(self, campaign: Campaign | None = None) -> None:
        """Continue a paused or interrupted dispatch; the engine reconciles unfinished batches first."""
        campaign = campaign or self.campaign
        if campaign is None:
            return
        try:
            task = self.service.resume(self.service.get(campaign.id), self._on_progress)
        except lease.LeaseHeld as exc:  # another desk or the server follows it: asked to send it, when paused
            self._ask_to_resume(campaign, exc)
            return
        except ERRORS as exc:  # AlreadyRunning among them: it is already being sent
            self.message.error(str(exc))
            return
        self._progress.pop(campaign.id, None)
        self._watch(campaign, task)

    def cancel(self) -> None:
        campaign = self.campaign
        if campaign is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Cancel sending?"),
            arg(self.tr("Stop sending “%1”? Contacts not sent yet will not be called and are marked with the reason. "
                        "Calls already sent cannot be recalled: the provider still places them, and their results "
                        "still arrive in the Monitor tab."), campaign.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            held = cancel_anywhere(self.service, campaign)
        except ERRORS as exc:  # LeaseHeld: another desk took it just now
            self.message.error(str(exc))
            return
        if held is not None:
            self._asked_of(campaign, held, "cancel")
        elif not self.service.is_dispatching(campaign):  # nothing running: the engine cancelled it at once
            self._progress.pop(campaign.id, None)
            self._after_dispatch(campaign)

    def _asked_of(self, campaign: Campaign, held: lease.LeaseHolder, what: str) -> None:
        """Say that the desk or server running ``campaign`` was asked to pause, cancel or resume it, until it has."""
        self._asked = (campaign.id or 0, campaign.state)
        self.message.info(request_sent_text(what, held))

    def _ask_to_resume(self, campaign: Campaign, refused: lease.LeaseHeld) -> None:
        """Resume was refused because another process holds the campaign: a paused one is asked of it."""
        stored = self.service.get(campaign.id)
        held = ask_to_resume(self.service, stored) if stored.state is CampaignState.PAUSED else None
        if held is None:
            self.message.error(str(refused))
        else:
            self._asked_of(stored, held, "resume")

    def _answered(self, now: Campaign) -> None:
        """The request :meth:`_asked_of` said is done (the campaign's state changed, or the runner took it off its
        lease): the sentence goes."""
        if self._asked is None or self._asked[0] != now.id:
            return
        runner = self.model.runner(now.id)
        if now.state is not self._asked[1] or runner is None or runner.request is None:
            self._asked = None
            self.message.clear()

    def mark_not_sent(self, campaign: Campaign | None = None) -> None:
        """The operator checked the provider's console: the contacts awaiting confirmation go back to the ones to
        send, sent on Resume with the same keys. Asked first, since any the provider did receive are called twice."""
        campaign = campaign or self.campaign
        if campaign is None:
            return
        count = self.service.awaiting(campaign)
        answer = QMessageBox.question(
            self, self.tr("Mark as not sent?"),
            arg(self.tr("Mark the %1 contact(s) of “%2” that await confirmation as not sent? Do this only if the "
                        "provider's console shows it never received them: they are sent again when you press Resume, "
                        "and if the provider did receive them, they will be called twice."),
                formats.number(count), campaign.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            changed = self.service.mark_not_sent(campaign, "checked in the provider's console")
        except ERRORS as exc:
            self.message.error(str(exc))
            return
        self._progress.pop(campaign.id, None)
        self._after_dispatch(campaign)
        self.message.info(arg(self.tr("%1 contact(s) marked as not sent: press Resume to send them."),
                              formats.number(changed)))

    def leave_awaiting(self) -> None:
        """Keep waiting: noted in the journal, then the provider is asked again now and by itself later."""
        campaign = self.campaign
        if campaign is None:
            return
        try:
            self.service.leave_awaiting(campaign, "keep waiting for the provider's records")
        except ERRORS as exc:
            self.message.error(str(exc))
            return
        self._spawn(lambda _job: self._reconcile(self.service.get(campaign.id)), f"campaigns-check:{campaign.id}")

    def _on_progress(self, progress: DispatchProgress) -> None:
        """The dispatcher's report (on the loop): shown when its campaign is the one on screen."""
        self._progress[progress.campaign_id] = progress
        self.model.follow(progress)  # the list and the panel follow the same report
        if self.campaign is not None and self.campaign.id == progress.campaign_id:
            self.panel.setVisible(True)
            # "Running" until the dispatch task has really ended: a paused report arrives while it unwinds,
            # and offering Resume before that would be refused ("already being sent").
            self.panel.show_progress(progress, self.service.is_dispatching(self.campaign))
        self.session.dispatchProgressed.emit(progress)  # the Monitor re-reads the rows sent since

    def _watch(self, campaign: Campaign, task: asyncio.Task[DispatchProgress]) -> None:
        """Follow a dispatch just started (launch or resume); the Monitor tab is told so it watches the calls."""
        self.session.campaignLaunched.emit(campaign.id)
        shown = self.campaign
        if shown is not None and shown.id == campaign.id:  # shown as sent at once; the list read follows
            launched = self._is_draft(shown)  # a launch stored it as being sent before it returned
            self.show_campaign(dataclasses.replace(shown, state=CampaignState.DISPATCHING) if launched else shown,
                               counts_now=False)
        self.reload_later()
        self._spawn(lambda _job: self._await_dispatch(campaign, task), f"campaigns-watch:{campaign.id}")

    async def _await_dispatch(self, campaign: Campaign, task: asyncio.Task[DispatchProgress]) -> None:
        try:
            final = await asyncio.shield(task)
        finally:
            self.reload_later()  # the list and the campaign on screen as the dispatch left them
        if final.reason and final.state is CampaignState.PAUSED and self.campaign and self.campaign.id == campaign.id:
            self.message.error(arg(self.tr("Sending paused: %1 Press Resume when the cause is fixed."), final.reason))

    def _after_dispatch(self, campaign: Campaign) -> None:
        self.reload()
        if self.campaign is not None and self.campaign.id == campaign.id:
            self.show_campaign(self.service.get(campaign.id))

    # -- after a crash -------------------------------------------------------------------------------------------
    def check_interrupted(self) -> None:
        """At start-up: ask the provider about campaigns a crash left mid-send, then offer to resume each; those a
        process of this computer that died moments ago still holds are checked once its lease has expired."""
        if self.service.needs_reconciliation():
            self._spawn(lambda _job: self._reconcile_all(), "campaigns-reconcile")
        if self.service.held_on_this_computer():
            self._spawn(lambda _job: self._reconcile_when_let_go(), "campaigns-held")

    async def _reconcile_when_let_go(self) -> None:
        """A lease nobody renews expires within LEASE_SECONDS; then its campaign is interrupted like any other."""
        await asyncio.sleep(lease.LEASE_SECONDS + 1.0)
        self.reload()
        if self.service.needs_reconciliation():
            await self._reconcile_all()

    async def _reconcile_all(self) -> None:
        for campaign in self.service.needs_reconciliation():
            await self._reconcile(campaign)

    async def _reconcile(self, campaign: Campaign) -> None:
        """Ask the provider about ``campaign``'s unfinished batches; the operator is asked only when there is
        something to decide: contacts the provider's records cannot confirm *yet* are checked again by themselves
        at the time the report gives, and the question comes then."""
        self.message.info(arg(self.tr("Checking the unfinished campaign “%1” with the provider…"), campaign.name))
        try:
            report = await self.service.reconcile(campaign)
        except ERRORS as exc:
            self.message.error(arg(self.tr("“%1” could not be checked with the provider: %2. Nothing was sent "
                                           "again; it is checked at the next start or when you press Resume."),
                                   campaign.name, exc))
            return
        self.message.clear()
        self.reload()
        self.show_campaign(self.service.get(campaign.id))
        if report.in_doubt and report.retry_at is not None and report.retry_at > time.time():
            self._check_again_at(campaign, report)
            return
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
        elif code == ReconcileDialog.MARK_NOT_SENT:
            self.service.keep_paused(campaign)
            self.mark_not_sent(self.service.get(campaign.id))
        else:  # "Later keeps it paused": stored so, it is not asked again at every start
            self.service.keep_paused(campaign)
            self._after_dispatch(campaign)

    def _check_again_at(self, campaign: Campaign, report: ReconcileReport) -> None:
        """Say what waits on the provider's records, and check again by itself when they can tell."""
        at = report.retry_at or 0.0
        when = formats.time(at)
        self.message.info(arg(self.tr("“%1”: %2 contact(s) cannot be confirmed by the provider yet and are not "
                                      "sent again. They are checked again by themselves at %3."),
                              campaign.name, formats.number(report.in_doubt), when))
        # Named by its time: a re-check that is again told to wait starts the next one without cancelling itself.
        self._spawn(lambda _job: self._recheck(campaign, at), f"campaigns-recheck:{campaign.id}:{at}")

    async def _recheck(self, campaign: Campaign, at: float) -> None:
        while (left := at - time.time()) > 0:  # not a moment early: the loop's timers may fire a little before
            await asyncio.sleep(left)
        if self.service.is_dispatching(campaign):  # resumed meanwhile: resuming checks with the provider first
            return
        if any(c.id == campaign.id for c in self.service.needs_reconciliation()):
            await self._reconcile(self.service.get(campaign.id))

    # -- tasks ----------------------------------------------------------------------------------------------------
    def _spawn(self, work: Callable[[Job], Coroutine[Any, Any, None]], name: str) -> None:
        self.jobs.run(name, work, on_error=self.message.error)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.form.reload_lists()
        self.reload()
        self._show_page()
