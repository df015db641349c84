"""The .xlsx half of desktop.spreadsheets (its rules apply): a streamed, write-only workbook with a bold, frozen header,
an autofilter and columns as wide as their content. Imported only when an .xlsx is written: openpyxl is slow to load.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.spreadsheets import (
    CHART_ROWS,
    MAX_WIDTH,
    MIN_WIDTH,
    WIDTH_SAMPLE,
    Breakdown,
    Figure,
    Front,
    _date_shape,
    _is_formula_like,
    _plain,
    _text,
)

_BOLD = Font(name="Calibri", size=11, bold=True)  # openpyxl's default font, bold


def write_xlsx(target: str, title: str, header: list[Any], rows: Iterator[list[Any]],
               front: Front | None = None) -> int:
    """Stream ``header`` and ``rows`` into a workbook at ``target`` (after the ``front`` sheet, if any, filled once
    every row is written); returns the rows written."""
    workbook = openpyxl.Workbook(write_only=True)
    first = workbook.create_sheet(front.title) if front else None
    sheet = workbook.create_sheet(title)
    sample = list(itertools.islice(rows, WIDTH_SAMPLE))
    for index, width in enumerate(_widths([header, *sample]), 1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    count = 0
    try:
        sheet.append([_header_cell(sheet, v) for v in header])
        for row in itertools.chain(sample, rows):
            sheet.append([_xlsx_cell(sheet, v) for v in row])
            count += 1
    except BaseException:
        sheet.close()  # ends openpyxl's row stream; its temporary file is removed at exit
        raise
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(len(header), 1))}{count + 1}"
    if front and first is not None:
        _write_front(first, *front.content())
    workbook.save(target)
    return count


def _write_front(sheet: WriteOnlyWorksheet, figures: Sequence[Figure], breakdowns: Sequence[Breakdown]) -> None:
    """The figures, a blank line, then each breakdown's table with its bar chart to the right of it."""
    labels = [f.label for f in figures] + [b.label for b in breakdowns] + [r[0] for b in breakdowns for r in b.rows]
    sheet.column_dimensions["A"].width = _widths([[label] for label in labels] or [[""]])[0]
    sheet.column_dimensions["B"].width = 14
    for figure in figures:
        value = _plain(figure.value)
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = figure.number_format
        sheet.append([_header_cell(sheet, figure.label), cell])
    line = len(figures)
    for breakdown in breakdowns:
        sheet.append([])
        sheet.append([_header_cell(sheet, breakdown.title)])
        head = line + 3
        sheet.append([_header_cell(sheet, breakdown.label), _header_cell(sheet, breakdown.count)])
        for label, count in breakdown.rows:
            sheet.append([_xlsx_cell(sheet, _plain(label)), count])
        if breakdown.rows:
            chart = BarChart()
            chart.type = "bar"
            chart.title = breakdown.title
            chart.legend = None
            chart.add_data(Reference(sheet, min_col=2, min_row=head, max_row=head + len(breakdown.rows)),
                           titles_from_data=True)
            chart.set_categories(Reference(sheet, min_col=1, min_row=head + 1, max_row=head + len(breakdown.rows)))
            sheet.add_chart(chart, f"D{head - 1}")
        padding = max(0, CHART_ROWS - len(breakdown.rows) - 2)
        for _ in range(padding):
            sheet.append([])
        line = head + len(breakdown.rows) + padding


def _widths(rows: list[list[Any]]) -> list[float]:
    """Each column's width in characters: its longest line of text plus a margin, within MIN_WIDTH..MAX_WIDTH."""
    widest: list[int] = []
    for row in rows:
        for index, value in enumerate(row):
            width = max((len(line) for line in _text(value).splitlines()), default=0)
            if index < len(widest):
                widest[index] = max(widest[index], width)
            else:
                widest.append(width)
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widest]


def _xlsx_cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """A plain value, or a styled cell for formula-like text (kept text) and dates (shown dd/mm/yyyy)."""
    if _is_formula_like(value):
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"  # openpyxl writes text starting with "=" as a live formula
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        return cell
    shape = _date_shape(value)
    if shape:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = shape[0]
        return cell
    return value


def _header_cell(sheet: WriteOnlyWorksheet, value: Any) -> Cell:
    cell = _xlsx_cell(sheet, value)
    if not isinstance(cell, Cell):
        cell = WriteOnlyCell(sheet, cell)
    cell.font = _BOLD
    return cell
