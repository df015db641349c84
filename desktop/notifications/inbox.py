"""Where notifications land (tables ``notification_events`` and ``notification_refusals``): an authentic event is
stored raw once per account and de-duplication key, then applied to its call row through the same write as polling
(:meth:`CampaignRepository.apply`, which never overwrites a final outcome); a refused attempt only bumps a counter
per account and reason.

A notification finds its row by our idempotency key within the account's campaigns, or, for calls placed without
our keys (a VBot legacy campaign), by the number as dialled, in a campaign that places its calls that way and, when
the record names the provider's campaign, in that campaign. Only sent rows take notifications; an event that found
no row is kept unapplied (``applied = 0``): polling remains the source of truth for it.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.campaigns.repository import CallUpdate, CampaignRepository
    from desktop.providers.notify import Inbound, Notice, NotifiedCall
    from desktop.store import Store


@functools.cache
def _final() -> tuple[str, ...]:
    """The final outcomes' values (the provider interface loads when the first notification is matched)."""
    from desktop.providers.base import Outcome

    return tuple(o.value for o in Outcome if o.is_final)


@dataclass(frozen=True)
class Received:
    """What storing one notification did: its event row (None for a repeat of a stored event) and the call rows
    whose Monitor line changed."""

    event_id: int | None
    changed: Sequence[CallUpdate] = ()

    @property
    def duplicate(self) -> bool:
        return self.event_id is None


@dataclass(frozen=True)
class EventRow:
    id: int
    account_id: int
    provider: str
    kind: str
    dedupe_key: str
    received_at: float
    applied: bool
    size: int


@dataclass(frozen=True)
class RefusalRow:
    account_id: int
    reason: str
    count: int
    first_at: float
    last_at: float


class Inbox:
    """The notifications table over ``store``; the campaign engine's modules load when it is first written to or
    matched against (the window builds one before its first frame and needs none of them)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @functools.cached_property
    def campaigns(self) -> CampaignRepository:
        from desktop.campaigns.repository import CampaignRepository

        return CampaignRepository(self.store)

    def receive(self, account_id: int, provider: str, inbound: Inbound, notice: Notice) -> Received:
        """Store an authentic notification (a repeat is not stored again) and apply it to its call rows."""
        return self.receive_many([(account_id, provider, inbound, notice)])[0]

    def receive_many(self, items: Sequence[tuple[int, str, Inbound, Notice]]) -> list[Received]:
        """:meth:`receive` each (account id, provider, inbound, notice) in order, all in one transaction: every one is
        stored and applied, or, on an error, none."""
        with self.store.transaction() as db:
            return [self._receive(db, *item) for item in items]

    def _receive(self, db: Any, account_id: int, provider: str, inbound: Inbound,
                 notice: Notice) -> Received:
        inserted = db.execute(
            "INSERT INTO notification_events(account_id, provider, kind, dedupe_key, body, received_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(account_id, dedupe_key) DO NOTHING RETURNING id",
            (account_id, provider, notice.kind, notice.dedupe_key, inbound.body, inbound.received_at)).fetchone()
        if inserted is None:
            return Received(None)
        event_id = inserted[0]
        return Received(event_id, self._apply(db, event_id, account_id, notice.calls))

    def refuse(self, account_id: int, reason: str, at: float) -> None:
        """Count a refused attempt (nothing of its body is kept)."""
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO notification_refusals(account_id, reason, count, first_at, last_at) "
                "VALUES (?, ?, 1, ?, ?) "
                "ON CONFLICT(account_id, reason) DO UPDATE SET count = notification_refusals.count + 1, "
                "last_at = excluded.last_at",
                (account_id, reason, at, at))

    def _apply(self, db: Any, event_id: int, account_id: int,
               calls: Sequence[NotifiedCall]) -> list[CallUpdate]:
        from desktop.campaigns import repository
        from desktop.campaigns.poller import status_update

        updates, recordings = [], []
        for call in calls:
            row = self._row(account_id, call)
            if row is None:
                continue
            if call.status is not None:
                updates.append(status_update(row, call.status))
            elif call.recording_ref:
                recordings.append((call.recording_ref, row))
        changed = repository.apply_in(db, updates, repository.Channel.NOTIFICATION)
        if updates or recordings:
            db.executemany("UPDATE calls SET recording = ? WHERE id = ? AND recording IS NULL", recordings)
            db.execute("UPDATE notification_events SET applied = 1 WHERE id = ?", (event_id,))
        return changed

    def _row(self, account_id: int, call: NotifiedCall) -> int | None:
        """The sent call row ``call`` is about, in this account's campaigns; None when there is none."""
        from desktop.campaigns.model import Dispatch

        if call.key:
            # campaign_id IN (…) lets SQLite use the calls' (campaign_id, idem_key) key; a join scanned every call row
            row = self.store.query_one(
                "SELECT id FROM calls WHERE campaign_id IN (SELECT id FROM campaigns WHERE account_id = ?) "
                "AND idem_key = ? AND dispatch = ?", (account_id, call.key, Dispatch.SENT))
            return row["id"] if row else None
        if not call.phone:
            return None
        rows = self.store.query(
            "SELECT c.id, c.campaign_id FROM calls c JOIN campaigns k ON k.id = c.campaign_id "
            f"WHERE k.account_id = ? AND c.phone = ? AND c.dispatch = ? AND c.outcome NOT IN "
            f"({','.join('?' * len(_final()))}) ORDER BY c.id", (account_id, call.phone, Dispatch.SENT, *_final()))
        for row in rows:
            campaign = self.campaigns.get(row["campaign_id"])
            if not campaign.settings.calls_by_phone:
                continue
            refs = {str(r) for r in self.campaigns.journal.provider_refs(campaign)}
            if call.campaign_ref is None or not refs or call.campaign_ref in refs:
                return row["id"]
        return None

    # -- what arrived ---------------------------------------------------------------------------------------
    def events(self, limit: int = 100) -> list[EventRow]:
        rows = self.store.query(
            "SELECT id, account_id, provider, kind, dedupe_key, received_at, applied, length(body) AS size "
            "FROM notification_events ORDER BY id DESC LIMIT ?", (limit,))
        return [EventRow(r["id"], r["account_id"], r["provider"], r["kind"], r["dedupe_key"], r["received_at"],
                         bool(r["applied"]), r["size"]) for r in rows]

    def has_event(self, account_id: int, dedupe_key: str) -> bool:
        """Whether an event with ``dedupe_key`` was stored for ``account_id``."""
        return self.store.query_one("SELECT 1 FROM notification_events WHERE account_id = ? AND dedupe_key = ?",
                                    (account_id, dedupe_key)) is not None

    def refusals(self) -> list[RefusalRow]:
        rows = self.store.query("SELECT account_id, reason, count, first_at, last_at FROM notification_refusals "
                                "ORDER BY last_at DESC")
        return [RefusalRow(r["account_id"], r["reason"], r["count"], r["first_at"], r["last_at"]) for r in rows]

