"""Pause, Cancel and Resume from any desk, whoever runs the campaign: the asking process leaves a request on the
campaign's lease row (desktop/campaigns/lease.py); the process holding the lease carries it out through its own
pause, cancel or resume path (the dispatcher stops after the batch being sent and journals it as always; a resume
checks unsettled batches with the provider first) and then takes it off the row. A paused campaign whose holder
only follows its calls is resumed by asking, like a pause: that process sends it again.

The holder hears of a request at once through the change feed (PostgreSQL: the lease row's triggers notify) and at
its next lease renewal at the latest (every ``RENEW_SECONDS``, on any engine). When no other process holds a good
lease (nobody runs the campaign, or its holder died and the lease expired), the asking process does it itself, as
before.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable

from desktop.campaigns import lease
from desktop.campaigns.lease import LeaseHolder, Request
from desktop.campaigns.model import Campaign, CampaignState
from desktop.campaigns.service import CampaignService, operator_name
from desktop.changes import Change, ChangeFeed
from desktop.errors import AutocallError
from desktop.i18n import _

log = logging.getLogger(__name__)


def pause_anywhere(service: CampaignService, campaign: Campaign) -> LeaseHolder | None:
    """Pause the campaign wherever it is being sent: here through the engine, or by asking the process that sends it
    (returned, so the caller can say so). A campaign left being sent by nobody (its sender closed or died) is stored
    paused, so nobody resumes it unasked."""
    if service.is_dispatching(campaign):
        service.pause(campaign)
        return None
    held = lease.ask(service.store, campaign.id, "pause", operator_name())
    if held is None and service.get(campaign.id).state is CampaignState.DISPATCHING:
        service.keep_paused(campaign)
    return held


def cancel_anywhere(service: CampaignService, campaign: Campaign) -> LeaseHolder | None:
    """Cancel the campaign wherever it is being sent: here through the engine, or by asking the process that runs
    it (returned)."""
    if service.is_dispatching(campaign):
        service.cancel(campaign)
        return None
    held = lease.ask(service.store, campaign.id, "cancel", operator_name())
    if held is None:
        service.cancel(campaign)
    return held


def ask_to_resume(service: CampaignService, campaign: Campaign) -> LeaseHolder | None:
    """Ask the process holding a paused campaign (it follows its calls) to send it again; returns it, or None when
    no other process holds the campaign (resume it here)."""
    return lease.ask(service.store, campaign.id, "resume", operator_name())


class RequestFollower:
    """Carries out the requests other processes leave on the leases this process holds: the service's renewals hand
    them over (any engine), and :meth:`look` reads them when the feed says a lease row changed (PostgreSQL).
    ``resume`` sends a paused campaign again as this process does (the window follows it; the server logs it)."""

    def __init__(self, service: CampaignService, resume: Callable[[Campaign], object] | None = None) -> None:
        self.service = service
        self._resume = resume or service.resume
        self._doing: set[int] = set()  # campaigns whose request is being carried out
        service.leases.on_request = self.carry_out

    def close(self) -> None:
        """Carry out no more requests."""
        if self.service.leases.on_request == self.carry_out:
            self.service.leases.on_request = None

    def follow(self, feed: ChangeFeed, loop: asyncio.AbstractEventLoop) -> Callable[[], None]:
        """Look at once when ``feed`` tells of a lease row changing (on ``loop``); returns the unsubscribe."""

        def heard(change: Change) -> None:
            if change.table in (None, "campaign_leases"):
                loop.call_soon_threadsafe(self.look, change.ids)
        return feed.subscribe(heard)

    def look(self, campaign_ids: Iterable[int] | None = None) -> None:
        """Carry out the requests on this process's leases of ``campaign_ids`` (None: all of them)."""
        wanted = None if campaign_ids is None else set(campaign_ids)
        held = [cid for cid in self.service.leases.held_here() if wanted is None or cid in wanted]
        try:
            requests = lease.requests_for(self.service.store, held)
        except AutocallError as exc:  # the database did not answer: the next renewal reads them again
            log.warning("Requests on this computer's campaigns could not be read: %s", exc)
            return
        for request in requests:
            self.carry_out(request)

    def carry_out(self, request: Request) -> None:
        """Pause, cancel or resume as this process's own operator would, then take the request off the lease (a pause
        or cancel once the dispatch has stopped: the campaign's state is stored by then). One at a time per
        campaign."""
        cid = request.campaign_id
        if cid in self._doing:
            return
        self._doing.add(cid)
        log.info("campaign %s: %s asked by %s on %s", cid, request.what, request.by, request.host,
                 extra={"event": "campaign.request", "campaign": cid, "request": request.what, "by": request.by,
                        "from": request.host})
        try:
            self._perform(request)
        except AutocallError as exc:  # said in the log; taken off all the same, so the asking desk is not left waiting
            log.warning("campaign %s: the %s asked from %s could not be done: %s", cid, request.what, request.host,
                        exc, extra={"event": "campaign.request_failed", "campaign": cid})
        try:
            self.service.tasks.spawn(self._done_when_stopped(request), name=f"request:{cid}")
        except RuntimeError:  # no running loop: nothing is being sent from a synchronous use
            self._doing.discard(cid)
            lease.done(self.service.store, request)

    def _perform(self, request: Request) -> None:
        campaign = self.service.get(request.campaign_id)
        if request.what == "resume":
            if campaign.state is CampaignState.PAUSED and not self.service.is_dispatching(campaign):
                self._resume(campaign)
        elif request.what == "cancel":
            if campaign.state in (CampaignState.DISPATCHING, CampaignState.PAUSED) or self.service.is_dispatching(
                    campaign):
                self.service.cancel(campaign)
        elif self.service.is_dispatching(campaign):
            self.service.pause(campaign, _("Paused from {host} by {name}.").format(host=request.host,
                                                                                   name=request.by))
        elif campaign.state is CampaignState.DISPATCHING:  # checked with the provider before sending: not sent after
            self.service.keep_paused(campaign)

    async def _done_when_stopped(self, request: Request) -> None:
        try:
            if request.what != "resume":  # a resume is done once sending started
                await self.service.tasks.wait([f"dispatch:{request.campaign_id}"])
            await asyncio.to_thread(lease.done, self.service.store, request)
        except AutocallError as exc:  # the next renewal hands it over again, and it is done then
            log.warning("campaign %s: the request could not be taken off its lease: %s", request.campaign_id, exc)
        finally:
            self._doing.discard(request.campaign_id)
