"""The import report as a Qt item model: one row per data row of the file, sorted and filtered for 100,000 rows.

Why the model sorts itself: ``QSortFilterProxyModel``'s own sort compares rows through ``data()``, one Python
call per comparison — about two million calls for 100,000 rows, many seconds with the window frozen. Here one
``sorted()`` with a key per row does it in a fraction of a second, and the proxy only filters (by status and by
a search text), forwarding ``sort()`` to the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from desktop.contacts.importer import ContactRow, ImportReport, Status
from desktop.phones import cell_text, display_phone
from ui import formats

Index = QModelIndex | QPersistentModelIndex

# The fixed columns before the file's own ones.
ROW, PHONE, NUMBER, STATUS, REASON, NAME = range(6)
FIXED_COLUMNS = 6

STATUS_COLOURS = {
    Status.VALID: QColor("#1b7a2f"),
    Status.DUPLICATE: QColor("#9a6200"),
    Status.INVALID: QColor("#b3261e"),
    Status.SUPPRESSED: QColor("#5f4b8b"),
}
_STATUS_ORDER = {Status.VALID: 0, Status.DUPLICATE: 1, Status.INVALID: 2, Status.SUPPRESSED: 3}


def status_text(status: Status) -> str:
    """The status in words, as the counters and the table show it."""
    return {
        Status.VALID: QCoreApplication.translate("ImportReport", "Valid"),
        Status.DUPLICATE: QCoreApplication.translate("ImportReport", "Duplicate"),
        Status.INVALID: QCoreApplication.translate("ImportReport", "Invalid"),
        Status.SUPPRESSED: QCoreApplication.translate("ImportReport", "Do not call"),
    }[status]


def _value_key(value: Any, ranks: dict[str, int]) -> tuple[int, Any]:
    """Cells of one column may mix numbers, dates and text (Excel does that): numbers, then dates, then text (in
    the language's order, ``ranks`` from :func:`ui.formats.name_ranks`), then empty cells."""
    if isinstance(value, bool):
        return (2, str(value))
    if isinstance(value, (int, float)):
        return (0, value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return (1, value.isoformat())
    text = cell_text(value)
    return (2, ranks[text]) if text else (3, 0)


class ImportReportModel(QAbstractTableModel):
    """Read-only rows of an :class:`ImportReport`: row number, phone as written, number as the provider dials
    it, status, reason, name, then the file's own columns."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._report: ImportReport | None = None
        self._rows: list[ContactRow] = []  # in display (sorted) order

    @property
    def report(self) -> ImportReport | None:
        return self._report

    def set_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self._report = report
        self._rows = list(report.rows) if report else []
        self.endResetModel()

    def contact(self, row: int) -> ContactRow:
        return self._rows[row]

    # -- QAbstractTableModel ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() or self._report is None:
            return 0
        return FIXED_COLUMNS + len(self._report.table.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole or self._report is None:
            return None
        if section >= FIXED_COLUMNS:
            return self._report.table.columns[section - FIXED_COLUMNS].name
        return (
            self.tr("Row"), self.tr("Phone as written"), self.tr("Number to dial"), self.tr("Status"),
            self.tr("Reason"), self.tr("Name"),
        )[section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._report is None:
            return None
        row = self._rows[index.row()]
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
        if self._report is None or not 0 <= column < self.columnCount():
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [self._rows[index.row()] for index in persistent]
        self._rows.sort(key=self._sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        if persistent:
            position = {id(row): i for i, row in enumerate(self._rows)}
            self.changePersistentIndexList(
                persistent, [self.index(position[id(row)], index.column()) for row, index in zip(kept, persistent)]
            )
        self.layoutChanged.emit()

    def _sort_key(self, column: int) -> Callable[[ContactRow], Any]:
        report = self._report
        if column == ROW:
            return lambda r: r.row
        if column == STATUS:
            return lambda r: (_STATUS_ORDER[r.status], r.row)
        if column == NUMBER:
            return lambda r: (report.normalized(r) or "\uffff", r.row)
        if column == PHONE:
            return lambda r: (r.phone_raw or "\uffff", r.row)
        if column == REASON:  # each reason said once, then ranked as said
            said = {r.reason: r.reason_text for r in self._rows}
            reason_ranks = formats.name_ranks(said.values())
            return lambda r: (not r.reason, reason_ranks[said[r.reason]], r.row)
        if column == NAME:
            ranks = formats.name_ranks(r.name for r in self._rows)
            return lambda r: (not r.name, ranks[r.name], r.row)
        index = report.table.columns[column - FIXED_COLUMNS].index
        ranks = formats.name_ranks(cell_text(r.values[index]) for r in self._rows)
        return lambda r: (_value_key(r.values[index], ranks), r.row)


class ReportFilterProxy(QSortFilterProxyModel):
    """Shows the rows of the chosen statuses whose phone, number or name contains the search text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statuses: frozenset[Status] = frozenset()  # empty: every status
        self._search = ""

    def set_statuses(self, statuses: Collection[Status]) -> None:
        self.beginFilterChange()
        self._statuses = frozenset(statuses)
        self.endFilterChange()

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        row = self.sourceModel().contact(source_row)
        if self._statuses and row.status not in self._statuses:
            return False
        if not self._search:
            return True
        return self._search in row.phone_raw.casefold() or self._search in row.name.casefold() or (
            row.e164 is not None and self._search.lstrip("+0") in row.e164
        )
