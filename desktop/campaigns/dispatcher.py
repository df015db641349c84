"""Dispatch: journal → send → mark, batch by batch, with pause, cancel and a circuit breaker.

Each batch is journalled ``in_flight`` with its keys before the request leaves (journal.open_batch, which first
holds back contacts on the do-not-call list as it is at that moment); the reply
is recorded with per-contact refusals on the contacts. A failure is sorted by what it proves (``ProviderError.sent``;
a :class:`BatchFailed` also carries what the provider settled before it):

* ``no``: it provably never reached the provider (our own refusal to send, bad credentials, 429/busy) → the batch
  goes back to *planned* with the same keys; credentials and configuration problems pause dispatch, since every
  batch would fail the same way;
* ``refused``: the provider refused the whole batch → its contacts are refused, with the provider's words;
* ``unknown`` (5xx, timeout, dropped connection, unreadable reply) may have been carried out → the batch is
  reconciled at once with the provider's records (desktop.campaigns.reconcile); what cannot be decided stays in
  flight, is never resent blindly, and is settled by a later reconciliation.

The circuit breaker pauses dispatch when the share of failed contacts among the last ``breaker_window`` reaches
``breaker_threshold`` (EngineSettings), and the progress report says why. Pause and cancel take effect between
batches; a batch already sent is always recorded.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from desktop.campaigns.journal import CANCELLED_REASON, JournalBatch, JournalCall
from desktop.campaigns.model import BatchState, Campaign, CampaignState, Dispatch
from desktop.campaigns.plan import batch_size
from desktop.campaigns.reconcile import Reconciler
from desktop.campaigns.repository import CampaignRepository, Counts
from desktop.contacts.repository import stored_text
from desktop.i18n import N_, _, keep, shown
from desktop.providers.base import BatchFailed, BatchRequest, BatchResult, Contact, ContactError, ProviderClient
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.settings import EngineSettings

log = logging.getLogger(__name__)
T = TypeVar("T")

_PROGRESS_INTERVAL = 0.1  # seconds between progress reports (plus one after the last batch)
_MAX_RATE_WAIT = 60.0
_START_CHECK = 1.0  # seconds between looks at the clock while a round waits for its start


class DispatchControl:
    """Pause and cancel, from the UI (or the circuit breaker), read by the dispatcher between batches; ``guard`` is
    called before each batch is opened and raises to stop sending at once (the campaign's lease was lost)."""

    def __init__(self, guard: Callable[[], None] = lambda: None) -> None:
        self.pause_reason: str | None = None
        self.cancel_reason: str | None = None
        self.guard = guard

    def pause(self, reason: str | None = None) -> None:
        self.pause_reason = self.pause_reason or reason or _("Paused by the operator.")

    def cancel(self, reason: str | None = None) -> None:
        self.cancel_reason = self.cancel_reason or reason or CANCELLED_REASON  # kept: desktop.i18n.keep


@dataclass(frozen=True)
class DispatchProgress:
    """What the progress bar and the dispatch status line show."""

    campaign_id: int
    total: int  # contacts in the campaign
    sent: int  # the provider has them
    refused: int  # the provider refused them (each call row says why)
    not_sent: int  # cancelled, skipped or on the do-not-call list (each call row says why)
    pending: int  # still to send
    in_flight: int  # awaiting reconciliation (never resent blindly)
    batches: int  # batches sent in this run
    state: CampaignState
    reason: str | None = None  # why dispatch paused or stopped (circuit breaker, credentials, operator)
    do_not_call: int = 0  # of not_sent: held back because the number is on the do-not-call list
    starts_at: float | None = None  # a round waiting for its start (epoch seconds): nothing is sent before then
    prepared: int | None = None  # call rows written so far while a launch writes them (of ``total``); None: written

    @property
    def done(self) -> int:
        return self.sent + self.refused + self.not_sent

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0


DispatchProgressCallback = Callable[[DispatchProgress], None]


class CircuitBreaker:
    """Trips when at least ``threshold`` of the last ``window`` contacts failed (and ``window`` were seen)."""

    def __init__(self, threshold: float, window: int) -> None:
        self.threshold = threshold
        self.window = max(1, window)
        self._recent: deque[bool] = deque(maxlen=self.window)

    def record(self, ok: int, failed: int) -> None:
        self._recent.extend([True] * ok + [False] * failed)

    @property
    def rate(self) -> float:
        return self._recent.count(False) / len(self._recent) if self._recent else 0.0

    @property
    def tripped(self) -> bool:
        return len(self._recent) >= self.window and self.rate >= self.threshold


@dataclass(frozen=True)
class _Reply:
    """A reply already counted on the loop, still to be recorded (journal.close_batch)."""

    batch_id: int
    result: BatchResult
    refused: list[tuple[str, str]]  # (key, reason)
    error: str | None


#: The journal step's answer: the batch it opened, and the store's counts when opening it held contacts back.
_Opened = tuple[JournalBatch | None, Counts | None]


class Dispatcher:
    def __init__(
        self,
        repository: CampaignRepository,
        campaign: Campaign,
        client: ProviderClient,
        engine: EngineSettings,
        control: DispatchControl | None = None,
        on_progress: DispatchProgressCallback | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.repository = repository
        self.campaign = campaign
        self.client = client
        self.engine = engine
        self.control = control or DispatchControl()
        self.on_progress = on_progress
        self.reconciler = Reconciler(repository, client, engine, clock)
        self.breaker = CircuitBreaker(engine.breaker_threshold, engine.breaker_window)
        self._sleep = sleep
        self._clock = clock
        self._size = batch_size(campaign.settings, engine, client.max_batch_size)
        self._first = campaign.settings.opens_remote_task  # read from the journal when sending starts (run)
        self._counts = Counts()
        self._batches = 0
        self._last_report = 0.0
        self._doubt: str | None = None  # the last failure that left contacts in doubt, for the final report
        self._thread: ThreadPoolExecutor | None = None  # the journal's thread while run() runs

    async def run(self) -> DispatchProgress:
        """Send until nothing is left, or until paused or cancelled; returns the final progress.

        Until a reply shows the provider opened the campaign (NXCLOUD created the task), batches go one at a
        time; then ``dispatch_concurrency`` workers send side by side. The store's work runs on one journal thread
        (the loop also draws the window); the journal's order stays: opened, then sent, then recorded."""
        self._set_state(CampaignState.DISPATCHING)
        self._thread = ThreadPoolExecutor(1, thread_name_prefix=f"journal-{self.campaign.id}")
        try:
            self._first, self._counts = await self._journal(self._standing)
            await self._wait_for_start()
            if await self._journal(self.repository.journal.hold_back_pending, self.campaign):
                self._counts = await self._journal(self.repository.counts, self.campaign)
            while self._first:
                if not await self._step():
                    return await self._finish()
            await self._side_by_side(max(1, self.engine.dispatch_concurrency))
            return await self._finish()
        finally:
            self._thread.shutdown(wait=False)

    async def _side_by_side(self, count: int) -> None:
        """``count`` workers; the first error stops the others (each records the reply it counted, and gives back a
        batch it journalled but did not send) before it is raised."""
        workers = [asyncio.ensure_future(self._worker()) for _ in range(count)]
        try:
            await asyncio.wait(workers, return_when=asyncio.FIRST_EXCEPTION)
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        errors = [worker.exception() for worker in workers if not worker.cancelled()]
        for error in filter(None, errors):
            raise error

    def _journal(self, call: Callable[..., T], *args: object) -> asyncio.Future[T]:
        """``call(*args)`` on the journal thread: one thread, so journal steps never wait on each other for the
        store, and the loop stays free to draw the window."""
        assert self._thread is not None, "the journal thread runs only while run() does"
        return asyncio.get_running_loop().run_in_executor(self._thread, functools.partial(call, *args))

    def _standing(self) -> tuple[bool, Counts]:
        """Whether the next batch opens the campaign on the provider (no reply showed it opened yet), and the
        campaign's counts."""
        first = self.campaign.settings.opens_remote_task and not self.repository.journal.task_opened(self.campaign)
        return first, self.repository.counts(self.campaign)

    async def _wait_for_start(self) -> None:
        """Send nothing before the campaign's ``not_before`` (a redial round's delay and calling window); pause and
        cancel end the wait."""
        start = self.campaign.not_before
        if not start or self._clock() >= start:
            return
        reason = _("Waiting: this round starts calling at %s.") % datetime.fromtimestamp(start).strftime(
            "%H:%M %d/%m/%Y")
        if self.on_progress:
            self.on_progress(dataclasses.replace(progress_of(self.campaign, self._counts, self._batches,
                                                             CampaignState.DISPATCHING, reason), starts_at=start))
        while self._clock() < start and not (self.control.pause_reason or self.control.cancel_reason):
            await self._sleep(min(_START_CHECK, start - self._clock()))

    def _stopped(self) -> bool:
        return bool(self.control.pause_reason or self.control.cancel_reason)

    async def _worker(self) -> None:
        """Send batch after batch; a reply is recorded in the same step on the journal thread that journals the
        next batch, right before it is sent (one hand-off to the journal a batch)."""
        reply: _Reply | None = None
        try:
            while True:
                step = self._journal_soon(reply, opening=True)
                reply = None
                batch, counts = await self._opened(step)
                if batch is None:
                    return
                reply = await self._send(batch, counts, defer=True)
                self._report()
        except BaseException:
            if reply is not None:  # counted, and stopped before the step that records it
                await asyncio.shield(self._journal_soon(reply))
            raise

    def _journal_soon(self, reply: _Reply | None, *, release: Sequence[JournalBatch] = (),
                      opening: bool = False) -> asyncio.Future[_Opened]:
        """One step on the journal thread: record ``reply``, give back ``release`` (never sent), then, when
        ``opening`` and sending goes on, journal the next batch (the lease is checked first, on the loop)."""
        opening = opening and not self._stopped()
        if opening:
            self.control.guard()
        return self._journal(self._journal_step, reply, release, opening)

    def _journal_step(self, reply: _Reply | None, release: Sequence[JournalBatch], opening: bool) -> _Opened:
        """Record, give back and open in that order, in one transaction (one commit a request)."""
        with self.repository.journal.one_transaction() as journal:
            if reply is not None:
                journal.close_batch(reply.batch_id, reply.result.accepted, reply.refused, reply.result.provider_refs,
                                    reply.result.raw, state=BatchState.FAILED if reply.error else BatchState.SENT,
                                    error=reply.error)
            for batch in release:
                journal.release_batch(batch.id, keep(N_("Stopped before it was sent.")))
            batch = journal.open_batch(self.campaign, self._size) if opening else None
        # The do-not-call list changed while sending: the store has the counts.
        return batch, self.repository.counts(self.campaign) if batch is not None and batch.held_back else None

    async def _opened(self, step: asyncio.Future[_Opened]) -> _Opened:
        """The batch ``step`` journalled. Cancelled meanwhile, the step still ends, and the batch it opened goes back
        to planned with its keys: it was never sent."""
        try:
            return await asyncio.shield(step)
        except asyncio.CancelledError:
            batch, _counts = await step
            if batch is not None:
                await asyncio.shield(self._journal_soon(None, release=[batch]))
            raise

    async def _step(self) -> bool:
        """Journal and send one batch, and record its reply; False when stopped or nothing is left."""
        if self._stopped():
            return False
        batch, counts = await self._opened(self._journal_soon(None, opening=True))
        if batch is None:
            return False
        await self._send(batch, counts)
        self._report()
        return True

    async def _send(self, batch: JournalBatch, counts: Counts | None, *, defer: bool = False) -> _Reply | None:
        """Send a journalled batch and count its reply; with ``defer`` a plain reply is returned to be recorded in
        the worker's next journal step, otherwise (and always after a failure) it is recorded before returning."""
        if counts is not None:
            self._counts = counts
        else:
            self._move(batch.calls, Dispatch.PENDING, Dispatch.IN_FLIGHT)
        request = BatchRequest(
            campaign_key=self.campaign.key, campaign_name=self.campaign.name, batch_key=batch.batch_key,
            template_code=self.campaign.settings.script_code,
            contacts=[self._contact(c) for c in batch.calls], caller=self.campaign.settings.caller,
            first=self._first, options=self.campaign.settings)
        try:
            result = await self.client.launch_batch(request)
        except ProviderError as exc:
            await self._failed(batch, exc)
            return None
        result = await self.reconciler.recheck_refusals(self.campaign, result)
        settled = {*result.accepted, *(e.key for e in result.errors)}
        if all(c.key in settled for c in batch.calls):
            return await self._record(batch, result, defer=defer)
        await self._in_doubt(batch, result, _("The provider says it already has these contacts, but its records do "
                                              "not show them yet."))
        return None

    async def _record(self, batch: JournalBatch, result: BatchResult, *, error: str | None = None,
                      defer: bool = False) -> _Reply | None:
        """Count the reply (the circuit breaker trips before another batch opens), then record it
        (journal.close_batch) on the journal thread, or return it for the worker's next step with ``defer`` (not
        for a reply that opens the campaign on the provider); a cancel meanwhile does not stop the writing."""
        refused = [(e.key, describe_refusal(e)) for e in result.errors]
        self._add(Dispatch.IN_FLIGHT, -len(result.accepted) - len(refused))
        self._add(Dispatch.SENT, len(result.accepted))
        self._add(Dispatch.REFUSED, len(refused))
        self._batches += 1
        self.breaker.record(len(result.accepted), len(refused))
        self._check_breaker(refused[-1][1] if refused else error)
        reply = _Reply(batch.id, result, refused, error)
        if defer and not self._first:
            return reply
        await asyncio.shield(self._journal(self._journal_step, reply, (), False))
        if result.provider_refs and self._first:
            self._first = False
            self.repository.set_provider_task(self.campaign, self.campaign.settings.opened_task_state)
        return None

    async def _failed(self, batch: JournalBatch, exc: ProviderError) -> None:
        """Sort a failed batch by what the error proves (``exc.sent``) about the contacts it did not settle."""
        partial = exc.partial if isinstance(exc, BatchFailed) else BatchResult()
        if exc.sent == "no":
            # Never reached the provider (or it refused to process it): same keys, sent again later.
            await self._record(batch, partial)
            self.repository.journal.release_batch(batch.id, str(exc))
            settled = {*partial.accepted, *(e.key for e in partial.errors)}
            self._move([c for c in batch.calls if c.key not in settled], Dispatch.IN_FLIGHT, Dispatch.PENDING)
            if exc.kind is ErrorKind.RATE_LIMITED:
                self.breaker.record(0, len(batch.calls) - len(settled))
                self._check_breaker(str(exc))
                await self._sleep(min(1.0 if exc.retry_after is None else exc.retry_after, _MAX_RATE_WAIT))
            else:
                self.control.pause(_("Sending paused: {problem}").format(problem=exc))
            return
        if exc.sent == "refused":
            refused = [ContactError(c.key, c.phone, str(exc), exc.code) for c in batch.calls
                       if c.key not in partial.accepted and all(e.key != c.key for e in partial.errors)]
            await self._record(batch, BatchResult(partial.accepted, partial.errors + refused, partial.provider_refs,
                                                  partial.raw))
            return
        log.warning("campaign %s batch %s failed in a way that may have reached %s: %s", self.campaign.id,
                    batch.seq, self.campaign.provider, exc)
        await self._in_doubt(batch, partial, str(exc))

    async def _in_doubt(self, batch: JournalBatch, partial: BatchResult, error: str) -> None:
        """Record what the reply settled; the rest of the batch may have reached the provider: reconcile it now
        with the provider's records, and leave in flight what they cannot decide."""
        settled = {*partial.accepted, *(e.key for e in partial.errors)}
        self.breaker.record(0, len([c for c in batch.calls if c.key not in settled]))
        await self._record(batch, partial, error=error)
        unsettled = next((b for b in self.repository.journal.unsettled_batches(self.campaign) if b.id == batch.id),
                         None)
        if unsettled is not None:
            report = await self.reconciler.reconcile_batch(self.campaign, unsettled)
            self._first = self._first and not self.repository.journal.task_opened(self.campaign)
            self._counts = self.repository.counts(self.campaign)
            self._doubt = error if report.in_doubt else self._doubt
            log.info("campaign %s batch %s: %s", self.campaign.id, batch.seq, report.describe())

    def _check_breaker(self, last_error: str | None) -> None:
        if self.breaker.tripped:
            self.control.pause(
                _("Sending paused by itself: {rate:.0%} of the last {window} contacts failed (it pauses at "
                  "{threshold:.0%}).").format(
                    rate=self.breaker.rate, window=self.breaker.window, threshold=self.engine.breaker_threshold)
                + (_(" Last problem: {problem}").format(problem=last_error) if last_error else ""))

    def _contact(self, call: JournalCall) -> Contact:
        fields = {key: stored_text(call.data.get(column)) for key, column in self.campaign.settings.field_map.items()}
        return Contact(key=call.key, phone=call.phone, name=call.name, fields=fields)

    def _move(self, calls: list[JournalCall], source: Dispatch, target: Dispatch) -> None:
        self._add(source, -len(calls))
        self._add(target, len(calls))

    def _add(self, dispatch: Dispatch, n: int) -> None:
        self._counts.dispatch[dispatch] = self._counts.dispatch.get(dispatch, 0) + n

    async def _finish(self) -> DispatchProgress:
        control = self.control
        if control.cancel_reason:
            await self._journal(self.repository.journal.cancel_unsent, self.campaign, control.cancel_reason)
            state, reason = CampaignState.CANCELLED, shown(control.cancel_reason)
        elif control.pause_reason:
            state, reason = CampaignState.PAUSED, control.pause_reason
        else:
            state, reason = CampaignState.RUNNING, None
        self._counts = await self._journal(self.repository.counts, self.campaign)
        if state is CampaignState.RUNNING and self._counts.dispatch.get(Dispatch.IN_FLIGHT):
            reason = (_("{count} contact(s) await confirmation from the provider; they are not sent again until its "
                        "records show whether they were received.").format(
                          count=self._counts.dispatch[Dispatch.IN_FLIGHT])
                      + (f" {self._doubt}" if self._doubt else ""))
        await self._journal(self._set_state, state)
        return self._report(force=True, state=state, reason=reason)

    def _set_state(self, state: CampaignState) -> None:
        """Store the campaign's state: at the start on the loop (before the journal thread exists), at the end on
        the journal thread, so the window's loop never waits for the store then."""
        self.repository.set_state(self.campaign, state)

    def _report(self, *, force: bool = False, state: CampaignState = CampaignState.DISPATCHING,
                reason: str | None = None) -> DispatchProgress:
        progress = progress_of(self.campaign, self._counts, self._batches, state,
                               reason or shown(self.control.cancel_reason) or self.control.pause_reason)
        now = time.monotonic()
        if self.on_progress and (force or now - self._last_report >= _PROGRESS_INTERVAL):
            self._last_report = now
            self.on_progress(progress)
        return progress


def progress_of(campaign: Campaign, counts: Counts, batches: int, state: CampaignState,
                reason: str | None = None) -> DispatchProgress:
    d = counts.dispatch
    return DispatchProgress(
        campaign_id=campaign.id or 0, total=counts.total, sent=d.get(Dispatch.SENT, 0),
        refused=d.get(Dispatch.REFUSED, 0), not_sent=d.get(Dispatch.NOT_SENT, 0) + d.get(Dispatch.DO_NOT_CALL, 0),
        pending=d.get(Dispatch.PENDING, 0), in_flight=d.get(Dispatch.IN_FLIGHT, 0),
        batches=batches, state=state, reason=reason, do_not_call=d.get(Dispatch.DO_NOT_CALL, 0))


def describe_refusal(error: ContactError) -> str:
    """The provider's own words and code, as the contact row keeps them (desktop.i18n.keep)."""
    if error.code in (None, ""):
        return error.message
    return keep(N_("{message} (code {code})"), message=error.message, code=error.code)
