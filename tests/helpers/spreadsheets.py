"""Reading back a workbook the app wrote, the ways its users' programs will: openpyxl, python-calamine and the raw
sheet XML (where a live formula would be an ``<f>`` element)."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine


@dataclass
class Written:
    rows: list[tuple[Any, ...]]  # openpyxl's values
    calamine: list[list[Any]]  # python-calamine's values
    formulas: list[str]  # every <f> element of the sheet XML
    number_formats: list[tuple[str, ...]]  # per row, per cell
    quoted: list[tuple[bool, ...]]  # per row, per cell: Excel's quote prefix (text that stays text when edited)
    bold_header: bool
    freeze: str | None
    autofilter: str | None
    widths: dict[str, float]  # column letter -> width


def read_written(path: Path, sheet: str | None = None) -> Written:
    """Everything a test asserts about a written .xlsx's table: the sheet named ``sheet``, else the first."""
    book = openpyxl.load_workbook(path)
    index = book.sheetnames.index(sheet) if sheet else 0
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(f"xl/worksheets/sheet{index + 1}.xml").decode("utf-8")
    table = book.worksheets[index]
    cells = list(table.iter_rows())
    return Written(
        rows=[tuple(c.value for c in row) for row in cells],
        calamine=python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(index).to_python(),
        formulas=re.findall(r"<f[ >].*?</f>|<f/>", xml),
        number_formats=[tuple(c.number_format for c in row) for row in cells],
        quoted=[tuple(bool(c.quotePrefix) for c in row) for row in cells],
        bold_header=all(c.font.b for c in cells[0]),
        freeze=table.freeze_panes,
        autofilter=table.auto_filter.ref,
        widths={key: dim.width for key, dim in table.column_dimensions.items()},
    )
