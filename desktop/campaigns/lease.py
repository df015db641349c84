"""Exactly one process runs a campaign: sending it (launch, resume), following its calls (polling) and checking an
interrupted send with the provider (reconciliation) all happen under the campaign's lease, one row of
``campaign_leases`` good until ``expires_at``.

- Taking it is one conditional upsert in one transaction: it succeeds when nobody holds the campaign, when this
  process holds it already, or when the holder's expiry has passed (it died: SIGKILL, power cut, network gone).
  Whoever else asks is refused with :class:`LeaseHeld`, naming the computer that runs it.
- The holder renews it every :data:`RENEW_SECONDS` (on a worker thread), and renews it on the spot before a batch
  it sends only when its last good renewal is older than ``LEASE_SECONDS - RENEW_SECONDS`` (younger, the lease is
  good for at least :data:`RENEW_SECONDS` more whatever the store is busy with); a renewal succeeds only while the
  row is still this process's, so a holder that was frozen past its expiry and taken over learns it before sending
  anything more (:class:`LeaseLost`).
- It is let go when the last use ends (paused, finished, cancelled, the app closed). A holder that dies lets go by
  expiring; the next one resumes by reconciling the batches left in flight before it sends anything.
- Another process asks the holder to pause, cancel or resume by writing a :class:`Request` on the row
  (desktop/campaigns/requests.py); every renewal reads it back and hands it to :attr:`Leases.on_request`. A request
  goes with the row: a holder taking over an expired lease inherits it, a lease let go drops it.

Times are the database's clock (epoch seconds, ``Dialect.epoch_now``), read in the transaction that uses them: desks
sharing a PostgreSQL server judge expiry by one clock, whatever their own clocks say.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import socket
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.store import Store

log = logging.getLogger(__name__)

#: Seconds a lease stays good after its last renewal: how long a campaign whose runner died waits to be taken over.
LEASE_SECONDS = 20.0
#: Seconds between renewals: four chances before expiry, so a slow write (a busy SQLite file, a PostgreSQL round
#: trip, a big batch committed on the loop) or two never lose a live holder its campaign.
RENEW_SECONDS = 5.0

Kind = Literal["desk", "server"]
#: What another process may ask of a campaign's holder.
What = Literal["pause", "cancel", "resume"]


@dataclass(frozen=True)
class Holder:
    """Who this process is, as the lease row records it: a desk (the window, the CLI) or the server, its computer's
    name and an id of its own (two processes on one computer are two holders)."""

    kind: Kind
    host: str
    id: str


_this = Holder("desk", socket.gethostname() or "?", uuid.uuid4().hex)


def this_process() -> Holder:
    return _this


def set_kind(kind: Kind) -> None:
    """Record this process as ``kind`` from now on (``autocall serve`` says "server" once at start)."""
    global _this
    _this = dataclasses.replace(_this, kind=kind)


@dataclass(frozen=True)
class LeaseHolder:
    """A campaign's lease as stored: who holds it and until when."""

    campaign_id: int
    holder: str
    kind: str
    host: str
    acquired_at: float
    expires_at: float
    request: Request | None = None  # what another process asked of the holder, not yet done

    def is_server(self) -> bool:
        return self.kind == "server"

    def where(self) -> str:
        """Where the campaign runs, in words: "the server NAME", "the computer NAME" ("another computer" when the row
        that named it is gone)."""
        if not self.host:
            return _("another computer")
        if self.is_server():
            return _("the server {host}").format(host=self.host)
        return _("the computer {host}").format(host=self.host)


@dataclass(frozen=True)
class Request:
    """A pause, cancel or resume another process asked of a campaign's holder: who asked (``by``, the operator's
    name), from which computer (``host``) and when (the database's clock, epoch seconds)."""

    campaign_id: int
    what: What
    by: str
    host: str
    at: float


class LeaseHeld(AutocallError):
    """Another process runs the campaign; ``holder`` says which. Nothing was sent or changed."""

    def __init__(self, holder: LeaseHolder, text: str | None = None) -> None:
        self.holder = holder
        if text is None and holder.is_server():
            text = _("This campaign is running on the server {host}: it sends the campaign and follows its calls, so "
                     "nothing needs doing here.").format(host=holder.host)
        elif text is None:
            text = _("This campaign is running on {where}: use that computer, or try again here once it stops (one "
                     "that was switched off lets go within {seconds} seconds).").format(
                         where=holder.where(), seconds=round(LEASE_SECONDS))
        super().__init__(text)


class LeaseLost(LeaseHeld):
    """This process held the campaign but another took it over (this one was frozen past the expiry); it stopped
    before sending anything more."""

    def __init__(self, holder: LeaseHolder) -> None:
        super().__init__(holder, _("This computer stopped responding for a while and {where} took the campaign over: "
                                   "sending stopped here and goes on there.").format(where=holder.where()))


def acquire(store: Store, campaign_id: int, holder: Holder | None = None, *, now: float | None = None,
            seconds: float | None = None) -> bool:
    """Take (or renew) the campaign's lease for ``holder``: True when it is now theirs until ``now + seconds``;
    False when another holder's lease is still good."""
    holder = holder or this_process()
    with store.transaction() as db:
        now = _now(store, db) if now is None else now
        expires = now + (LEASE_SECONDS if seconds is None else seconds)
        db.execute(
            "INSERT INTO campaign_leases(campaign_id, holder, kind, host, acquired_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (campaign_id) DO UPDATE SET "
            "acquired_at = CASE WHEN campaign_leases.holder = excluded.holder THEN campaign_leases.acquired_at "
            "ELSE excluded.acquired_at END, "
            "holder = excluded.holder, kind = excluded.kind, host = excluded.host, expires_at = excluded.expires_at "
            "WHERE campaign_leases.holder = excluded.holder OR campaign_leases.expires_at <= excluded.acquired_at",
            (campaign_id, holder.id, holder.kind, holder.host, now, expires))
        row = db.execute("SELECT holder FROM campaign_leases WHERE campaign_id = ?", (campaign_id,)).fetchone()
    return row is not None and row[0] == holder.id


def renew(store: Store, campaign_id: int, holder: Holder | None = None, *, now: float | None = None,
          seconds: float | None = None) -> bool:
    """Push the expiry of ``holder``'s lease on; False when the row is no longer theirs (taken over, or let go by
    whoever took it over): they must stop."""
    return _renew_reading(store, campaign_id, holder or this_process(), now, seconds)[0]


def _renew_reading(store: Store, campaign_id: int, holder: Holder, now: float | None = None,
                   seconds: float | None = None) -> tuple[bool, Request | None]:
    """:func:`renew`, and the request left on the row for its holder (None: none, or the row is not theirs)."""
    with store.transaction() as db:
        now = _now(store, db) if now is None else now
        db.execute("UPDATE campaign_leases SET expires_at = ? WHERE campaign_id = ? AND holder = ?",
                   (now + (LEASE_SECONDS if seconds is None else seconds), campaign_id, holder.id))
        row = db.execute(f"{_SELECT} WHERE campaign_id = ?", (campaign_id,)).fetchone()
    if row is None or row[1] != holder.id:
        return False, None
    return True, _request(row)


def release(store: Store, campaign_id: int, holder: Holder | None = None) -> None:
    """Let go of ``holder``'s lease (nothing happens when it is not theirs)."""
    holder = holder or this_process()
    with store.transaction() as db:
        db.execute("DELETE FROM campaign_leases WHERE campaign_id = ? AND holder = ?", (campaign_id, holder.id))


def holder_of(store: Store, campaign_id: int, *, now: float | None = None) -> LeaseHolder | None:
    """Who holds the campaign's lease now (None: nobody, or a holder whose lease expired)."""
    now = _now(store) if now is None else now
    row = store.query_one(f"{_SELECT} WHERE campaign_id = ? AND expires_at > ?", (campaign_id, now))
    return _lease(row) if row is not None else None


def holders(store: Store, *, now: float | None = None) -> dict[int, LeaseHolder]:
    """Every lease still good, by campaign id."""
    now = _now(store) if now is None else now
    return {held.campaign_id: held for held in map(_lease, store.query(f"{_SELECT} WHERE expires_at > ?", (now,)))}


def ask(store: Store, campaign_id: int, what: What, by: str,
        holder: Holder | None = None) -> LeaseHolder | None:
    """Leave ``what`` on the lease of the other process running the campaign, for it to carry out; a cancel is never
    turned back into a pause. Returns that process's lease; None when no other process holds a good one (nothing
    was asked: do it here)."""
    holder = holder or this_process()
    with store.transaction() as db:
        now = _now(store, db)
        where = "WHERE campaign_id = ? AND holder <> ? AND expires_at > ?"
        db.execute("UPDATE campaign_leases SET request = CASE WHEN request = 'cancel' THEN request ELSE ? END, "
                   f"request_by = ?, request_host = ?, request_at = ? {where}",
                   (what, by, holder.host, now, campaign_id, holder.id, now))
        row = db.execute(f"{_SELECT} {where}", (campaign_id, holder.id, now)).fetchone()
    return _lease(row) if row is not None else None


def requests_for(store: Store, campaign_ids: Sequence[int], holder: Holder | None = None) -> list[Request]:
    """The requests left on ``holder``'s leases of ``campaign_ids``."""
    if not campaign_ids:
        return []
    holder = holder or this_process()
    marks = ", ".join("?" * len(campaign_ids))
    rows = store.query(f"{_SELECT} WHERE holder = ? AND request IS NOT NULL AND campaign_id IN ({marks})",
                       (holder.id, *campaign_ids))
    return [request for row in rows if (request := _request(row)) is not None]


def done(store: Store, request: Request, holder: Holder | None = None) -> None:
    """Take a request carried out off ``holder``'s lease (one asked since, or a lease let go, is left as it is)."""
    holder = holder or this_process()
    with store.transaction() as db:
        db.execute("UPDATE campaign_leases SET request = NULL, request_by = NULL, request_host = NULL, "
                   "request_at = NULL WHERE campaign_id = ? AND holder = ? AND request = ? AND request_at = ?",
                   (request.campaign_id, holder.id, request.what, request.at))


def _now(store: Store, db: Any = None) -> float:
    """The database's clock, read in the transaction ``db`` when one is given."""
    sql = f"SELECT {store.dialect.epoch_now}"
    return float((db.execute(sql).fetchone() if db is not None else store.query_one(sql))[0])


_SELECT = ("SELECT campaign_id, holder, kind, host, acquired_at, expires_at, request, request_by, request_host, "
           "request_at FROM campaign_leases")


def _lease(row: Any) -> LeaseHolder:
    return LeaseHolder(row[0], row[1], row[2], row[3], row[4], row[5], _request(row))


def _request(row: Any) -> Request | None:
    """The request on a row read with :data:`_SELECT`."""
    if row[6] not in ("pause", "cancel", "resume"):
        return None
    return Request(row[0], row[6], row[7] or "", row[8] or "", row[9] or 0.0)


class Leases:
    """This process's leases on one store. A campaign's lease is taken by its first use (a dispatch, a poller, a
    reconciliation; :meth:`take`) and let go after its last (:meth:`give_back`); while held, one task renews it, and
    when a renewal finds it taken over, the tasks using it (:meth:`kept`) end with :class:`LeaseLost`."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._uses: dict[int, int] = {}
        self._renewed: dict[int, float] = {}  # monotonic time of the last good renewal
        self._renewers: dict[int, asyncio.Task[None]] = {}
        self._users: dict[int, set[asyncio.Task]] = {}
        self._lost: dict[int, LeaseLost] = {}
        #: Called (on the renewing thread, usually the loop's) with each request found on a lease at its renewal.
        self.on_request: Callable[[Request], None] | None = None

    # -- who ---------------------------------------------------------------------------------------------------
    def elsewhere(self, campaign_id: int) -> LeaseHolder | None:
        """The other process running the campaign now (None: nobody, or this process)."""
        held = holder_of(self.store, campaign_id)
        return held if held is not None and held.holder != this_process().id else None

    def all_elsewhere(self) -> dict[int, LeaseHolder]:
        """Every campaign another process runs now, by id."""
        me = this_process().id
        return {cid: held for cid, held in holders(self.store).items() if held.holder != me}

    # -- taking and giving back --------------------------------------------------------------------------------
    def take(self, campaign_id: int) -> LeaseUse:
        """One more use of the campaign's lease in this process; the first takes it (:class:`LeaseHeld` when another
        process runs the campaign) and, on a running loop, starts renewing it. Give the use back when done."""
        if self._uses.get(campaign_id):
            self.check(campaign_id)
        elif not acquire(self.store, campaign_id):
            raise LeaseHeld(self._holder(campaign_id))
        else:
            self._renewed[campaign_id] = time.monotonic()
            self._lost.pop(campaign_id, None)
            with contextlib.suppress(RuntimeError):  # no running loop: a synchronous use renews nothing
                self._renewers[campaign_id] = asyncio.get_running_loop().create_task(
                    self._renew_while_held(campaign_id), name=f"lease:{campaign_id}")
        self._uses[campaign_id] = self._uses.get(campaign_id, 0) + 1
        return LeaseUse(self, campaign_id)

    def _give_back(self, campaign_id: int) -> None:
        """One use fewer; after the last, the renewals stop and the lease is let go."""
        left = self._uses.get(campaign_id, 0) - 1
        if left > 0:
            self._uses[campaign_id] = left
            return
        self._uses.pop(campaign_id, None)
        self._renewed.pop(campaign_id, None)
        renewer = self._renewers.pop(campaign_id, None)
        if renewer is not None:
            renewer.cancel()
        if campaign_id not in self._lost:
            release(self.store, campaign_id)

    @contextlib.contextmanager
    def taken(self, campaign_id: int) -> Iterator[None]:
        """The lease for a short synchronous change (a cancel, a decision about contacts awaiting confirmation)."""
        use = self.take(campaign_id)
        try:
            yield
        finally:
            use.give_back()

    @contextlib.asynccontextmanager
    async def holding(self, campaign_id: int) -> AsyncIterator[None]:
        """The lease for the awaited block (a reconciliation, one poll), kept while it runs."""
        use = self.take(campaign_id)
        try:
            async with self.kept(campaign_id):
                yield
        finally:
            use.give_back()

    @contextlib.asynccontextmanager
    async def kept(self, campaign_id: int) -> AsyncIterator[None]:
        """Run the block in a task that a lost lease stops: it then raises :class:`LeaseLost` (taken beforehand)."""
        task = asyncio.current_task()
        users = self._users.setdefault(campaign_id, set())
        users.add(task)
        try:
            yield
        except asyncio.CancelledError:
            lost = self._lost.get(campaign_id)
            if lost is None:
                raise
            raise lost from None
        finally:
            users.discard(task)

    # -- renewing ----------------------------------------------------------------------------------------------
    def check(self, campaign_id: int) -> None:
        """Before sending: the lease is still this process's, renewed now only when its last good renewal is so old
        that it may run out within :data:`RENEW_SECONDS` (the loop or the renewals stalled); :class:`LeaseLost`
        otherwise. Renewing is the renewer's work: a write on the caller's thread (the loop's) waits for the store."""
        if campaign_id in self._lost:
            raise self._lost[campaign_id]
        if time.monotonic() - self._renewed.get(campaign_id, 0.0) >= LEASE_SECONDS - RENEW_SECONDS:
            self._renew(campaign_id)

    def held_here(self) -> list[int]:
        """The campaigns whose lease this process holds now."""
        return [cid for cid in self._uses if cid not in self._lost]

    def _renew(self, campaign_id: int) -> None:
        self._renewed_as(campaign_id, *_renew_reading(self.store, campaign_id, this_process()))

    def _renewed_as(self, campaign_id: int, kept: bool, request: Request | None) -> None:
        """Act on a renewal's answer: note it and pass its request on, or, the lease lost, stop its users and raise
        :class:`LeaseLost`."""
        if kept:
            self._renewed[campaign_id] = time.monotonic()
            if request is not None and self.on_request is not None:
                self.on_request(request)
            return
        lost = LeaseLost(self._holder(campaign_id))
        self._lost[campaign_id] = lost
        log.warning("campaign %s: its lease was taken over by %s (%s)", campaign_id, lost.holder.host,
                    lost.holder.kind)
        for task in self._users.get(campaign_id, ()):
            if task is not _current_task():  # the task checking learns it from the exception
                task.cancel()
        raise lost

    async def _renew_while_held(self, campaign_id: int) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            try:  # the write on a worker thread: a store busy with a long read or write must not stall the loop
                found = await asyncio.to_thread(_renew_reading, self.store, campaign_id, this_process())
                self._renewed_as(campaign_id, *found)
            except LeaseLost:
                return
            except AutocallError as exc:  # the database did not answer: the next renewal, or the check, tries again
                log.warning("campaign %s: its lease could not be renewed: %s", campaign_id, exc)

    def _holder(self, campaign_id: int) -> LeaseHolder:
        """Who holds the campaign now that this process could not take or keep it (an expired row still names who
        had it; a row already let go names nobody)."""
        row = self.store.query_one(f"{_SELECT} WHERE campaign_id = ?", (campaign_id,))
        return _lease(row) if row is not None else LeaseHolder(campaign_id, "", "desk", "", 0.0, 0.0)


class LeaseUse:
    """One use of a campaign's lease by this process (:meth:`Leases.take`); giving it back twice counts once, so a
    task can give it back when it ends and again from its done callback (a task cancelled before it ran)."""

    def __init__(self, leases: Leases, campaign_id: int) -> None:
        self._leases = leases
        self.campaign_id = campaign_id
        self._given = False

    def give_back(self) -> None:
        if not self._given:
            self._given = True
            self._leases._give_back(self.campaign_id)


def _current_task() -> asyncio.Task | None:
    try:
        return asyncio.current_task()
    except RuntimeError:  # no running loop
        return None
