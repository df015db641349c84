"""Template fields against a contact list: which column feeds each field, what the script will speak for a row,
and what blocks a launch. The fields themselves come from the provider (:class:`TemplateField`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from desktop.contacts.columns import fold
from desktop.contacts.importer import ContactRow, ImportReport, Status
from desktop.i18n import _, ngettext
from desktop.phones import cell_text
from desktop.providers.base import TemplateField

_MAX_ROWS_LISTED = 10


def _squash(text: str) -> str:
    return fold(text).replace(" ", "")


def match_fields(
    fields: Sequence[TemplateField], columns: Sequence[str], saved: Mapping[str, str] | None = None
) -> dict[str, str | None]:
    """Field key → column. A saved choice wins when its column is still in the file; otherwise a column whose
    header equals the field's ``cfkey`` or ``cfname`` once folded ("so_tien_no", "Số tiền nợ", "SoTienNo")."""
    by_squashed: dict[str, str] = {}
    for column in columns:
        by_squashed.setdefault(_squash(column), column)
    result: dict[str, str | None] = {}
    for item in fields:
        chosen = (saved or {}).get(item.key)
        if chosen not in columns:
            chosen = by_squashed.get(_squash(item.key)) or by_squashed.get(_squash(item.name))
        result[item.key] = chosen
    return result


def field_values(
    report: ImportReport, row: ContactRow, fields: Sequence[TemplateField], mapping: Mapping[str, str | None]
) -> dict[str, str]:
    """What the script will speak for one row (``datas`` for VBot, ``params`` for NXCLOUD, ``properties`` for
    BizPhone): each mapped field's cell as text, dates as dd/mm/yyyy and whole numbers without ".0"."""
    values: dict[str, str] = {}
    for item in fields:
        column = mapping.get(item.key)
        values[item.key] = cell_text(report.value(row, column)) if column else ""
    return values


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason the campaign cannot be launched yet; ``rows`` are spreadsheet row numbers."""

    field: str | None
    message: str
    rows: tuple[int, ...] = ()


def launch_problems(
    report: ImportReport, fields: Sequence[TemplateField], mapping: Mapping[str, str | None]
) -> list[Problem]:
    """Everything that blocks the launch, as a list to show: required fields with no column, then required
    fields left empty in rows that would be called, then an empty list of numbers."""
    problems: list[Problem] = []
    callable_rows = report.with_status(Status.VALID)
    if not callable_rows:
        problems.append(Problem(None, _("No row has a valid phone number to call.")))
    for item in fields:
        if item.required and not mapping.get(item.key):
            problems.append(
                Problem(item.key, _("The required field “{name}” ({key}) is not mapped to a column.").format(
                                      name=item.name, key=item.key))
            )
    for item in fields:
        column = mapping.get(item.key)
        if not (item.required and column):
            continue
        index = report.table.column(column).index
        empty = tuple(row.row for row in callable_rows if not cell_text(row.values[index]))
        if empty:
            listed = ", ".join(map(str, empty[:_MAX_ROWS_LISTED])) + (" …" if len(empty) > _MAX_ROWS_LISTED else "")
            problems.append(
                Problem(
                    item.key,
                    ngettext("The required field “{name}” is empty in {empty} row (column “{column}”, row {listed}). "
                             "Fill it in or remove that row.",
                             "The required field “{name}” is empty in {empty} rows (column “{column}”, rows "
                             "{listed}). Fill them in or remove those rows.", len(empty)).format(
                        name=item.name, empty=len(empty), column=column, listed=listed),
                    empty,
                )
            )
    return problems


@dataclass(frozen=True, slots=True)
class PreviewRow:
    row: int
    phone: str
    name: str
    values: dict[str, str]


def preview(
    report: ImportReport,
    fields: Sequence[TemplateField],
    mapping: Mapping[str, str | None],
    limit: int = 20,
) -> list[PreviewRow]:
    """The first rows that will be called, with the number as dialled and the values the script will speak."""
    return [
        PreviewRow(row.row, report.normalized(row) or "", row.name, field_values(report, row, fields, mapping))
        for row in report.with_status(Status.VALID)[:limit]
    ]
