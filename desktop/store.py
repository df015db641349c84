"""SQLite store: one file in the data directory, WAL journal, schema versioned by ``PRAGMA user_version``.

Migrations are plain SQL scripts applied in order; each runs in one transaction together with the
``user_version`` bump, so a crash mid-upgrade leaves the previous version intact. To change the schema, append
a script to ``MIGRATIONS`` — never edit one that has shipped. A backup is taken before migrating
(desktop/backups.py).

Opening checks the file first: an empty or unreadable file that exists is refused, never replaced by a new empty
database, and a damaged one (``PRAGMA quick_check``) is refused naming the last sound backup. A missing file whose
backups exist is refused too: the data was there, and a new empty database would soon push its backups out. A full
disk, a read-only folder and damage found later are reported as such (:func:`storage_error`), not as SQLite's words.

Secrets never live here: accounts hold only non-secret settings; their keys are in the OS keyring.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from desktop import backups
from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.paths import make_private

MIGRATIONS: list[str] = [
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
    """
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
    ALTER TABLE campaigns ADD COLUMN provider_task TEXT;  -- pending / running / paused / completed / ...; NULL = none
    """,
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
]

SCHEMA_VERSION = len(MIGRATIONS)


#: What is wrong with a database that is refused at start.
Damage = Literal["damaged", "empty", "missing"]
#: Below this much free space, an I/O error while writing is the disk being full.
FULL_BELOW_BYTES = 1 << 20


class StoreError(AutocallError):
    """The database could not be opened or used; the sentence says why and what to do."""


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
    """One SQLite connection, shared by the loop thread and worker threads behind a lock.

    Repositories in other modules take a ``Store`` and use :meth:`transaction` / :meth:`query`; keeping one
    connection means one WAL writer and no 'database is locked' surprises between our own threads.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
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
                    for statement in _split_sql(MIGRATIONS[version - 1]):
                        db.execute(statement)
                    db.execute(f"PRAGMA user_version = {version}")
        finally:
            self._db.execute("PRAGMA foreign_keys=ON")
        broken = self._db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise StoreError(_("The database {path} has {broken} broken reference(s) after its upgrade.").format(
                                 path=self.path, broken=len(broken)))

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


def _split_sql(script: str) -> list[str]:
    """Statements of a migration script (ours contain no semicolons inside literals)."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
