"""The server's scheduler: every campaign that should be moving is moving, whoever launched it.

A scan (every ``scan_seconds``, or at once when :meth:`Scheduler.wake` is called) reads the campaigns and starts,
through the same :class:`~desktop.campaigns.service.CampaignService` as the window and ``campaign resume --monitor``:

* dispatch of a campaign stored as being sent that nothing in this process sends: an interrupted one (a desk closed
  or died, the server restarted) or a scheduled one whose start (``not_before``: a redial round's delay and calling
  window) has come; ``resume`` reconciles unsettled batches with the provider before sending anything;
* dispatch again, after :data:`RECHECK_SECONDS`, of a campaign whose contacts await confirmation, so a later check
  with the provider settles them (nothing in doubt is ever sent blindly);
* polling of every campaign with calls still resolving; when polling sees a campaign finish with an automatic redial
  rule, the service makes, checks and launches its next round (``follow_rules``), which this scan then follows.

A campaign another process runs (the service refuses with an :class:`~desktop.errors.AutocallError`, the campaign
lease's ``LeaseHeld`` among them) is left alone and tried again after :data:`RETRY_SECONDS`. :meth:`Scheduler.stop`
takes no new work, lets each batch being sent finish and be journalled, stores those campaigns as interrupted (being
sent) so the next start resumes them, and stops the pollers.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.model import Campaign, CampaignState
from desktop.campaigns.poller import PollUpdate
from desktop.campaigns.rounds import next_round_id
from desktop.campaigns.service import CampaignService
from desktop.errors import AutocallError
from desktop.i18n import N_, _
from desktop.server.jsonlog import event

log = logging.getLogger(__name__)

#: Seconds between scans when nothing wakes the scheduler (the change feed can wake it sooner: :meth:`wake`).
SCAN_SECONDS = 5.0
#: Seconds before a campaign another process runs (or whose work failed) is tried again.
RETRY_SECONDS = 30.0
#: Seconds before a campaign whose contacts await confirmation is checked with the provider again.
RECHECK_SECONDS = 60.0
#: Seconds :meth:`Scheduler.stop` waits for the batches being sent before it cancels what is left.
STOP_GRACE_SECONDS = 20.0

#: Why sending stopped when the server stops (the campaign stays stored as being sent: the next start resumes it).
STOPPING = N_("The server stopped; sending goes on when it starts again.")


class Scheduler:
    """Starts and supervises the server's campaign work; :meth:`run` until :meth:`stop`."""

    def __init__(self, service: CampaignService, *, scan_seconds: float = SCAN_SECONDS,
                 clock: Callable[[], float] = time.time) -> None:
        self.service = service
        self.scan_seconds = scan_seconds
        self._clock = clock
        self._loop: asyncio.AbstractEventLoop | None = None
        self._woken: asyncio.Event | None = None
        self._stopping = False
        self._polling: dict[int, asyncio.Task[PollUpdate]] = {}
        self._polled: frozenset[int] = frozenset()  # the keys of _polling, for another thread to read
        self._sending: frozenset[int] = frozenset()  # campaigns this process is sending
        self._later: dict[tuple[str, int], float] = {}  # (work, campaign id) -> not before this time (epoch s)
        self._settled: set[int] = set()  # campaigns whose polling ended: nothing more to do in this process
        self._scheduled: set[int] = set()  # campaigns waiting for their start, said once

    # -- control --------------------------------------------------------------------------------------------
    async def run(self) -> None:
        """Scan until :meth:`stop`, then wind down: the batches being sent finish, pollers stop."""
        self._loop = asyncio.get_running_loop()
        self._woken = asyncio.Event()
        self.service.follow_rules(self._round_made, self._progress)
        while not self._stopping:
            self._woken.clear()
            try:
                self.scan()
            except AutocallError as exc:  # the database is unreachable, say: the next scan tries again
                event(log, "scan.failed", str(exc), level=logging.WARNING)
            if not self._stopping:
                try:
                    await asyncio.wait_for(self._woken.wait(), self.scan_seconds)
                except TimeoutError:
                    pass
        await self._wind_down()

    def wake(self) -> None:
        """Scan now (from any thread): the seam where the change feed (desktop/changes.py) says something changed."""
        if self._loop is not None and self._woken is not None:
            self._loop.call_soon_threadsafe(self._woken.set)

    def stop(self) -> None:
        """Take no new work and wind down (from the loop's thread: the signal handlers)."""
        if not self._stopping:
            self._stopping = True
            event(log, "server.stopping", "stopping: the batches being sent finish, then the campaigns wait")
        if self._woken is not None:
            self._woken.set()

    @property
    def stopping(self) -> bool:
        return self._stopping

    def status(self) -> dict[str, Any]:
        """What the server is doing now (campaign ids), for ``/readyz``; safe to read from another thread (the sets
        are replaced, never changed in place)."""
        return {"sending": sorted(self._sending), "polling": sorted(self._polled)}

    # -- the scan -------------------------------------------------------------------------------------------
    def scan(self) -> None:
        """Start what is due: dispatch, polling (see the module's docstring)."""
        now = self._clock()
        awaiting = {c.id for c in self.service.repository.with_unsettled_batches()}
        for campaign in self.service.list():
            if self._stopping:
                return
            cid = campaign.id or 0
            if self._later.get(("dispatch", cid), 0.0) <= now and self._wants_dispatch(campaign, awaiting, now):
                self._dispatch(campaign)
            elif self._later.get(("polling", cid), 0.0) <= now and self._wants_polling(campaign, now):
                self._poll(campaign)

    def _wants_dispatch(self, campaign: Campaign, awaiting: set[int | None], now: float) -> bool:
        if self.service.is_dispatching(campaign):
            return False
        if campaign.state is CampaignState.RUNNING:
            return campaign.id in awaiting
        if campaign.state is not CampaignState.DISPATCHING:
            return False
        if campaign.not_before and campaign.not_before > now:
            if campaign.id not in self._scheduled:
                self._scheduled.add(campaign.id or 0)
                event(log, "campaign.scheduled", "the campaign starts calling later", campaign=campaign.id,
                      starts_at=campaign.not_before)
            return False
        return True

    def _wants_polling(self, campaign: Campaign, now: float) -> bool:
        cid = campaign.id or 0
        if cid in self._polling or cid in self._settled or (campaign.not_before or 0.0) > now:
            return False  # a campaign waiting for its start has sent nothing yet
        if campaign.state is CampaignState.FINISHED:  # its rule's next round is made after one last look
            return campaign.redial_rule is not None and next_round_id(self.service.store, campaign) is None
        if campaign.state is CampaignState.RUNNING:
            return True
        if campaign.state not in (CampaignState.DISPATCHING, CampaignState.CANCELLED):
            return False
        counts = self.service.counts(campaign)
        if campaign.state is CampaignState.CANCELLED and counts.final == counts.total:
            self._settled.add(cid)  # nothing will change any more: not counted again
        return counts.final < counts.total and counts.sent > 0

    # -- dispatch -------------------------------------------------------------------------------------------
    def send(self, campaign: Campaign) -> None:
        """Send ``campaign`` now, as a scan would (a desk asked to resume a paused campaign this server follows)."""
        self._dispatch(campaign)

    def _dispatch(self, campaign: Campaign) -> None:
        cid = campaign.id or 0
        self._scheduled.discard(cid)
        try:
            task = self.service.resume(campaign, self._progress)
        except AutocallError as exc:
            self._refused("dispatch", cid, exc)
            return
        self._sending |= {cid}
        event(log, "dispatch.started", "sending the campaign (unsettled batches are checked first)", campaign=cid,
              state=str(campaign.state))
        task.add_done_callback(lambda done: self._dispatch_failed(cid, done))

    def _round_made(self, round_id: int) -> None:
        """The service launched a redial round its rule asked for (its dispatch reports through :meth:`_progress`)."""
        self._sending |= {round_id}
        event(log, "round.launched", "a redial rule made and launched the next round", campaign=round_id)

    def _progress(self, progress: DispatchProgress) -> None:
        """Every dispatch's reports: the last one (its state no longer "being sent") says how it ended."""
        cid = progress.campaign_id
        if progress.state is CampaignState.DISPATCHING:
            return
        self._sending -= {cid}
        event(log, "dispatch.ended", progress.reason or "every contact was sent or settled", campaign=cid,
              state=str(progress.state), sent=progress.sent, refused=progress.refused, not_sent=progress.not_sent,
              pending=progress.pending, in_flight=progress.in_flight,
              level=logging.WARNING if progress.state is CampaignState.PAUSED and not self._stopping else logging.INFO)
        if progress.in_flight:
            self._later[("dispatch", cid)] = self._clock() + RECHECK_SECONDS
        self.wake()

    def _dispatch_failed(self, cid: int, task: asyncio.Task[DispatchProgress]) -> None:
        """A dispatch that ended without its final report: refused (another process runs it) or failed."""
        if task.cancelled() or task.exception() is not None:
            self._sending -= {cid}
        if not task.cancelled() and (error := task.exception()) is not None:
            self._refused("dispatch", cid, error)

    # -- polling --------------------------------------------------------------------------------------------
    def _poll(self, campaign: Campaign) -> None:
        cid = campaign.id or 0
        try:
            task = self.service.start_monitoring(campaign)
        except AutocallError as exc:
            self._refused("polling", cid, exc)
            return
        self._polling[cid] = task
        self._polled = frozenset(self._polling)
        event(log, "polling.started", "asking the provider for results until every contact is final", campaign=cid)
        task.add_done_callback(lambda done: self._polling_ended(cid, done))

    def _polling_ended(self, cid: int, task: asyncio.Task[PollUpdate]) -> None:
        if self._polling.get(cid) is task:
            del self._polling[cid]
            self._polled = frozenset(self._polling)
        if task.cancelled():
            return
        if (error := task.exception()) is not None:
            self._refused("polling", cid, error)
            return
        self._settled.add(cid)
        event(log, "polling.ended", "every contact is final", campaign=cid, outcomes=task.result().counts.outcomes)
        self.wake()

    def _refused(self, work: str, cid: int, error: BaseException) -> None:
        """Another process runs the campaign, or its work failed: leave it, try again later. An unexpected error's
        traceback is in the log already (TaskOwner)."""
        self._later[(work, cid)] = self._clock() + RETRY_SECONDS
        if isinstance(error, AutocallError):
            event(log, f"{work}.skipped", str(error), campaign=cid, retry_in=RETRY_SECONDS)

    # -- stopping -------------------------------------------------------------------------------------------
    async def _wind_down(self) -> None:
        """Stop every dispatch after its batch and store those campaigns as interrupted, then stop the pollers."""
        try:
            interrupted = await asyncio.wait_for(self.service.interrupt_all(_(STOPPING)), STOP_GRACE_SECONDS)
        except TimeoutError:  # cancelled mid-batch: its campaign stays stored as being sent, checked at the next start
            event(log, "server.stop_timeout", "a batch did not finish in time: it is checked with the provider at the "
                  "next start", level=logging.WARNING)
        else:
            for campaign_id in interrupted:
                event(log, "dispatch.interrupted", "left to resume at the next start", campaign=campaign_id)
        await self.service.tasks.cancel_all()
        event(log, "server.stopped", "stopped")
