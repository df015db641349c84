"""Polling a campaign's calls until every contact is final, at an interval that follows the activity.

One poll asks the provider about every sent contact that is not final yet, the way its adapter can find them
(``ProviderClient.poll``): VBot by ``external_call_id`` in its CDR/history from the first batch's send time (a
legacy campaign's calls by phone and its campaign IDs),
NXCLOUD by ``orderID`` (``listOrderDetail``, 500 per request), BizPhone by ``requestId`` (``/status``). Statuses are
written in one transaction and only the rows that changed are reported, as :class:`CallUpdate` tuples — the compact
shape the Monitor's model applies (10,000 changed rows are one list, one callback).

The interval is ``poll_fast_seconds`` while calls are live (dialling, ringing, talking) or something changed, and
grows ×1.5 per quiet poll up to ``poll_slow_seconds``. Polling stops when every contact is final and nothing is
left to send or reconcile; the campaign is then marked finished.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from desktop.campaigns.model import Campaign, CampaignState, NxCampaignSettings
from desktop.campaigns.repository import CallUpdate, CampaignRepository, Counts, LiveCall
from desktop.providers.base import BatchHandle, CallStatus, Contact, ProviderClient
from desktop.providers.errors import ProviderError
from desktop.providers.status import Outcome
from desktop.settings import EngineSettings

log = logging.getLogger(__name__)

_LIVE = {Outcome.DIALING, Outcome.RINGING, Outcome.IN_CALL}
_GROWTH = 1.5


@dataclass(frozen=True)
class PollUpdate:
    """One poll's news for the Monitor: changed rows, the counters, and what the poller will do next."""

    campaign_id: int
    changed: Sequence[CallUpdate]
    counts: Counts
    live: int  # calls dialling, ringing or talking
    finished: bool  # every contact final: polling has stopped
    next_poll_in: float | None  # seconds; None when stopped
    error: str | None = None  # the provider failed this round (polling continues)
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

    async def run(self) -> PollUpdate:
        """Poll until every contact is final (cancel the task to stop earlier); returns the last update."""
        while True:
            update = await self.poll_once()
            if update.finished:
                return update
            await self._sleep(update.next_poll_in or self.interval)

    async def poll_once(self) -> PollUpdate:
        live_calls = self.repository.live_calls(self.campaign)
        error = None
        changed: list[CallUpdate] = []
        if live_calls:
            try:
                statuses = await self._statuses(live_calls)
            except ProviderError as exc:
                log.warning("polling campaign %s failed: %s", self.campaign.id, exc)
                error = str(exc)
            else:
                # A big poll is a big SQLite batch: written on a worker thread so the window never stalls on it.
                loop = asyncio.get_running_loop()
                changed = await loop.run_in_executor(None, self.repository.apply, _updates(live_calls, statuses))
        counts = self.repository.counts(self.campaign)
        live = sum(n for o, n in counts.outcomes.items() if o in _LIVE)
        state = self.repository.get(self.campaign.id).state  # dispatch may have moved it meanwhile
        finished = counts.final == counts.total and state in (CampaignState.RUNNING, CampaignState.CANCELLED,
                                                              CampaignState.FINISHED)
        if finished and state is CampaignState.RUNNING:
            self.repository.set_state(self.campaign, CampaignState.FINISHED)
            await self._close_provider_task()
        self.interval = (self.engine.poll_fast_seconds if live or changed
                         else min(self.engine.poll_slow_seconds, self.interval * _GROWTH))
        update = PollUpdate(self.campaign.id or 0, changed, counts, live, finished,
                            None if finished else self.interval, error, self._clock())
        if self.on_update:
            self.on_update(update)
        return update

    async def _close_provider_task(self) -> None:
        """NXCLOUD tasks are kept open while dispatching (see NxCampaignSettings.batch_options); once every order
        is final, complete the task unless the operator asked to keep it. Nothing is left to dial by then."""
        settings = self.campaign.settings
        if not isinstance(settings, NxCampaignSettings) or settings.task_keep:
            return
        try:
            await self.client.stop(self.campaign.key)
        except ProviderError as exc:
            log.warning("completing NXCLOUD task of campaign %s failed: %s", self.campaign.id, exc)

    async def _statuses(self, calls: list[LiveCall]) -> list[CallStatus]:
        """Ask the provider about ``calls`` with as few requests as its API allows."""
        settings = self.campaign.settings
        contacts = [Contact(c.key, c.phone) for c in calls]
        if self.campaign.provider == "bizphone":
            by_request: dict[str, list[Contact]] = defaultdict(list)
            for call, contact in zip(calls, contacts):
                by_request[call.batch_key].append(contact)
            found: list[CallStatus] = []
            for request_id, batch in by_request.items():
                found += await self.client.poll(BatchHandle(self.campaign.key, "", batch, provider_refs=[request_id]))
            return found
        since = min(c.started_at for c in calls) - self.engine.clock_skew_seconds
        refs = self.repository.provider_refs(self.campaign) if settings.calls_by_phone else ()
        handle = BatchHandle(self.campaign.key, settings.script_code, contacts, refs,
                             since=datetime.fromtimestamp(since, timezone.utc), by_phone=settings.calls_by_phone)
        return await self.client.poll(handle)


def _updates(calls: list[LiveCall], statuses: list[CallStatus]) -> list[tuple[CallUpdate, Any, str | None]]:
    by_key = {s.key: s for s in statuses}
    found = []
    for call in calls:
        status = by_key.get(call.key)
        if status is None or status.raw is None:
            continue  # the provider has nothing on it yet: keep what we have
        found.append((CallUpdate(call.call_id, str(status.outcome), status.raw_status, status.duration, status.cost,
                                 status.recording_ref, None, "sent"), status.raw, status.trans_id))
    return found
