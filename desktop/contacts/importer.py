"""The import pipeline: a file (or an already read :class:`Table`) to an :class:`ImportReport`.

Each data row gets exactly one status, decided in this order so the reason shown is the most useful one:
``invalid`` (the number cannot be dialled, and why) → ``suppressed`` (on the do-not-call list) → ``duplicate``
(an earlier row of this file has the same number, or an earlier campaign already called it) → ``valid``.

Reading and validating are separate calls because the user changes the mapping after seeing the file: the UI
reads once (:func:`~desktop.contacts.reading.read_table`) and re-validates in well under a second. A list too big
to hold is validated a chunk at a time into the store instead (``ContactRepository.stage``, a :class:`StagedImport`),
by the same :class:`Judge`.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, Protocol, TextIO

from desktop.contacts.columns import ColumnMapping, detect_mapping
from desktop.contacts.errors import ContactsError, MappingError
from desktop.contacts.reading import Limits, Table, read_table
from desktop.i18n import N_, _, keep, shown
from desktop.phones import PhoneNormalizer, PhoneResult, cell_text
from desktop.progress import CancelToken, ProgressCallback, Stage, Ticker

REASON_DO_NOT_CALL = N_("on the do-not-call list")
REASON_EARLIER_CAMPAIGN = N_("already called in an earlier campaign")
_GUESS_SAMPLE = 200


class Status(StrEnum):
    VALID = "valid"
    DUPLICATE = "duplicate"
    INVALID = "invalid"
    SUPPRESSED = "suppressed"

    @property
    def label(self) -> str:
        """The row's status as a person reads it, in the current language."""
        return _(_STATUS_LABELS[self])


_STATUS_LABELS = {Status.VALID: N_("can be called"), Status.DUPLICATE: N_("duplicate"),
                  Status.INVALID: N_("wrong number"), Status.SUPPRESSED: N_("on the do-not-call list")}


@dataclass(slots=True)
class ContactRow:
    """One data row of the file and its verdict. ``values`` is the raw row, indexed by ``Column.index``."""

    row: int
    values: Sequence[Any]
    phone_raw: str
    e164: str | None
    alternates: tuple[str, ...]
    status: Status
    reason: str  # kept as desktop.i18n.keep writes it (the store keeps it so): reason_text says it
    name: str

    @property
    def reason_text(self) -> str:
        """Why the row will not be called, in the current language."""
        return shown(self.reason)


@dataclass(frozen=True, slots=True)
class ImportCounts:
    total: int
    valid: int
    duplicates: int
    invalid: int
    suppressed: int


@dataclass(frozen=True)
class ImportOptions:
    """What validation needs beyond the file. Numbers in ``do_not_call`` and ``earlier_numbers`` are E.164."""

    region: str = "VN"
    provider: str | None = None  # the provider key whose dial rules apply; None = E.164 only
    do_not_call: Collection[str] = frozenset()
    earlier_numbers: Collection[str] = frozenset()


@dataclass
class Verdicts:
    """What every import report knows beyond its rows: the table's shape, the mapping and the dialling provider."""

    table: Table
    mapping: ColumnMapping
    provider: str | None

    def normalized(self, row: ContactRow) -> str | None:
        """The row's number as the chosen provider dials it (E.164 without a provider)."""
        if row.e164 is None or not self.provider:
            return row.e164
        from desktop.providers import spec  # here: the registry loads httpx and every provider, a check needs none

        return spec(self.provider).dial(row.e164)

    def value(self, row: ContactRow, column: str) -> Any:
        return row.values[self.table.column(column).index]


@dataclass
class ImportReport(Verdicts):
    """The validated list: every data row with its status and reason, plus what produced it."""

    rows: list[ContactRow] = field(repr=False)

    @property
    def counts(self) -> ImportCounts:
        return count_statuses(row.status for row in self.rows)

    def with_status(self, *statuses: Status) -> list[ContactRow]:
        """The rows for a status filter in the report view (all rows when no status is given)."""
        return [row for row in self.rows if not statuses or row.status in statuses]

    def rejects(self) -> list[ContactRow]:
        """Rows that will not be called: what "Save rejects" writes."""
        return self.with_status(*REJECTED)

    def write_json(self, out: TextIO, chunk: int = 10_000) -> None:
        """Write the ``autocall check --json`` object (see :func:`write_json`) to ``out``."""
        write_json(self, self.counts, self.rows, out, chunk)


@dataclass
class StagedImport(Verdicts):
    """An import validated into the store a chunk at a time (``ContactRepository.stage``): its rows wait in
    ``import_rows`` under ``id`` until "Save list" copies them into a list; nothing per row is held here."""

    id: int
    counts: ImportCounts


class RowSource(Protocol):
    """Rows that can be counted and read in order: a list, or a staged import's rows read from the store."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[ContactRow]: ...


#: The statuses of the rows that will not be called: what "Save rejects" writes.
REJECTED = (Status.DUPLICATE, Status.INVALID, Status.SUPPRESSED)


def count_statuses(statuses: Iterable[Status]) -> ImportCounts:
    """The counts of a report whose rows have ``statuses`` (or a Counter of them, taken as it is)."""
    by_status = Counter(statuses)
    return ImportCounts(
        total=by_status.total(),
        valid=by_status[Status.VALID],
        duplicates=by_status[Status.DUPLICATE],
        invalid=by_status[Status.INVALID],
        suppressed=by_status[Status.SUPPRESSED],
    )


def write_json(report: Verdicts, counts: ImportCounts, rows: Iterable[ContactRow], out: TextIO,
               chunk: int = 10_000) -> None:
    """Write the ``autocall check --json`` object (the counts, then one entry a row) to ``out``, ``chunk`` rows
    at a time. Each entry is formatted as ``json.dumps(..., ensure_ascii=False)`` writes it, its strings escaped by
    json's own encoder and each distinct reason said and escaped once: four times faster than dumping dicts."""
    head = {"total": counts.total, "valid": counts.valid, "duplicates": counts.duplicates,
            "invalid": counts.invalid, "suppressed": counts.suppressed}
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
    reasons: dict[str, str] = {}
    rows, separator = iter(rows), ""
    while part := list(itertools.islice(rows, chunk)):
        entries = []
        for row in part:
            reason = reasons.get(row.reason)
            if reason is None:
                reason = reasons[row.reason] = encode_basestring(row.reason_text)
            normalized = report.normalized(row)
            normalized = "null" if normalized is None else encode_basestring(normalized)
            entries.append(f'{{"row": {row.row}, "phone": {encode_basestring(row.phone_raw)}, "normalized": '
                           f'{normalized}, "status": "{row.status}", "reason": {reason}}}')
        out.write(separator + ", ".join(entries))
        separator = ", "
    out.write("]}\n")


def guess_phone_column(table: Table, normalizer: PhoneNormalizer) -> str | None:
    """For files whose headers name no phone column: the column where most sampled values are valid numbers."""
    sample = table.rows[:_GUESS_SAMPLE]
    best, best_hits = None, 0
    for column in table.columns:
        hits = sum(normalizer.normalize_cell(values[column.index])[1].valid for _, values in sample)
        if hits > best_hits:
            best, best_hits = column.name, hits
    return best if best_hits * 2 >= len(sample) > 0 else None


def suggest_mapping(table: Table, region: str = "VN") -> ColumnMapping | None:
    """The mapping to propose in the UI: from the headers, else from the values. None if no phone column."""
    return detect_mapping(table.column_names, phone_guess=guess_phone_column(table, PhoneNormalizer(region)))


def sheet_with_phones(table: Table, limits: Limits = Limits(), region: str = "VN") -> str | None:
    """For a sheet without a phone column: the first other visible sheet of its workbook that has one, else None.

    Only asked when the chosen sheet gave no phone column, so reading the other sheets costs nothing otherwise;
    a sheet that cannot be read is passed over.
    """
    for info in table.sheets:
        if info.hidden or info.name == table.sheet:
            continue
        try:
            other = read_table(table.source, sheet=info.name, limits=limits)
        except ContactsError:
            continue
        if suggest_mapping(other, region) is not None:
            return info.name
    return None


class Judge:
    """The verdict of each row for one mapping and set of options, in the order the module docstring gives.

    Duplicates are judged against ``first_row`` (E.164 → the row it first appeared on), which the caller keeps:
    the whole file's for :func:`validate`, one chunk's (filled from the store beforehand) for a staged import.
    """

    def __init__(self, table: Table, mapping: ColumnMapping, options: ImportOptions) -> None:
        try:
            self.phone_index = table.column(mapping.phone).index
            self.name_index = table.column(mapping.name).index if mapping.name else None
        except KeyError as exc:
            raise MappingError(
                _("The column {column!r} is not in this file. Choose the phone and name columns again.").format(
                    column=exc.args[0])
            ) from None
        self.provider = None
        if options.provider:
            from desktop.providers import spec  # here: the registry loads httpx and every provider, a check needs none

            self.provider = spec(options.provider)
        self.options = options
        self._normalize_cell = PhoneNormalizer(options.region).normalize_cell
        # per distinct cell (lists repeat numbers); the caller clears it to bound it
        self.verdicts: dict[Any, tuple[str, PhoneResult, tuple[str, ...]]] = {}

    def number(self, values: Sequence[Any]) -> tuple[str, PhoneResult, tuple[str, ...]]:
        """The row's phone cell as written, its first number's verdict and the cell's other numbers."""
        cell = values[self.phone_index]
        key = cell if type(cell) is str else (type(cell), cell)  # 1, 1.0 and True are equal keys otherwise
        verdict = self.verdicts.get(key)
        if verdict is None:
            verdict = self.verdicts[key] = self._normalize_cell(cell)
        return verdict

    def rows(self, rows: Iterable[tuple[int, Sequence[Any]]], first_row: dict[str, int], ticker: Ticker,
             done: int = 0) -> list[ContactRow]:
        """The verdicts of ``rows``; ``first_row`` learns their numbers; ``done`` rows were judged before."""
        # The hot loop of every import: what :meth:`number` and ``ticker.tick`` do is written out here, and each
        # name is looked up once (a call or an attribute per row is a tenth of the loop's time on 100,000 rows).
        provider, name_index, phone_index = self.provider, self.name_index, self.phone_index
        verdicts, normalize_cell, every = self.verdicts, self._normalize_cell, ticker.every
        do_not_call, earlier = self.options.do_not_call, self.options.earlier_numbers
        judged: list[ContactRow] = []
        append = judged.append
        valid, invalid, duplicate = Status.VALID, Status.INVALID, Status.DUPLICATE  # enum members are slow to find
        for count, (row_number, values) in enumerate(rows, done):
            if not count % every:
                ticker.check(count)
            cell = values[phone_index]
            key = cell if type(cell) is str else (type(cell), cell)  # 1, 1.0 and True are equal keys otherwise
            verdict = verdicts.get(key)
            if verdict is None:
                verdict = verdicts[key] = normalize_cell(cell)
            phone_raw, (e164, reason), alternates = verdict
            name = "" if name_index is None else values[name_index]
            name = name.strip() if type(name) is str else cell_text(name)  # cell_text's common case, without a call
            if e164 is None:
                status = invalid  # the reason is kept as phones wrote it, said in the reader's language
            else:
                first = first_row.get(e164)
                if first is None:
                    first_row[e164] = row_number
                if provider is not None and provider.refuses(e164):
                    status, reason = invalid, provider.refuses(e164)
                elif e164 in do_not_call:
                    status, reason = Status.SUPPRESSED, REASON_DO_NOT_CALL
                elif first is not None:
                    status, reason = duplicate, keep(N_("duplicate of row {first_row}"), first_row=first)
                elif e164 in earlier:
                    status, reason = duplicate, REASON_EARLIER_CAMPAIGN
                else:
                    status, reason = valid, ""
            append(ContactRow(row_number, values, phone_raw, e164, alternates, status, reason, name))
        return judged


def validate(
    table: Table,
    mapping: ColumnMapping,
    options: ImportOptions = ImportOptions(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Normalise, de-duplicate and screen every row of ``table`` (runs on a worker thread)."""
    judge = Judge(table, mapping, options)
    ticker = Ticker(Stage.VALIDATING, len(table.rows), progress, cancel)
    rows = judge.rows(table.rows, {}, ticker)
    ticker.finish()
    return ImportReport(table=table, mapping=mapping, provider=judge.provider.key if judge.provider else None,
                        rows=rows)


def find_mapping(table: Table, limits: Limits, region: str) -> ColumnMapping:
    """The mapping detected for ``table``; none found is a :class:`MappingError` naming the sheet that has one."""
    mapping = suggest_mapping(table, region)
    if mapping is not None:
        return mapping
    other = sheet_with_phones(table, limits, region)
    path = table.source
    where = (_("{name}, sheet “{sheet}”").format(name=Path(path).name, sheet=table.sheet) if table.sheet
             else Path(path).name)
    if other is not None:
        raise MappingError(
            _("No phone number column was found in {where}; the sheet “{other}” has one. Import that sheet "
              "(--sheet “{other}”).").format(where=where, other=other)
        )
    raise MappingError(
        _("No phone number column was found in {where}. Name the column “Số điện thoại” or “Phone”, or choose it "
          "in the column mapping.").format(where=where)
    )


def import_file(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: ColumnMapping | None = None,
    options: ImportOptions = ImportOptions(),
    limits: Limits = Limits(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Read and validate in one call (``autocall check``, the benchmark); the mapping is detected if not given."""
    table = read_table(path, sheet=sheet, header_row=header_row, limits=limits, progress=progress, cancel=cancel)
    mapping = mapping or find_mapping(table, limits, options.region)
    return validate(table, mapping, options, progress=progress, cancel=cancel)
