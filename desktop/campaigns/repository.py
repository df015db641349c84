"""Campaigns and their calls in the store (tables ``campaigns`` and ``calls``); what was sent is the journal's
(:mod:`desktop.campaigns.journal`), reached as :attr:`CampaignRepository.journal`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from functools import partial
from typing import Any, NamedTuple, TypeVar

from desktop.campaigns.journal import CALLED_ELSEWHERE_REASON, DO_NOT_CALL_REASON, ROWS_PER_STATEMENT, DispatchJournal
from desktop.campaigns.model import BatchState, Campaign, CampaignState, Dispatch, RedialRule
from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.providers import spec
from desktop.providers.base import CallAnswer, CampaignOptions, Outcome, TaskState, new_key
from desktop.store import Store, epoch_of, key_prefix, utc_now_text

_FINAL = tuple(o.value for o in Outcome if o.is_final)
#: How many seconds before its mark :meth:`CampaignRepository.changed_rows` reads again (longer than a transaction
#: of ours takes, and than the clocks of two desks differ).
CHANGED_OVERLAP = 10.0
#: Rows one transaction writes where a long write is split (the launch's call rows, a poll's statuses): the store's
#: one connection is shared with the window's loop, which waits for a transaction in progress.
ROWS_PER_TRANSACTION = 1_000
#: Rows a long read takes a query (the Monitor's table): the window's loop waits for one at most.
READ_PAGE = 5_000


class CampaignNotFound(AutocallError):
    """The campaign was deleted (or never existed) while something still referred to it."""

    def __init__(self, campaign_id: int) -> None:
        super().__init__(_("This campaign no longer exists."))
        self.campaign_id = campaign_id


class CallNotFound(AutocallError):
    """The call's row is gone (its campaign was deleted)."""

    def __init__(self, call_id: int) -> None:
        super().__init__(_("This call no longer exists."))
        self.call_id = call_id


class Channel(StrEnum):
    """How a call row's current result arrived (stored in ``calls.channel``)."""

    POLL = "poll"
    NOTIFICATION = "notification"


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
    answer: str | None = None  # what the callee answered in one word (CallAnswer.key); None: nothing
    channel: str | None = None  # Channel value: how the current result arrived (None before any)


#: The columns a :class:`CallUpdate` is read from, in its order.
_UPDATE_COLUMNS = "id, outcome, raw_status, duration, cost, recording, error, dispatch, answer_key, channel"
_Row = TypeVar("_Row", bound=tuple)


def _made(kind: type[_Row], rows: Iterable[Sequence[Any]]) -> list[_Row]:
    """``rows`` as ``kind``, a NamedTuple whose fields are the query's columns in order, made without a Python call
    per row: at 100,000 rows one call each holds the GIL (and the window's loop) for a tenth of a second."""
    return list(map(partial(tuple.__new__, kind), rows))


class StatusReport(NamedTuple):
    """What :meth:`CampaignRepository.apply` writes for one call: the row as the Monitor shows it, the provider's
    raw record, its call ID, and what the callee answered."""

    update: CallUpdate
    raw: Any
    trans_id: str | None
    answer: CallAnswer | None = None


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


class LiveCall(NamedTuple):
    """A sent contact that is not final yet: what a poll needs to find it again."""

    call_id: int
    key: str
    phone: str
    batch_id: int
    batch_key: str
    started_at: float
    outcome: str


@dataclass(frozen=True)
class ListCounts:
    """A campaign's list by import status, with the valid contacts the live rules hold back (see
    :meth:`CampaignRepository.list_counts`)."""

    by_status: dict[str, int]  # contacts by import status (valid / suppressed / duplicate / invalid)
    do_not_call: int  # valid contacts whose number is on the do-not-call list now
    called_before: int  # other valid contacts whose number another campaign already sent

    def to_send(self, skip_called_before: bool) -> int:
        """What a launch would send."""
        valid = self.by_status.get("valid", 0) - self.do_not_call
        return valid - (self.called_before if skip_called_before else 0)


@dataclass
class Counts:
    """Per-outcome counts of sent contacts and per-dispatch-state counts of all of them."""

    total: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    dispatch: dict[str, int] = field(default_factory=dict)
    answers: dict[str, int] = field(default_factory=dict)  # answer key (CallAnswer.key) → sent contacts

    @property
    def sent(self) -> int:
        return self.dispatch.get(Dispatch.SENT, 0)

    @property
    def unsettled(self) -> int:
        """Contacts still to send or still awaiting reconciliation."""
        return self.dispatch.get(Dispatch.PENDING, 0) + self.dispatch.get(Dispatch.IN_FLIGHT, 0)

    @property
    def final(self) -> int:
        """Contacts that will not change any more (sent and final, refused, not sent, on the do-not-call list)."""
        done = sum(n for o, n in self.outcomes.items() if Outcome(o).is_final)
        held = sum(self.dispatch.get(d, 0) for d in (Dispatch.REFUSED, Dispatch.NOT_SENT, Dispatch.DO_NOT_CALL))
        return done + held


class CampaignRepository:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.journal = DispatchJournal(store)

    # -- campaigns ----------------------------------------------------------------------------------------
    def create(self, name: str, account_id: int, list_id: int, settings: CampaignOptions) -> Campaign:
        campaign = Campaign(name=name, account_id=account_id, list_id=list_id, provider=settings.provider,
                            settings=settings, key=new_key())
        with self.store.transaction() as db:
            campaign.id = db.execute(
                "INSERT INTO campaigns(name, account_id, list_id, provider, settings, state, remote_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (name, account_id, list_id, settings.provider, _settings_json(settings), campaign.state,
                 campaign.key),
            ).fetchone()[0]
        return self.get(campaign.id)

    def get(self, campaign_id: int) -> Campaign:
        row = self.store.query_one("SELECT * FROM campaigns WHERE id = ?", (campaign_id,))
        if row is None:
            raise CampaignNotFound(campaign_id)
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
    def materialise(self, campaign: Campaign, progress: Callable[[int, int], None] | None = None,
                    chunk: int | None = None) -> int:
        """One call row per valid contact of the list (of a later round: per contact the round chose), each with its
        idempotency key, before anything is sent; returns how many rows were written.

        A number on the do-not-call list now is written ``do_not_call``; with "skip numbers an earlier campaign
        called", one another campaign sent is written ``not_sent``; each with its reason.

        Written ``chunk`` (:data:`ROWS_PER_TRANSACTION`) contacts per transaction, in the list's order, so the store
        (shared with the window's loop) is never held long; each continues after the last contact written, so rows an
        interrupted launch left are kept with their keys and completed by the next launch or resume, and a campaign
        with all its rows gets none.
        ``progress(written, total)`` follows each transaction, on the caller's thread.

        The keys are made by the database (:attr:`desktop.store.Dialect.row_key`: a random start per call, then the
        contact's id), the same 32 ``[0-9a-f]`` characters as :func:`new_key`; the ``UNIQUE (campaign_id, idem_key)``
        constraint stands guard over them."""
        params: dict[str, Any] = {
            "campaign": campaign.id, "list": campaign.list_id, "skip": campaign.settings.skip_called_before,
            "whole_list": campaign.first_round_id is None, "n": chunk or ROWS_PER_TRANSACTION,
            "skip_reason": CALLED_ELSEWHERE_REASON, "dnc_reason": DO_NOT_CALL_REASON, "sent": Dispatch.SENT,
            "cancelled": Outcome.CANCELLED, "queued": Outcome.QUEUED, "not_sent": Dispatch.NOT_SENT,
            "do_not_call": Dispatch.DO_NOT_CALL, "pending": Dispatch.PENDING, "key_prefix": key_prefix()}
        total, params["after"], done = self.store.query_one(
            f"SELECT (SELECT COUNT(*) FROM contacts WHERE {_TO_CALL}), "
            "(SELECT COALESCE(MAX(contact_id), 0) FROM calls WHERE campaign_id = :campaign), "
            "(SELECT COUNT(*) FROM calls WHERE campaign_id = :campaign)", params)
        written = 0
        while True:
            with self.store.transaction() as db:
                params["upto"] = db.execute(
                    f"SELECT MAX(id) FROM (SELECT id FROM contacts WHERE {_TO_CALL} AND id > :after ORDER BY id "
                    "LIMIT :n) t", params).fetchone()[0]
                if params["upto"] is None:
                    return written
                written += db.execute(
                    f"""INSERT INTO calls(campaign_id, contact_id, idem_key, phone, outcome, dispatch, error)
                    SELECT :campaign, t.id, {self.store.dialect.row_key.format(id='t.id')}, t.phone_e164,
                           CASE WHEN t.dnc OR t.skip THEN :cancelled ELSE :queued END,
                           CASE WHEN t.dnc THEN :do_not_call WHEN t.skip THEN :not_sent ELSE :pending END,
                           CASE WHEN t.dnc THEN :dnc_reason WHEN t.skip THEN :skip_reason END
                    FROM (SELECT id, phone_e164, row_number, ({_ON_DO_NOT_CALL}) AS dnc,
                                 (:skip AND {_CALLED_ELSEWHERE}) AS skip
                          FROM contacts WHERE {_TO_CALL} AND id > :after AND id <= :upto) t
                    ORDER BY t.row_number, t.id""", params).rowcount
            params["after"] = params["upto"]
            if progress is not None:
                progress(done + written, total)

    def list_counts(self, campaign: Campaign) -> ListCounts:
        """The campaign's list (a later round's chosen contacts) against the do-not-call list and the other campaigns
        as they are now: what a launch would send. ``valid`` leaves out valid contacts now on the do-not-call list
        (counted in ``do_not_call``); ``called_before`` counts the remaining valid ones whose number another campaign
        already sent."""
        params = {"list": campaign.list_id, "campaign": campaign.id, "sent": Dispatch.SENT,
                  "whole_list": campaign.first_round_id is None}
        by_status = dict(self.store.query(
            f"SELECT status, COUNT(*) FROM contacts WHERE list_id = :list AND {_IN_ROUND} GROUP BY status", params))
        on_list, called_before = self.store.query_one(
            "SELECT COALESCE(SUM(CASE WHEN dnc THEN 1 ELSE 0 END), 0), "
            f"COALESCE(SUM(CASE WHEN NOT dnc AND phone_e164 IN ({_EARLIER_NUMBERS}) THEN 1 ELSE 0 END), 0) "
            f"FROM (SELECT phone_e164, ({_ON_DO_NOT_CALL}) AS dnc FROM contacts "
            f"WHERE list_id = :list AND status = 'valid' AND {_IN_ROUND}) t", params)
        return ListCounts(by_status, on_list, called_before)

    # -- the provider's task -------------------------------------------------------------------------------
    def provider_task(self, campaign: Campaign) -> TaskState | None:
        """The provider-side task's state as last seen (None: the provider keeps no task for it, or none yet)."""
        row = self.store.query_one("SELECT provider_task FROM campaigns WHERE id = ?", (campaign.id,))
        return TaskState(row[0]) if row and row[0] else None

    def set_provider_task(self, campaign: Campaign, state: TaskState | None) -> None:
        with self.store.transaction() as db:
            db.execute("UPDATE campaigns SET provider_task = ? WHERE id = ?", (state, campaign.id))

    # -- statuses -----------------------------------------------------------------------------------------
    def live_calls(self, campaign: Campaign) -> list[LiveCall]:
        """Sent contacts whose outcome is not final yet, earliest first."""
        rows = self.store.query(
            "SELECT c.id, c.idem_key, c.phone, c.batch_id, b.batch_key, COALESCE(b.started_at, 0.0), c.outcome "
            "FROM calls c "
            f"JOIN dispatch_batches b ON b.id = c.batch_id WHERE c.campaign_id = ? AND c.dispatch = ? AND "
            f"c.outcome NOT IN ({','.join('?' * len(_FINAL))}) ORDER BY c.id",
            (campaign.id, Dispatch.SENT, *_FINAL))
        return _made(LiveCall, rows)

    def apply(self, updates: Sequence[StatusReport], channel: Channel = Channel.POLL) -> list[CallUpdate]:
        """Write the reports, :data:`ROWS_PER_TRANSACTION` a transaction (a report written twice changes nothing,
        so a poll stopped part-way is completed by the next), noting the ``channel`` they came by on each row they
        change; returns the updates that changed what the Monitor shows. A row whose outcome is final keeps it: polls
        and notifications may arrive in any order, and a later report of an earlier state never undoes a result."""
        changed: list[CallUpdate] = []
        for start in range(0, len(updates), ROWS_PER_TRANSACTION):
            with self.store.transaction() as db:
                changed += apply_in(db, updates[start:start + ROWS_PER_TRANSACTION], channel)
        return changed

    def last_notified(self, campaign: Campaign) -> float | None:
        """Epoch seconds when a notification last changed one of the campaign's rows; None if none ever did."""
        row = self.store.query_one("SELECT MAX(updated_at) FROM calls WHERE campaign_id = ? AND channel = ?",
                                   (campaign.id, str(Channel.NOTIFICATION)))
        return epoch_of(row[0]) if row else None

    def counts(self, campaign: Campaign) -> Counts:
        counts = Counts()
        for dispatch, outcome, answer, n in self.store.query(
                "SELECT dispatch, outcome, answer_key, COUNT(*) FROM calls WHERE campaign_id = ? "
                "GROUP BY dispatch, outcome, answer_key", (campaign.id,)):
            counts.total += n
            counts.dispatch[dispatch] = counts.dispatch.get(dispatch, 0) + n
            if dispatch == Dispatch.SENT:
                counts.outcomes[outcome] = counts.outcomes.get(outcome, 0) + n
                if answer:
                    counts.answers[answer] = counts.answers.get(answer, 0) + n
        return counts

    def rows(self, campaign: Campaign) -> list[CallUpdate]:
        """Every contact's row, earliest first: the Monitor's initial table."""
        return _made(CallUpdate, self._pages(
            f"SELECT {_UPDATE_COLUMNS} FROM calls WHERE campaign_id = ? AND id > ? ORDER BY id LIMIT ?", campaign))

    def _pages(self, sql: str, campaign: Campaign) -> list[Any]:
        """The rows of ``sql`` (parameters: the campaign, the call id to read after, how many), :data:`READ_PAGE` a
        query: the store, shared with the window's loop, is never held for a whole campaign's read."""
        found: list[Any] = []
        while True:
            page = self.store.query(sql, (campaign.id, found[-1][0] if found else 0, READ_PAGE))
            found += page
            if len(page) < READ_PAGE:
                return found

    def dispatch_rows(self, campaign: Campaign, since_batch: int) -> tuple[list[CallUpdate], int]:
        """The rows of batches numbered ``since_batch`` or later (what dispatch changed since then), and the batch
        to read from next time: the lowest batch still open now, or the newest one (0 before any), so a batch
        reopened by reconciliation or still in flight is read again until it settles. Cost follows the batches, not the
        campaign's size."""
        # The marks are read before the rows: a batch that settles in between is read now and, if newer, again.
        newest, lowest_open = self.store.query(
            "SELECT (SELECT id FROM dispatch_batches WHERE campaign_id = ? ORDER BY seq DESC LIMIT 1), "
            "(SELECT MIN(id) FROM dispatch_batches WHERE campaign_id = ? AND state IN (?, ?, ?))",
            (campaign.id, campaign.id, BatchState.PLANNED, BatchState.IN_FLIGHT, BatchState.FAILED))[0]
        rows = _made(CallUpdate, self.store.query(
            f"SELECT {_UPDATE_COLUMNS} FROM calls {self.store.dialect.indexed_by('calls_batch')} "
            "WHERE batch_id >= ? AND campaign_id = ? ORDER BY id", (since_batch, campaign.id)))
        following = 0 if newest is None else min(newest, lowest_open if lowest_open is not None else newest)
        return rows, following

    def changed_rows(self, campaign: Campaign, since: str | None,
                     overlap: float = CHANGED_OVERLAP) -> tuple[list[CallUpdate], str]:
        """The rows whose ``updated_at`` is ``since`` (a mark this returned; "": every row; None: no row, only the
        mark) or up to ``overlap`` seconds earlier, and the mark to pass next time: the newest ``updated_at`` now,
        read first. The overlap reads again what a slower transaction or a writer with a clock a little behind
        committed late. Results and held-back contacts set ``updated_at``; dispatch marks are :meth:`dispatch_rows`'s.
        Each part is one seek in the (campaign, channel, updated_at) index: cost follows the rows changed."""
        channels = [str(c) for c in Channel]
        marks = self.store.query(
            "SELECT (SELECT MAX(updated_at) FROM calls WHERE campaign_id = ? AND channel IS NULL), "
            + ", ".join("(SELECT MAX(updated_at) FROM calls WHERE campaign_id = ? AND channel = ?)" for _ in channels),
            (campaign.id, *(value for c in channels for value in (campaign.id, c))))[0]
        mark = max((m for m in marks if m is not None), default="")
        if since is None:
            return [], mark
        start = since and _at_text(epoch_of(since) - overlap)
        placeholders = ",".join("?" * len(channels))
        rows = self.store.query(
            f"SELECT {_UPDATE_COLUMNS} FROM calls WHERE campaign_id = ? AND channel IS NULL AND updated_at >= ? "
            f"UNION ALL SELECT {_UPDATE_COLUMNS} FROM calls WHERE campaign_id = ? AND channel IN ({placeholders}) "
            "AND updated_at >= ? ORDER BY id", (campaign.id, start, campaign.id, *channels, start))
        return _made(CallUpdate, rows), mark

    def people(self, campaign: Campaign) -> list[CallPerson]:
        """Every contact's phone and name, in the order of :meth:`rows`."""
        return _made(CallPerson, self._pages(
            "SELECT c.id, c.phone, COALESCE(t.name, ''), c.updated_at FROM calls c "
            "LEFT JOIN contacts t ON t.id = c.contact_id WHERE c.campaign_id = ? AND c.id > ? ORDER BY c.id LIMIT ?",
            campaign))

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
            raise CallNotFound(call_id)
        details = dict(row)
        details["raw"] = json.loads(row["raw"]) if row["raw"] else None
        details["contact_data"] = json.loads(row["contact_data"]) if row["contact_data"] else {}
        return details

    def export_rows(self, campaign: Campaign, chunk: int = ROWS_PER_STATEMENT) -> Iterator[list[tuple]]:
        """(contact data JSON, outcome, raw_status, duration, cost, recording, error, dispatch, then the
        recording's phone, call id and time as :meth:`recorded_calls` gives them, then the answer JSON, talk time,
        when the call started, when its batch was sent and the contact's id) in chunks, in the list's row order;
        read chunk by chunk so a 100,000-row export stays small in memory."""
        last = -1
        while True:
            rows = self.store.query(
                "SELECT c.id, t.data, c.outcome, c.raw_status, c.duration, c.cost, c.recording, c.error, c.dispatch, "
                "c.phone, COALESCE(c.trans_id, c.idem_key), c.updated_at, c.answer, c.talk_seconds, c.called_at, "
                "b.started_at, c.contact_id FROM calls c LEFT JOIN contacts t ON t.id = c.contact_id "
                "LEFT JOIN dispatch_batches b ON b.id = c.batch_id WHERE c.campaign_id = ? AND c.id > ? "
                "ORDER BY c.id LIMIT ?", (campaign.id, last, chunk))
            if not rows:
                return
            last = rows[-1][0]
            yield [tuple(r)[1:] for r in rows]

    def list_columns(self, campaign: Campaign) -> list[str]:
        row = self.store.query_one("SELECT columns FROM contact_lists WHERE id = ?", (campaign.list_id,))
        return json.loads(row["columns"]) if row else []


def apply_in(db: Any, updates: Sequence[StatusReport], channel: Channel) -> list[CallUpdate]:
    """:meth:`CampaignRepository.apply` within the caller's open transaction ``db`` (a batch of notifications
    stored and applied in one commit). The answer is written with the status it came with: its JSON, its key, the
    talk time and when the call started."""
    changed: list[CallUpdate] = []
    now = utc_now_text()
    for start in range(0, len(updates), ROWS_PER_STATEMENT):
        part = updates[start:start + ROWS_PER_STATEMENT]
        ids = [r.update.call_id for r in part]
        current = {
            r[0]: CallUpdate(*r) for r in db.execute(
                f"SELECT {_UPDATE_COLUMNS} FROM calls WHERE id IN ({','.join('?' * len(ids))})", ids)
        }
        fresh = [r for r in part if (was := current.get(r.update.call_id)) is not None
                 and was._replace(channel=None) != r.update._replace(channel=None) and was.outcome not in _FINAL]
        db.executemany(
            "UPDATE calls SET outcome = ?, raw_status = ?, duration = ?, cost = ?, recording = ?, raw = ?, "
            "trans_id = COALESCE(?, trans_id), channel = ?, answer = ?, answer_key = ?, talk_seconds = ?, "
            "called_at = COALESCE(?, called_at), updated_at = ? "
            f"WHERE id = ? AND outcome NOT IN ({','.join('?' * len(_FINAL))})",
            [(u.outcome, u.raw_status, u.duration, u.cost, u.recording_ref,
              json.dumps(raw, ensure_ascii=False, default=str) if raw is not None else None, trans, str(channel),
              json.dumps(answer.to_json(), ensure_ascii=False) if answer else None, u.answer,
              answer.talk_seconds if answer else None, answer.started_at if answer else None, now, u.call_id,
              *_FINAL)
             for u, raw, trans, answer in fresh])
        changed += [r.update._replace(channel=str(channel)) for r in fresh]
    return changed


def _at_text(epoch: float) -> str:
    """Epoch seconds as the ``*_at`` text columns hold them (:func:`desktop.store.utc_now_text`)."""
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _settings_json(settings: CampaignOptions) -> str:
    return json.dumps(settings.to_json(), ensure_ascii=False)


def _campaign(row: Any) -> Campaign:
    return Campaign(
        name=row["name"], account_id=row["account_id"], list_id=row["list_id"], provider=row["provider"],
        settings=spec(row["provider"]).options.from_json(json.loads(row["settings"] or "{}")),
        state=CampaignState(row["state"]), key=row["remote_id"] or "", id=row["id"], created_at=row["created_at"],
        parent_id=row["parent_campaign_id"], first_round_id=row["first_round_id"], round_no=row["round_no"],
        not_before=row["not_before"],
        redial_rule=RedialRule.from_json(json.loads(row["redial_rule"])) if row["redial_rule"] else None)


# Whether a contact's number (contacts.phone_e164) is on the do-not-call list.
_ON_DO_NOT_CALL = "EXISTS (SELECT 1 FROM do_not_call d WHERE d.phone_e164 = contacts.phone_e164)"
# Whether a contact of the list is one the campaign calls: all of them on a first round (:whole_list), else those its
# round chose (named parameters :whole_list and :campaign).
_IN_ROUND = "(:whole_list OR contacts.id IN (SELECT contact_id FROM round_contacts WHERE campaign_id = :campaign))"
# The contacts a campaign calls: the valid ones of its list in its round (named parameters :list and as above).
_TO_CALL = f"list_id = :list AND status = 'valid' AND {_IN_ROUND}"
# Numbers another campaign than :campaign sent (named parameters :campaign and :sent): built once per statement by
# reading every call of every campaign, for a statement over a whole list.
_EARLIER_NUMBERS = ("SELECT t.phone_e164 FROM calls c JOIN contacts t ON t.id = c.contact_id "
                    "WHERE c.campaign_id != :campaign AND c.dispatch = :sent")
# Whether another campaign than :campaign sent a contact's number (contacts.phone_e164; same parameters), through the
# indexes on a number's contacts and a contact's calls: for a launch's many short transactions, which would each
# build the list above again (reading the calls they have written so far too).
_CALLED_ELSEWHERE = ("EXISTS (SELECT 1 FROM contacts t JOIN calls c ON c.contact_id = t.id "
                     "WHERE t.phone_e164 = contacts.phone_e164 AND c.campaign_id != :campaign AND c.dispatch = :sent)")
