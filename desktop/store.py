"""The store: the app's database, on SQLite (the default: one file in the data folder) or on PostgreSQL (team mode:
several desks and a server share one database; desktop/postgres.py).

Both engines run the same ``MIGRATIONS`` in order, each with its schema-version bump in one transaction, so a crash
mid-upgrade leaves the previous version intact: on SQLite the version is ``PRAGMA user_version``, on PostgreSQL the
table ``schema_version``. To change the schema, append a migration, never edit one that has shipped. A migration is
portable SQL text (PostgreSQL reads ``INTEGER PRIMARY KEY`` as an identity, ``REAL`` as ``DOUBLE PRECISION``,
``BLOB`` as ``BYTEA``, the UTC ``strftime`` default as the same text, and drops ``WITHOUT ROWID``), or a
:class:`Migration` with one text per engine for the rare step that differs.

SQL written against a store is portable (docs/architecture.md, "One store, two engines"): ``?`` placeholders (or
``:name`` with a dict), ``ON CONFLICT`` instead of ``INSERT OR``, ``RETURNING id`` instead of ``lastrowid``, times
computed in Python (:func:`utc_now_text`), no SQLite-only functions; what must differ is in :attr:`Store.dialect`.

On SQLite, opening checks the file first: an empty or unreadable file that exists is refused, never replaced by a new
empty database, and a damaged one (``PRAGMA quick_check``) is refused naming the last sound backup. A missing file
whose backups exist is refused too: the data was there, and a new empty database would soon push its backups out. A
full disk, a read-only folder and damage found later are reported as such (:func:`storage_error`), not as SQLite's
words. A backup is taken before migrating and once a day (desktop/backups.py); PostgreSQL's backups are the server's.

Secrets never live here: accounts hold only non-secret settings; their keys, and the PostgreSQL password, are in
the OS keyring (desktop/secrets.py).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal
from urllib.parse import unquote, urlsplit

from desktop import backups
from desktop.changes import TRIGGERS_SQL
from desktop.errors import AutocallError
from desktop.fair_lock import FairLock
from desktop.i18n import _
from desktop.paths import AppPaths, make_private

if TYPE_CHECKING:
    from desktop.secrets import SecretStore

#: The two engines a store runs on.
Engine = Literal["sqlite", "postgresql"]
#: The environment variable naming the database when ``--database`` is not given.
DATABASE_URL_VARIABLE = "AUTOCALL_DATABASE_URL"


@dataclass(frozen=True)
class Migration:
    """A schema step written once per engine (an empty text: nothing to do on that engine)."""

    sqlite: str
    postgresql: str


MIGRATIONS: list[str | Migration] = [
    # 1: accounts and app settings.
    """
    CREATE TABLE accounts (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        provider    TEXT NOT NULL CHECK (provider IN ('vbot', 'nxcloud', 'bizphone')),
        config      TEXT NOT NULL DEFAULT '{}',      -- JSON, non-secret settings only
        is_demo     INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL                            -- JSON
    );
    """,
    # 2: contacts, mappings, campaigns, the dispatch journal, calls, webhook events, do-not-call.
    """
    CREATE TABLE contact_lists (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        source_file  TEXT,
        sheet        TEXT,
        columns      TEXT NOT NULL DEFAULT '[]',        -- JSON list of the file's header names, in order
        created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE contacts (
        id          INTEGER PRIMARY KEY,
        list_id     INTEGER NOT NULL REFERENCES contact_lists(id) ON DELETE CASCADE,
        row_number  INTEGER NOT NULL,                   -- the spreadsheet's own row number
        phone_raw   TEXT NOT NULL,
        phone_e164  TEXT,
        name        TEXT,
        alternates  TEXT NOT NULL DEFAULT '[]',         -- JSON list of E.164 numbers
        status      TEXT NOT NULL,                      -- valid / duplicate / invalid / suppressed
        reason      TEXT,
        data        TEXT NOT NULL DEFAULT '{}'          -- JSON: original columns by header
    );
    CREATE INDEX contacts_list ON contacts(list_id, status);
    CREATE INDEX contacts_phone ON contacts(phone_e164);
    CREATE TABLE field_mappings (
        scope    TEXT NOT NULL,                         -- e.g. 'vbot:<template_code>', 'nxcloud:<sceneID>'
        mapping  TEXT NOT NULL,                         -- JSON {field: column}
        PRIMARY KEY (scope)
    );
    CREATE TABLE do_not_call (
        phone_e164  TEXT PRIMARY KEY,
        note        TEXT,
        added_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE campaigns (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL,
        account_id  INTEGER NOT NULL REFERENCES accounts(id),
        list_id     INTEGER REFERENCES contact_lists(id),
        provider    TEXT NOT NULL,
        settings    TEXT NOT NULL DEFAULT '{}',         -- JSON: mode, template, hotline, task settings, flow
        state       TEXT NOT NULL DEFAULT 'draft',      -- draft / dispatching / paused / running / finished / cancelled
        remote_id   TEXT,                               -- our campaign key (new_key), sent as NXCLOUD userTaskID
        created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    CREATE TABLE dispatch_batches (
        id           INTEGER PRIMARY KEY,
        campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        seq          INTEGER NOT NULL,
        state        TEXT NOT NULL,                     -- planned / in_flight / sent / failed / reconciled
        batch_key    TEXT NOT NULL,                     -- requestId / userTaskID part / batch marker
        request      TEXT,                              -- JSON summary of what was sent (no secrets)
        response     TEXT,                              -- JSON raw reply
        error        TEXT,
        updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (campaign_id, seq)
    );
    CREATE TABLE calls (
        id            INTEGER PRIMARY KEY,
        campaign_id   INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        contact_id    INTEGER REFERENCES contacts(id),
        batch_id      INTEGER REFERENCES dispatch_batches(id),
        idem_key      TEXT NOT NULL,                    -- external_call_id / orderID / requestId+phone
        phone         TEXT NOT NULL,                    -- in the provider's format
        outcome       TEXT NOT NULL DEFAULT 'queued',
        raw_status    TEXT,
        raw           TEXT,                             -- JSON of the latest provider record
        error         TEXT,
        duration      REAL,
        cost          REAL,
        trans_id      TEXT,
        recording     TEXT,                             -- the provider's recording reference (a URL or VBot trans_id)
        updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
        UNIQUE (campaign_id, idem_key)
    );
    CREATE INDEX calls_campaign ON calls(campaign_id, outcome);
    CREATE TABLE webhook_events (
        id           INTEGER PRIMARY KEY,
        provider     TEXT NOT NULL,
        dedupe_key   TEXT NOT NULL UNIQUE,
        payload      TEXT NOT NULL,
        received_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    );
    """,
    # 3: campaign dispatch state per call (journal → send → mark), and when each batch went in flight.
    """
    -- calls.dispatch: pending / in_flight / sent / refused / not_sent
    ALTER TABLE calls ADD COLUMN dispatch TEXT NOT NULL DEFAULT 'pending';
    ALTER TABLE dispatch_batches ADD COLUMN started_at REAL;                 -- epoch seconds it went in flight
    CREATE INDEX calls_dispatch ON calls(campaign_id, dispatch, id);
    CREATE INDEX calls_batch ON calls(batch_id);
    CREATE INDEX batches_state ON dispatch_batches(campaign_id, state);
    """,
    # 4: the next planned batch is looked up before every request (by state, earliest seq first). With seq outside
    # the index, SQLite walked the UNIQUE (campaign_id, seq) key through every batch of the campaign instead.
    """
    DROP INDEX batches_state;
    CREATE INDEX batches_state ON dispatch_batches(campaign_id, state, seq);
    """,
    # 5: webhook_events was created by migration 2 but nothing ever wrote or read it.
    """
    DROP TABLE webhook_events;
    """,
    # 6: accounts.provider is checked against the provider registry, not a list frozen into the schema (SQLite
    # cannot alter a CHECK, so the table is rebuilt); campaigns remember their provider-side task state.
    Migration(
        sqlite="""
        CREATE TABLE accounts_new (
            id          INTEGER PRIMARY KEY,
            name        TEXT NOT NULL UNIQUE,
            provider    TEXT NOT NULL,
            config      TEXT NOT NULL DEFAULT '{}',      -- JSON, non-secret settings only
            is_demo     INTEGER NOT NULL DEFAULT 0,
            created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
        );
        INSERT INTO accounts_new(id, name, provider, config, is_demo, created_at)
            SELECT id, name, provider, config, is_demo, created_at FROM accounts;
        DROP TABLE accounts;
        ALTER TABLE accounts_new RENAME TO accounts;
        ALTER TABLE campaigns ADD COLUMN provider_task TEXT; -- pending / running / paused / completed / ...; NULL: none
        """,
        postgresql="""
        ALTER TABLE accounts DROP CONSTRAINT IF EXISTS accounts_provider_check;
        ALTER TABLE campaigns ADD COLUMN provider_task TEXT;
        """,
    ),
    # 7: do-not-call and "skip numbers an earlier campaign called" are applied when each batch is opened, so the other
    # campaigns' calls are looked up by number before every request. calls.dispatch gains 'do_not_call' (a number on
    # the do-not-call list when it was due; the column is free text, so no rebuild).
    """
    CREATE INDEX calls_phone ON calls(phone, dispatch);
    """,
    # 8: provider notifications (desktop/notifications): each authentic event stored raw once per account and
    # de-duplication key, and whether it was applied to a call row; refused attempts only counted, never stored.
    """
    CREATE TABLE notification_events (
        id           INTEGER PRIMARY KEY,
        account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        provider     TEXT NOT NULL,
        kind         TEXT NOT NULL,                       -- the provider's event name
        dedupe_key   TEXT NOT NULL,                       -- the provider's event ID, or sha256 of the body
        body         BLOB NOT NULL,                       -- the raw body as received
        received_at  REAL NOT NULL,                       -- epoch seconds
        applied      INTEGER NOT NULL DEFAULT 0,          -- 1 once a call row took it
        UNIQUE (account_id, dedupe_key)
    );
    CREATE TABLE notification_refusals (
        account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        reason       TEXT NOT NULL,
        count        INTEGER NOT NULL,
        first_at     REAL NOT NULL,
        last_at      REAL NOT NULL,
        PRIMARY KEY (account_id, reason)
    );
    """,
    # 9: which channel brought each call row's current result ('notification' or 'poll'; NULL before any), shown by
    # the Monitor; the poller asks when a notification last moved one of a campaign's rows.
    """
    ALTER TABLE calls ADD COLUMN channel TEXT;
    CREATE INDEX calls_channel ON calls(campaign_id, channel, updated_at);
    """,
    # 10: redial rounds. A round is a campaign over part of its first round's list (round_contacts), numbered within
    # its family (first_round_id, NULL on a first round); it waits until not_before (the redial delay, the calling
    # window) and may carry the rule that creates the next round when it finishes (redial_rule, JSON).
    """
    ALTER TABLE campaigns ADD COLUMN parent_campaign_id INTEGER REFERENCES campaigns(id);
    ALTER TABLE campaigns ADD COLUMN first_round_id INTEGER REFERENCES campaigns(id);
    ALTER TABLE campaigns ADD COLUMN round_no INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE campaigns ADD COLUMN not_before REAL;                 -- epoch seconds; dispatch waits until then
    ALTER TABLE campaigns ADD COLUMN redial_rule TEXT;                -- JSON: outcomes, delay_minutes, max_attempts
    CREATE INDEX campaigns_rounds ON campaigns(first_round_id);
    CREATE TABLE round_contacts (
        campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        contact_id   INTEGER NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
        PRIMARY KEY (campaign_id, contact_id)
    ) WITHOUT ROWID;
    CREATE INDEX calls_contact ON calls(contact_id, campaign_id);
    """,
    # 11: what each callee answered (key presses, intents, collected data: a provider-neutral CallAnswer as JSON),
    # that answer in one word to filter and count by, talk time and when the call started (epoch seconds).
    """
    ALTER TABLE calls ADD COLUMN answer TEXT;
    ALTER TABLE calls ADD COLUMN answer_key TEXT;
    ALTER TABLE calls ADD COLUMN talk_seconds REAL;
    ALTER TABLE calls ADD COLUMN called_at REAL;
    CREATE INDEX calls_answer ON calls(campaign_id, answer_key);
    """,
    # 12: who runs each campaign (desktop/campaigns/lease.py): one row while a process sends or follows it, good until
    # expires_at (epoch seconds) unless renewed. A table-level key, so no engine makes campaign_id an identity.
    """
    CREATE TABLE campaign_leases (
        campaign_id  INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        holder       TEXT NOT NULL,                     -- the holding process's id (lease.Holder.id)
        kind         TEXT NOT NULL,                     -- desk / server
        host         TEXT NOT NULL,                     -- the holding computer's name, as the window shows it
        acquired_at  REAL NOT NULL,
        expires_at   REAL NOT NULL,
        PRIMARY KEY (campaign_id)
    );
    """,
    # 13 (team mode, PostgreSQL only): every statement on the tables other desks show notifies them once
    # (desktop/changes.py). Placed after the lease migration, so campaign_leases gets its triggers too.
    Migration(sqlite="", postgresql=TRIGGERS_SQL),
    # 14: an import validated a chunk at a time (desktop/contacts/repository.py ContactRepository.stage): its rows
    # wait in import_rows until "Save list" copies them into a list, so a crash mid-import leaves no half list.
    # started_at (epoch seconds) lets a later import drop what a crashed one left.
    """
    CREATE TABLE imports (
        id          INTEGER PRIMARY KEY,
        started_at  REAL NOT NULL
    );
    CREATE TABLE import_rows (
        import_id   INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
        row_number  INTEGER NOT NULL,                   -- as contacts: the spreadsheet's own row number
        phone_raw   TEXT NOT NULL,
        phone_e164  TEXT,
        name        TEXT,
        alternates  TEXT NOT NULL DEFAULT '[]',
        status      TEXT NOT NULL,
        reason      TEXT,
        data        TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (import_id, row_number)
    );
    CREATE INDEX import_rows_phone ON import_rows(import_id, phone_e164);
    CREATE INDEX import_rows_status ON import_rows(import_id, status, row_number);
    """,
    # 15: a pause, cancel or resume another desk asks of a campaign's holder (desktop/campaigns/requests.py), on its
    # lease row until done; the row's triggers tell the holder at once on PostgreSQL, its renewals read it anywhere.
    """
    ALTER TABLE campaign_leases ADD COLUMN request TEXT;       -- pause / cancel / resume; NULL: nothing asked
    ALTER TABLE campaign_leases ADD COLUMN request_by TEXT;    -- the asking operator's name
    ALTER TABLE campaign_leases ADD COLUMN request_host TEXT;  -- the asking computer's name
    ALTER TABLE campaign_leases ADD COLUMN request_at REAL;    -- when (the database's clock, epoch seconds)
    """,
    # 16: a saved list's rows in row order, so the Contacts tab reads the page on screen without sorting the list.
    """
    CREATE INDEX contacts_rows ON contacts(list_id, row_number);
    """,
    # 17: each row's name in Vietnamese alphabetical order and its phone and name in one case, written with the row
    # (desktop/contacts/collation.py): the Contacts tab sorts and searches them in SQL. Rows of lists saved before
    # get them when the list is opened (ContactRepository.open_list).
    """
    ALTER TABLE import_rows ADD COLUMN name_key TEXT;
    ALTER TABLE import_rows ADD COLUMN search_text TEXT;
    ALTER TABLE contacts ADD COLUMN name_key TEXT;
    ALTER TABLE contacts ADD COLUMN search_text TEXT;
    """,
    # 18: dispatch moves every contact pending → in flight (joining its batch) → sent, and each move rewrites the index
    # entries holding a changed column. A number's calls are found by the number alone (a number has few calls; their
    # dispatch is read from the row), so sending leaves that index alone; only calls in a batch are indexed by batch,
    # so a launch writes no entry for its new rows and joining a batch adds one instead of moving one.
    """
    DROP INDEX calls_phone;
    CREATE INDEX calls_phone ON calls(phone);
    DROP INDEX calls_batch;
    CREATE INDEX calls_batch ON calls(batch_id) WHERE batch_id IS NOT NULL;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


#: What is wrong with a database that is refused at start.
Damage = Literal["damaged", "empty", "missing"]
#: Below this much free space, an I/O error while writing is the disk being full.
FULL_BELOW_BYTES = 1 << 20


class StoreError(AutocallError):
    """The database could not be opened or used; the sentence says why and what to do."""


#: Why a database server was not usable: ``ServerError.reason``.
ServerReason = Literal["unreachable", "password", "missing", "permission", "read_only", "lost"]


class ServerError(StoreError):
    """The PostgreSQL server could not be used (desktop/postgres.py); ``reason`` says which way, so a form can ask
    for the password again."""

    def __init__(self, message: str, reason: ServerReason) -> None:
        super().__init__(message)
        self.reason = reason


class ConstraintViolation(Exception):
    """A PostgreSQL constraint refused a write (unique key, foreign key, check): psycopg's ``IntegrityError`` as the
    store raises it, so catching it needs no import of psycopg. ``sqlstate`` is PostgreSQL's code."""

    def __init__(self, message: str, sqlstate: str | None = None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


#: What a refused write raises on either engine: ``except IntegrityError``.
IntegrityError = (sqlite3.IntegrityError, ConstraintViolation)


@dataclass(frozen=True)
class Dialect:
    """The few SQL expressions that differ between the engines; repositories use these, never ``if engine``."""

    #: The idempotency key of the row whose id is the SQL ``{id}`` (32 lowercase hex characters, what
    #: :func:`desktop.providers.base.new_key` makes): the statement's random ``:key_prefix`` (:func:`key_prefix`),
    #: then the id in 10 hex digits. Rows written in id order get ascending keys, so the index on the keys grows at
    #: its end instead of dirtying a random page per row.
    row_key: str
    #: Placed after a table name to make SQLite use an index its planner would not pick; nothing on PostgreSQL.
    index_hint: str
    #: The database's clock in epoch seconds (REAL): one clock for every desk sharing a server (campaign leases).
    epoch_now: str

    def indexed_by(self, index: str) -> str:
        """The hint to use ``index`` (empty where the engine takes no hint)."""
        return self.index_hint.format(index=index)


SQLITE = Dialect(row_key=":key_prefix || printf('%010x', {id})", index_hint="INDEXED BY {index}",
                 epoch_now="(julianday('now') - 2440587.5) * 86400.0")
POSTGRESQL = Dialect(row_key=":key_prefix || lpad(to_hex({id}), 10, '0')", index_hint="",
                     epoch_now="EXTRACT(EPOCH FROM clock_timestamp())::float8")


def key_prefix() -> str:
    """A fresh random start of :attr:`Dialect.row_key` keys (22 hex characters, 88 random bits), for rows whose ids
    are new under it."""
    return secrets.token_hex(11)


class StoreFull(StoreError):
    """The disk holding the data folder is full."""


class StoreReadOnly(StoreError):
    """The data folder (or the database in it) cannot be written."""


class StoreDamaged(StoreError):
    """The database is damaged, empty or missing although it had data; ``backup`` is the newest sound automatic
    backup, if any. ``state`` is ``"damaged"``, ``"empty"`` or ``"missing"``."""

    def __init__(self, database: Path, detail: str, backup: backups.Backup | None, *,
                 state: Damage = "damaged") -> None:
        self.database = Path(database)
        self.detail = detail
        self.backup = backup
        self.state = state
        what = {
            "damaged": _("is damaged ({detail}); nothing in it was changed").format(detail=detail),
            "empty": _("is empty (0 bytes) although it existed; it was not replaced by an empty one"),
            "missing": _("is missing although its backups exist; no empty database was made in its place"),
        }[state]
        if backup is None:
            advice = (_("No automatic backup was found in {folder}: copy a backup of the database in its place, or "
                        "move the file away to start with no data.").format(folder=backups.folder(database)))
        else:
            advice = (_("The last automatic backup is {path} (taken {taken_at:%Y-%m-%d %H:%M} UTC): restore it from "
                        "the window's start-up dialog or with `autocall store restore {path}`.").format(
                          path=backup.path, taken_at=backup.taken_at))
            if state == "missing":
                advice += _(" To start with no data instead, move the folder {folder} away.").format(
                              folder=backups.folder(database))
        super().__init__(_("The database {database} {what}. {advice}").format(
                             database=database, what=what, advice=advice))


def storage_error(error: sqlite3.Error | OSError, database: Path) -> StoreError | None:
    """The plain-words error for a storage failure of ``database`` (disk full, read-only, damaged), or None for an
    error that is not about storage (a constraint, a programming error)."""
    if isinstance(error, OSError):
        return folder_error(error, Path(database).parent)
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreDamaged(database, str(error), backups.newest_sound(database))
    if code not in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN):
        return None
    where = Path(database).parent
    if code == sqlite3.SQLITE_FULL or (code != sqlite3.SQLITE_READONLY and _nearly_full(where)):
        return _full(where)
    if code == sqlite3.SQLITE_READONLY or _read_only(where):
        return _read_only_error(where)
    return StoreError(_("The database {database} could not be used: {error}. Check the disk, then try again.").format(
                          database=database, error=error))


def folder_error(error: OSError, folder: Path) -> StoreError:
    """The plain-words error for a file operation in the data ``folder`` that failed (full, read-only, other)."""
    if error.errno == errno.ENOSPC:
        return _full(folder)
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _read_only_error(folder)
    where = f" ({error.filename})" if error.filename else ""
    return StoreError(_("The data folder {folder} cannot be used: {value}{where}.").format(
                          folder=folder, value=error.strerror or error, where=where))


def _full(folder: Path) -> StoreFull:
    return StoreFull(_("The disk holding the data folder ({folder}) is full: free some space, then try again. What "
                       "was saved before is kept.").format(folder=folder))


def _read_only_error(folder: Path) -> StoreReadOnly:
    return StoreReadOnly(_("The data folder {folder} is read-only: Autocall Desk cannot save anything there. Make it "
                           "writable, or choose another data folder, then try again.").format(folder=folder))


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def _read_only(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY) or not os.access(folder, os.W_OK)
    except (OSError, AttributeError):  # no statvfs on Windows
        return not os.access(folder, os.W_OK)


class Store:
    """The database behind one lock: one connection shared by the loop thread and worker threads.

    Repositories in other modules take a ``Store`` and use :meth:`transaction` / :meth:`query`; keeping one
    connection means one writer and no 'database is locked' surprises between our own threads. ``Store(path)`` opens
    an SQLite file; :func:`open_database` opens either engine from a URL.
    """

    #: Which engine holds the data.
    engine: ClassVar[Engine] = "sqlite"
    #: The SQL that differs by engine.
    dialect: ClassVar[Dialect] = SQLITE

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = FairLock()  # the loop's quick reads wait their turn, not a whole split write
        with self._storage_errors():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            existed = self._refuse_empty_or_unreadable()
            #: Made by this open: it holds nothing yet worth a backup.
            self.created = not existed
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            with self._storage_errors():
                self._db.row_factory = sqlite3.Row
                if existed:
                    self._check_integrity()
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA foreign_keys=ON")
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._migrate()
                for suffix in ("", *backups.COMPANIONS):
                    if Path(f"{self.path}{suffix}").exists():
                        make_private(Path(f"{self.path}{suffix}"))
        except BaseException:
            self._db.close()
            raise

    @property
    def url(self) -> str:
        """The database's URL (never with a password): ``sqlite:///ABS/PATH``."""
        return sqlite_url(self.path)

    def _refuse_empty_or_unreadable(self) -> bool:
        """Whether the database file exists; an existing file that is empty or cannot be read is refused, and so is
        a missing one that has a sound backup."""
        if not self.path.exists():
            backup = backups.newest_sound(self.path)
            if backup is not None:
                raise StoreDamaged(self.path, "no such file", backup, state="missing")
            return False
        try:
            with open(self.path, "rb") as existing:
                header = existing.read(16)
        except OSError as exc:  # a folder in its place, or a file that is not the user's
            raise StoreError(_("The database {path} exists but cannot be read ({strerror}); it was not replaced. Make "
                               "it a file you can read and write, then start again.").format(
                                 path=self.path, strerror=exc.strerror)) from exc
        if not header:
            raise StoreDamaged(self.path, "empty file", backups.newest_sound(self.path), state="empty")
        return True

    def _check_integrity(self) -> None:
        found = backups.problems(self._db)
        if found:
            detail = found[0] if len(found) == 1 else _("{found}, and {value} more problem(s)").format(
                                                          found=found[0], value=len(found) - 1)
            raise StoreDamaged(self.path, detail, backups.newest_sound(self.path))

    @contextmanager
    def _storage_errors(self, kinds: tuple[type[Exception], ...] = (sqlite3.Error, OSError)) -> Iterator[None]:
        """Storage failures among ``kinds`` (full, read-only, damaged) in plain words; any other error passes
        through as it is."""
        try:
            yield
        except kinds as exc:
            explained = storage_error(exc, self.path)
            if explained is None:
                raise
            raise explained from exc

    # -- schema -------------------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreError(
                _("The database was written by a newer Autocall Desk (schema {current}, this one knows "
                  "{SCHEMA_VERSION}). Install the newer version or choose another data folder.").format(
                    current=current, SCHEMA_VERSION=SCHEMA_VERSION)
            )
        if 0 < current < SCHEMA_VERSION:
            backups.take(self._db, self.path, f"before-v{SCHEMA_VERSION}")
        # A table is rebuilt by copy, drop and rename, which foreign keys would refuse half-way; they are checked
        # as a whole once every migration has run.
        self._db.execute("PRAGMA foreign_keys=OFF")
        try:
            for version in range(current + 1, SCHEMA_VERSION + 1):
                with self.transaction() as db:
                    # executescript would COMMIT our transaction; run the statements one by one instead.
                    for statement in statements(MIGRATIONS[version - 1], "sqlite"):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {version}")
        finally:
            self._db.execute("PRAGMA foreign_keys=ON")
        broken = self._db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(_("The database {path} has {broken} broken reference(s) after its upgrade.").format(
                                 path=self.path, broken=len(broken)))

    def continue_identities(self) -> None:
        """After rows were written with their own ids (a copy), the next ids follow the largest: SQLite's do so by
        themselves; PostgreSQL's identities are moved on (desktop/postgres.py)."""

    # -- backups ------------------------------------------------------------------------------------------
    def back_up_if_due(self, keep: int, now: datetime | None = None) -> backups.Backup | None:
        """Take the daily backup when the newest is older than a day (not of a database this open created), then
        keep only the ``keep`` newest backups. Returns the backup taken, if one was."""
        with self._lock, self._storage_errors():
            due = not self.created and backups.due(self.path, now)
            taken = backups.take(self._db, self.path, "daily", now) if due else None
            backups.prune(self.path, keep)
        return taken

    # -- access -------------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK`` on error), serialised across threads."""
        with self._lock, self._storage_errors((sqlite3.Error,)):  # the caller's own file errors are its own
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
                    with contextlib.suppress(sqlite3.Error):  # the error to report is the one that got us here
                        self._db.execute("ROLLBACK")
                raise

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock, self._storage_errors((sqlite3.Error,)):
            return self._db.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        with self._lock, self._storage_errors((sqlite3.Error,)):
            return self._db.execute(sql, params).fetchone()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # -- settings (JSON values by key) --------------------------------------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.query_one("SELECT value FROM settings WHERE key = ?", (key,))
        return default if row is None else json.loads(row["value"])

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    def delete_setting(self, key: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM settings WHERE key = ?", (key,))


def statements(migration: str | Migration, engine: Engine) -> list[str]:
    """The statements of a migration as ``engine`` runs them (PostgreSQL's translated from the portable text by
    desktop/postgres.py)."""
    if isinstance(migration, Migration):
        return _split_sql(getattr(migration, engine))
    found = _split_sql(migration)
    if engine == "postgresql":
        from desktop.postgres import schema_sql

        return [schema_sql(statement) for statement in found]
    return found


#: What a migration script is read as: quoted text and PostgreSQL's dollar-quoted bodies (kept whole), ``--``
#: comments (dropped), statement ends.
_SCRIPT_TOKEN = re.compile(r"'(?:[^']|'')*'|\$(\w*)\$.*?\$\1\$|--[^\n]*|;", re.DOTALL)


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script, comments left out; a ``;`` inside quotes or a ``$$ … $$`` function body
    does not end one."""
    found, start, text = [], 0, ""
    for match in _SCRIPT_TOKEN.finditer(script):
        token = match.group(0)
        if token.startswith("--"):
            text += script[start:match.start()]
            start = match.end()
        elif token == ";":
            found.append(text + script[start:match.start()])
            text, start = "", match.end()
    found.append(text + script[start:])
    return [statement.strip() for statement in found if statement.strip()]


def utc_now_text() -> str:
    """Now in UTC as the ``*_at`` text columns hold it (``2026-05-01T08:30:00.123Z``), for SQL to take as a
    parameter: both engines store the same text."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def epoch_of(text: str | None) -> float | None:
    """Epoch seconds of a ``*_at`` text column's value (:func:`utc_now_text`), None for None."""
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=UTC).timestamp()


# -- which database ---------------------------------------------------------------------------------------------------
#: The file in the data folder that names the database the window and commands use when none is given.
CHOICE_FILE = "database.json"


class DatabaseUrlError(StoreError):
    """A database URL that cannot be used as written (unknown kind, a password in it, no database name)."""


def sqlite_url(path: Path) -> str:
    """The URL of an SQLite file: ``sqlite:///ABS/PATH``, readable (only ``%``, ``?`` and ``#`` are escaped)."""
    text = Path(path).resolve().as_posix().lstrip("/")
    return "sqlite:///" + text.replace("%", "%25").replace("?", "%3F").replace("#", "%23")


def engine_of(url: str) -> Engine:
    """Which engine a URL names; anything but ``sqlite:///…`` and ``postgresql://…`` is refused in words."""
    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgresql", "postgres"):
        return "postgresql"
    raise DatabaseUrlError(_("“{url}” is not a database address Autocall Desk knows: write sqlite:///FOLDER/FILE for a "
                             "file on this computer, or postgresql://USER@SERVER:PORT/DATABASE for a team database.")
                           .format(url=url))


def refuse_password(url: str) -> str:
    """``url`` when it carries no password; one that does is refused (passwords live in the keyring)."""
    parts = urlsplit(url.strip())
    if parts.password is not None or "password=" in parts.query.lower():
        raise DatabaseUrlError(_("The database address must not contain the password: write it without one (for "
                                 "example postgresql://{user}@{host}/{database}); the password is asked for once and "
                                 "kept in the system keyring.").format(
                                   user=parts.username or "USER", host=parts.hostname or "SERVER",
                                   database=parts.path.lstrip("/") or "DATABASE"))
    return url.strip()


def sqlite_path(url: str) -> Path:
    """The file an ``sqlite:///ABS/PATH`` URL names."""
    path = unquote(urlsplit(url.strip()).path)
    if len(path) > 2 and path[0] == "/" and path[2] == ":":  # sqlite:///C:/Users/... on Windows
        path = path[1:]
    if not path or path == "/":
        raise DatabaseUrlError(_("The address “{url}” names no database file: write sqlite:///FOLDER/FILE.").format(
                                   url=url))
    return Path(path)


def open_database(url: str, secrets: SecretStore | None = None) -> Store:
    """The store at ``url``: an SQLite file, or a PostgreSQL database whose password (if the server asks for one)
    is in the keyring under :meth:`SecretStore.database_password`'s key; with no usable keyring (a server's service),
    libpq's own ``PGPASSWORD`` or ``~/.pgpass`` give it. A URL with a password in it is refused."""
    url = refuse_password(url)
    if engine_of(url) == "sqlite":
        return Store(sqlite_path(url))
    from desktop.postgres import PostgresStore
    from desktop.secrets import SecretStore

    secrets = secrets or SecretStore()
    return PostgresStore(url, secrets.database_password(url) if secrets.is_usable else None)


def chosen_url(paths: AppPaths) -> str:
    """The database the window and commands use when none is given: the one chosen in Preferences (kept in the data
    folder's ``database.json``, without password), else the data folder's SQLite file."""
    try:
        chosen = json.loads((paths.data_dir / CHOICE_FILE).read_text(encoding="utf-8")).get("url")
    except (OSError, ValueError, AttributeError):
        chosen = None
    return chosen if isinstance(chosen, str) and chosen.strip() else sqlite_url(paths.database)


def choose_url(paths: AppPaths, url: str | None) -> None:
    """Remember ``url`` as the database to use from now on (None: back to the data folder's SQLite file). Checks its
    form only; test it with :func:`open_database` first."""
    choice = paths.data_dir / CHOICE_FILE
    if url is None or url.strip() == sqlite_url(paths.database):
        choice.unlink(missing_ok=True)
        return
    engine_of(refuse_password(url))
    partial = choice.with_name(CHOICE_FILE + ".partial")
    partial.write_text(json.dumps({"url": url.strip()}, ensure_ascii=False), encoding="utf-8")
    make_private(partial)
    os.replace(partial, choice)


def database_url(paths: AppPaths, given: str | None = None) -> str:
    """The database to open: ``given`` (``--database``), else ``AUTOCALL_DATABASE_URL``, else :func:`chosen_url`."""
    return given or os.environ.get(DATABASE_URL_VARIABLE) or chosen_url(paths)
