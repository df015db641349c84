"""The import report as a Qt item model over rows kept in the store: a staged import's or a saved list's.

Only the pages on screen are held (a few pages of :data:`PAGE` rows, the least recently read dropped first), so a
million-row list costs no more memory than a short one. Every store read (a page, a search's count) runs on a worker
(ui/jobs.py): a page not read yet shows "…" until it arrives, and a new filter, search or order drops the reads in
flight, so a late answer never shows rows of an earlier one. The status filter, Quick find and sorting are SQL
(:class:`~desktop.contacts.repository.StoredRows`); the row count comes from the report's counts unless a search
is typed. The file's own columns are not sorted: their cells are kept as JSON, which SQLite and PostgreSQL read
with different functions, so their headers say so in a tooltip and a click on them leaves the order as it is.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from desktop.contacts.importer import ContactRow, Status
from desktop.contacts.repository import StoredReport, StoredRows
from desktop.phones import cell_text, display_phone
from ui.jobs import Job, Jobs

Index = QModelIndex | QPersistentModelIndex

# The fixed columns before the file's own ones.
ROW, PHONE, NUMBER, STATUS, REASON, NAME = range(6)
FIXED_COLUMNS = 6
#: The store's sort (desktop.contacts.repository.SORTS) of each fixed column.
SORT_KEYS = ("row", "phone", "number", "status", "reason", "name")
PAGE = 100  # rows read at a time
PAGES_KEPT = 8
#: What a cell of a row not read yet shows.
PENDING = "…"

STATUS_COLOURS = {
    Status.VALID: QColor("#1b7a2f"),
    Status.DUPLICATE: QColor("#9a6200"),
    Status.INVALID: QColor("#b3261e"),
    Status.SUPPRESSED: QColor("#5f4b8b"),
}
_COUNTED = {Status.VALID: "valid", Status.DUPLICATE: "duplicates", Status.INVALID: "invalid",
            Status.SUPPRESSED: "suppressed"}


def status_text(status: Status) -> str:
    """The status in words, as the counters and the table show it."""
    return {
        Status.VALID: QCoreApplication.translate("ImportReport", "Valid"),
        Status.DUPLICATE: QCoreApplication.translate("ImportReport", "Duplicate"),
        Status.INVALID: QCoreApplication.translate("ImportReport", "Invalid"),
        Status.SUPPRESSED: QCoreApplication.translate("ImportReport", "Do not call"),
    }[status]


def _loop_running() -> bool:
    """Whether the loop the reads run on is turning: Qt may paint while it is not (before it starts, as the app
    closes), and a page asked for then is asked for again at the next paint."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class ImportReportModel(QAbstractTableModel):
    """Read-only rows of a :class:`StoredReport`: row number, phone as written, number as the provider dials
    it, status, reason, name, then the file's own columns; filtered by status and a search text."""

    #: A store read failed, in the operator's words.
    failed = Signal(str)

    def __init__(self, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._report: StoredReport | None = None
        self._statuses: tuple[Status, ...] = ()  # empty: every status
        self._search = ""
        self._sort, self._descending = "row", False
        self._rows: StoredRows | None = None
        self._size = 0
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()
        self._reading: dict[str, Job] = {}  # "count" or "page N" → its job: the reads in flight

    @property
    def report(self) -> StoredReport | None:
        return self._report

    @property
    def loading(self) -> bool:
        """Whether a page or a search's count is still being read."""
        return bool(self._reading)

    @property
    def sort_column(self) -> int:
        return SORT_KEYS.index(self._sort)

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    def set_report(self, report: StoredReport | None) -> None:
        self._report = report
        self._reload()

    def set_statuses(self, statuses: Collection[Status]) -> None:
        """Show the rows of ``statuses`` only (all rows when empty)."""
        self._statuses = tuple(statuses)
        self._reload()

    def set_search(self, text: str) -> None:
        """Show the rows whose phone, number or name contains ``text``."""
        self._search = text.strip()
        self._reload()

    def _reload(self) -> None:
        """Drop the pages held and the reads in flight (the rows, their filter or their order changed); the row
        count comes from the report's counts, or is counted on a worker when a search is typed (none shown till
        then)."""
        self.beginResetModel()
        for key in list(self._reading):
            self._drop(key)
        self._pages.clear()
        report = self._report
        self._rows = report.rows(self._statuses, self._search) if report else None
        if report is None or self._search:
            self._size = 0
        else:
            self._size = sum(getattr(report.counts, _COUNTED[s]) for s in self._statuses or Status)
        self.endResetModel()
        if self._rows is not None and self._search:
            self._read("count", self._counted, len, self._rows)

    def _read(self, key: str, arrived: Callable[[Any], None], func: Callable[..., Any], *args: Any) -> None:
        """Call ``func(*args)`` on a worker; ``arrived(result)`` takes its answer unless a reload dropped the read
        meanwhile (``key`` names it among the reads in flight)."""
        rows = self._rows

        async def work(job: Job) -> None:
            result = await job.blocking(func, *args)
            if self._rows is rows and self._reading.get(key) is job:
                arrived(result)

        def done() -> None:
            if self._reading.get(key) is job:
                del self._reading[key]

        job = self._jobs.run(f"contacts-report-{id(self)}-{key}", work, on_error=self.failed.emit, on_finished=done)
        self._reading[key] = job

    def _counted(self, size: int) -> None:
        if size:
            self.beginInsertRows(QModelIndex(), 0, size - 1)
            self._size = size
            self.endInsertRows()

    def contact(self, row: int) -> ContactRow | None:
        """The row at position ``row`` in the order shown; None while its page is being read (asked for here)."""
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None:
            self._request(number)
            return None
        self._pages.move_to_end(number)
        return page[offset] if offset < len(page) else None

    def _request(self, number: int) -> None:
        """Read page ``number`` on a worker, once; the oldest page reads are dropped beyond :data:`PAGES_KEPT`."""
        key = f"page {number}"
        if key in self._reading or self._rows is None or not _loop_running():
            return
        pages = [k for k in self._reading if k.startswith("page ")]
        for old in pages[:max(0, len(pages) - PAGES_KEPT + 1)]:
            self._drop(old)
        self._read(key, lambda page: self._arrived(number, page), self._rows.page, number * PAGE, PAGE, self._sort,
                   self._descending)

    def _drop(self, key: str) -> None:
        job = self._reading.pop(key)
        assert job.task is not None
        job.task.cancel()

    def _arrived(self, number: int, page: list[ContactRow]) -> None:
        self._pages[number] = page
        while len(self._pages) > PAGES_KEPT:
            self._pages.popitem(last=False)
        first = number * PAGE
        last = min(first + PAGE, self._size) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, self.columnCount() - 1))

    # -- QAbstractTableModel ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._size

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self._report is None:
            return 0
        return FIXED_COLUMNS + len(self._report.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._report is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and section >= FIXED_COLUMNS:
            return self.tr("The file's own columns cannot be sorted; sort by row, phone, number, status, reason "
                           "or name.")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section >= FIXED_COLUMNS:
            return self._report.table.columns[section - FIXED_COLUMNS].name
        return (
            self.tr("Row"), self.tr("Phone as written"), self.tr("Number to dial"), self.tr("Status"),
            self.tr("Reason"), self.tr("Name"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._report is None or index.row() >= self._size:
            return None
        row = self.contact(index.row())
        column = index.column()
        if row is None:
            return PENDING if role == Qt.ItemDataRole.DisplayRole and column == ROW else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == STATUS:
            return STATUS_COLOURS[row.status]
        if role == Qt.ItemDataRole.ToolTipRole and column in (STATUS, REASON) and row.reason:
            return row.reason_text
        if role == Qt.ItemDataRole.TextAlignmentRole and column == ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, row: ContactRow, column: int) -> str:
        assert self._report is not None
        if column == ROW:
            return str(row.row)
        if column == PHONE:
            return row.phone_raw
        if column == NUMBER:
            return display_phone(self._report.normalized(row) or "")
        if column == STATUS:
            return status_text(row.status)
        if column == REASON:
            return row.reason_text
        if column == NAME:
            return row.name
        return cell_text(row.values[self._report.table.columns[column - FIXED_COLUMNS].index])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a fixed column, in the store; the file's own columns keep the order shown."""
        if not 0 <= column < FIXED_COLUMNS:
            return
        self._sort, self._descending = SORT_KEYS[column], order == Qt.SortOrder.DescendingOrder
        self._reload()
