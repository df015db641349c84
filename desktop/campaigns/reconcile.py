"""Reconciliation: settle batches whose fate is unknown (the app died mid-send, or a send failed in a way that
may have reached the provider) by asking the provider's own records, never by sending again blindly.

A contact the provider knows is marked sent. A contact it does not know is sent again (with the *same* keys, on
resume) only when its absence is proof; otherwise it stays in doubt (awaiting confirmation) and the report says when
to ask again. What proves what is each provider's rule (:meth:`ProviderClient.evidence`); the contacts sent after
the batch (:meth:`DispatchJournal.later_sent`) are part of what it may use. Only the operator can decide otherwise
(:meth:`CampaignService.mark_not_sent`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from desktop.campaigns.journal import JournalBatch
from desktop.campaigns.model import Campaign
from desktop.campaigns.repository import CampaignRepository
from desktop.i18n import _
from desktop.providers.base import BatchResult, Contact, Evidence, ProviderClient, SentBatch, TaskControl
from desktop.providers.errors import ProviderError
from desktop.settings import EngineSettings

log = logging.getLogger(__name__)

#: Contacts sent after a batch that are looked up to see whether calls queued behind it have ended.
LATER_SAMPLE = 10


@dataclass
class ReconcileReport:
    campaign_id: int
    batches: int = 0  # batches asked about
    confirmed: int = 0  # contacts the provider has: marked sent
    to_resend: int = 0  # contacts provably never received: sent again (same keys) on resume
    in_doubt: int = 0  # contacts that could not be decided yet: not resent
    retry_at: float | None = None  # epoch seconds after which asking again can decide the in-doubt ones
    problems: list[str] = field(default_factory=list)  # provider errors met while asking
    advice: list[str] = field(default_factory=list)  # what the operator can do about the in-doubt ones

    @property
    def settled(self) -> bool:
        return self.in_doubt == 0

    def merge(self, other: ReconcileReport) -> None:
        self.batches += other.batches
        self.confirmed += other.confirmed
        self.to_resend += other.to_resend
        self.in_doubt += other.in_doubt
        if other.retry_at is not None:
            self.retry_at = max(self.retry_at or 0.0, other.retry_at)
        self.problems += other.problems
        self.advice += [a for a in other.advice if a not in self.advice]

    def describe(self) -> str:
        """One paragraph for the "resume?" question."""
        parts = [_("Asked the provider about {batches} group(s) of calls whose sending was interrupted: it has "
                   "{confirmed} contact(s), {to_resend} did not reach it and will be sent when you resume").format(
                     batches=self.batches, confirmed=self.confirmed, to_resend=self.to_resend)]
        if self.in_doubt:
            when = (_(" — asked again after {time}").format(
                        time=datetime.fromtimestamp(self.retry_at).strftime('%H:%M'))
                    if self.retry_at else "")
            parts.append(_("; {in_doubt} cannot be confirmed yet and are not sent again by themselves{when}").format(
                             in_doubt=self.in_doubt, when=when))
        text = "".join(parts) + "."
        if self.in_doubt and self.advice:
            text += " " + " ".join(self.advice)
        if self.problems:
            text += " Problems: " + "; ".join(self.problems)
        return text


class Reconciler:
    def __init__(self, repository: CampaignRepository, client: ProviderClient, engine: EngineSettings,
                 clock: Callable[[], float] = time.time) -> None:
        self.repository = repository
        self.client = client
        self.engine = engine
        self.clock = clock

    async def reconcile(self, campaign: Campaign) -> ReconcileReport:
        """Settle every unsettled batch of ``campaign`` as far as the provider's records allow."""
        report = ReconcileReport(campaign.id or 0)
        for batch in self.repository.journal.unsettled_batches(campaign):
            report.merge(await self.reconcile_batch(campaign, batch))
        return report

    async def reconcile_batch(self, campaign: Campaign, batch: JournalBatch) -> ReconcileReport:
        report = ReconcileReport(campaign.id or 0, batches=1)
        keys = {c.key for c in batch.calls}
        if not keys:
            self.repository.journal.resolve(batch.id, (), (), "nothing in flight")
            return report
        self.repository.journal.mark_interrupted(batch.id, "interrupted: its reply was never recorded")
        try:
            found = await self._evidence(campaign, batch)
            await self._note_task(campaign, batch, found.known)
        except ProviderError as exc:
            log.warning("reconciling batch %s of campaign %s failed: %s", batch.seq, campaign.id, exc)
            report.in_doubt = len(keys)
            report.problems.append(str(exc))
            return report
        known = found.known
        absent = keys - known if found.proof else set()
        self.repository.journal.resolve(batch.id, known & keys, absent,
                                f"reconciled: {len(known & keys)} received, {len(absent)} to resend")
        report.confirmed = len(known & keys)
        report.to_resend = len(absent)
        report.in_doubt = len(keys) - report.confirmed - report.to_resend
        report.retry_at = found.retry_at if report.in_doubt else None
        if report.in_doubt and found.advice:
            report.advice.append(found.advice)
        log.info("campaign %s batch %s reconciled: %d received, %d to resend, %d in doubt", campaign.id, batch.seq,
                 report.confirmed, report.to_resend, report.in_doubt)
        return report

    async def recheck_refusals(self, campaign: Campaign, result: BatchResult) -> BatchResult:
        """The launch reply as the provider's records correct it (:meth:`ProviderClient.confirm_refusals`)."""
        return await self.client.confirm_refusals(campaign.key, campaign.settings.script_code, result)

    async def _evidence(self, campaign: Campaign, batch: JournalBatch) -> Evidence:
        """What the provider's records prove about ``batch``."""
        later = self.repository.journal.later_sent(campaign, batch.id, LATER_SAMPLE)
        sent = SentBatch(campaign.key, batch.batch_key, campaign.settings.script_code,
                         [Contact(c.key, c.phone, c.name) for c in batch.calls], batch.started_at,
                         by_phone=campaign.settings.calls_by_phone, later=[Contact(c.key, c.phone) for c in later],
                         longest_call=campaign.settings.longest_call_seconds)
        return await self.client.evidence(sent, now=self.clock(), skew=self.engine.clock_skew_seconds,
                                          settle=self.engine.settle_seconds)

    async def _note_task(self, campaign: Campaign, batch: JournalBatch, known: set[str]) -> None:
        """Record that the provider's task exists when a lost reply may have been the one that created it."""
        if not campaign.settings.opens_remote_task or self.repository.journal.task_opened(campaign):
            return
        exists = bool(known)
        if not exists and isinstance(self.client, TaskControl):
            state = await self.client.task_state(campaign.key)
            exists = state is not None
            if exists:
                self.repository.set_provider_task(campaign, state)
        if exists:
            self.repository.journal.mark_task_opened(batch.id, campaign.key)
