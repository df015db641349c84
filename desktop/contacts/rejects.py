""""Save rejects": the rows that will not be called, as an .xlsx the operator can fix and import again.

The sheet has the file's own columns, as they were read, plus a reason column, so a corrected copy can be
imported as it is. openpyxl in write-only mode streams rows to disk (41 MB for 100,000 rows);
the file is written beside its destination and renamed at the end, so a cancelled or failed save never leaves
half a workbook under the user's chosen name.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import openpyxl

from desktop.contacts.errors import ContactsError
from desktop.contacts.importer import ContactRow, ImportReport
from desktop.progress import CancelToken, ProgressCallback, Stage, Ticker


def _cell(value: Any) -> Any:
    """Whole floats back to integers (a phone 912345678.0 is written as 912345678); text, dates, numbers kept."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (str, int, float, dt.date, dt.datetime, dt.time)) or value is None:
        return value
    return str(value)


def write_rejects(
    report: ImportReport,
    path: Path,
    rows: list[ContactRow] | None = None,
    reason_header: str = "Reason",
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Write ``rows`` (default: all rejected rows) to ``path``; returns how many rows were written."""
    path = Path(path)
    rows = report.rejects() if rows is None else rows
    try:
        handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    except OSError as exc:
        raise _save_error(path, exc) from None
    os.close(handle)
    try:
        _write(report, rows, temporary, reason_header, Ticker(Stage.WRITING, len(rows), progress, cancel))
        os.replace(temporary, path)
    except OSError as exc:
        raise _save_error(path, exc) from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return len(rows)


def _save_error(path: Path, exc: OSError) -> ContactsError:
    return ContactsError(f"The rejects file could not be saved to {path} ({exc.strerror}). Choose another folder.")


def _write(report: ImportReport, rows: list[ContactRow], target: str, reason_header: str, ticker: Ticker) -> None:
    columns = report.table.columns
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Rejects")
    sheet.append([c.name for c in columns] + [reason_header])
    try:
        for count, row in enumerate(rows):
            ticker.tick(count)
            sheet.append([_cell(row.values[c.index]) for c in columns] + [row.reason])
        ticker.finish()
    except BaseException:
        sheet.close()  # ends openpyxl's row stream; its temporary file is removed at exit
        raise
    workbook.save(target)
