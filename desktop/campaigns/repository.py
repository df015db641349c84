"""Campaigns, the dispatch journal and calls in the store (tables ``campaigns``, ``dispatch_batches``, ``calls``).

The journal rule (DESIGN "Dispatch without double dialling") lives in the order of these calls:
:meth:`CampaignRepository.open_batch` writes the batch and marks its contacts ``in_flight`` in one transaction
*before* anything is sent; :meth:`close_batch` records the reply; a failure that may have reached the provider leaves
the contacts ``in_flight`` (``close_batch`` with ``state=FAILED``) until :meth:`resolve` records what the provider's own records say.
Every multi-row change is one transaction, so a kill at any instant leaves a state reconciliation understands.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from desktop.campaigns.model import BatchState, Campaign, CampaignState, Dispatch
from desktop.providers import spec
from desktop.providers.base import CampaignOptions, Outcome, TaskState, new_key
from desktop.store import Store

_FINAL = tuple(o.value for o in Outcome if o.is_final)
_ROWS_PER_STATEMENT = 5000


class CallUpdate(NamedTuple):
    """One contact's row as the Monitor shows it: the compact shape status updates travel in."""

    call_id: int
    outcome: str  # desktop.providers.status.Outcome value
    raw_status: str | None
    duration: float | None
    cost: float | None
    recording_ref: str | None
    error: str | None
    dispatch: str  # Dispatch value


class CallPerson(NamedTuple):
    """Who a Monitor row is about, beside its :class:`CallUpdate`: status updates never carry these, so the
    Monitor reads them once per campaign."""

    call_id: int
    phone: str  # as dialled (the provider's format)
    name: str
    updated_at: str  # ISO time (UTC) of the row's last change


class RecordedCall(NamedTuple):
    """A call with a recording: what saving it into a folder needs to fetch and name the file."""

    call_id: int
    phone: str
    trans_id: str  # the provider's call id when it gave one, else our key
    recording_ref: str
    updated_at: str


@dataclass(frozen=True)
class JournalCall:
    """A contact in a journalled batch: what the request needs (idempotency key first)."""

    call_id: int
    key: str
    phone: str  # E.164; the client writes it the provider's way
    name: str
    data_json: str  # the contact's original columns by header, as stored

    @functools.cached_property
    def data(self) -> dict[str, Any]:
        """The contact's original columns, decoded on first use: only a campaign with mapped fields reads them,
        and a batch is journalled on the loop before every request."""
        return json.loads(self.data_json)


@dataclass(frozen=True)
class JournalBatch:
    id: int
    seq: int
    batch_key: str  # BizPhone requestId
    started_at: float
    calls: list[JournalCall]


@dataclass(frozen=True)
class LiveCall:
    """A sent contact that is not final yet: what a poll needs to find it again."""

    call_id: int
    key: str
    phone: str
    batch_id: int
    batch_key: str
    started_at: float
    outcome: str


@dataclass
class Counts:
    """Per-outcome counts of sent contacts and per-dispatch-state counts of all of them."""

    total: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    dispatch: dict[str, int] = field(default_factory=dict)

    @property
    def sent(self) -> int:
        return self.dispatch.get(Dispatch.SENT, 0)

    @property
    def unsettled(self) -> int:
        """Contacts still to send or still awaiting reconciliation."""
        return self.dispatch.get(Dispatch.PENDING, 0) + self.dispatch.get(Dispatch.IN_FLIGHT, 0)

    @property
    def final(self) -> int:
        """Contacts that will not change any more (sent and final, refused, not sent)."""
        done = sum(n for o, n in self.outcomes.items() if Outcome(o).is_final)
        return done + self.dispatch.get(Dispatch.REFUSED, 0) + self.dispatch.get(Dispatch.NOT_SENT, 0)


def _now() -> float:
    return time.time()


class CampaignRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- campaigns ----------------------------------------------------------------------------------------
    def create(self, name: str, account_id: int, list_id: int, settings: CampaignOptions) -> Campaign:
        campaign = Campaign(name=name, account_id=account_id, list_id=list_id, provider=settings.provider,
                            settings=settings, key=new_key())
        with self.store.transaction() as db:
            campaign.id = db.execute(
                "INSERT INTO campaigns(name, account_id, list_id, provider, settings, state, remote_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, account_id, list_id, settings.provider, _settings_json(settings), campaign.state,
                 campaign.key),
            ).lastrowid
        return self.get(campaign.id)

    def get(self, campaign_id: int) -> Campaign:
        row = self.store.query_one("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
        if row is None:
            raise KeyError(f"no campaign {campaign_id}")
        return _campaign(row)

    def list(self) -> list[Campaign]:
        return [_campaign(r) for r in self.store.query("SELECT * FROM campaigns ORDER BY id DESC")]

    def save_draft(self, campaign: Campaign, name: str, settings: CampaignOptions) -> None:
        campaign.name, campaign.settings = name, settings
        with self.store.transaction() as db:
            db.execute("UPDATE campaigns SET name = ?, settings = ? WHERE id = ?",
                       (name, _settings_json(settings), campaign.id))

    def save_settings(self, campaign: Campaign, settings: CampaignOptions) -> None:
        campaign.settings = settings
        with self.store.transaction() as db:
            db.execute("UPDATE campaigns SET settings = ? WHERE id = ?", (_settings_json(settings), campaign.id))

    def set_state(self, campaign: Campaign, state: CampaignState) -> None:
        campaign.state = state
        with self.store.transaction() as db:
            db.execute("UPDATE campaigns SET state = ? WHERE id = ?", (str(state), campaign.id))

    def with_unsettled_batches(self) -> list[Campaign]:
        """Campaigns with a batch that may have reached the provider without its reply being recorded."""
        rows = self.store.query(
            "SELECT * FROM campaigns WHERE id IN (SELECT campaign_id FROM dispatch_batches WHERE state IN (?, ?)) "
            "ORDER BY id", (BatchState.IN_FLIGHT, BatchState.FAILED))
        return [_campaign(r) for r in rows]

    # -- contacts → calls ---------------------------------------------------------------------------------
    def materialise(self, campaign: Campaign, skip_reason: str | None = None) -> int:
        """One call row per valid contact of the list, each with its idempotency key, before anything is sent.

        Numbers an earlier campaign sent are written as ``not_sent`` with ``skip_reason`` when it is given.
        Does nothing if the campaign already has calls (a relaunch after a crash keeps the first keys).

        One ``INSERT … SELECT``: the launch waits for it, and a row-by-row insert of 100,000 contacts from Python
        took most of a second. The keys are SQLite's ``randomblob`` in hex, the same 32 ``[0-9a-f]`` characters
        as :func:`new_key`; the ``UNIQUE (campaign_id, idem_key)`` constraint stands guard over them."""
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM calls WHERE campaign_id = ? LIMIT 1", (campaign.id,)).fetchone():
                return 0
            return db.execute(
                f"""INSERT INTO calls(campaign_id, contact_id, idem_key, phone, outcome, dispatch, error)
                SELECT :campaign, t.id, lower(hex(randomblob(16))), t.phone_e164,
                       CASE WHEN t.skip THEN :cancelled ELSE :queued END,
                       CASE WHEN t.skip THEN :not_sent ELSE :pending END,
                       CASE WHEN t.skip THEN :reason END
                FROM (SELECT id, phone_e164, row_number, (:skip AND phone_e164 IN ({_EARLIER_NUMBERS})) AS skip
                      FROM contacts WHERE list_id = :list AND status = 'valid') t
                ORDER BY t.row_number, t.id""",
                {"campaign": campaign.id, "list": campaign.list_id, "skip": skip_reason is not None,
                 "reason": skip_reason, "sent": Dispatch.SENT,
                 "cancelled": Outcome.CANCELLED, "queued": Outcome.QUEUED, "not_sent": Dispatch.NOT_SENT,
                 "pending": Dispatch.PENDING}).rowcount

    def earlier_called(self, campaign: Campaign) -> int:
        """Valid contacts of the list whose number another campaign already sent."""
        return self.store.query_one(
            f"SELECT COUNT(*) FROM contacts WHERE list_id = :list AND status = 'valid' AND phone_e164 IN "
            f"({_EARLIER_NUMBERS})", {"list": campaign.list_id, "campaign": campaign.id, "sent": Dispatch.SENT})[0]

    # -- the journal --------------------------------------------------------------------------------------
    def open_batch(self, campaign: Campaign, size: int) -> JournalBatch | None:
        """Journal the next batch as ``in_flight`` (a batch planned for resending first, else the next ``size``
        pending contacts, earliest first) and return it; None when nothing is left to send.

        Each contact row is read once, with what the request needs, and the batch's rows are marked in one
        statement: this runs on the loop before every request, so its cost is paid by the whole dispatch."""
        now = _now()
        with self.store.transaction() as db:
            planned = db.execute(
                "SELECT id, seq, batch_key FROM dispatch_batches WHERE campaign_id = ? AND state = ? ORDER BY seq "
                "LIMIT 1", (campaign.id, BatchState.PLANNED)).fetchone()
            if planned:
                batch_id, seq, batch_key = planned
                db.execute("UPDATE dispatch_batches SET state = ?, started_at = ?, error = NULL, updated_at = "
                           "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                           (BatchState.IN_FLIGHT, now, batch_id))
                calls = _journal_calls_where(db, "c.batch_id = ? AND c.dispatch = ? ORDER BY c.id",
                                             (batch_id, Dispatch.PENDING))
            else:
                calls = _journal_calls_where(
                    db, "c.campaign_id = ? AND c.dispatch = ? AND c.batch_id IS NULL ORDER BY c.id LIMIT ?",
                    (campaign.id, Dispatch.PENDING, size))
                if not calls:
                    return None
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM dispatch_batches WHERE campaign_id = ?",
                                 (campaign.id,)).fetchone()[0]
                batch_key = new_key()
                batch_id = db.execute(
                    "INSERT INTO dispatch_batches(campaign_id, seq, state, batch_key, request, started_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (campaign.id, seq, BatchState.IN_FLIGHT, batch_key, json.dumps({"contacts": len(calls)}), now),
                ).lastrowid
            for start in range(0, len(calls), _ROWS_PER_STATEMENT):
                ids = [c.call_id for c in calls[start:start + _ROWS_PER_STATEMENT]]
                db.execute(f"UPDATE calls SET dispatch = ?, batch_id = ? WHERE id IN ({_marks(ids)})",
                           (Dispatch.IN_FLIGHT, batch_id, *ids))
        return JournalBatch(batch_id, seq, batch_key, now, calls)

    def close_batch(self, batch_id: int, accepted: Iterable[str], refused: Iterable[tuple[str, str]],
                    refs: Sequence[str], raw: Any, *, state: BatchState = BatchState.SENT,
                    error: str | None = None) -> None:
        """Record a reply: ``accepted`` keys are sent, ``refused`` (key, reason) are refused; contacts in neither
        stay ``in_flight`` (only a failed batch leaves any)."""
        accepted = list(accepted)
        with self.store.transaction() as db:
            # One statement per chunk of keys: a statement per key would walk the batch's rows once for each.
            for start in range(0, len(accepted), _ROWS_PER_STATEMENT):
                part = accepted[start:start + _ROWS_PER_STATEMENT]
                db.execute(f"UPDATE calls SET dispatch = ? WHERE batch_id = ? AND idem_key IN ({_marks(part)})",
                           (Dispatch.SENT, batch_id, *part))
            db.executemany(
                "UPDATE calls SET dispatch = ?, outcome = ?, error = ? WHERE batch_id = ? AND idem_key = ?",
                [(Dispatch.REFUSED, Outcome.REJECTED, reason, batch_id, k) for k, reason in refused])
            db.execute(
                "UPDATE dispatch_batches SET state = ?, response = ?, error = ?, "
                "updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?",
                (str(state), json.dumps({"refs": list(refs), "raw": raw}, ensure_ascii=False, default=str), error,
                 batch_id))

    def release_batch(self, batch_id: int, error: str) -> None:
        """The request provably never reached the provider (refused before sending, 429, bad credentials): its
        contacts go back to pending, kept in this batch so they are resent with the same keys."""
        with self.store.transaction() as db:
            db.execute("UPDATE calls SET dispatch = ? WHERE batch_id = ? AND dispatch = ?",
                       (Dispatch.PENDING, batch_id, Dispatch.IN_FLIGHT))
            db.execute("UPDATE dispatch_batches SET state = ?, error = ? WHERE id = ?",
                       (BatchState.PLANNED, error, batch_id))

    def unsettled_batches(self, campaign: Campaign) -> list[JournalBatch]:
        """Batches in flight or failed, with their contacts still ``in_flight``: what reconciliation must ask
        the provider about."""
        with self.store.transaction() as db:
            batches = db.execute(
                "SELECT id, seq, batch_key, started_at FROM dispatch_batches WHERE campaign_id = ? AND state IN "
                "(?, ?) ORDER BY seq", (campaign.id, BatchState.IN_FLIGHT, BatchState.FAILED)).fetchall()
            return [JournalBatch(batch_id, seq, batch_key, started_at or 0.0, _journal_calls_where(
                        db, "c.batch_id = ? AND c.dispatch = ? ORDER BY c.id", (batch_id, Dispatch.IN_FLIGHT)))
                    for batch_id, seq, batch_key, started_at in batches]

    def resolve(self, batch_id: int, known: Iterable[str], absent: Iterable[str], note: str) -> None:
        """Reconciliation's verdict: ``known`` keys are on the provider (sent); ``absent`` keys provably are not
        (pending again, in this batch, to be resent with the same keys). Others stay in flight."""
        absent = list(absent)
        with self.store.transaction() as db:
            db.executemany("UPDATE calls SET dispatch = ? WHERE batch_id = ? AND idem_key = ? AND dispatch = ?",
                           [(Dispatch.SENT, batch_id, k, Dispatch.IN_FLIGHT) for k in known])
            db.executemany("UPDATE calls SET dispatch = ? WHERE batch_id = ? AND idem_key = ? AND dispatch = ?",
                           [(Dispatch.PENDING, batch_id, k, Dispatch.IN_FLIGHT) for k in absent])
            left = db.execute("SELECT COUNT(*) FROM calls WHERE batch_id = ? AND dispatch = ?",
                              (batch_id, Dispatch.IN_FLIGHT)).fetchone()[0]
            if not left:
                state = BatchState.PLANNED if absent else BatchState.RECONCILED
                db.execute("UPDATE dispatch_batches SET state = ?, error = ? WHERE id = ?", (state, note, batch_id))

    def mark_task_opened(self, batch_id: int, campaign_key: str) -> None:
        """Reconciliation found the NXCLOUD task a lost reply had created: later batches must add, not create."""
        with self.store.transaction() as db:
            db.execute("UPDATE dispatch_batches SET response = ? WHERE id = ?",
                       (json.dumps({"refs": [campaign_key], "raw": None}), batch_id))

    def task_opened(self, campaign: Campaign) -> bool:
        """Whether a recorded reply shows the provider opened the campaign (NXCLOUD created the task)."""
        row = self.store.query_one(
            "SELECT 1 FROM dispatch_batches WHERE campaign_id = ? AND response IS NOT NULL AND "
            "json_array_length(response, '$.refs') > 0 LIMIT 1", (campaign.id,))
        return row is not None

    def provider_task(self, campaign: Campaign) -> TaskState | None:
        """The provider-side task's state as last seen (None: the provider keeps no task for it, or none yet)."""
        row = self.store.query_one("SELECT provider_task FROM campaigns WHERE id = ?", (campaign.id,))
        return TaskState(row[0]) if row and row[0] else None

    def set_provider_task(self, campaign: Campaign, state: TaskState | None) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE campaigns SET provider_task = ? WHERE id = ?", (state, campaign.id))

    def provider_refs(self, campaign: Campaign) -> list[str]:
        """Every provider ID the campaign's recorded replies named (VBot legacy campaign IDs), oldest first."""
        return [r[0] for r in self.store.query(
            "SELECT DISTINCT CAST(r.value AS TEXT) FROM dispatch_batches b, json_each(b.response, '$.refs') r "
            "WHERE b.campaign_id = ? AND b.response IS NOT NULL ORDER BY b.seq", (campaign.id,))]

    def cancel_unsent(self, campaign: Campaign, reason: str) -> int:
        """Contacts not sent yet will not be: ``not_sent`` with ``reason``; returns how many."""
        with self.store.transaction() as db:
            changed = db.execute(
                "UPDATE calls SET dispatch = ?, outcome = ?, error = ? WHERE campaign_id = ? AND dispatch = ?",
                (Dispatch.NOT_SENT, Outcome.CANCELLED, reason, campaign.id, Dispatch.PENDING)).rowcount
            db.execute("UPDATE dispatch_batches SET state = ? WHERE campaign_id = ? AND state = ?",
                       (BatchState.CANCELLED, campaign.id, BatchState.PLANNED))
        return changed

    # -- statuses -----------------------------------------------------------------------------------------
    def live_calls(self, campaign: Campaign) -> list[LiveCall]:
        """Sent contacts whose outcome is not final yet, earliest first."""
        rows = self.store.query(
            "SELECT c.id, c.idem_key, c.phone, c.batch_id, b.batch_key, b.started_at, c.outcome FROM calls c "
            f"JOIN dispatch_batches b ON b.id = c.batch_id WHERE c.campaign_id = ? AND c.dispatch = ? AND "
            f"c.outcome NOT IN ({','.join('?' * len(_FINAL))}) ORDER BY c.id",
            (campaign.id, Dispatch.SENT, *_FINAL))
        return [LiveCall(r[0], r[1], r[2], r[3], r[4], r[5] or 0.0, r[6]) for r in rows]

    def apply(self, updates: Sequence[tuple[CallUpdate, Any, str | None]]) -> list[CallUpdate]:
        """Write (update, raw provider record, trans_id) triples in one transaction; returns the updates that
        changed what the Monitor shows."""
        if not updates:
            return []
        changed: list[CallUpdate] = []
        with self.store.transaction() as db:
            for start in range(0, len(updates), _ROWS_PER_STATEMENT):
                part = updates[start:start + _ROWS_PER_STATEMENT]
                ids = [u.call_id for u, _, _ in part]
                current = {
                    r[0]: CallUpdate(*r) for r in db.execute(
                        "SELECT id, outcome, raw_status, duration, cost, recording, error, dispatch FROM calls "
                        f"WHERE id IN ({','.join('?' * len(ids))})", ids)
                }
                fresh = [(u, raw, trans) for u, raw, trans in part if current.get(u.call_id) != u]
                db.executemany(
                    "UPDATE calls SET outcome = ?, raw_status = ?, duration = ?, cost = ?, recording = ?, raw = ?, "
                    "trans_id = COALESCE(?, trans_id), updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
                    "WHERE id = ?",
                    [(u.outcome, u.raw_status, u.duration, u.cost, u.recording_ref,
                      json.dumps(raw, ensure_ascii=False, default=str) if raw is not None else None, trans, u.call_id)
                     for u, raw, trans in fresh])
                changed += [u for u, _, _ in fresh]
        return changed

    def counts(self, campaign: Campaign) -> Counts:
        counts = Counts()
        for dispatch, outcome, n in self.store.query(
                "SELECT dispatch, outcome, COUNT(*) FROM calls WHERE campaign_id = ? GROUP BY dispatch, outcome",
                (campaign.id,)):
            counts.total += n
            counts.dispatch[dispatch] = counts.dispatch.get(dispatch, 0) + n
            if dispatch == Dispatch.SENT:
                counts.outcomes[outcome] = counts.outcomes.get(outcome, 0) + n
        return counts

    def rows(self, campaign: Campaign) -> list[CallUpdate]:
        """Every contact's row, earliest first: the Monitor's initial table."""
        return [CallUpdate(*r) for r in self.store.query(
            "SELECT id, outcome, raw_status, duration, cost, recording, error, dispatch FROM calls "
            "WHERE campaign_id = ? ORDER BY id", (campaign.id,))]

    def people(self, campaign: Campaign) -> list[CallPerson]:
        """Every contact's phone and name, in the order of :meth:`rows`."""
        return [CallPerson(r[0], r[1], r[2] or "", r[3]) for r in self.store.query(
            "SELECT c.id, c.phone, t.name, c.updated_at FROM calls c LEFT JOIN contacts t ON t.id = c.contact_id "
            "WHERE c.campaign_id = ? ORDER BY c.id", (campaign.id,))]

    def recorded_calls(self, campaign: Campaign) -> list[RecordedCall]:
        """The campaign's calls that have a recording reference, earliest first."""
        return [RecordedCall(*r) for r in self.store.query(
            "SELECT id, phone, COALESCE(trans_id, idem_key), recording, updated_at FROM calls "
            "WHERE campaign_id = ? AND recording IS NOT NULL AND recording != '' ORDER BY id", (campaign.id,))]

    def call_details(self, call_id: int) -> dict[str, Any]:
        """One contact's full record for the details pane: the call row, the raw provider payload decoded,
        and the contact's original columns."""
        row = self.store.query_one(
            "SELECT c.*, t.data AS contact_data, t.row_number FROM calls c LEFT JOIN contacts t "
            "ON t.id = c.contact_id WHERE c.id = ?", (call_id,))
        if row is None:
            raise KeyError(f"no call {call_id}")
        details = dict(row)
        details["raw"] = json.loads(row["raw"]) if row["raw"] else None
        details["contact_data"] = json.loads(row["contact_data"]) if row["contact_data"] else {}
        return details

    def export_rows(self, campaign: Campaign, chunk: int = _ROWS_PER_STATEMENT) -> Iterator[list[tuple]]:
        """(contact data JSON, outcome, raw_status, duration, cost, recording, error, dispatch) in chunks,
        in the list's row order; read chunk by chunk so a 100,000-row export stays small in memory."""
        last = -1
        while True:
            rows = self.store.query(
                "SELECT c.id, t.data, c.outcome, c.raw_status, c.duration, c.cost, c.recording, c.error, c.dispatch "
                "FROM calls c LEFT JOIN contacts t ON t.id = c.contact_id WHERE c.campaign_id = ? AND c.id > ? "
                "ORDER BY c.id LIMIT ?", (campaign.id, last, chunk))
            if not rows:
                return
            last = rows[-1][0]
            yield [tuple(r)[1:] for r in rows]

    def list_columns(self, campaign: Campaign) -> list[str]:
        row = self.store.query_one("SELECT columns FROM contact_lists WHERE id = ?", (campaign.list_id,))
        return json.loads(row["columns"]) if row else []


def _settings_json(settings: CampaignOptions) -> str:
    return json.dumps(settings.to_json(), ensure_ascii=False)


def _campaign(row: Any) -> Campaign:
    return Campaign(
        name=row["name"], account_id=row["account_id"], list_id=row["list_id"], provider=row["provider"],
        settings=spec(row["provider"]).options.from_json(json.loads(row["settings"] or "{}")),
        state=CampaignState(row["state"]), key=row["remote_id"] or "", id=row["id"], created_at=row["created_at"])


# Numbers another campaign than :campaign sent (named parameters :campaign and :sent).
_EARLIER_NUMBERS = ("SELECT t.phone_e164 FROM calls c JOIN contacts t ON t.id = c.contact_id "
                    "WHERE c.campaign_id != :campaign AND c.dispatch = :sent")


def _marks(values: Sequence[Any]) -> str:
    """The ``?, ?, …`` placeholders of an ``IN (…)`` list of ``values``."""
    return ",".join("?" * len(values))


def _journal_calls_where(db: Any, condition: str, params: Sequence[Any]) -> list[JournalCall]:
    """The calls matching ``condition`` (on ``calls c``), with the contact's name and columns."""
    rows = db.execute(
        "SELECT c.id, c.idem_key, c.phone, t.name, t.data FROM calls c LEFT JOIN contacts t ON t.id = c.contact_id "
        f"WHERE {condition}", params).fetchall()
    return [JournalCall(r[0], r[1], r[2], r[3] or "", r[4] or "{}") for r in rows]
