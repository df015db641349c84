"""Polling a campaign's calls until every contact is final, at an interval that follows the activity.

One poll asks the provider about every sent contact that is not final yet, in as few requests as its API allows
(:meth:`ProviderClient.poll_handles`). What the replies say is written on a worker thread as they come, a thousand
contacts a transaction, so a poll never holds every reply at once (at 100,000 calls, millions of decoded JSON objects
the cyclic collector would walk again and again while the window waits); only the rows that changed are reported, as
:class:`CallUpdate` tuples (10,000 changed rows are one list, one callback). A poll the provider fails part-way keeps
what the replies before the failure said.

The interval is ``poll_fast_seconds`` while calls are live (dialling, ringing, talking) or something changed, and
grows ×1.5 per quiet poll up to ``poll_slow_seconds``. A poll the provider fails doubles the interval per failure in
a row, up to five minutes (or ``poll_slow_seconds`` if longer), and the update carries the provider's own sentence;
the next poll that succeeds goes back to the normal interval. While notifications arrive (one changed a row of
the campaign within the last ``poll_slow_seconds``), a successful poll waits ``poll_slow_seconds``: notifications
carry the news and polling only backfills what they missed. A poll asks only about rows not final yet, from the
earliest such row's batch, so the time range of a history read (VBot v2) narrows as notifications settle calls.
Polling stops when every contact is final and nothing is left to send or reconcile; the campaign is then marked
finished and the provider's task finished.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone

from desktop import gc_policy
from desktop.campaigns.model import Campaign, CampaignState
from desktop.campaigns.repository import (
    ROWS_PER_TRANSACTION,
    CallUpdate,
    CampaignRepository,
    Counts,
    LiveCall,
    StatusReport,
)
from desktop.i18n import _
from desktop.providers.base import BatchHandle, CallStatus, Contact, Outcome, ProviderClient
from desktop.providers.errors import ProviderError
from desktop.settings import EngineSettings

log = logging.getLogger(__name__)

_LIVE = {Outcome.DIALING, Outcome.RINGING, Outcome.IN_CALL}
_GROWTH = 1.5
_MAX_FAILING_INTERVAL = 300.0  # seconds: a provider that keeps failing is still asked every five minutes
#: Live calls from which a round of :meth:`Poller.run` starts by leaving what is alive out of cyclic collections
#: (desktop.gc_policy): the round's calls, the rows shown; below it, a full collection takes a few milliseconds.
LARGE_POLL = 10_000


@dataclass(frozen=True)
class PollUpdate:
    """One poll's news for the Monitor: changed rows, the counters, and what the poller will do next."""

    campaign_id: int
    changed: Sequence[CallUpdate]
    counts: Counts
    live: int  # calls dialling, ringing or talking
    finished: bool  # every contact final: polling has stopped
    next_poll_in: float | None  # seconds; None when stopped
    error: str | None = None  # what the provider said when it failed this round (polling continues, slower)
    polled_at: float = field(default=0.0)  # epoch seconds: the chart's x value


UpdateCallback = Callable[[PollUpdate], None]


class Poller:
    def __init__(self, repository: CampaignRepository, campaign: Campaign, client: ProviderClient,
                 engine: EngineSettings, on_update: UpdateCallback | None = None, *,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
                 clock: Callable[[], float] | None = None) -> None:
        self.repository = repository
        self.campaign = campaign
        self.client = client
        self.engine = engine
        self.on_update = on_update
        self._sleep = sleep
        self._clock = clock or (lambda: datetime.now(timezone.utc).timestamp())
        self.interval = engine.poll_fast_seconds
        self.failures = 0  # polls in a row the provider failed
        self._running = False  # in run(), which takes back what its rounds left out of collections
        self._kept_out = False  # a round left what it started with out of the cyclic collector's walks

    async def run(self) -> PollUpdate:
        """Poll until every contact is final (cancel the task to stop earlier); returns the last update."""
        self._running = True
        try:
            while True:
                update = await self.poll_once()
                if update.finished:
                    return update
                await self._sleep(update.next_poll_in or self.interval)
        finally:
            self._running = False
            if self._kept_out:
                gc_policy.take_back_after_polling()

    async def poll_once(self) -> PollUpdate:
        """Ask the provider about the live calls, store the news and report them. The store's work (reading the
        live calls, writing the statuses, counting) runs on a worker thread: at 100,000 contacts each is a big
        batch, and the loop also draws the window."""
        live_calls = await asyncio.to_thread(self.repository.live_calls, self.campaign)
        error = None
        changed: list[CallUpdate] = []
        if live_calls:
            changed, failed = await self._poll_and_store(live_calls)
            if failed is None:
                self.failures = 0
            else:
                self.failures += 1
                log.warning("polling campaign %s failed (%d in a row): %s", self.campaign.id, self.failures, failed)
                error = failure_message(failed, self.failures)
        counts, state, notified = await asyncio.to_thread(self._progress)
        live = sum(n for o, n in counts.outcomes.items() if o in _LIVE)
        finished = counts.final == counts.total and state in (CampaignState.RUNNING, CampaignState.CANCELLED,
                                                              CampaignState.FINISHED)
        if finished and state is CampaignState.RUNNING:
            self.repository.set_state(self.campaign, CampaignState.FINISHED)
            await self._close_provider_task()
        if error:
            self.interval = self._failing_interval()
        elif notified is not None and self._clock() - notified < self.engine.poll_slow_seconds:
            self.interval = self.engine.poll_slow_seconds
        else:
            self.interval = (self.engine.poll_fast_seconds if live or changed
                             else min(self.engine.poll_slow_seconds, self.interval * _GROWTH))
        update = PollUpdate(self.campaign.id or 0, changed, counts, live, finished,
                            None if finished else self.interval, error, self._clock())
        if self.on_update:
            self.on_update(update)
        return update

    def _progress(self) -> tuple[Counts, CampaignState, float | None]:
        """The campaign's counts, its state as stored (dispatch may have moved it meanwhile) and when a notification
        last moved one of its rows."""
        return (self.repository.counts(self.campaign), self.repository.get(self.campaign.id).state,
                self.repository.last_notified(self.campaign))

    def _failing_interval(self) -> float:
        """After ``failures`` failed polls in a row: the fast interval doubled per failure, capped."""
        cap = max(self.engine.poll_slow_seconds, _MAX_FAILING_INTERVAL)
        return min(cap, self.engine.poll_fast_seconds * 2 ** min(self.failures, 32))

    async def _close_provider_task(self) -> None:
        """Nothing is left to dial: the provider closes what it kept open for the campaign (ProviderClient.finish)."""
        try:
            state = await self.client.finish(self.campaign.key, self.campaign.settings)
        except ProviderError as exc:
            log.warning("finishing the provider task of campaign %s failed: %s", self.campaign.id, exc)
            return
        if state is not None:
            self.repository.set_provider_task(self.campaign, state)

    async def _poll_and_store(self, calls: list[LiveCall]) -> tuple[list[CallUpdate], ProviderError | None]:
        """Ask the provider about ``calls`` with as few requests as its API allows, writing the replies' news a
        thousand contacts at a time as they come; the rows that changed, and the provider's error if a request
        failed (the requests after it are not made)."""
        parts, call_ids = await asyncio.to_thread(self._requests, calls)
        if self._running and len(calls) >= LARGE_POLL:
            gc_policy.keep_out_while_polling()
            self._kept_out = True
        changed: list[CallUpdate] = []
        reports: list[StatusReport] = []
        error = None
        try:
            for part in parts:
                reports += _reports(part.contacts, await self.client.poll(part), call_ids)
                if len(reports) >= ROWS_PER_TRANSACTION:
                    changed += await asyncio.to_thread(self.repository.apply, reports)
                    reports = []
        except ProviderError as exc:
            error = exc
        if reports:
            changed += await asyncio.to_thread(self.repository.apply, reports)
        return changed, error


    def _requests(self, calls: list[LiveCall]) -> tuple[list[BatchHandle], dict[str, int]]:
        """The provider's requests for ``calls`` (:meth:`ProviderClient.poll_handles`) and each call's id by its key;
        built on a worker thread: at 100,000 calls, a tenth of a second the window's loop would wait for."""
        settings = self.campaign.settings
        since = min(c.started_at for c in calls) - self.engine.clock_skew_seconds
        refs = self.repository.journal.provider_refs(self.campaign) if settings.calls_by_phone else ()
        handle = BatchHandle(self.campaign.key, settings.script_code, [Contact(c.key, c.phone) for c in calls], refs,
                             since=datetime.fromtimestamp(since, timezone.utc), by_phone=settings.calls_by_phone)
        return self.client.poll_handles(handle, [c.batch_key for c in calls]), {c.key: c.call_id for c in calls}


def failure_message(error: ProviderError, failures: int) -> str:
    """The provider's own sentence for a failed poll, saying how long it has been failing once it repeats."""
    text = str(error)
    return text if failures < 2 else _("{text} The last {failures} checks failed this way.").format(
                                         text=text, failures=failures)


def status_update(call_id: int, status: CallStatus) -> StatusReport:
    """What :meth:`CampaignRepository.apply` writes for a sent call the provider reported on (a poll or a
    notification)."""
    answer = status.answer
    return StatusReport(CallUpdate(call_id, str(status.outcome), status.raw_status, status.duration, status.cost,
                                   status.recording_ref, None, "sent", answer.key if answer else None),
                        status.raw, status.trans_id, answer)


def _reports(contacts: Sequence[Contact], statuses: list[CallStatus], call_ids: dict[str, int]) -> list[StatusReport]:
    """What to write for the ``contacts`` one poll request asked about, from its ``statuses`` (a contact the provider
    has nothing on yet keeps what we have)."""
    by_key = {s.key: s for s in statuses}
    return [status_update(call_ids[contact.key], status) for contact in contacts
            if (status := by_key.get(contact.key)) is not None and status.raw is not None]
