"""Reconciliation: settle batches whose fate is unknown (the app died mid-send, or a send failed in a way that
may have reached the provider) by asking the provider's own records — never by sending again blindly.

For every contact still ``in_flight`` the provider is asked with the keys journalled before sending. A contact the
provider knows is marked sent. A contact it does not know is sent again (with the *same* keys, on resume) only when
its absence is proof; otherwise it stays in doubt and the report says when to ask again. The rule per provider:

* **NXCLOUD** — ``listOrderDetail`` by ``orderID`` lists an order from the moment NXCLOUD accepts it, so absence is
  proof; and NXCLOUD refuses a repeated ``orderID``, so even a wrong verdict could not dial anyone twice. When no
  reply recorded that the task exists, ``listTask`` by ``userTaskID`` decides whether the next batch creates it.
* **BizPhone** — ``GET /status/{requestId}``: a known request queued all its destinations (sent); an unknown one
  (refused/404) was never queued (proof). BizPhone refuses a repeated ``requestId``, and the batch is resent with the
  same one, so a wrong verdict could not dial twice either.
* **VBot** — its CDR (v3, by ``externalCallId``) and call history (v2, by ``external_call_id``) list a call only once
  it has *ended*, and VBot documents no de-duplication. So absence proves nothing until the batch was sent longer
  ago than any call can last (``EngineSettings.vbot_settle_seconds``); before that the contacts stay in doubt, are
  not resent, and ``ReconcileReport.retry_at`` says when asking again can decide them. A legacy campaign's calls
  carry no key of ours: its records are searched by phone from the batch's start, and since the whole batch was one
  request, any of its phones found proves the whole batch was received. Silence never proves the opposite: VBot may
  start a cloned campaign late and nothing de-duplicates it, so an undecided legacy list is never sent again by
  the engine; the report tells the operator to check VBot's console.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from desktop.campaigns.model import Campaign
from desktop.campaigns.repository import CampaignRepository, JournalBatch
from desktop.providers.base import BatchHandle, BatchResult, Contact, ProviderClient
from desktop.providers.errors import ProviderError, RequestRejectedError
from desktop.providers.nxcloud import NxCloudClient
from desktop.settings import EngineSettings

log = logging.getLogger(__name__)


LEGACY_IN_DOUBT = ("VBot has no record of this legacy list yet. Autocall Desk never sends a legacy list again by "
                   "itself: check the campaign list in the VBot console, and start a new campaign only for people "
                   "VBot did not call.")


@dataclass
class ReconcileReport:
    campaign_id: int
    batches: int = 0  # batches asked about
    confirmed: int = 0  # contacts the provider has: marked sent
    to_resend: int = 0  # contacts provably never received: sent again (same keys) on resume
    in_doubt: int = 0  # contacts that could not be decided yet: not resent
    retry_at: float | None = None  # epoch seconds after which asking again can decide the in-doubt ones
    problems: list[str] = field(default_factory=list)  # provider errors met while asking

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

    def describe(self) -> str:
        """One paragraph for the "resume?" question."""
        parts = [f"Checked {self.batches} unfinished batch(es) with the provider: {self.confirmed} contact(s) were "
                 f"received, {self.to_resend} were not and will be sent on resume"]
        if self.in_doubt:
            when = (f" after {datetime.fromtimestamp(self.retry_at).strftime('%H:%M')}" if self.retry_at else "")
            parts.append(f"; {self.in_doubt} cannot be confirmed yet and are not resent — check again{when}")
        text = "".join(parts) + "."
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
        for batch in self.repository.unsettled_batches(campaign):
            report.merge(await self.reconcile_batch(campaign, batch))
        return report

    async def reconcile_batch(self, campaign: Campaign, batch: JournalBatch) -> ReconcileReport:
        report = ReconcileReport(campaign.id or 0, batches=1)
        keys = {c.key for c in batch.calls}
        if not keys:
            self.repository.resolve(batch.id, (), (), "nothing in flight")
            return report
        try:
            known, proof, retry_at = await self._evidence(campaign, batch)
        except ProviderError as exc:
            log.warning("reconciling batch %s of campaign %s failed: %s", batch.seq, campaign.id, exc)
            report.in_doubt = len(keys)
            report.problems.append(str(exc))
            return report
        absent = keys - known if proof else set()
        self.repository.resolve(batch.id, known & keys, absent,
                                f"reconciled: {len(known & keys)} received, {len(absent)} to resend")
        report.confirmed = len(known & keys)
        report.to_resend = len(absent)
        report.in_doubt = len(keys) - report.confirmed - report.to_resend
        report.retry_at = retry_at if report.in_doubt else None
        if report.in_doubt and campaign.settings.calls_by_phone:
            report.problems.append(LEGACY_IN_DOUBT)
        log.info("campaign %s batch %s reconciled: %d received, %d to resend, %d in doubt", campaign.id, batch.seq,
                 report.confirmed, report.to_resend, report.in_doubt)
        return report

    async def recheck_refusals(self, campaign: Campaign, result: BatchResult) -> BatchResult:
        """NXCLOUD answers a resent order that an earlier, dropped attempt already created with a per-number
        refusal ("orderID already exists"); its records decide which refused contacts it actually has."""
        if campaign.provider != "nxcloud" or not result.errors:
            return result
        handle = BatchHandle(campaign.key, campaign.settings.script_code,
                             [Contact(e.key, e.phone) for e in result.errors])
        try:
            known = {s.key for s in await self.client.poll(handle) if s.raw is not None}
        except ProviderError as exc:
            log.warning("could not re-check NXCLOUD refusals of campaign %s: %s", campaign.id, exc)
            return result
        if known:
            log.info("NXCLOUD has %d order(s) it reported as refused: marked sent", len(known))
        return BatchResult([*result.accepted, *(k for k in known)], [e for e in result.errors if e.key not in known],
                           result.provider_refs, result.raw)

    async def _evidence(self, campaign: Campaign, batch: JournalBatch) -> tuple[set[str], bool, float | None]:
        """(keys the provider has, whether absence is proof, when absence will become proof)."""
        contacts = [Contact(c.key, c.phone, c.name) for c in batch.calls]
        provider = campaign.provider
        if provider == "bizphone":
            handle = BatchHandle(campaign.key, "", contacts, provider_refs=[batch.batch_key])
            try:
                statuses = await self.client.poll(handle)
            except RequestRejectedError:
                return set(), True, None  # BizPhone does not know the requestId: never queued
            return {s.key for s in statuses if s.raw is not None}, True, None
        since = datetime.fromtimestamp(batch.started_at - self.engine.clock_skew_seconds, timezone.utc)
        by_phone = campaign.settings.calls_by_phone
        handle = BatchHandle(campaign.key, campaign.settings.script_code, contacts, since=since, by_phone=by_phone)
        known = {s.key for s in await self.client.poll(handle) if s.raw is not None}
        if by_phone:  # a legacy clone: one request carried the whole batch, keyed by nothing of ours
            return ({c.key for c in contacts} if known else set()), False, None
        if provider == "nxcloud":
            await self._note_task(campaign, batch, known)
            return known, True, None
        settles_at = batch.started_at + self.engine.vbot_settle_seconds
        return known, self.clock() >= settles_at, settles_at

    async def _note_task(self, campaign: Campaign, batch: JournalBatch, known: set[str]) -> None:
        """Record that the NXCLOUD task exists when a lost reply may have been the one that created it."""
        if self.repository.task_opened(campaign):
            return
        exists = bool(known)
        if not exists and isinstance(self.client, NxCloudClient):
            reply = await self.client.list_task(page=1, size=1, userTaskID=[campaign.key])
            exists = bool(reply.task_data)
        if exists:
            self.repository.mark_task_opened(batch.id, campaign.key)
