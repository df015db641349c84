"""Moving a desk's data into the team database (or back): every table copied into an EMPTY database of either
engine, ids kept, in one transaction on the target, verified by counting each table's rows.

The rule: the target must hold no row in any table (a merge would join two desks' ids and lists silently); both
databases are opened as the app opens them (migrated to this version's schema), so the two have the same tables
and columns. Tables are copied parents first (their foreign keys), each in its primary key's order (a round after
the campaign it redials), in chunks read by key so a million rows never sit in memory at once. The source is read
inside one transaction too, so what is copied is one moment of it (writers to it wait until the copy ends).
PostgreSQL identity sequences are set past the copied ids afterwards, so the next row made there takes a new id.
"""

from __future__ import annotations

import graphlib
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from desktop.errors import Cancelled
from desktop.exits import InputError
from desktop.i18n import _
from desktop.progress import CancelToken
from desktop.secrets import SecretStore
from desktop.store import IntegrityError, Store, StoreError, engine_of, open_database, sqlite_path

#: Rows read and written at a time.
CHUNK = 5000
#: Tables that belong to the engine, not to the desk: never copied, never counted as data.
BOOKKEEPING = frozenset({"schema_version"})

#: ``progress(table, rows copied so far, rows in that table)``.
CopyProgress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Table:
    """One table as the copy needs it: its columns, its primary key (the copy's order), the tables its foreign keys
    point to (itself excluded) and its identity column, if it has one."""

    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    parents: frozenset[str]
    identity: str | None


@dataclass(frozen=True)
class TableCount:
    table: str
    source: int
    target: int

    @property
    def matches(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class CopyReport:
    """What was copied where: the row counts of every table on both sides, and how long it took."""

    source: str
    target: str
    schema: int
    counts: tuple[TableCount, ...]
    seconds: float

    @property
    def matches(self) -> bool:
        return all(count.matches for count in self.counts)

    @property
    def rows(self) -> int:
        return sum(count.target for count in self.counts)

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "schema": self.schema, "rows": self.rows,
                "seconds": round(self.seconds, 2), "verified": self.matches,
                "tables": [{"table": c.table, "source": c.source, "target": c.target} for c in self.counts]}

    def lines(self) -> list[str]:
        """One line per table: its name, the rows in the source and in the target, and whether they agree."""
        width = max((len(c.table) for c in self.counts), default=5)
        return [f"{c.table:<{width}}  {c.source:>10,}  {c.target:>10,}  " + (_("ok") if c.matches else _("DIFFERENT"))
                for c in self.counts]


class TargetNotEmpty(InputError):
    """The target database already holds data; nothing was copied into it."""

    def __init__(self, url: str, held: Sequence[str]) -> None:
        self.held = tuple(held)
        super().__init__(_("The database {url} already holds data (in {tables}): nothing was copied. Copy into an "
                           "empty database; two desks' data are never merged.").format(url=url,
                                                                                       tables=", ".join(held)))


class CopyMismatch(StoreError):
    """After the copy a table's rows in the target differ from the source's; the copy was undone."""

    def __init__(self, report: CopyReport) -> None:
        self.report = report
        wrong = ", ".join(f"{c.table} ({c.source:,} → {c.target:,})" for c in report.counts if not c.matches)
        super().__init__(_("The copy was undone: the row counts differ in {tables}. Nothing was written to "
                           "{target}.").format(tables=wrong, target=report.target))


class SourceUnreadable(StoreError):
    """A row of the source cannot be stored in the target (a value of the wrong kind, a broken reference)."""


@dataclass(frozen=True)
class DatabaseState:
    """What a connection test found: the database's schema version and the tables that hold rows."""

    url: str
    version: int
    held: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.held


def team_url(host: str, port: int, database: str, user: str) -> str:
    """The URL of a PostgreSQL database, without a password (the keyring keeps it)."""
    return f"postgresql://{quote(user.strip(), safe='')}@{host.strip()}:{port}/{quote(database.strip(), safe='')}"


def probe(url: str, secrets: SecretStore | None = None) -> DatabaseState:
    """Open the database as the app would (an empty one gets the tables) and say what it holds; the error, if it
    cannot be opened, is the store's sentence (unreachable, wrong password, no such database)."""
    store = open_database(url, secrets)
    try:
        with store.transaction() as db:
            held = _holding(db, tables_of(store.engine, db))
        return DatabaseState(store.url, store.version, tuple(held))
    finally:
        store.close()


def copy_url(source_url: str, target_url: str, secrets: SecretStore | None = None, *,
             progress: CopyProgress | None = None, cancel: CancelToken | None = None) -> CopyReport:
    """Open both databases as the app does (passwords from the keyring) and copy the one into the other
    (:func:`copy_database`); both are closed again."""
    if _where(source_url) == _where(target_url):
        raise InputError(_("The source and the target are the same database: name two different ones."))
    with ExitStack() as stack:
        source = open_database(source_url, secrets)
        stack.callback(source.close)
        target = open_database(target_url, secrets)
        stack.callback(target.close)
        return copy_database(source, target, progress=progress, cancel=cancel)


def copy_database(source: Store, target: Store, *, progress: CopyProgress | None = None,
                  cancel: CancelToken | None = None) -> CopyReport:
    """Copy every table of ``source`` into ``target``, which must hold no data (:class:`TargetNotEmpty`), in one
    transaction on each; the counts are compared before the target commits (:class:`CopyMismatch` undoes it)."""
    started = time.monotonic()
    if source.version != target.version:
        raise StoreError(_("The two databases have different schema versions ({source} and {target}): open each "
                           "with this version of Autocall Desk first.").format(source=source.version,
                                                                              target=target.version))
    with source.transaction() as read, target.transaction() as write:
        tables = tables_of(source.engine, read)
        on_target = {t.name: t for t in tables_of(target.engine, write)}
        missing = [t.name for t in tables if t.name not in on_target
                   or not set(t.columns) <= set(on_target[t.name].columns)]
        if missing:
            raise StoreError(_("The target's schema lacks {tables}: it was not made by Autocall Desk.").format(
                                 tables=", ".join(missing)))
        held = _holding(write, tables)
        if held:
            raise TargetNotEmpty(target.url, held)
        counts = []
        for table in tables:
            total = read.execute(f"SELECT count(*) FROM {_q(table.name)}").fetchone()[0]
            copied = 0
            for rows in _chunks(read, table):
                if cancel is not None and cancel.is_set():
                    raise Cancelled()
                _insert(target.engine, write, table, rows)
                copied += len(rows)
                if progress is not None:
                    progress(table.name, copied, total)
            if target.engine == "postgresql" and table.identity:
                write.execute(f"SELECT setval(pg_get_serial_sequence(?, ?), "
                              f"COALESCE((SELECT max({_q(table.identity)}) FROM {_q(table.name)}), 0) + 1, false)",
                              (table.name, table.identity))
            found = write.execute(f"SELECT count(*) FROM {_q(table.name)}").fetchone()[0]
            counts.append(TableCount(table.name, total, found))
        report = CopyReport(source.url, target.url, target.version, tuple(counts), time.monotonic() - started)
        if not report.matches:
            raise CopyMismatch(report)
    return report


def _where(url: str) -> tuple[str, ...]:
    """What a URL points at, however it is written: a file's resolved path, or a server's host, port and database."""
    if engine_of(url) == "sqlite":
        return ("sqlite", str(sqlite_path(url).resolve()))
    parts = urlsplit(url.strip())
    return ("postgresql", (parts.hostname or "localhost").lower(), str(parts.port or 5432), unquote(parts.path))


def _holding(db: Any, tables: Sequence[Table]) -> list[str]:
    """The tables among ``tables`` that hold at least one row."""
    return [t.name for t in tables if db.execute(f"SELECT 1 FROM {_q(t.name)} LIMIT 1").fetchone()]


def _insert(engine: str, db: Any, table: Table, rows: list[tuple]) -> None:
    """Write ``rows`` (in ``table.columns``' order) with their ids as they are: PostgreSQL's COPY, SQLite's
    executemany."""
    columns = ", ".join(_q(c) for c in table.columns)
    if engine == "postgresql":
        import psycopg  # only a PostgreSQL target needs it

        try:
            with db.raw.cursor() as cursor, cursor.copy(f"COPY {_q(table.name)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        except (psycopg.DataError, psycopg.IntegrityError) as exc:
            raise _unreadable(table, exc) from exc
        return
    try:
        db.executemany(f"INSERT INTO {_q(table.name)} ({columns}) VALUES ({', '.join('?' * len(table.columns))})",
                       rows)
    except IntegrityError as exc:
        raise _unreadable(table, exc) from exc


def _unreadable(table: Table, exc: BaseException) -> SourceUnreadable:
    return SourceUnreadable(_("A row of the table {table} cannot be copied ({detail}): nothing was copied. Check the "
                              "source database (`autocall store backups` lists its backups).").format(
                                table=table.name, detail=_first_line(exc)))


def _chunks(db: Any, table: Table) -> Iterator[list[tuple]]:
    """The table's rows in its key's order, ``CHUNK`` at a time, each chunk read after the last key seen (the
    same query on both engines; no cursor left open across chunks)."""
    columns = ", ".join(_q(c) for c in table.columns)
    key = ", ".join(_q(c) for c in table.key)
    positions = [table.columns.index(c) for c in table.key]
    select = f"SELECT {columns} FROM {_q(table.name)}"
    if not table.key:  # no key to page by: one read
        rows = [tuple(row) for row in db.execute(select).fetchall()]
        if rows:
            yield rows
        return
    after = None
    while True:
        if after is None:
            found = db.execute(f"{select} ORDER BY {key} LIMIT {CHUNK}").fetchall()
        else:
            marks = ", ".join("?" * len(after))
            found = db.execute(f"{select} WHERE ({key}) > ({marks}) ORDER BY {key} LIMIT {CHUNK}", after).fetchall()
        if not found:
            return
        rows = [tuple(row) for row in found]
        yield rows
        if len(rows) < CHUNK:
            return
        after = tuple(rows[-1][p] for p in positions)


def tables_of(engine: str, db: Any) -> list[Table]:
    """The desk's tables in the order they can be filled: every table after the tables it refers to."""
    found = _sqlite_tables(db) if engine == "sqlite" else _postgresql_tables(db)
    by_name = {t.name: t for t in found if t.name not in BOOKKEEPING}
    order = graphlib.TopologicalSorter({name: sorted(t.parents & by_name.keys()) for name, t in
                                        sorted(by_name.items())})
    return [by_name[name] for name in order.static_order()]


def _sqlite_tables(db: Any) -> list[Table]:
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                          "'sqlite%' ORDER BY name").fetchall()]
    tables = []
    for name in names:
        info = db.execute(f"PRAGMA table_info({_q(name)})").fetchall()
        columns = tuple(row["name"] for row in info)
        key = tuple(row["name"] for row in sorted((r for r in info if r["pk"]), key=lambda r: r["pk"]))
        parents = frozenset(row["table"] for row in db.execute(f"PRAGMA foreign_key_list({_q(name)})").fetchall())
        integer_key = len(key) == 1 and next(r["type"] for r in info if r["name"] == key[0]).upper() == "INTEGER"
        tables.append(Table(name, columns, key, parents - {name}, key[0] if integer_key else None))
    return tables


def _postgresql_tables(db: Any) -> list[Table]:
    names = [row[0] for row in db.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
    tables = []
    for name in names:
        info = db.execute("SELECT column_name, is_identity, column_default FROM information_schema.columns "
                          "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position",
                          (name,)).fetchall()
        key = tuple(row[0] for row in db.execute(
            "SELECT k.column_name FROM information_schema.table_constraints c "
            "JOIN information_schema.key_column_usage k ON k.constraint_schema = c.constraint_schema "
            "AND k.constraint_name = c.constraint_name "
            "WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.constraint_type = 'PRIMARY KEY' "
            "ORDER BY k.ordinal_position", (name,)).fetchall())
        parents = frozenset(row[0] for row in db.execute(
            "SELECT u.table_name FROM information_schema.table_constraints c "
            "JOIN information_schema.constraint_column_usage u ON u.constraint_schema = c.constraint_schema "
            "AND u.constraint_name = c.constraint_name "
            "WHERE c.table_schema = current_schema() AND c.table_name = ? AND c.constraint_type = 'FOREIGN KEY'",
            (name,)).fetchall())
        identity = next((row[0] for row in info if row[1] == "YES" or str(row[2] or "").startswith("nextval(")),
                        None)
        tables.append(Table(name, tuple(row[0] for row in info), key, parents - {name}, identity))
    return tables


def _q(name: str) -> str:
    """A table or column name quoted for SQL (names come from the schema itself, never from a person)."""
    return '"' + name.replace('"', '""') + '"'


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
