"""The import pipeline: a file (or an already read :class:`Table`) to an :class:`ImportReport`.

Each data row gets exactly one status, decided in this order so the reason shown is the most useful one:
``invalid`` (the number cannot be dialled, and why) → ``suppressed`` (on the do-not-call list) → ``duplicate``
(an earlier row of this file has the same number, or an earlier campaign already called it) → ``valid``.

Reading and validating are separate calls because the user changes the mapping after seeing the file: the UI
reads once (:func:`~desktop.contacts.reading.read_table`) and re-validates in well under a second.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

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
class ImportReport:
    """The validated list: every data row with its status and reason, plus what produced it."""

    table: Table
    mapping: ColumnMapping
    provider: str | None
    rows: list[ContactRow] = field(repr=False)

    @property
    def counts(self) -> ImportCounts:
        by_status = Counter(row.status for row in self.rows)
        return ImportCounts(
            total=len(self.rows),
            valid=by_status[Status.VALID],
            duplicates=by_status[Status.DUPLICATE],
            invalid=by_status[Status.INVALID],
            suppressed=by_status[Status.SUPPRESSED],
        )

    def with_status(self, *statuses: Status) -> list[ContactRow]:
        """The rows for a status filter in the report view (all rows when no status is given)."""
        return [row for row in self.rows if not statuses or row.status in statuses]

    def rejects(self) -> list[ContactRow]:
        """Rows that will not be called: what "Save rejects" writes."""
        return self.with_status(Status.DUPLICATE, Status.INVALID, Status.SUPPRESSED)

    def normalized(self, row: ContactRow) -> str | None:
        """The row's number as the chosen provider dials it (E.164 without a provider)."""
        if row.e164 is None or not self.provider:
            return row.e164
        from desktop.providers import spec  # here: the registry loads httpx and every provider, a check needs none

        return spec(self.provider).dial(row.e164)

    def value(self, row: ContactRow, column: str) -> Any:
        return row.values[self.table.column(column).index]

    def write_json(self, out: TextIO, chunk: int = 10_000) -> None:
        """Write the ``autocall check --json`` object (the counts, then one entry a row) to ``out``, ``chunk`` rows
        encoded at a time: fast like one ``json.dumps`` without holding every row's text at once."""
        counts = self.counts
        head = {"total": counts.total, "valid": counts.valid, "duplicates": counts.duplicates,
                "invalid": counts.invalid, "suppressed": counts.suppressed}
        out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [')
        for start in range(0, len(self.rows), chunk):
            entries = [{"row": row.row, "phone": row.phone_raw, "normalized": self.normalized(row),
                        "status": str(row.status), "reason": row.reason_text} for row in self.rows[start:start + chunk]]
            out.write((", " if start else "") + json.dumps(entries, ensure_ascii=False)[1:-1])
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


def validate(
    table: Table,
    mapping: ColumnMapping,
    options: ImportOptions = ImportOptions(),
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> ImportReport:
    """Normalise, de-duplicate and screen every row of ``table`` (runs on a worker thread)."""
    try:
        phone_index = table.column(mapping.phone).index
        name_index = table.column(mapping.name).index if mapping.name else None
    except KeyError as exc:
        raise MappingError(
            _("The column {column!r} is not in this file. Choose the phone and name columns again.").format(
                column=exc.args[0])
        ) from None
    provider = None
    if options.provider:
        from desktop.providers import spec  # here: the registry loads httpx and every provider, a check needs none

        provider = spec(options.provider)
    normalize_cell = PhoneNormalizer(options.region).normalize_cell
    ticker = Ticker(Stage.VALIDATING, len(table.rows), progress, cancel)
    do_not_call, earlier = options.do_not_call, options.earlier_numbers
    first_row: dict[str, int] = {}
    verdicts: dict[Any, tuple[str, PhoneResult, tuple[str, ...]]] = {}  # per distinct cell: lists repeat numbers
    rows: list[ContactRow] = []
    valid, invalid, duplicate = Status.VALID, Status.INVALID, Status.DUPLICATE  # an enum's members are slow to look up
    for count, (row_number, values) in enumerate(table.rows):
        ticker.tick(count)
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
        elif provider is not None and provider.refuses(e164):
            status, reason = invalid, provider.refuses(e164)
        elif e164 in do_not_call:
            status, reason = Status.SUPPRESSED, REASON_DO_NOT_CALL
        elif e164 in first_row:
            status, reason = duplicate, keep(N_("duplicate of row {first_row}"), first_row=first_row[e164])
        elif e164 in earlier:
            status, reason = duplicate, REASON_EARLIER_CAMPAIGN
        else:
            status, reason = valid, ""
        if e164 is not None and e164 not in first_row:
            first_row[e164] = row_number
        rows.append(ContactRow(row_number, values, phone_raw, e164, alternates, status, reason, name))
    ticker.finish()
    return ImportReport(table=table, mapping=mapping, provider=provider.key if provider else None, rows=rows)


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
    mapping = mapping or suggest_mapping(table, options.region)
    if mapping is None:
        other = sheet_with_phones(table, limits, options.region)
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
    return validate(table, mapping, options, progress=progress, cancel=cancel)
