"""Every table the app saves (rejects, campaign results, call history) is written here, as .xlsx or .csv.

The same rules hold for every file:

- text a spreadsheet would run as a formula (starting with ``= + - @``, tab or carriage return; OWASP's CSV
  injection list) stays text. In .xlsx it is a string cell with Excel's quote prefix and its text unchanged, so
  ``=1+1`` and a phone ``+84912345678`` read back exactly as they were; .csv has no cell types, so there it gets a
  leading apostrophe, as OWASP advises (phone parsing skips it);
- characters .xlsx cannot hold (control characters) are removed, in both formats; the spacing ones (``\\x0b``,
  ``\\x0c``, separators ``\\x1c``-``\\x1f``) become a space, so the words they separated stay apart;
- dates are dates shown dd/mm/yyyy (dd/mm/yyyy hh:mm when they carry a time of day); .csv writes that text;
- the header row is bold and frozen with an autofilter over the data, and columns are as wide as their content
  (capped);
- the file is written beside its destination and renamed at the end, so a cancelled or failed save never leaves
  half a file under the chosen name; .csv is UTF-8 with a BOM, so Excel reads Vietnamese correctly.

.xlsx rows stream to disk (openpyxl write-only, in desktop/spreadsheets_xlsx.py, imported only when an .xlsx is
written), so 100,000 rows stay small in memory. An .xlsx may carry a :class:`Front` sheet before the table
(totals and breakdowns with native Excel bar charts), filled once every row is written so it can state figures
about them.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import math
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from desktop.progress import CancelToken, ProgressCallback, Stage, Ticker

Format = Literal["xlsx", "csv"]

#: The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Column widths come from the header and this many first rows: a streamed sheet declares its columns before its rows.
WIDTH_SAMPLE = 1000
MIN_WIDTH, MAX_WIDTH = 8, 60
#: The characters .xlsx cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): control characters but tab, CR and LF.
_UNHOLDABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class Figure(NamedTuple):
    """One line of a front sheet: a label and its value, shown with an Excel number format."""

    label: str
    value: Any
    number_format: str = "General"


@dataclass(frozen=True)
class Breakdown:
    """Counts by label: a two-column table (``label`` and ``count`` its headers) with a bar chart beside it."""

    title: str
    label: str
    count: str
    rows: Sequence[tuple[str, int]]


@dataclass(frozen=True)
class Front:
    """A sheet placed before the table (.xlsx only: .csv holds one table). ``content`` is called once every row
    is written and gives the figures, then the breakdowns, each charted."""

    title: str
    content: Callable[[], tuple[Sequence[Figure], Sequence[Breakdown]]]


#: Rows a breakdown's chart takes on the front sheet (openpyxl's default chart height, 7.5 cm, is about 15 rows).
CHART_ROWS = 16


def write_table(
    path: Path,
    header: Sequence[Any],
    rows: Iterable[Sequence[Any]],
    *,
    sheet: str,
    fmt: Format = "xlsx",
    total: int = 0,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    front: Front | None = None,
) -> int:
    """Write ``header`` and ``rows`` to ``path`` (``sheet`` names the .xlsx sheet, after ``front`` when given);
    returns the rows written.

    ``total`` is the expected row count for progress reports. Raises ``Cancelled`` or ``OSError`` (the caller words
    it); either way nothing is left at ``path`` or beside it.
    """
    path = Path(path)
    ticker = Ticker(Stage.WRITING, total, progress, cancel, every=256)
    handle, temporary = tempfile.mkstemp(suffix=f".{fmt}", dir=path.parent)
    os.close(handle)
    try:
        plain = (_ticked([_plain(v) for v in row], ticker, count) for count, row in enumerate(rows))
        head = [_plain(v) for v in header]
        if fmt == "xlsx":
            from desktop.spreadsheets_xlsx import write_xlsx  # openpyxl only when an .xlsx is written

            written = write_xlsx(temporary, sheet, head, plain, front)
        else:
            written = _write_csv(temporary, head, plain)
        ticker.finish()
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return written


def _ticked(row: list[Any], ticker: Ticker, count: int) -> list[Any]:
    ticker.tick(count)
    return row


def _plain(value: Any) -> Any:
    """A value as it is written: whole floats as integers (a phone 912345678.0 is 912345678), NaN and infinity as
    text (.xlsx has no such number), text without the characters .xlsx cannot hold, a time zone dropped (the
    wall-clock time is kept), anything else as its text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return _UNHOLDABLE.sub(_unholdable, value)
    if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
        return value.replace(tzinfo=None)
    if value is None or isinstance(value, (int, float, decimal.Decimal, dt.date, dt.time)):
        return value
    return _plain(str(value))


def _unholdable(match: re.Match[str]) -> str:
    return " " if match.group().isspace() else ""


def _date_shape(value: Any) -> tuple[str, str] | None:
    """How a date, time or datetime is shown: (Excel number format, the same as strftime); None for other values."""
    if isinstance(value, dt.datetime):
        return ("dd/mm/yyyy hh:mm", "%d/%m/%Y %H:%M") if value.time() != dt.time() else ("dd/mm/yyyy", "%d/%m/%Y")
    if isinstance(value, dt.date):
        return "dd/mm/yyyy", "%d/%m/%Y"
    if isinstance(value, dt.time):
        return "hh:mm", "%H:%M"
    return None


def _text(value: Any) -> str:
    """A plain value as text, dates in the shape :func:`_date_shape` gives them."""
    if value is None:
        return ""
    shape = _date_shape(value)
    return value.strftime(shape[1]) if shape else str(value)


def _is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


# -- .csv --


def _write_csv(target: str, header: list[Any], rows: Iterator[list[Any]]) -> int:
    count = 0
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow([_csv_cell(v) for v in header])
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])
            count += 1
    return count


def _csv_cell(value: Any) -> str:
    """A plain value as .csv text; formula-like text gets OWASP's leading apostrophe (numbers are not text)."""
    return f"'{value}" if _is_formula_like(value) else _text(value)
