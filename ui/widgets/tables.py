"""The read-only, row-selecting table every tab shows its records in (one setup, so they all behave alike)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


def record_table(model: QAbstractItemModel, object_name: str, accessible_name: str,
                 parent: QWidget | None = None) -> QTableView:
    """A table of records: whole rows selected, never edited in place, striped, no row-number column."""
    table = QTableView(parent)
    table.setObjectName(object_name)
    table.setAccessibleName(accessible_name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    return table
