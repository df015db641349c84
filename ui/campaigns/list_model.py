"""The campaigns list: name, state, account, list and creation time, newest first."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QWidget

from desktop.campaigns.model import Campaign, CampaignState
from ui.session import Session


class CampaignListModel(QAbstractTableModel):
    """The campaigns, newest first: name, state, account, list, created."""

    COLUMNS = ("name", "state", "account", "list", "created")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.campaigns: list[Campaign] = []
        self._accounts: dict[int, str] = {}
        self._lists: dict[int, str] = {}
        self._headers = [self.tr("Campaign"), self.tr("State"), self.tr("Account"), self.tr("List"),
                         self.tr("Created")]
        self._states = {
            CampaignState.DRAFT: self.tr("Draft"), CampaignState.DISPATCHING: self.tr("Sending"),
            CampaignState.PAUSED: self.tr("Paused"), CampaignState.RUNNING: self.tr("Calls in progress"),
            CampaignState.FINISHED: self.tr("Finished"), CampaignState.CANCELLED: self.tr("Cancelled"),
        }

    def reload(self) -> None:
        self.beginResetModel()
        self.campaigns = self.session.campaigns.list()
        self._accounts = {a.id: a.name for a in self.session.services.accounts.list() if a.id is not None}
        self._lists = {info.id: info.name for info in self.session.contacts.lists()}
        self.endResetModel()

    def row_of(self, campaign_id: int | None) -> int:
        return next((i for i, c in enumerate(self.campaigns) if c.id == campaign_id), -1)

    def show_state(self, campaign_id: int, state: CampaignState) -> None:
        """Follow a running dispatch's state without re-reading the store."""
        row = self.row_of(campaign_id)
        if row >= 0 and self.campaigns[row].state is not state:
            self.campaigns[row] = dataclasses.replace(self.campaigns[row], state=state)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.campaigns)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        c = self.campaigns[index.row()]
        return (
            c.name, self._states[c.state], self._accounts.get(c.account_id, self.tr("(deleted account)")),
            self._lists.get(c.list_id, self.tr("(deleted list)")), c.created_at[:16].replace("T", " "),
        )[index.column()]
