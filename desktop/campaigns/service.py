"""CampaignService: the one object the campaign forms, the preflight dialog, the Monitor tab and the headless CLI
use. Everything is async on the app's loop; long work runs as owned tasks (TaskOwner) named ``dispatch:<id>`` and
``poll:<id>``, so starting a poller for a campaign replaces the one before, and closing the app cancels them.
Sending, polling, reconciling and deciding about a campaign happen only under its lease (desktop/campaigns/lease.py),
so one process runs a campaign whoever starts it; another gets :class:`LeaseHeld` naming the computer that runs it.

Typical UI flow::

    campaign = service.create("Nhắc nợ T6", account, list_id, VBotCampaignSettings(template_code=..., ...))
    check = await service.preflight(campaign)            # show check.items and check.summary(); ask to confirm
    task = service.launch(campaign, check, on_progress)  # only with the confirmed preflight
    service.start_monitoring(campaign, on_update)        # PollUpdate per poll until every contact is final

At start-up: ``for c in service.needs_reconciliation(): report = await service.reconcile(c)`` → show
``report.describe()`` → ``service.resume(c, on_progress)`` if the operator agrees.
"""

from __future__ import annotations

import asyncio
import dataclasses
import getpass
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, AsyncIterator, TypeVar

from desktop.accounts.repository import Account
from desktop.accounts.service import AccountService
from desktop.campaigns.dispatcher import DispatchControl, Dispatcher, DispatchProgress, DispatchProgressCallback
from desktop.campaigns.export import Format, export_results
from desktop.campaigns.journal import CANCELLED_REASON
from desktop.campaigns.lease import LeaseHeld, LeaseHolder, Leases, this_process
from desktop.campaigns.model import Campaign, CampaignState, Dispatch, RedialRule
from desktop.campaigns.plan import batch_size
from desktop.campaigns.poller import Poller, PollUpdate, UpdateCallback
from desktop.campaigns.preflight import Preflight, run_preflight
from desktop.campaigns.reconcile import Reconciler, ReconcileReport
from desktop.campaigns.repository import CallPerson, CallUpdate, CampaignRepository, Counts, RecordedCall
from desktop.campaigns.rounds import (
    ContactRounds,
    NobodyToCall,
    RoundChoice,
    RoundsAround,
    choose,
    create_round,
    family_history,
    next_round_id,
    rounds_around,
    set_rule,
)
from desktop.contacts.repository import ContactRepository
from desktop.errors import AutocallError
from desktop.i18n import _, number
from desktop.progress import CancelToken, ProgressCallback
from desktop.providers import spec
from desktop.providers.base import CampaignOptions, ProviderClient, TaskControl, TaskState, TemplateField, new_key
from desktop.providers.errors import UnsupportedError
from desktop.settings import EngineSettings, Preferences, notify_url
from desktop.store import Store
from desktop.tasks import AlreadyRunning, TaskOwner

log = logging.getLogger(__name__)

T = TypeVar("T")
#: Call rows a launch writes a transaction: the window's reads of the store wait for one (~10 ms of a 2-core machine).
LAUNCH_ROWS_PER_TRANSACTION = 250
#: Seconds at least between a launch's reports of call rows written: the window reads the store on each.
LAUNCH_REPORT_SECONDS = 0.25


class LaunchRefused(AutocallError):
    """launch/resume was asked for something the engine will not do; the message says why."""


class CampaignService:
    def __init__(self, store: Store, accounts: AccountService, tasks: TaskOwner,
                 client_factory: Callable[[Account], ProviderClient] | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.accounts = accounts
        self.tasks = tasks
        self.repository = CampaignRepository(store)
        self.contacts = ContactRepository(store)
        self.preferences = Preferences(store)
        self._client_factory = client_factory or accounts.client_for
        self._controls: dict[int, DispatchControl] = {}
        self._writing: dict[int, asyncio.Event] = {}  # campaign id -> set once its dispatch wrote its call rows
        self._task_locks: dict[int, asyncio.Lock] = {}  # campaign id -> one provider-task operation at a time
        self._clock = clock  # wall clock of VBot's settle window (tests move it)
        self._rule_hooks: tuple[Callable[[int], None], DispatchProgressCallback | None] | None = None
        self.leases = Leases(store)

    # -- campaigns ----------------------------------------------------------------------------------------
    def create(self, name: str, account: Account, list_id: int, settings: CampaignOptions) -> Campaign:
        if settings.provider != account.provider:
            raise ValueError(f"{type(settings).__name__} is for {settings.provider}, the account is {account.provider}")
        return self.repository.create(name, account.id, list_id, settings)

    def update_draft(self, campaign: Campaign, name: str, settings: CampaignOptions) -> None:
        """A draft's name and settings change until it is launched; its account and list never do."""
        if campaign.state is not CampaignState.DRAFT:
            raise LaunchRefused(_("A campaign's settings can only change before it is launched."))
        self.repository.save_draft(campaign, name, settings)

    def get(self, campaign_id: int) -> Campaign:
        return self.repository.get(campaign_id)

    def list(self) -> list[Campaign]:
        return self.repository.list()

    def engine_settings(self) -> EngineSettings:
        return EngineSettings.read(self.preferences)

    async def template_fields(self, account: Account, options: CampaignOptions) -> list[TemplateField]:
        """The fields the campaign's script speaks (what its field mapping maps): known from its options, else
        asked of the account's provider."""
        known = options.static_fields()
        if known is not None or not options.script_code:
            return known or []
        async with self._client_factory(account) as client:
            return await client.get_custom_fields(options.script_code)

    # -- preflight and launch -----------------------------------------------------------------------------
    async def preflight(self, campaign: Campaign) -> Preflight:
        async with self._client(campaign) as client:
            size = batch_size(campaign.settings, self.engine_settings(), client.max_batch_size)
            return await run_preflight(campaign, client, self.repository, self.contacts, size)

    def launch(self, campaign: Campaign, confirmed: Preflight,
               on_progress: DispatchProgressCallback | None = None) -> asyncio.Task[DispatchProgress]:
        """Start dispatch of a draft campaign whose preflight the operator confirmed. Refused when the preflight
        is for another campaign, has a blocking item, or its numbers no longer match the list and the do-not-call
        list as they are now. The campaign is stored as being sent before this returns; the task writes its call rows
        off the loop first (:meth:`call_rows_written`)."""
        with self.leases.taken(campaign.id):  # another process launching or sending it is refused here, named
            self._launchable(campaign, confirmed)
            return self._spawn_dispatch(campaign, on_progress, reconcile_first=False)

    async def launch_off_loop(self, campaign: Campaign, confirmed: Preflight,
                              on_progress: DispatchProgressCallback | None = None) -> asyncio.Task[DispatchProgress]:
        """:meth:`launch` with its checks against the store (the list counted again) on a worker thread, so the
        window's loop draws on meanwhile."""
        with self.leases.taken(campaign.id):
            await asyncio.to_thread(self._launchable, campaign, confirmed)
            return self._spawn_dispatch(campaign, on_progress, reconcile_first=False)

    def _launchable(self, campaign: Campaign, confirmed: Preflight) -> None:
        """Refuse a launch (:class:`LaunchRefused`) unless the campaign is a draft whose confirmed preflight still
        matches the list and the do-not-call list; then save the field mapping it confirmed (under the lease)."""
        state = self.get(campaign.id).state  # as stored: it may have been launched meanwhile, here or elsewhere
        if state is not CampaignState.DRAFT:
            raise LaunchRefused(_("The campaign is {state}, not a draft: resume it instead.").format(
                state=state.label))
        if confirmed.campaign_id != campaign.id or not confirmed.can_launch:
            raise LaunchRefused(_("This campaign has not passed its check before launch: check it again and "
                                  "confirm."))
        to_send = self.repository.list_counts(campaign).to_send(campaign.settings.skip_called_before)
        if to_send != confirmed.counts.to_send:
            raise LaunchRefused(_("The numbers changed since the check ({confirmed} confirmed, {now} now): "
                                  "check the campaign again.").format(
                                    confirmed=number(confirmed.counts.to_send), now=number(to_send)))
        settings = dataclasses.replace(campaign.settings, field_map=dict(confirmed.field_map))
        self.repository.save_settings(campaign, settings)

    def resume(self, campaign: Campaign, on_progress: DispatchProgressCallback | None = None
               ) -> asyncio.Task[DispatchProgress]:
        """Continue a paused or interrupted dispatch: unsettled batches are reconciled first, then what is left
        (including contacts proven never received, with their original keys) is sent."""
        if campaign.state in (CampaignState.DRAFT, CampaignState.CANCELLED, CampaignState.FINISHED):
            raise LaunchRefused(_("A campaign that is {state} cannot be resumed.").format(state=campaign.state.label))
        return self._spawn_dispatch(campaign, on_progress, reconcile_first=True)

    def _spawn_dispatch(self, campaign: Campaign, on_progress: DispatchProgressCallback | None,
                        reconcile_first: bool) -> asyncio.Task[DispatchProgress]:
        """Send under the campaign's lease, taken here (LeaseHeld when another process runs it), kept while the
        task runs and checked before each batch; a dispatch taking over a dead holder's reconciles first."""
        if self.is_dispatching(campaign):
            raise AlreadyRunning(f"dispatch:{campaign.id}")
        use = self.leases.take(campaign.id)
        control = DispatchControl(guard=lambda: self.leases.check(campaign.id))

        async def run() -> DispatchProgress:
            try:
                async with self.leases.kept(campaign.id), self._client(campaign) as client:
                    await self._write_call_rows(campaign, on_progress)
                    engine = self.engine_settings()
                    if reconcile_first:
                        report = await Reconciler(self.repository, client, engine, self._clock).reconcile(campaign)
                        log.info("campaign %s before resuming: %s", campaign.id, report.describe())
                    dispatcher = Dispatcher(self.repository, campaign, client, engine, control, on_progress,
                                            clock=self._clock)
                    return await dispatcher.run()
            finally:
                forget()

        def forget(_task: asyncio.Task[DispatchProgress] | None = None) -> None:
            if self._controls.get(campaign.id) is control:
                del self._controls[campaign.id]
                self._rows_written(campaign)
            use.give_back()

        # Stored before the task runs, so no reader (a tab, the CLI) sees a launched campaign as a draft; if the app
        # dies before the first batch (even while the call rows are written), needs_reconciliation() offers it like
        # any interrupted dispatch, and resuming completes the rows first.
        try:
            self.repository.set_state(campaign, CampaignState.DISPATCHING)
        except BaseException:
            use.give_back()
            raise
        self._controls[campaign.id] = control
        self._writing[campaign.id] = asyncio.Event()
        return self._spawn_leased(run(), f"dispatch:{campaign.id}", forget, replace=False)

    async def _write_call_rows(self, campaign: Campaign, on_progress: DispatchProgressCallback | None) -> None:
        """Write the call rows the campaign lacks (all of them at launch; none, or what a launch interrupted part-way
        left, at resume) on a worker thread, :data:`LAUNCH_ROWS_PER_TRANSACTION` a transaction (the window's reads of
        the store wait for the one being written), reporting how many are ready at most every
        :data:`LAUNCH_REPORT_SECONDS` while more are to come (each report is read from the store by the window; the
        dispatcher's reports follow); nothing is sent before they all are."""
        loop = asyncio.get_running_loop()
        last_report = 0.0

        def written_so_far(written: int, total: int) -> None:  # on the worker thread
            nonlocal last_report
            if time.monotonic() - last_report >= LAUNCH_REPORT_SECONDS:
                last_report = time.monotonic()
                loop.call_soon_threadsafe(report, written, total)

        def report(written: int, total: int) -> None:
            if on_progress is not None and written < total:
                on_progress(DispatchProgress(campaign.id or 0, total, sent=0, refused=0, not_sent=0, pending=written,
                                             in_flight=0, batches=0, state=CampaignState.DISPATCHING,
                                             prepared=written))

        try:
            await asyncio.to_thread(self.repository.materialise, campaign, written_so_far, LAUNCH_ROWS_PER_TRANSACTION)
        finally:
            self._rows_written(campaign)

    def _rows_written(self, campaign: Campaign) -> None:
        if (writing := self._writing.pop(campaign.id or 0, None)) is not None:
            writing.set()

    async def call_rows_written(self, campaign: Campaign) -> None:
        """Return once a launch or resume of ``campaign`` in this process has written its call rows (at once when
        none is writing them): the Monitor reads the rows after that."""
        if (writing := self._writing.get(campaign.id)) is not None:
            await writing.wait()

    def _spawn_leased(self, work: Coroutine[Any, Any, T], name: str, let_go: Callable[[asyncio.Task[T] | None], None],
                      *, replace: bool = True) -> asyncio.Task[T]:
        """Run ``work`` as an owned task that holds a campaign's lease; ``let_go`` (which ``work`` also calls when it
        ends, and which counts once) gives it back even when the task cannot start or is cancelled before it ran."""
        try:
            task = self.tasks.spawn(work, name=name, replace=replace)
        except BaseException:
            let_go(None)
            raise
        task.add_done_callback(let_go)
        return task

    def pause(self, campaign: Campaign, reason: str | None = None) -> None:
        """Pause dispatch after the batch being sent (the provider keeps dialling what it already has)."""
        reason = reason or _("Paused by the operator.")
        control = self._controls.get(campaign.id)
        if control:
            control.pause(reason)
        elif held := self.leases.elsewhere(campaign.id):
            raise LeaseHeld(held)

    def cancel(self, campaign: Campaign, reason: str | None = None) -> None:
        """Send nothing more; contacts not yet sent are marked not sent with ``reason`` (those a launch stopped
        before it wrote their rows get their rows first, so every contact of the list is in the results). Calls
        already sent still resolve (and are polled)."""
        reason = reason or CANCELLED_REASON
        control = self._controls.get(campaign.id)
        if control:
            control.cancel(reason)
            return
        with self.leases.taken(campaign.id):
            self.repository.materialise(campaign)
            self.repository.journal.cancel_unsent(campaign, reason)
            self.repository.set_state(campaign, CampaignState.CANCELLED)

    def is_dispatching(self, campaign: Campaign) -> bool:
        """Whether this process is sending the campaign (:meth:`runner`: another process)."""
        return campaign.id in self._controls

    def runner(self, campaign: Campaign) -> LeaseHolder | None:
        """The other process (a desk, the server) running the campaign now; None: nobody, or this one."""
        return self.leases.elsewhere(campaign.id)

    def runners(self) -> dict[int, LeaseHolder]:
        """Every campaign another process runs now, by id (the Campaigns list)."""
        return self.leases.all_elsewhere()

    def held_on_this_computer(self) -> list[LeaseHolder]:
        """Leases another process of this computer holds on campaigns being sent: at start-up, most likely a window
        or command that died moments ago, whose campaigns are offered for reconciliation once they expire."""
        here = this_process().host
        sending = {c.id for c in self.repository.list() if c.state is CampaignState.DISPATCHING}
        return [held for cid, held in self.runners().items() if held.host == here and cid in sending]

    async def pause_all(self, reason: str | None = None) -> None:
        """Pause every dispatch after its current batch and wait until each has stopped, so no batch is left in
        flight (closing the app); the campaigns are paused, ready to resume."""
        reason = reason or _("Paused when Autocall Desk was closed.")
        for control in self._controls.values():
            control.pause(reason)
        await self.tasks.wait([f"dispatch:{campaign_id}" for campaign_id in list(self._controls)])

    async def interrupt_all(self, reason: str) -> list[int]:
        """Stop every dispatch after its current batch, as :meth:`pause_all` does, but store each campaign stopped
        for ``reason`` as being sent (interrupted), not paused, so whoever runs campaigns next (the team's server,
        this process restarted) resumes it; one the circuit breaker or the operator paused first stays paused.
        Returns the ids of the campaigns interrupted."""
        controls = dict(self._controls)
        for control in controls.values():
            control.pause(reason)
        await self.tasks.wait([f"dispatch:{campaign_id}" for campaign_id in controls])
        interrupted = [campaign_id for campaign_id, control in controls.items() if control.pause_reason == reason
                       and self.get(campaign_id).state is CampaignState.PAUSED]
        for campaign_id in interrupted:
            self.repository.set_state(self.get(campaign_id), CampaignState.DISPATCHING)
        return interrupted

    # -- the provider's own task (TaskControl providers) ---------------------------------------------------
    def supports_task_control(self, campaign: Campaign) -> bool:
        """Whether the campaign's provider keeps a task that can be started, paused, resumed and stopped."""
        return TaskControl in spec(campaign.provider).capabilities

    def provider_task(self, campaign: Campaign) -> TaskState | None:
        """The provider-side task's state as last stored; None = no provider task (yet)."""
        return self.repository.provider_task(campaign)

    async def refresh_provider_task(self, campaign: Campaign) -> TaskState | None:
        """Ask the provider for its task's state now, and store it (nothing to ask before a batch opened the task)."""
        if not self.supports_task_control(campaign) or not self.repository.journal.task_opened(campaign):
            return self.repository.provider_task(campaign)
        return await self._store_task(campaign, _("reading the state of its calls"),
                                      lambda c: c.task_state(campaign.key))

    async def start_on_provider(self, campaign: Campaign) -> TaskState | None:
        """Start a task the provider holds unstarted (NXCLOUD: created to start manually)."""
        return await self._store_task(campaign, _("starting calls it holds"), lambda c: c.start(campaign.key))

    async def pause_on_provider(self, campaign: Campaign) -> TaskState | None:
        return await self._store_task(campaign, _("pausing its calls"), lambda c: c.pause(campaign.key))

    async def resume_on_provider(self, campaign: Campaign) -> TaskState | None:
        return await self._store_task(campaign, _("resuming its calls"), lambda c: c.resume(campaign.key))

    async def stop_on_provider(self, campaign: Campaign) -> TaskState | None:
        """End the provider's task (NXCLOUD: complete; undialled numbers are not called)."""
        return await self._store_task(campaign, _("stopping its calls"), lambda c: c.stop(campaign.key))

    async def _store_task(self, campaign: Campaign, what: str,
                          operation: Callable[[TaskControl], Awaitable[TaskState | None]]) -> TaskState | None:
        """Run one task operation and store the state it returns. Operations on one campaign's task run one at a
        time, so a read that started before a pause can never store its older answer after the pause's."""
        async with self._task_locks.setdefault(campaign.id, asyncio.Lock()):
            state = await self._task_operation(campaign, what, operation)
            self.repository.set_provider_task(campaign, state)
            return state

    async def _task_operation(self, campaign: Campaign, what: str,
                              operation: Callable[[TaskControl], Awaitable[TaskState | None]]) -> TaskState | None:
        async with self._client(campaign) as client:
            if not isinstance(client, TaskControl):
                raise UnsupportedError.operation(campaign.provider, _("{what} for a running campaign").format(
                    what=what))
            return await operation(client)

    # -- monitoring ---------------------------------------------------------------------------------------
    def start_monitoring(self, campaign: Campaign, on_update: UpdateCallback | None = None
                         ) -> asyncio.Task[PollUpdate]:
        """Poll ``campaign`` until every contact is final; a poller already running for it is replaced. With
        :meth:`follow_rules` on, a campaign that finishes then gets the next round its automatic rule asks for.
        Polling holds the campaign's lease: LeaseHeld when another process runs it."""
        use = self.leases.take(campaign.id)

        async def run() -> PollUpdate:
            try:
                async with self.leases.kept(campaign.id), self._client(campaign) as client:
                    update = await Poller(self.repository, campaign, client, self.engine_settings(), on_update).run()
            finally:
                use.give_back()
            if self._rule_hooks is not None:
                on_made, on_progress = self._rule_hooks
                try:
                    made = await self.follow_rule(self.get(campaign.id), on_progress)
                except AutocallError as exc:  # the finished campaign's results stand; the round waits for a person
                    log.warning("campaign %s: its automatic next round failed: %s", campaign.id, exc)
                    made = None
                if made is not None:
                    on_made(made[0].id or 0)
            return update

        return self._spawn_leased(run(), f"poll:{campaign.id}", lambda _task: use.give_back())

    async def poll_once(self, campaign: Campaign, on_update: UpdateCallback | None = None) -> PollUpdate:
        """One poll now (the Monitor's refresh button; the CLI's status command), under the campaign's lease."""
        async with self.leases.holding(campaign.id), self._client(campaign) as client:
            return await Poller(self.repository, campaign, client, self.engine_settings(), on_update).poll_once()

    def counts(self, campaign: Campaign) -> Counts:
        return self.repository.counts(campaign)

    def rows(self, campaign: Campaign) -> list[CallUpdate]:
        return self.repository.rows(campaign)

    def dispatch_rows(self, campaign: Campaign, since_batch: int) -> tuple[list[CallUpdate], int]:
        """Rows dispatch changed from batch ``since_batch`` on, and where to read from next time (the Monitor
        follows sending with it)."""
        return self.repository.dispatch_rows(campaign, since_batch)

    def changed_rows(self, campaign: Campaign, since: str | None) -> tuple[list[CallUpdate], str]:
        """Rows whose result changed since mark ``since`` (None: only the mark), and the next mark (the Monitor
        follows another desk's changes with it)."""
        return self.repository.changed_rows(campaign, since)

    def people(self, campaign: Campaign) -> list[CallPerson]:
        """Phone and name per row of :meth:`rows` (same order): the Monitor's fixed columns."""
        return self.repository.people(campaign)

    def recorded_calls(self, campaign: Campaign) -> list[RecordedCall]:
        return self.repository.recorded_calls(campaign)

    def call_details(self, call_id: int) -> dict:
        return self.repository.call_details(call_id)

    # -- after a crash ------------------------------------------------------------------------------------
    def needs_reconciliation(self) -> list[Campaign]:
        """Campaigns to offer at start-up: batches whose fate is unknown (in flight when the app stopped, or failed
        ambiguously), or a dispatch that was running when the app stopped between two batches; not those another
        process runs now (their batches in flight are live requests)."""
        unsettled = {c.id: c for c in self.repository.with_unsettled_batches()}
        for campaign in self.repository.list():
            if campaign.state is CampaignState.DISPATCHING and campaign.id not in self._controls:
                unsettled.setdefault(campaign.id, campaign)
        elsewhere = self.runners()
        return [c for c in unsettled.values() if c.id not in self._controls and c.id not in elsewhere]

    def keep_paused(self, campaign: Campaign) -> None:
        """An interrupted dispatch the operator chose to resume later is stored paused, so the next start does not
        offer it again (only batches still unsettled are checked again)."""
        if self.runner(campaign) is not None:  # taken over meanwhile by another process: it is not interrupted
            return
        with self.leases.taken(campaign.id):
            stored = self.get(campaign.id)
            if stored.state is CampaignState.DISPATCHING and not self.is_dispatching(stored):
                self.repository.set_state(stored, CampaignState.PAUSED)

    async def reconcile(self, campaign: Campaign) -> ReconcileReport:
        """Ask the provider about the campaign's unsettled batches; refused while it is being sent, when a batch in
        flight is a live request, not an interrupted one (resuming reconciles first by itself)."""
        if self.is_dispatching(campaign):
            raise LaunchRefused(_("The campaign is being sent: it is checked with the provider when sending "
                                  "stops."))
        async with self.leases.holding(campaign.id), self._client(campaign) as client:
            return await Reconciler(self.repository, client, self.engine_settings(), self._clock).reconcile(campaign)

    def awaiting(self, campaign: Campaign) -> int:
        """Contacts awaiting confirmation: possibly received by the provider, which its records cannot tell yet."""
        return self.repository.counts(campaign).dispatch.get(Dispatch.IN_FLIGHT, 0)

    def mark_not_sent(self, campaign: Campaign, why: str, by: str | None = None) -> int:
        """The operator checked the provider's console and its records do not have the contacts awaiting
        confirmation: they go back to pending and are sent on resume, with the same keys (if the provider did
        receive them, they are called twice: the question before this says so). Returns how many."""
        return self._decide(campaign, "mark_not_sent", why, by, not_sent=True)

    def leave_awaiting(self, campaign: Campaign, why: str = "", by: str | None = None) -> int:
        """The operator keeps the contacts awaiting confirmation: nothing changes but the journal's note, and
        later checks with the provider still settle them. Returns how many."""
        return self._decide(campaign, "leave", why, by, not_sent=False)

    def _decide(self, campaign: Campaign, action: str, why: str, by: str | None, *, not_sent: bool) -> int:
        if self.is_dispatching(campaign):
            raise LaunchRefused(_("The campaign is being sent: pause it first, then decide about the contacts "
                                  "awaiting confirmation."))
        decision = {"action": action, "by": by or operator_name(), "at": datetime.now(timezone.utc).isoformat(),
                    "why": why}
        with self.leases.taken(campaign.id):  # not while another process sends it
            count = self.repository.journal.decide_unsettled(campaign, decision, not_sent=not_sent)
            log.info("campaign %s: %s for %d contact(s) awaiting confirmation, by %s: %s", campaign.id, action, count,
                     decision["by"], why)
            state = self.get(campaign.id).state
            if not_sent and count and state is CampaignState.CANCELLED:
                self.repository.journal.cancel_unsent(campaign, CANCELLED_REASON)
            elif not_sent and count and state in (CampaignState.DISPATCHING, CampaignState.RUNNING):
                self.repository.set_state(campaign, CampaignState.PAUSED)  # they are sent when it is resumed
        return count

    # -- redial rounds ------------------------------------------------------------------------------------
    def round_history(self, campaign: Campaign) -> list[ContactRounds]:
        """Every contact of the campaign's family of rounds with what it went through, in the list's order."""
        return list(family_history(self.store, campaign.family_id).values())

    def plan_round(self, campaign: Campaign, rule: RedialRule) -> RoundChoice:
        """Who a next round made with ``rule`` would call now, and why the others would not be called."""
        return choose(self.round_history(campaign), rule)

    def redial(self, campaign_id: int, outcomes: Sequence[str], delay_minutes: int = 60, max_attempts: int = 3) -> int:
        """Make the next round of a campaign, as a draft to preflight and launch; returns its id.

        It calls, from the same list, the contacts :meth:`plan_round` chooses (raises :class:`NobodyToCall` when
        none), starting no earlier than ``delay_minutes`` from now, when the calling window is open. ``outcomes`` are
        some of :data:`REDIAL_OUTCOMES` (ValueError otherwise)."""
        campaign = self.get(campaign_id)
        rule = RedialRule(tuple(outcomes), delay_minutes, max_attempts)
        choice = self.plan_round(campaign, rule)
        if not choice.chosen:
            raise choice.nobody()
        opens = self.round_start(campaign, delay_minutes)
        if opens is None:
            raise LaunchRefused(_("The campaign's calling window never opens: open it in the campaign's settings."))
        first = self.get(campaign.family_id)
        settings = dataclasses.replace(campaign.settings, skip_called_before=False)  # calling again is the point
        round_id = create_round(self.store, campaign, lambda n: _("%(name)s — round %(round)d") % {
            "name": first.name, "round": n}, new_key(), settings, choice.chosen, opens.timestamp())
        log.info("campaign %s: round %s made for %d contact(s), from %s", campaign_id, round_id, len(choice.chosen),
                 opens.isoformat())
        return round_id

    def set_redial_rule(self, campaign: Campaign, rule: RedialRule | None) -> None:
        """Make the next round with ``rule`` by itself when ``campaign`` finishes (None: never), while the app or a
        headless run that monitors it is open (:meth:`follow_rule`)."""
        set_rule(self.store, campaign, rule)

    def follow_rules(self, on_made: Callable[[int], None], on_progress: DispatchProgressCallback | None = None
                     ) -> None:
        """Apply automatic rules whenever monitoring sees a campaign finish (the window turns this on); ``on_made``
        gets each round launched so, ``on_progress`` its dispatch's reports."""
        self._rule_hooks = (on_made, on_progress)

    async def follow_rule(self, campaign: Campaign, on_progress: DispatchProgressCallback | None = None
                          ) -> tuple[Campaign, asyncio.Task[DispatchProgress]] | None:
        """When ``campaign`` has finished and carries an automatic rule, make its next round (once), check it and
        launch it; the round carries the rule on. None when there is nothing to do, nobody qualifies, or the check
        blocks (the round then stays a draft for the operator; the log says why)."""
        rule = campaign.redial_rule
        if rule is None or campaign.state is not CampaignState.FINISHED or next_round_id(self.store, campaign):
            return None
        try:
            made = self.get(self.redial(campaign.id, rule.outcomes, rule.delay_minutes, rule.max_attempts))
        except (NobodyToCall, LaunchRefused) as exc:
            log.info("campaign %s finished; its rule makes no next round: %s", campaign.id, exc)
            return None
        self.set_redial_rule(made, rule)
        check = await self.preflight(made)
        if not check.can_launch:
            log.warning("campaign %s: round %s made by its rule was not launched: %s", campaign.id, made.id,
                        "; ".join(f"{i.title} {i.detail}".strip() for i in check.blocking))
            return None
        return made, self.launch(made, check, on_progress)

    def rounds_around(self, campaign: Campaign) -> dict[int, RoundsAround]:
        """Per call row of ``campaign``: its contact in the other rounds (the Monitor's calls and latest result
        across rounds); empty for a campaign without rounds."""
        return rounds_around(self.store, campaign)

    def round_start(self, campaign: Campaign, delay_minutes: int) -> datetime | None:
        """When a next round made now with ``delay_minutes`` would start calling (None: the calling window never
        opens)."""
        return campaign.settings.earliest_start(
            datetime.fromtimestamp(self._clock() + delay_minutes * 60, timezone.utc))

    # -- export -------------------------------------------------------------------------------------------
    async def export(self, campaign: Campaign, path: Path, fmt: Format, progress: ProgressCallback | None = None,
                     cancel: CancelToken | None = None) -> int:
        """Write results off the loop thread; ``progress`` is called on the worker thread (hand it over with
        ``loop.call_soon_threadsafe``), ``cancel`` (a threading.Event) stops it with Cancelled."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, export_results, self.repository, campaign, path, fmt, progress,
                                          cancel)

    # -- clients ------------------------------------------------------------------------------------------
    @asynccontextmanager
    async def _client(self, campaign: Campaign) -> AsyncIterator[ProviderClient]:
        """The campaign's account's client, made on a thread: reading the account and its secrets and building
        its TLS context would hold the window's loop (tens of milliseconds)."""
        async with await asyncio.to_thread(self._new_client, campaign) as client:
            yield client

    def _new_client(self, campaign: Campaign) -> ProviderClient:
        account = self.accounts.repository.get(campaign.account_id)
        if account is None:
            raise LaunchRefused(_("The campaign's account no longer exists."))
        client = self._client_factory(account)
        client.notify_url = notify_url(self.preferences, account.provider, account.id or 0,
                                       on_this_computer=account.is_demo)
        return client


def operator_name() -> str:
    """Who is deciding, for the journal: the computer's user name ("operator" when the system cannot tell)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "operator"
