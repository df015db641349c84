"""SQLite store: one file in the data directory, WAL journal, schema versioned by ``PRAGMA user_version``.

Migrations are plain SQL scripts applied in order; each runs in one transaction together with the
``user_version`` bump, so a crash mid-upgrade leaves the previous version intact. To change the schema, append
a script to ``MIGRATIONS`` — never edit one that has shipped.

Secrets never live here: accounts hold only non-secret settings; their keys are in the OS keyring.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from desktop.errors import AutocallError

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
]

SCHEMA_VERSION = len(MIGRATIONS)


class StoreError(AutocallError):
    """The database could not be opened or is newer than this version of the app understands."""


class Store:
    """One SQLite connection, shared by the loop thread and worker threads behind a lock.

    Repositories in other modules take a ``Store`` and use :meth:`transaction` / :meth:`query`; keeping one
    connection means one WAL writer and no 'database is locked' surprises between our own threads.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"The database {self.path} could not be opened: {exc}") from exc

    # -- schema -------------------------------------------------------------------------------------------
    @property
    def version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        current = self.version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"The database was written by a newer Autocall Desk (schema {current}, this one knows "
                f"{SCHEMA_VERSION}). Install the newer version or choose another data folder."
            )
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
            raise StoreError(f"The database {self.path} has {len(broken)} broken reference(s) after its upgrade.")

    # -- access -------------------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK`` on error), serialised across threads."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        with self._lock:
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
