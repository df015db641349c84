"""The dispatch journal: what was sent, in tables ``dispatch_batches`` and ``calls``, so no contact is dialled twice.

The rule lives in the order of these calls: :meth:`DispatchJournal.open_batch` writes the batch and marks its contacts
``in_flight`` in one transaction *before* anything is sent; :meth:`~DispatchJournal.close_batch` records the reply;
a failure that may have reached the provider leaves the contacts ``in_flight`` (``close_batch`` with
``state=FAILED``) until :meth:`~DispatchJournal.resolve` records what the provider's own records say. Every
multi-row change is one transaction, so a kill at any instant leaves a state reconciliation understands.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from desktop.campaigns.model import BatchState, Campaign, Dispatch
from desktop.i18n import N_, keep
from desktop.providers.base import Outcome, RawJson, new_key
from desktop.store import Store, epoch_of, utc_now_text

#: Rows one statement touches at most.
ROWS_PER_STATEMENT = 5000
#: How a stored reply (dispatch_batches.response) starts: its provider IDs first.
_REFS_PREFIX = '{"refs": ['
# calls.error keeps its sentence as desktop.i18n.keep writes it (read with shown), never a translation.
#: calls.error of a contact held back because its number is on the do-not-call list.
DO_NOT_CALL_REASON = N_("Not called: on the do-not-call list.")
#: calls.error of a contact held back because another campaign already sent its number.
CALLED_ELSEWHERE_REASON = N_("Not called: an earlier campaign already called this number.")
#: calls.error of a contact the operator cancelled before it was sent.
CANCELLED_REASON = N_("Cancelled by the operator before it was sent.")


@dataclass(frozen=True)
class JournalCall:
    """A contact in a journalled batch: what the request needs (idempotency key first)."""

    call_id: int
    key: str
    phone: str  # E164 (checked at import); the client writes it the provider's way
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
    held_back: int = 0  # pending contacts opening it found on the do-not-call list (or called elsewhere)


def _now() -> float:
    return time.time()


class DispatchJournal:
    """The batches of every campaign and the dispatch state of their contacts."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _transaction(self) -> AbstractContextManager[Any]:
        """Where each multi-row change is written: a transaction of its own."""
        return self.store.transaction()

    @contextmanager
    def one_transaction(self) -> Iterator[DispatchJournal]:
        """This journal with every change made through it in one transaction, committed at the end (one commit for
        recording a reply and opening the next batch); the changes keep their order, and a failure undoes them all."""
        with self.store.transaction() as db:
            yield _InTransaction(self.store, db)

    def open_batch(self, campaign: Campaign, size: int) -> JournalBatch | None:
        """Journal the next batch as ``in_flight`` (a batch planned for resending first, else the next ``size``
        pending contacts, earliest first) and return it; None when nothing is left to send.

        This is the last moment before the request leaves, so the do-not-call list (and, with "skip numbers an
        earlier campaign called", the other campaigns' sent numbers) is applied here, as it stands now, in the same
        transaction: such contacts are held back (:func:`hold_back`) instead of journalled, and only pending
        contacts are ever held back, never one in flight.

        Each contact row is read once, with what the request needs, and the batch's rows are marked in one
        statement: this runs on the loop before every request, so its cost is paid by the whole dispatch."""
        now = _now()
        held_back = 0
        with self._transaction() as db:
            while True:
                planned = db.execute(
                    "SELECT id, seq, batch_key FROM dispatch_batches WHERE campaign_id = ? AND state = ? ORDER BY seq "
                    "LIMIT 1", (campaign.id, BatchState.PLANNED)).fetchone()
                if planned:
                    batch_id, seq, batch_key = planned
                    calls = _journal_calls_where(db, "c.batch_id = ? AND c.dispatch = ? ORDER BY c.id",
                                                 (batch_id, Dispatch.PENDING))
                else:
                    calls = _journal_calls_where(
                        db, "c.campaign_id = ? AND c.dispatch = ? AND c.batch_id IS NULL ORDER BY c.id LIMIT ?",
                        (campaign.id, Dispatch.PENDING, size))
                    if not calls:
                        return None
                held = hold_back(db, campaign, [c.call_id for c in calls])
                held_back += len(held)
                calls = [c for c in calls if c.call_id not in held]
                if calls:
                    break
                if planned:  # everything left in it is held back: it is never sent
                    db.execute("UPDATE dispatch_batches SET state = ? WHERE id = ?", (BatchState.CANCELLED, batch_id))
            if planned:
                db.execute("UPDATE dispatch_batches SET state = ?, started_at = ?, error = NULL, updated_at = ? "
                           "WHERE id = ?", (BatchState.IN_FLIGHT, now, utc_now_text(), batch_id))
            else:
                seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM dispatch_batches WHERE campaign_id = ?",
                                 (campaign.id,)).fetchone()[0]
                batch_key = new_key()
                batch_id = db.execute(
                    "INSERT INTO dispatch_batches(campaign_id, seq, state, batch_key, request, started_at) "
                    "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                    (campaign.id, seq, BatchState.IN_FLIGHT, batch_key, json.dumps({"contacts": len(calls)}), now),
                ).fetchone()[0]
            for start in range(0, len(calls), ROWS_PER_STATEMENT):
                ids = [c.call_id for c in calls[start:start + ROWS_PER_STATEMENT]]
                db.execute(f"UPDATE calls SET dispatch = ?, batch_id = ? WHERE id IN ({_marks(ids)})",
                           (Dispatch.IN_FLIGHT, batch_id, *ids))
        return JournalBatch(batch_id, seq, batch_key, now, calls, held_back)

    def hold_back_pending(self, campaign: Campaign) -> int:
        """Apply the do-not-call list (and "skip numbers an earlier campaign called") to every contact still
        pending, now: launch and resume do it first, so the counts shown while sending are the live ones."""
        with self._transaction() as db:
            ids = [r[0] for r in db.execute("SELECT id FROM calls WHERE campaign_id = ? AND dispatch = ?",
                                            (campaign.id, Dispatch.PENDING))]
            held = 0
            for start in range(0, len(ids), ROWS_PER_STATEMENT):
                held += len(hold_back(db, campaign, ids[start:start + ROWS_PER_STATEMENT]))
        return held

    def close_batch(self, batch_id: int, accepted: Iterable[str], refused: Iterable[tuple[str, str]],
                    refs: Sequence[str], raw: Any, *, state: BatchState = BatchState.SENT,
                    error: str | None = None) -> None:
        """Record a reply: ``accepted`` keys are sent, ``refused`` (key, reason) are refused; contacts in neither
        stay ``in_flight`` (only a failed batch leaves any)."""
        accepted = list(accepted)
        with self._transaction() as db:
            # One statement per chunk of keys: a statement per key would walk the batch's rows once for each.
            for start in range(0, len(accepted), ROWS_PER_STATEMENT):
                part = accepted[start:start + ROWS_PER_STATEMENT]
                db.execute(f"UPDATE calls SET dispatch = ? WHERE batch_id = ? AND idem_key IN ({_marks(part)})",
                           (Dispatch.SENT, batch_id, *part))
            db.executemany(
                "UPDATE calls SET dispatch = ?, outcome = ?, error = ? WHERE batch_id = ? AND idem_key = ?",
                [(Dispatch.REFUSED, Outcome.REJECTED, reason, batch_id, k) for k, reason in refused])
            db.execute(
                "UPDATE dispatch_batches SET state = ?, response = ?, error = ?, updated_at = ? WHERE id = ?",
                (str(state), _reply_json(refs, raw), error, utc_now_text(), batch_id))

    def release_batch(self, batch_id: int, error: str) -> None:
        """The request provably never reached the provider (refused before sending, 429, bad credentials): its
        contacts go back to pending, kept in this batch so they are resent with the same keys."""
        with self._transaction() as db:
            db.execute("UPDATE calls SET dispatch = ? WHERE batch_id = ? AND dispatch = ?",
                       (Dispatch.PENDING, batch_id, Dispatch.IN_FLIGHT))
            db.execute("UPDATE dispatch_batches SET state = ?, error = ? WHERE id = ?",
                       (BatchState.PLANNED, error, batch_id))

    def unsettled_batches(self, campaign: Campaign) -> list[JournalBatch]:
        """Batches in flight or failed, with their contacts still ``in_flight``: what reconciliation must ask
        the provider about."""
        with self._transaction() as db:
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
        with self._transaction() as db:
            db.executemany("UPDATE calls SET dispatch = ? WHERE batch_id = ? AND idem_key = ? AND dispatch = ?",
                           [(Dispatch.SENT, batch_id, k, Dispatch.IN_FLIGHT) for k in known])
            db.executemany("UPDATE calls SET dispatch = ? WHERE batch_id = ? AND idem_key = ? AND dispatch = ?",
                           [(Dispatch.PENDING, batch_id, k, Dispatch.IN_FLIGHT) for k in absent])
            left = db.execute("SELECT COUNT(*) FROM calls WHERE batch_id = ? AND dispatch = ?",
                              (batch_id, Dispatch.IN_FLIGHT)).fetchone()[0]
            if not left:
                state = BatchState.PLANNED if absent else BatchState.RECONCILED
                db.execute("UPDATE dispatch_batches SET state = ?, error = ? WHERE id = ?", (state, note, batch_id))

    def mark_interrupted(self, batch_id: int, note: str) -> None:
        """A batch still ``in_flight`` while nothing is sending it (the app stopped mid-request): its request has
        ended by now, so it is recorded as failed at this moment; batches opened after it queue behind it."""
        with self._transaction() as db:
            db.execute("UPDATE dispatch_batches SET state = ?, error = COALESCE(error, ?), updated_at = ? "
                       "WHERE id = ? AND state = ?", (BatchState.FAILED, note, utc_now_text(), batch_id,
                                                      BatchState.IN_FLIGHT))

    def later_sent(self, campaign: Campaign, batch_id: int, limit: int) -> list[JournalCall]:
        """Up to ``limit`` contacts, earliest first, that the provider accepted in batches of ``campaign`` opened
        after batch ``batch_id``'s request had ended (its failure was recorded): they were queued behind it."""
        with self._transaction() as db:
            failed = db.execute("SELECT updated_at FROM dispatch_batches WHERE id = ? AND state = ?",
                                (batch_id, BatchState.FAILED)).fetchone()
            if failed is None:
                return []
            return _journal_calls_where(
                db, "c.dispatch = ? AND c.batch_id IN (SELECT id FROM dispatch_batches WHERE campaign_id = ? AND "
                    "started_at > ?) ORDER BY c.id LIMIT ?",
                (Dispatch.SENT, campaign.id, epoch_of(failed[0]), limit))

    def decide_unsettled(self, campaign: Campaign, decision: dict[str, Any], *, not_sent: bool) -> int:
        """The operator's decision about the contacts awaiting confirmation, noted in each unsettled batch's
        ``request`` (``decisions``: who, when, why). With ``not_sent`` they go back to pending in their batch,
        which is planned again so they are sent with the same keys; otherwise they keep waiting. Returns how many
        contacts the decision is about."""
        with self._transaction() as db:
            batches = [r[0] for r in db.execute(
                "SELECT id FROM dispatch_batches WHERE campaign_id = ? AND state IN (?, ?)",
                (campaign.id, BatchState.IN_FLIGHT, BatchState.FAILED))]
            if not batches:
                return 0
            marks = _marks(batches)
            count = db.execute(f"SELECT COUNT(*) FROM calls WHERE batch_id IN ({marks}) AND dispatch = ?",
                               (*batches, Dispatch.IN_FLIGHT)).fetchone()[0]
            requests = db.execute(f"SELECT id, request FROM dispatch_batches WHERE id IN ({marks})", batches)
            db.executemany("UPDATE dispatch_batches SET request = ? WHERE id = ?",
                           [(_with_decision(request, decision | {"contacts": count}), batch) for batch, request
                            in requests.fetchall()])
            if not_sent:
                db.execute(f"UPDATE calls SET dispatch = ?, updated_at = ? WHERE batch_id IN ({marks}) "
                           "AND dispatch = ?", (Dispatch.PENDING, utc_now_text(), *batches, Dispatch.IN_FLIGHT))
                db.execute(f"UPDATE dispatch_batches SET state = ?, error = ? WHERE id IN ({marks})",
                           (BatchState.PLANNED, keep(N_("Marked as not sent by {name}"), name=decision.get("by")),
                            *batches))
        return count

    def mark_task_opened(self, batch_id: int, campaign_key: str) -> None:
        """Reconciliation found the NXCLOUD task a lost reply had created: later batches must add, not create."""
        with self._transaction() as db:
            db.execute("UPDATE dispatch_batches SET response = ? WHERE id = ?",
                       (json.dumps({"refs": [campaign_key], "raw": None}), batch_id))

    def task_opened(self, campaign: Campaign) -> bool:
        """Whether a recorded reply shows the provider opened the campaign (NXCLOUD created the task): one names a
        provider ID. Replies are stored as :meth:`close_batch` writes them (``{"refs": [...], ...``), so the text
        says it without decoding every reply."""
        row = self.store.query_one(
            "SELECT 1 FROM dispatch_batches WHERE campaign_id = ? AND response LIKE ? AND response NOT LIKE ? LIMIT 1",
            (campaign.id, _REFS_PREFIX + "%", _REFS_PREFIX + "]%"))
        return row is not None

    def provider_refs(self, campaign: Campaign) -> list[str]:
        """Every provider ID the campaign's recorded replies named (VBot legacy campaign IDs), oldest first."""
        refs: dict[str, None] = {}
        for (response,) in self.store.query(
                "SELECT response FROM dispatch_batches WHERE campaign_id = ? AND response LIKE ? "
                "AND response NOT LIKE ? ORDER BY seq", (campaign.id, _REFS_PREFIX + "%", _REFS_PREFIX + "]%")):
            refs.update((str(ref), None) for ref in json.loads(response)["refs"])
        return list(refs)

    def cancel_unsent(self, campaign: Campaign, reason: str) -> int:
        """Contacts not sent yet will not be: ``not_sent`` with ``reason``; returns how many."""
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE calls SET dispatch = ?, outcome = ?, error = ? WHERE campaign_id = ? AND dispatch = ?",
                (Dispatch.NOT_SENT, Outcome.CANCELLED, reason, campaign.id, Dispatch.PENDING)).rowcount
            db.execute("UPDATE dispatch_batches SET state = ? WHERE campaign_id = ? AND state = ?",
                       (BatchState.CANCELLED, campaign.id, BatchState.PLANNED))
        return changed


class _InTransaction(DispatchJournal):
    """A journal whose changes go into the open transaction ``db`` (:meth:`DispatchJournal.one_transaction`)."""

    def __init__(self, store: Store, db: Any) -> None:
        super().__init__(store)
        self._db = db

    def _transaction(self) -> AbstractContextManager[Any]:
        return nullcontext(self._db)


def hold_back(db: Any, campaign: Campaign, call_ids: Sequence[int]) -> set[int]:
    """Of the pending ``call_ids`` (at most :data:`ROWS_PER_STATEMENT`), mark those whose number is on the do-not-call
    list now ``do_not_call``, and, when the campaign skips numbers an earlier campaign called, those another campaign
    has sent ``not_sent``; returns the ids marked. Numbers compare as stored: E.164 on both sides (desktop/phones.py).

    Runs inside the caller's transaction; a contact in flight or settled is never touched."""
    if not call_ids:
        return set()
    marks = _marks(call_ids)
    held = {r[0] for r in db.execute(
        f"SELECT c.id FROM calls c WHERE c.id IN ({marks}) AND c.dispatch = ? AND EXISTS "
        "(SELECT 1 FROM do_not_call d WHERE d.phone_e164 = c.phone)", (*call_ids, Dispatch.PENDING))}
    if held:
        db.execute(f"UPDATE calls SET dispatch = ?, outcome = ?, error = ?, updated_at = ? WHERE id IN "
                   f"({_marks(list(held))})", (Dispatch.DO_NOT_CALL, Outcome.CANCELLED, DO_NOT_CALL_REASON,
                                               utc_now_text(), *held))
    if campaign.settings.skip_called_before:
        elsewhere = {r[0] for r in db.execute(
            f"SELECT c.id FROM calls c WHERE c.id IN ({marks}) AND c.dispatch = ? AND EXISTS "
            "(SELECT 1 FROM calls o WHERE o.phone = c.phone AND o.dispatch = ? AND o.campaign_id != c.campaign_id)",
            (*call_ids, Dispatch.PENDING, Dispatch.SENT))}
        if elsewhere:
            db.execute(f"UPDATE calls SET dispatch = ?, outcome = ?, error = ?, updated_at = ? WHERE id IN "
                       f"({_marks(list(elsewhere))})", (Dispatch.NOT_SENT, Outcome.CANCELLED, CALLED_ELSEWHERE_REASON,
                                                        utc_now_text(), *elsewhere))
        held |= elsewhere
    return held


def _with_decision(request: str | None, decision: dict[str, Any]) -> str:
    """A batch's ``request`` JSON with ``decision`` appended to its ``decisions``."""
    summary = json.loads(request) if request else {}
    summary["decisions"] = [*summary.get("decisions", []), decision]
    return json.dumps(summary, ensure_ascii=False)


def _reply_json(refs: Sequence[str], raw: Any) -> str:
    """A reply as ``dispatch_batches.response`` keeps it, ``{"refs": [...], "raw": ...}`` (:data:`_REFS_PREFIX`);
    a reply kept as received (:class:`RawJson`) is written as it is, anything else is encoded."""
    def text(value: Any) -> str:
        return value if isinstance(value, RawJson) else json.dumps(value, ensure_ascii=False, default=str)

    raw_text = f"[{', '.join(map(text, raw))}]" if isinstance(raw, list) else text(raw)
    return f'{{"refs": {json.dumps(list(refs), ensure_ascii=False)}, "raw": {raw_text}}}'


def _marks(values: Sequence[Any]) -> str:
    """The ``?, ?, …`` placeholders of an ``IN (…)`` list of ``values``."""
    return ",".join("?" * len(values))


def _journal_calls_where(db: Any, condition: str, params: Sequence[Any]) -> list[JournalCall]:
    """The calls matching ``condition`` (on ``calls c``), with the contact's name and columns."""
    from desktop.phones import E164  # phonenumbers is loaded when a number is first handled
    rows = db.execute(
        "SELECT c.id, c.idem_key, c.phone, t.name, t.data FROM calls c LEFT JOIN contacts t ON t.id = c.contact_id "
        f"WHERE {condition}", params).fetchall()
    return [JournalCall(r[0], r[1], E164(r[2]), r[3] or "", r[4] or "{}") for r in rows]
