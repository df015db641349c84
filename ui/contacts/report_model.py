"""The import report as a Qt item model over rows kept in the store: a staged import's or a saved list's.

Only the pages on screen are held (a few pages of :data:`PAGE` rows, the least recently read dropped first), so a
million-row list costs no more memory than a short one. The status filter, Quick find and sorting are SQL
(:class:`~desktop.contacts.repository.StoredRows`); the row count comes from the report's counts unless a search
is typed. The file's own columns are not sorted: their cells are kept as JSON, which SQLite and PostgreSQL read
with different functions, so their headers say so in a tooltip and a click on them leaves the order as it is.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.contacts.importer import ContactRow, Status
from desktop.contacts.repository import StoredReport, StoredRows
from desktop.phones import cell_text, display_phone

Index = QModelIndex | QPersistentModelIndex

# The fixed columns before the file's own ones.
ROW, PHONE, NUMBER, STATUS, REASON, NAME = range(6)
FIXED_COLUMNS = 6
#: The store's sort (desktop.contacts.repository.SORTS) of each fixed column.
SORT_KEYS = ("row", "phone", "number", "status", "reason", "name")
PAGE = 100  # rows read at a time
PAGES_KEPT = 8

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



class ImportReportModel(QAbstractTableModel):
    """Read-only rows of a :class:`StoredReport`: row number, phone as written, number as the provider dials
    it, status, reason, name, then the file's own columns; filtered by status and a search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report: StoredReport | None = None
        self._statuses: tuple[Status, ...] = ()  # empty: every status
        self._search = ""
        self._sort, self._descending = "row", False
        self._rows: StoredRows | None = None
        self._size = 0
        self._pages: OrderedDict[int, list[ContactRow]] = OrderedDict()

    @property
    def report(self) -> StoredReport | None:
        return self._report

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
        """Read the row count again and drop the pages read: the rows, their filter or their order changed."""
        self.beginResetModel()
        self._pages.clear()
        report = self._report
        self._rows = report.rows(self._statuses, self._search) if report else None
        if report is None:
            self._size = 0
        elif self._search:
            self._size = len(self._rows)
        else:
            self._size = sum(getattr(report.counts, _COUNTED[s]) for s in self._statuses or Status)
        self.endResetModel()

    def contact(self, row: int) -> ContactRow:
        """The row at position ``row`` in the order shown, read with its page when not held."""
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None:
            assert self._rows is not None
            page = self._pages[number] = self._rows.page(number * PAGE, PAGE, self._sort, self._descending)
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        return page[offset]

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
