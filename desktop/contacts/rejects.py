""""Save rejects": the rows that will not be called, as an .xlsx the operator can fix and import again.

The sheet has the file's own columns, as they were read, plus a reason column, so a corrected copy can be
imported as it is. desktop.spreadsheets writes it (formula-like text kept as text, dates as dates, atomically).
"""

from __future__ import annotations

from pathlib import Path

from desktop.contacts.errors import ContactsError
from desktop.contacts.importer import ImportReport, RowSource, Verdicts
from desktop.i18n import _
from desktop.progress import CancelToken, ProgressCallback
from desktop.spreadsheets import write_table


def write_rejects(
    report: Verdicts,
    path: Path,
    rows: RowSource | None = None,
    reason_header: str | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
) -> int:
    """Write ``rows`` (default: all rejected rows of an :class:`ImportReport`; a staged import's come from the
    store, ``ContactRepository.staged_rows``) to ``path``; returns how many rows were written."""
    path = Path(path)
    if rows is None:
        assert isinstance(report, ImportReport), "a staged import's rows are given"
        rows = report.rejects()
    columns = report.table.columns
    header = [c.name for c in columns] + [reason_header or _("Reason")]
    lines = ([row.values[c.index] for c in columns] + [row.reason_text] for row in rows)
    try:
        return write_table(path, header, lines, sheet=_("Not called"), total=len(rows), progress=progress,
                           cancel=cancel)
    except OSError as exc:
        raise ContactsError(
            _("The rejects file could not be saved to {path} ({strerror}). Choose another folder.").format(
                path=path, strerror=exc.strerror)
        ) from None
