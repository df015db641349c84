"""Export a campaign's results to .xlsx or .csv: each contact's original columns plus what happened to the call.

Runs on a worker thread (CampaignService.export hands it to the executor) and reports through the contacts
package's progress/cancel conventions. Rows are read from the store in chunks and streamed out (openpyxl
write-only, or csv), so 100,000 rows stay small in memory. The file is written beside its destination and renamed
at the end: a cancelled or failed export never leaves half a file under the chosen name.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Literal

import openpyxl

from desktop.campaigns.model import Campaign
from desktop.campaigns.repository import CampaignRepository
from desktop.errors import AutocallError
from desktop.progress import CancelToken, ProgressCallback, Stage, Ticker

Format = Literal["xlsx", "csv"]
RESULT_COLUMNS = ("Outcome", "Raw status", "Duration (s)", "Cost", "Recording", "Error", "Dispatch")


class ExportError(AutocallError):
    """The export could not be written; the message says what to do."""


def export_results(repository: CampaignRepository, campaign: Campaign, path: Path, fmt: Format,
                   progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> int:
    """Write every contact's row to ``path``; returns the number of rows written."""
    path = Path(path)
    columns = repository.list_columns(campaign)
    total = repository.counts(campaign).total
    try:
        handle, temporary = tempfile.mkstemp(suffix=f".{fmt}", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"The export could not be saved to {path} ({exc.strerror}). Choose another folder.") from None
    os.close(handle)
    try:
        ticker = Ticker(Stage.WRITING, total, progress, cancel, every=1000)
        rows = _rows(repository, campaign, columns, ticker)
        header = [*columns, *RESULT_COLUMNS]
        written = _write_xlsx(temporary, header, rows) if fmt == "xlsx" else _write_csv(temporary, header, rows)
        ticker.finish()
        os.replace(temporary, path)
    except OSError as exc:
        raise ExportError(f"The export could not be saved to {path} ({exc.strerror}).") from None
    finally:
        Path(temporary).unlink(missing_ok=True)
    return written


def _rows(repository: CampaignRepository, campaign: Campaign, columns: list[str], ticker: Ticker):
    done = 0
    for chunk in repository.export_rows(campaign):
        for data, outcome, raw_status, duration, cost, recording, error, dispatch in chunk:
            ticker.tick(done)
            done += 1
            values = json.loads(data or "{}")
            yield [*(_cell(values.get(c)) for c in columns), outcome, raw_status, duration, cost, recording, error,
                   dispatch]


def _cell(value: Any) -> Any:
    """Whole floats back to integers (a phone 912345678.0 is written as 912345678)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _write_xlsx(target: str, header: list[str], rows) -> int:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Results")
    sheet.append(header)
    count = 0
    try:
        for row in rows:
            sheet.append(row)
            count += 1
    except BaseException:
        sheet.close()  # ends openpyxl's row stream; its temporary file is removed at exit
        raise
    workbook.save(target)
    return count


def _write_csv(target: str, header: list[str], rows) -> int:
    count = 0
    # UTF-8 with a BOM: Excel then opens Vietnamese text correctly.
    with open(target, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for row in rows:
            writer.writerow(["" if v is None else v for v in row])
            count += 1
    return count
