"""Export a campaign's results to .xlsx or .csv: each contact's original columns plus what happened to the call.

Runs on a worker thread (CampaignService.export hands it to the executor) and reports through the contacts
package's progress/cancel conventions. Rows are read from the store in chunks and streamed to desktop.spreadsheets,
which writes every table file the same way (formula-like text kept as text, dates as dates, atomically).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop.campaigns.model import Campaign, Dispatch
from desktop.campaigns.repository import CampaignRepository
from desktop.errors import AutocallError
from desktop.i18n import N_, _
from desktop.progress import CancelToken, ProgressCallback
from desktop.providers.base import CallRecording, Outcome
from desktop.recordings.bulk import file_stem
from desktop.spreadsheets import Format, write_table

#: The columns after the list's own, translated when the file is written. "Provider's status" keeps the provider's
#: own words, which the operator matches in the provider's console.
RESULT_COLUMNS = (N_("Outcome"), N_("Provider's status"), N_("Talk time (seconds)"), N_("Cost"), N_("Recording"),
                  N_("Problem"), N_("Sending"))
# The store keeps an imported date as its ISO text (date, or datetime with "T").
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,6})?)?")


class ExportError(AutocallError):
    """The export could not be written; the message says what to do."""


def export_results(repository: CampaignRepository, campaign: Campaign, path: Path, fmt: Format,
                   progress: ProgressCallback | None = None, cancel: CancelToken | None = None) -> int:
    """Write every contact's row to ``path``; returns the number of rows written."""
    path = Path(path)
    columns = repository.list_columns(campaign)
    try:
        return write_table(path, [*columns, *map(_, RESULT_COLUMNS)], _rows(repository, campaign, columns),
                           sheet=_("Results"), fmt=fmt, total=repository.counts(campaign).total, progress=progress,
                           cancel=cancel)
    except OSError as exc:
        raise ExportError(_("The results could not be saved to {path} ({reason}). Choose another folder.").format(
            path=path, reason=exc.strerror)) from None


def _rows(repository: CampaignRepository, campaign: Campaign, columns: list[str]) -> Iterator[list[Any]]:
    for chunk in repository.export_rows(campaign):
        for data, outcome, raw_status, duration, cost, recording, error, dispatch, phone, call_id, updated in chunk:
            values = json.loads(data or "{}")
            yield [*(_cell(values.get(c)) for c in columns), _word(Outcome, outcome), raw_status, duration, cost,
                   _recording_file(phone, call_id, updated, recording), error, _word(Dispatch, dispatch)]


def _word(kind: type[Outcome] | type[Dispatch], code: str | None) -> str:
    """A stored outcome or sending state in the reader's language (a code this build does not know, as stored)."""
    try:
        return kind(code).label
    except ValueError:
        return code or ""


def _recording_file(phone: str, call_id: str, updated_at: str, recording: str | None) -> str:
    """The name the Monitor's "Download recordings" saves the call's recording under (without the extension,
    which the audio decides), not the provider's reference: that needs the account's credentials to open."""
    if not recording:
        return ""
    try:
        when = dt.datetime.fromisoformat(updated_at)
    except (TypeError, ValueError):
        when = None
    return file_stem(CallRecording(phone, when, call_id, recording))


def _cell(value: Any) -> Any:
    """A stored value as it was imported: the ISO text the store keeps for a date is a date again."""
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.datetime.fromisoformat(value) if "T" in value else dt.date.fromisoformat(value)
        except ValueError:  # 2026-02-30 is text that only looks like a date
            return value
    return value
