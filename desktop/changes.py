"""The change feed: what other desks (and ``autocall serve``) commit to a shared PostgreSQL database, told to this
process as it happens, so its windows show it within a second without polling tables.

PostgreSQL side (:data:`TRIGGERS_SQL`, a migration run on PostgreSQL only): one statement-level trigger per table
and event, with transition tables, calls ``pg_notify('autocall_changes', …)`` once per statement — a 10,000-row
update is one notification, not 10,000. The payload is small JSON ``{"table": …, "ids": […]}``: the rows' ids, or
for ``calls``, ``dispatch_batches`` and ``campaign_leases`` their campaigns' ids; ``"ids": null`` says "any row of
this table" (more than :data:`MAX_IDS` of them, and always for ``do_not_call``, whose keys are phone numbers).
PostgreSQL sends notifications at commit and folds identical ones within one transaction.

Process side: :class:`ChangeFeed` runs one thread with its own connection that LISTENs and waits in
``notifies()``; when the server drops it, it reconnects with back-off and then tells subscribers once that anything
may have changed (:data:`EVERYTHING`). On SQLite there is nobody else to hear from: the feed has no connection and
never calls back.
"""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

#: The LISTEN/NOTIFY channel every desk shares.
CHANNEL = "autocall_changes"
#: How the feed's connection is named on the server (pg_stat_activity).
APPLICATION_NAME = "autocall-changes"
#: More changed ids than this in one statement are sent as "any row of the table" (payloads must stay < 8000 bytes).
MAX_IDS = 300
#: The tables whose changes are told, and the column whose values a notification lists (None: none).
WATCHED: dict[str, str | None] = {
    "campaigns": "id",
    "calls": "campaign_id",
    "dispatch_batches": "campaign_id",
    "do_not_call": None,
    "contact_lists": "id",
    "accounts": "id",
    "campaign_leases": "campaign_id",
}
#: Tables another helper's migration creates: their triggers are made only when the table exists by then.
_LATER_TABLES = ("campaign_leases",)

def _function_name(key: str | None) -> str:
    return f"autocall_notify_{key or 'any'}"


def _keys_of(rows: str, key: str | None) -> str:
    """The statement that puts the changed rows' distinct ``key`` values (one past :data:`MAX_IDS` at most) into
    ``keys``; JSON null for "rows changed" when there is no key; SQL NULL when no row changed."""
    if key is None:
        return f"keys := CASE WHEN EXISTS (SELECT 1 FROM {rows}) THEN 'null'::jsonb END;"
    return (f"SELECT jsonb_agg(k ORDER BY k) INTO keys "
            f"FROM (SELECT DISTINCT {key} AS k FROM {rows} LIMIT {MAX_IDS + 1}) AS changed;")


def _function(key: str | None) -> str:
    """The trigger function for tables told by ``key``: the keys from the statement's transition table, one
    notification. Static SQL (no EXECUTE), so its plans are made once per session: a statement changing one row,
    as a poll's many updates do, pays little for it."""
    body = f"""
DECLARE
    keys jsonb;
    payload text;
BEGIN
    IF TG_OP = 'DELETE' THEN
        {_keys_of("old_rows", key)}
    ELSE
        {_keys_of("new_rows", key)}
    END IF;
    IF keys IS NULL THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(keys) = 'array' AND jsonb_array_length(keys) > {MAX_IDS} THEN
        keys := 'null'::jsonb;
    END IF;
    payload := jsonb_build_object('table', TG_TABLE_NAME, 'ids', keys)::text;
    IF octet_length(payload) > 7000 THEN
        payload := jsonb_build_object('table', TG_TABLE_NAME, 'ids', null)::text;
    END IF;
    PERFORM pg_notify('{CHANNEL}', payload);
    RETURN NULL;
END
"""
    return f"CREATE OR REPLACE FUNCTION {_function_name(key)}() RETURNS trigger LANGUAGE plpgsql AS $body${body}$body$"


def _triggers(table: str, key: str | None) -> list[str]:
    """The three statement-level triggers of ``table`` (a trigger with transition tables has one event). An update
    is read from its new rows alone: no statement of ours changes a row's id or campaign."""
    return [f"CREATE TRIGGER {table}_changes_{event.lower()} AFTER {event} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_function_name(key)}()"
            for event, referencing in (("INSERT", "NEW TABLE AS new_rows"),
                                       ("UPDATE", "NEW TABLE AS new_rows"),
                                       ("DELETE", "OLD TABLE AS old_rows"))]


def _when_table_exists(table: str, statement: str) -> str:
    quoted = statement.replace("'", "''")
    return f"DO $do$ BEGIN IF to_regclass('{table}') IS NOT NULL THEN EXECUTE '{quoted}'; END IF; END $do$"


#: The PostgreSQL-only migration: the notifying functions and their triggers, one statement per line; a table made
#: by another migration (:data:`_LATER_TABLES`) gets its triggers only if it exists by then.
TRIGGERS_SQL = "".join(
    f"{statement};\n" for statement in (
        *(_function(key) for key in dict.fromkeys(WATCHED.values())),
        *(_when_table_exists(table, statement) if table in _LATER_TABLES else statement
          for table, key in WATCHED.items() for statement in _triggers(table, key))))


@dataclass(frozen=True)
class Change:
    """What one statement on another connection changed: ``table`` (None: anything may have changed, the feed was
    cut off), ``ids`` (None: any row of it), and the server process that made it (``pid``)."""

    table: str | None
    ids: frozenset[int] | None = None
    pid: int = 0

    @classmethod
    def from_payload(cls, payload: str, pid: int = 0) -> Change:
        """The change a trigger's payload describes; one that cannot be read is "anything may have changed"."""
        try:
            data = json.loads(payload)
            table, ids = data["table"], data["ids"]
            return cls(str(table), None if ids is None else frozenset(ids), pid)
        except (ValueError, KeyError, TypeError):
            log.warning("Unreadable change notification %r: refreshing everything", payload[:200])
            return cls(None, None, pid)


#: Anything may have changed (sent once after the feed reconnects).
EVERYTHING = Change(None)


class ChangeSet:
    """Changes gathered together (e.g. over 200 ms), asked what they touch."""

    def __init__(self) -> None:
        self.everything = False
        self._tables: dict[str, set[int] | None] = {}

    def add(self, change: Change) -> None:
        if change.table is None:
            self.everything = True
            return
        if change.ids is None:
            self._tables[change.table] = None
        elif self._tables.get(change.table, ()) is not None:
            self._tables.setdefault(change.table, set()).update(change.ids)

    def __bool__(self) -> bool:
        return self.everything or bool(self._tables)

    def touches(self, *tables: str) -> bool:
        """Whether any row of any of ``tables`` may have changed."""
        return self.everything or any(table in self._tables for table in tables)

    def touches_row(self, table: str, key: int) -> bool:
        """Whether ``table``'s rows listed under ``key`` (an id, or a campaign id for calls) may have changed."""
        if self.everything:
            return True
        if table not in self._tables:
            return False
        ids = self._tables[table]
        return ids is None or key in ids


Subscriber = Callable[[Change], None]


class ChangeFeed:
    """Listens on its own connection (made by ``connect``, in autocommit) in a thread, and calls every subscriber
    with each :class:`Change`, on that thread. ``connect=None`` (SQLite) is a feed that never calls back."""

    def __init__(self, connect: Callable[[], psycopg.Connection] | None, *, retry_after: float = 0.5,
                 retry_at_most: float = 30.0, wake_every: float = 0.5) -> None:
        self._connect = connect
        self._retry_after = retry_after
        self._retry_at_most = retry_at_most
        self._wake_every = wake_every  # how soon close() is noticed while waiting for notifications
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: Set while the feed's connection is listening (tests wait for it before changing anything).
        self.listening = threading.Event()

    @property
    def live(self) -> bool:
        """Whether this feed hears other connections at all (False on SQLite)."""
        return self._connect is not None

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback`` with every change from now on (on the feed's thread); returns the unsubscribe."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)
        return unsubscribe

    def start(self) -> None:
        """Start listening (once; nothing happens on SQLite)."""
        if self._connect is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="change-feed", daemon=True)
        self._thread.start()

    def close(self, timeout: float = 5.0) -> None:
        """Stop listening and close the connection (within about ``wake_every``)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        with self._lock:
            self._subscribers.clear()

    def _deliver(self, change: Change) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(change)
            except Exception:
                log.exception("A change subscriber failed")

    def _run(self) -> None:
        import psycopg

        assert self._connect is not None
        delay = self._retry_after
        missed = False  # the feed was not listening for a while: anything may have changed meanwhile
        while not self._stop.is_set():
            try:
                connection = self._connect()
            except Exception as exc:  # the server is down, the password was refused, …: try again later
                log.warning("Change feed: cannot connect (%s); trying again in %.1f s", exc, delay)
                missed = True
                self._stop.wait(delay)
                delay = min(delay * 2, self._retry_at_most)
                continue
            try:
                _keep_alive(connection)
                connection.execute(f"SET application_name = '{APPLICATION_NAME}'")
                connection.execute(f"LISTEN {CHANNEL}")
                self.listening.set()
                delay = self._retry_after
                if missed:
                    log.info("Change feed: listening again")
                    self._deliver(EVERYTHING)
                    missed = False
                while not self._stop.is_set():
                    for notify in connection.notifies(timeout=self._wake_every):
                        self._deliver(Change.from_payload(notify.payload, notify.pid))
            except (psycopg.Error, OSError) as exc:
                if not self._stop.is_set():
                    log.warning("Change feed: the connection was lost (%s); reconnecting", exc)
                    missed = True
            finally:
                self.listening.clear()
                connection.close()


def _keep_alive(connection: psycopg.Connection) -> None:
    """TCP keepalives on the connection's socket, so a server that vanished without a word (a cable pulled, a laptop
    asleep) is noticed within about half a minute; nothing to do on a local socket."""
    sock = socket.socket(fileno=connection.fileno())
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        for option, seconds in (("TCP_KEEPIDLE", 10), ("TCP_KEEPINTVL", 5), ("TCP_KEEPCNT", 3)):
            if hasattr(socket, option):
                sock.setsockopt(socket.IPPROTO_TCP, getattr(socket, option), seconds)
    except OSError:
        pass
    finally:
        sock.detach()  # the socket stays libpq's


class Database(Protocol):
    """What the feed needs of a :class:`desktop.store.Store` (this module sits below the store, which imports it)."""

    engine: str

    @property
    def url(self) -> str: ...

    def query_one(self, sql: str, params: tuple = ()) -> Any: ...

    def new_connection(self) -> psycopg.Connection: ...


def open_feed(store: Database) -> ChangeFeed:
    """The feed for ``store``'s database, on connections of its own with the store's login; silent on SQLite (one
    desk: nobody else writes). Not started yet."""
    if store.engine != "postgresql":
        return ChangeFeed(None)
    return ChangeFeed(store.new_connection)


def own_connection(store: Database) -> int | None:
    """The server process of ``store``'s own connection, whose changes this app made itself (None on SQLite, or
    when the server cannot be asked now)."""
    if store.engine != "postgresql":
        return None
    from desktop.errors import AutocallError

    try:
        return store.query_one("SELECT pg_backend_pid()")[0]
    except AutocallError:
        return None
