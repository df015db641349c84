"""Contacts in the store: validated lists, the do-not-call list, and column mappings per template.

Tables (desktop/store.py, migration 2): ``contact_lists``, ``contacts``, ``do_not_call``, ``field_mappings``; and
(migration 14) ``imports`` and ``import_rows``, where a list of any size is validated a chunk at a time before it
is saved (:meth:`ContactRepository.stage`). Both are shown a page at a time (:class:`StoredReport`).
Every number stored here is E.164, whatever provider the list is later dialled through, so de-duplication
against earlier campaigns and the do-not-call check compare like with like.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import time
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.contacts.collation import search_text, sort_key
from desktop.contacts.columns import ColumnMapping
from desktop.contacts.errors import ListInUseError
from desktop.contacts.importer import (
    REJECTED,
    ContactRow,
    ImportCounts,
    ImportOptions,
    ImportReport,
    Judge,
    StagedImport,
    Status,
    Verdicts,
    count_statuses,
    find_mapping,
    suggest_mapping,
)
from desktop.contacts.reading import Column, Limits, Table, column_letter, open_table, read_table
from desktop.i18n import N_, keep
from desktop.phones import PhoneNormalizer, PhoneResult, cell_text
from desktop.progress import CancelToken, ProgressCallback, Stage, Ticker
from desktop.providers import spec
from desktop.store import Store

_BATCH = 5000
_IN_LIST = 500  # numbers per IN (…) list: far under either engine's limit on parameters
_STALE_IMPORT_S = 24 * 3600
_GUESS_ROWS = 200  # rows of a saved list the phone column is detected from, as a file's
#: The note of a do-not-call number typed in by hand (notes are kept as desktop.i18n.keep writes them).
BY_HAND = N_("added by hand")


#: The columns ``contacts`` and ``import_rows`` share, after their owner's id.
_COLUMNS = "row_number, phone_raw, phone_e164, name, alternates, status, reason, data, name_key, search_text"


def _json_default(value: Any) -> str:
    """Dates and times as ISO text in the stored row data; anything else exotic as its text."""
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _stored(owner: int, table: Table, rows: Iterable[ContactRow]) -> list[tuple[Any, ...]]:
    """``rows`` as ``contacts`` and ``import_rows`` hold them after their owner's id (the list, the import)."""
    columns = table.columns
    return [
        (owner, row.row, row.phone_raw, row.e164, row.name, json.dumps(row.alternates), str(row.status), row.reason,
         json.dumps({c.name: row.values[c.index] for c in columns}, ensure_ascii=False, default=_json_default),
         sort_key(row.name), search_text(row.phone_raw, row.name))
        for row in rows
    ]


# The store keeps an imported date as its ISO text (date, or datetime with "T").
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,6})?)?")


def stored_value(value: Any) -> Any:
    """A stored cell as it was imported: the ISO text the store keeps for a date is a date again."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        except ValueError:  # 2026-02-30 is text that only looks like a date
            return value
    return value


def stored_text(value: Any) -> str:
    """A stored cell as the script speaks it and the preview shows it: dates as dd/mm/yyyy (:func:`cell_text`)."""
    return cell_text(stored_value(value))


def _contact_row(record: Any, columns: Sequence[Column]) -> ContactRow:
    """A stored row (``contacts`` or ``import_rows``) back as a :class:`ContactRow` whose values are indexed by
    ``columns``' indexes (dates come back as dates, :func:`stored_value`; times as ISO text)."""
    data = json.loads(record["data"] or "{}")
    values: list[Any] = [None] * (max((c.index for c in columns), default=-1) + 1)
    for column in columns:
        values[column.index] = stored_value(data.get(column.name))
    return ContactRow(record["row_number"], values, record["phone_raw"], record["phone_e164"],
                      tuple(json.loads(record["alternates"] or "[]")), Status(record["status"]),
                      record["reason"] or "", record["name"] or "")


@dataclass(frozen=True, slots=True)
class RowsIn:
    """Where a report's rows are stored: a staged import's ``import_rows`` or a saved list's ``contacts``."""

    table: str  # "import_rows" or "contacts"
    key: str  # the owner column: "import_id" or "list_id"
    owner: int


#: The report's columns the store sorts by, as ORDER BY terms (the row number breaks ties); empty cells last.
SORTS: dict[str, tuple[str, ...]] = {
    "row": ("row_number",),
    "phone": ("CASE WHEN phone_raw = '' THEN 1 ELSE 0 END", "phone_raw", "row_number"),
    "number": ("CASE WHEN phone_e164 IS NULL THEN 1 ELSE 0 END", "phone_e164", "row_number"),
    "name": ("CASE WHEN COALESCE(name_key, '') = '' THEN 1 ELSE 0 END", "COALESCE(name_key, '')", "row_number"),
    "status": ("CASE status WHEN 'valid' THEN 0 WHEN 'duplicate' THEN 1 WHEN 'invalid' THEN 2 ELSE 3 END",
               "row_number"),
    "reason": ("CASE WHEN COALESCE(reason, '') = '' THEN 1 ELSE 0 END", "COALESCE(reason, '')", "row_number"),
}


def _like(text: str) -> str:
    """``text`` as a LIKE pattern (ESCAPE '\\') that finds it anywhere."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class StoredRows(Iterable[ContactRow]):
    """Rows of a staged import or a saved list, of some statuses (all when none) and containing a search text in
    their phone, number or name: ``len()`` counts them in SQL, :meth:`page` reads a range in a sort order the store
    applies (:data:`SORTS`), iteration reads them in row order a page at a time."""

    def __init__(self, store: Store, where: RowsIn, columns: Sequence[Column], statuses: Sequence[Status] = (),
                 search: str = "") -> None:
        self._store, self._where, self._columns = store, where, columns
        clauses, params = [f"{where.key} = ?"], [where.owner]
        if statuses:
            clauses.append(f"status IN ({', '.join('?' * len(statuses))})")
            params += [str(s) for s in statuses]
        search = search_text(search.strip())
        if search:
            clauses.append("(search_text LIKE ? ESCAPE '\\' OR phone_e164 LIKE ? ESCAPE '\\')")
            params += [_like(search), _like(search.lstrip("+0"))]
        self._sql = " AND ".join(clauses)
        self._params = tuple(params)

    def __len__(self) -> int:
        row = self._store.query_one(f"SELECT COUNT(*) FROM {self._where.table} WHERE {self._sql}", self._params)
        return int(row[0]) if row else 0

    def _read(self, extra: str, order: str, params: tuple[Any, ...]) -> list[ContactRow]:
        return [_contact_row(r, self._columns) for r in self._store.query(
            "SELECT row_number, phone_raw, phone_e164, name, alternates, status, reason, data "
            f"FROM {self._where.table} WHERE {self._sql}{extra} ORDER BY {order}", (*self._params, *params))]

    def page(self, offset: int, limit: int, sort: str = "row", descending: bool = False) -> list[ContactRow]:
        """Up to ``limit`` rows from position ``offset`` in the order of ``sort`` (a key of :data:`SORTS`).

        The order is found on the row numbers alone, then those rows are read: sorting carries no row's data."""
        order = ", ".join(f"{term} DESC" if descending else term for term in SORTS[sort])
        numbers = [r[0] for r in self._store.query(
            f"SELECT row_number FROM {self._where.table} WHERE {self._sql} ORDER BY {order} LIMIT ? OFFSET ?",
            (*self._params, limit, offset))]
        if not numbers:
            return []
        by_number = {row.row: row for row in self._read(
            f" AND row_number IN ({', '.join('?' * len(numbers))})", "row_number", tuple(numbers))}
        return [by_number[n] for n in numbers]

    def __getitem__(self, item: slice) -> list[ContactRow]:
        """The rows of a slice with an end, in row order (``rows[:20]``: the first 20)."""
        start = item.start or 0
        return self.page(start, max(0, item.stop - start))

    def __iter__(self) -> Iterator[ContactRow]:
        after = 0
        while rows := self._read(" AND row_number > ?", "row_number LIMIT ?", (after, _BATCH)):
            yield from rows
            after = rows[-1].row


@dataclass
class StoredReport(Verdicts):
    """A report whose rows stay in the store (a staged import, or a saved list): the counts are held, the rows
    read when asked for (:meth:`rows`), so its memory does not grow with the list."""

    store: Store
    where: RowsIn
    counts: ImportCounts
    staged: StagedImport | None = None  # the staged import it shows, until saved

    def rows(self, statuses: Sequence[Status] = (), search: str = "") -> StoredRows:
        """The rows of ``statuses`` (all when none) containing ``search`` in their phone, number or name."""
        return StoredRows(self.store, self.where, self.table.columns, statuses, search)

    def with_status(self, *statuses: Status) -> StoredRows:
        return self.rows(statuses)

    def rejects(self) -> StoredRows:
        """Rows that will not be called: what "Save rejects" writes."""
        return self.rows(REJECTED)


def mapping_scope(provider: str, template: str) -> str:
    """The key a mapping is remembered under: ``vbot:<template_code>``, ``nxcloud:<sceneID>``, ``bizphone:<flow>``."""
    return f"{spec(provider).key}:{template}"


@dataclass
class SavedMapping:
    """What the user chose for one template: phone and name columns, field key → column, and (NXCLOUD) the
    scene's variable names, which no API lists and the user types once."""

    phone: str | None = None
    name: str | None = None
    fields: dict[str, str] = field(default_factory=dict)
    variables: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ContactListInfo:
    """A saved list as the Contacts and Campaigns tabs list it: its size and how many rows will be called."""

    id: int
    name: str
    source_file: str
    created_at: str
    rows: int
    valid: int


@dataclass(frozen=True, slots=True)
class DoNotCallImport:
    added: int
    already_listed: int
    invalid_rows: tuple[int, ...]


_CAMPAIGNS_USING = "SELECT name FROM campaigns WHERE list_id = ? ORDER BY id"


class ContactRepository:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- contact lists ------------------------------------------------------------------------------------
    def save_list(
        self,
        report: ImportReport,
        name: str,
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> int:
        """Store every row with its status (campaigns dial the ``valid`` ones); returns the new list's id.

        One transaction: a cancel or an error leaves no half-saved list behind.
        """
        table = report.table
        ticker = Ticker(Stage.SAVING, len(report.rows), progress, cancel, every=_BATCH)
        with self.store.transaction() as db:
            list_id = self._new_list(db, table, name)
            for start in range(0, len(report.rows), _BATCH):
                ticker.check(start)
                db.executemany(
                    f"INSERT INTO contacts(list_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _stored(list_id, table, report.rows[start:start + _BATCH]),
                )
            ticker.finish()
        return list_id

    @staticmethod
    def _new_list(db: Any, table: Table, name: str) -> int:
        return int(db.execute(
            "INSERT INTO contact_lists(name, source_file, sheet, columns) VALUES (?, ?, ?, ?) RETURNING id",
            (name, str(table.source), table.sheet, json.dumps(table.column_names, ensure_ascii=False)),
        ).fetchone()[0])

    # -- staged imports -----------------------------------------------------------------------------------
    def stage(
        self,
        table: Table,
        mapping: ColumnMapping,
        options: ImportOptions = ImportOptions(),
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> StagedImport:
        """Validate ``table`` a chunk at a time into ``import_rows``, memory bounded by one chunk whatever the size
        of the list (``table`` from :func:`~desktop.contacts.reading.open_table` reads its rows lazily).

        Duplicates are found against the rows already staged (an index on the number); each chunk is committed on
        its own, and a cancel or an error drops what was staged. Imports a crash left are dropped after a day.
        """
        judge = Judge(table, mapping, options)
        ticker = Ticker(Stage.VALIDATING, len(table.rows), progress, cancel)
        with self.store.transaction() as db:
            db.execute("DELETE FROM imports WHERE started_at < ?", (time.time() - _STALE_IMPORT_S,))
            import_id = int(db.execute("INSERT INTO imports(started_at) VALUES (?) RETURNING id",
                                       (time.time(),)).fetchone()[0])
        statuses: Counter[Status] = Counter()
        rows = iter(table.rows)
        try:
            while chunk := list(itertools.islice(rows, _BATCH)):
                numbers = {judge.number(values)[1].e164 for _, values in chunk} - {None}
                judged = judge.rows(chunk, self._first_rows(import_id, numbers), ticker, statuses.total())
                judge.verdicts.clear()
                with self.store.transaction() as db:
                    db.executemany(
                        f"INSERT INTO import_rows(import_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        _stored(import_id, table, judged),
                    )
                statuses.update(row.status for row in judged)
            ticker.finish()
        except BaseException:
            self.discard(import_id)
            raise
        return StagedImport(table, mapping, judge.provider.key if judge.provider else None, import_id,
                            count_statuses(statuses))

    def stage_file(
        self,
        path: Path,
        *,
        sheet: str | None = None,
        header_row: int | None = None,
        mapping: ColumnMapping | None = None,
        options: ImportOptions = ImportOptions(),
        limits: Limits = Limits(),
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> StagedImport:
        """Read ``path`` and :meth:`stage` it (the mapping detected if not given): a file of any length imported
        with memory bounded by one chunk (``autocall contacts import``)."""
        table = open_table(path, sheet=sheet, header_row=header_row, limits=limits, progress=progress, cancel=cancel)
        return self.stage(table, mapping or find_mapping(table, limits, options.region), options, progress, cancel)

    def _first_rows(self, import_id: int, numbers: Collection[str]) -> dict[str, int]:
        """The row each of ``numbers`` first appeared on among the staged rows of ``import_id``."""
        found: dict[str, int] = {}
        numbers = list(numbers)
        for start in range(0, len(numbers), _IN_LIST):
            part = numbers[start:start + _IN_LIST]
            found.update((r[0], r[1]) for r in self.store.query(
                "SELECT phone_e164, MIN(row_number) FROM import_rows "
                f"WHERE import_id = ? AND phone_e164 IN ({', '.join('?' * len(part))}) GROUP BY phone_e164",
                (import_id, *part)))
        return found

    def staged_rows(self, staged: StagedImport, *statuses: Status) -> StoredRows:
        """The staged rows of ``statuses`` (all when none) in row order, read from the store a page at a time."""
        return StoredRows(self.store, RowsIn("import_rows", "import_id", staged.id), staged.table.columns, statuses)

    def staged_report(self, staged: StagedImport) -> StoredReport:
        """A staged import as a report whose rows are read from the store when shown."""
        return StoredReport(staged.table, staged.mapping, staged.provider, self.store,
                            RowsIn("import_rows", "import_id", staged.id), staged.counts, staged)

    def save_staged(self, staged: StagedImport, name: str) -> int:
        """Copy a staged import into a new list (campaigns dial its ``valid`` rows), in one transaction and one
        statement; the staged rows stay until :meth:`discard`. Returns the new list's id."""
        return self.save_report(self.staged_report(staged), name)

    def save_report(self, report: StoredReport, name: str) -> int:
        """Copy a stored report's rows (a staged import, or another list) into a new list, in one transaction and
        one statement. Returns the new list's id."""
        where = report.where
        with self.store.transaction() as db:
            list_id = self._new_list(db, report.table, name)
            db.execute(
                f"INSERT INTO contacts(list_id, {_COLUMNS}) SELECT ?, {_COLUMNS} "
                f"FROM {where.table} WHERE {where.key} = ? ORDER BY row_number",
                (list_id, where.owner),
            )
        return list_id

    def discard(self, import_id: int) -> None:
        """Drop a staged import's rows (after saving it, or when another file replaces it), a chunk a transaction:
        between them the store answers the window's page reads, which one long delete would keep waiting."""
        while row := self.store.query_one(
                "SELECT row_number FROM import_rows WHERE import_id = ? ORDER BY row_number LIMIT 1 OFFSET ?",
                (import_id, _BATCH - 1)):
            with self.store.transaction() as db:
                db.execute("DELETE FROM import_rows WHERE import_id = ? AND row_number <= ?", (import_id, row[0]))
        with self.store.transaction() as db:
            db.execute("DELETE FROM imports WHERE id = ?", (import_id,))

    def lists(self) -> list[ContactListInfo]:
        """Every saved list, newest first, with its row counts (one indexed pass over ``contacts``)."""
        rows = self.store.query(
            "SELECT l.id, l.name, COALESCE(l.source_file, '') AS source_file, l.created_at, "
            "COUNT(c.id) AS rows, COALESCE(SUM(CASE WHEN c.status = 'valid' THEN 1 ELSE 0 END), 0) AS valid "
            "FROM contact_lists l LEFT JOIN contacts c ON c.list_id = l.id GROUP BY l.id ORDER BY l.id DESC"
        )
        return [ContactListInfo(r["id"], r["name"], r["source_file"], r["created_at"], r["rows"], r["valid"])
                for r in rows]

    def list_names(self) -> dict[int, str]:
        """Every saved list's name by id (no counting: :meth:`lists` reads every contact)."""
        return {row[0]: row[1] for row in self.store.query("SELECT id, name FROM contact_lists")}

    def _list_table(self, list_id: int) -> Table:
        """A saved list's source, sheet and columns, without rows."""
        row = self.store.query_one("SELECT source_file, sheet, columns FROM contact_lists WHERE id = ?", (list_id,))
        names: list[str] = json.loads(row["columns"]) if row else []
        columns = [Column(name, i, column_letter(i)) for i, name in enumerate(names)]
        return Table(Path(row["source_file"] or "") if row else Path(), row["sheet"] if row else None, [], 1, columns,
                     [])

    @staticmethod
    def _detected_mapping(table: Table) -> ColumnMapping:
        """The phone and name columns detected again from the table's rows (a list does not store them)."""
        return suggest_mapping(table) or ColumnMapping(table.columns[0].name if table.columns else "")

    def load_report(self, list_id: int, *statuses: Status, provider: str | None = None) -> ImportReport:
        """A saved list as an import report: its rows of ``statuses`` (all when none) in row order, with their
        verdicts and original columns, numbers shown as ``provider`` dials them; the phone column is detected
        again (the list does not store it)."""
        table = self._list_table(list_id)
        rows = list(StoredRows(self.store, RowsIn("contacts", "list_id", list_id), table.columns, statuses))
        table.rows = [(r.row, r.values) for r in rows]
        return ImportReport(table, self._detected_mapping(table), provider, rows)

    def open_list(self, list_id: int, provider: str | None = None) -> StoredReport:
        """A saved list as a report whose rows are read from the store when shown: its counts, columns and the
        phone and name columns detected from its first rows; numbers shown as ``provider`` dials them."""
        table = self._list_table(list_id)
        where = RowsIn("contacts", "list_id", list_id)
        self._fill_keys(list_id)
        counts = count_statuses(Counter({Status(r[0]): int(r[1]) for r in self.store.query(
            "SELECT status, COUNT(*) FROM contacts WHERE list_id = ? GROUP BY status", (list_id,))}))
        sample = StoredRows(self.store, where, table.columns).page(0, _GUESS_ROWS)
        table.rows = [(r.row, r.values) for r in sample]
        mapping = self._detected_mapping(table)
        table.rows = []
        return StoredReport(table, mapping, provider, self.store, where, counts)

    def _fill_keys(self, list_id: int) -> None:
        """Rows written without their name's sort key and search text (a list saved before migration 17) get them,
        a chunk a transaction."""
        while rows := self.store.query(
                "SELECT id, phone_raw, name FROM contacts WHERE list_id = ? AND search_text IS NULL LIMIT ?",
                (list_id, _BATCH)):
            with self.store.transaction() as db:
                db.executemany("UPDATE contacts SET name_key = ?, search_text = ? WHERE id = ?",
                               [(sort_key(r["name"]), search_text(r["phone_raw"], r["name"]), r["id"]) for r in rows])

    def campaigns_using(self, list_id: int) -> list[str]:
        """Names of the campaigns (drafts included) made from the list, oldest first."""
        return [r[0] for r in self.store.query(_CAMPAIGNS_USING, (list_id,))]

    def delete_list(self, list_id: int) -> None:
        """Delete a saved list and its rows, in one transaction; the file it was imported from is not touched.

        A list a campaign was made from is kept (:class:`ListInUseError`): that campaign's call rows point at its
        contacts, and its Monitor and exports show their original columns."""
        with self.store.transaction() as db:
            row = db.execute("SELECT name FROM contact_lists WHERE id = ?", (list_id,)).fetchone()
            if row is None:
                return
            users = [r[0] for r in db.execute(_CAMPAIGNS_USING, (list_id,))]
            if users:
                raise ListInUseError(row[0], users)
            db.execute("DELETE FROM contact_lists WHERE id = ?", (list_id,))

    def earlier_campaign_numbers(self) -> frozenset[str]:
        """Numbers already given to a campaign: the optional "against earlier campaigns" de-duplication."""
        rows = self.store.query(
            "SELECT DISTINCT c.phone_e164 FROM contacts c JOIN campaigns k ON k.list_id = c.list_id "
            "WHERE c.status = 'valid' AND c.phone_e164 IS NOT NULL"
        )
        return frozenset(r[0] for r in rows)

    # -- do-not-call --------------------------------------------------------------------------------------
    def do_not_call(self) -> frozenset[str]:
        return frozenset(r[0] for r in self.store.query("SELECT phone_e164 FROM do_not_call"))

    def add_do_not_call(self, numbers: Iterable[str], note: str = "") -> int:
        """Add E.164 numbers; returns how many were new."""
        with self.store.transaction() as db:
            return db.executemany(
                "INSERT INTO do_not_call(phone_e164, note) VALUES (?, ?) ON CONFLICT (phone_e164) DO NOTHING",
                [(number, note or None) for number in numbers],
            ).rowcount

    def add_do_not_call_text(self, text: str, region: str = "VN", note: str = BY_HAND) -> PhoneResult:
        """A number typed by hand, in any usual form; refused numbers are returned with their reason."""
        result = PhoneNormalizer(region).normalize(text)
        if result.e164:
            self.add_do_not_call([result.e164], note)
        return result

    def remove_do_not_call(self, numbers: Iterable[str]) -> None:
        with self.store.transaction() as db:
            db.executemany("DELETE FROM do_not_call WHERE phone_e164 = ?", [(n,) for n in numbers])

    def import_do_not_call(
        self,
        path: Path,
        region: str = "VN",
        sheet: str | None = None,
        limits: Limits = Limits(),
        progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> DoNotCallImport:
        """Every number in a file's phone column (each number of a multi-number cell) joins the list."""
        table = read_table(path, sheet=sheet, limits=limits, progress=progress, cancel=cancel)
        mapping = suggest_mapping(table, region)
        if mapping is None:
            return DoNotCallImport(0, 0, tuple(r for r, _ in table.rows))
        index = table.column(mapping.phone).index
        normalizer = PhoneNormalizer(region)
        numbers: list[str] = []
        invalid: list[int] = []
        for row_number, values in table.rows:
            first, alternates = normalizer.normalize_cell(values[index])[1:]
            if first.e164:
                numbers.append(first.e164)
                numbers.extend(alternates)
            else:
                invalid.append(row_number)
        unique = list(dict.fromkeys(numbers))
        added = self.add_do_not_call(unique, note=keep(N_("imported from {name}"), name=Path(path).name))
        return DoNotCallImport(added, len(unique) - added, tuple(invalid))

    # -- mappings -----------------------------------------------------------------------------------------
    def save_mapping(self, scope: str, mapping: SavedMapping) -> None:
        payload = {
            "phone": mapping.phone,
            "name": mapping.name,
            "fields": mapping.fields,
            "variables": mapping.variables,
        }
        with self.store.transaction() as db:
            db.execute(
                "INSERT INTO field_mappings(scope, mapping) VALUES (?, ?) "
                "ON CONFLICT(scope) DO UPDATE SET mapping = excluded.mapping",
                (scope, json.dumps(payload, ensure_ascii=False)),
            )

    def load_mapping(self, scope: str) -> SavedMapping | None:
        row = self.store.query_one("SELECT mapping FROM field_mappings WHERE scope = ?", (scope,))
        if row is None:
            return None
        data = json.loads(row["mapping"])
        return SavedMapping(
            phone=data.get("phone"),
            name=data.get("name"),
            fields=dict(data.get("fields") or {}),
            variables=list(data.get("variables") or []),
        )
