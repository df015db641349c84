"""The campaigns list: name, state, account, list and creation time, newest first, read from the store; the state
is said by :func:`phase`, the rule the dispatch panel follows too, so the two never disagree, with where the campaign
runs when another desk or the server runs it."""

from __future__ import annotations

import dataclasses
import time
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.lease import LeaseHolder
from desktop.campaigns.model import Campaign, CampaignState
from ui import formats
from ui.campaigns.runner import with_runner
from ui.session import Session
from ui.text import arg

#: A stored "dispatching" state with no dispatch running here: the app stopped while sending.
INTERRUPTED = "interrupted"
#: Seconds between two fits of the list's columns after rows changed words (a reset or a resize fits at once).
FIT_SECONDS = 1.0


def phase(state: CampaignState, dispatching: bool) -> str:
    """Where a campaign is, as the list and the dispatch panel both say it: a stored state, or "interrupted" when
    it is stored as being sent but nothing is sending it; a running dispatch is "dispatching" whatever it stored
    last (a pause is reported while the batch being sent unwinds)."""
    if dispatching:
        return CampaignState.DISPATCHING
    return INTERRUPTED if state is CampaignState.DISPATCHING else state


class ListRead(NamedTuple):
    """One read of what the campaigns list shows."""

    campaigns: list[Campaign]
    accounts: dict[int, str]
    lists: dict[int, str]
    runners: dict[int, LeaseHolder]


class CampaignListModel(QAbstractTableModel):
    """The campaigns, newest first: name, state, account, list, created."""

    COLUMNS = ("name", "state", "account", "list", "created")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.campaigns: list[Campaign] = []
        self._accounts: dict[int, str] = {}
        self._lists: dict[int, str] = {}
        self._runners: dict[int, LeaseHolder] = {}  # campaigns another process runs, as last read
        self.shown = 0  # lists shown so far: a read that began before the latest was shown is older than it
        self._headers = [self.tr("Campaign"), self.tr("State"), self.tr("Account"), self.tr("List"),
                         self.tr("Created")]
        self._states = {
            CampaignState.DRAFT: self.tr("Draft"), CampaignState.DISPATCHING: self.tr("Sending"),
            INTERRUPTED: self.tr("Interrupted"),
            CampaignState.PAUSED: self.tr("Paused"), CampaignState.RUNNING: self.tr("Calls in progress"),
            CampaignState.FINISHED: self.tr("Finished"), CampaignState.CANCELLED: self.tr("Cancelled"),
        }

    def reload(self) -> None:
        """Read the list and show it now (on the loop: for what the operator just did)."""
        self.show(self.read())

    def read(self) -> ListRead:
        """What the list shows, read from the store; callable on any thread (:meth:`show` shows it on the loop)."""
        session = self.session
        accounts = {a.id: a.name for a in session.services.accounts.list() if a.id is not None}
        return ListRead(session.campaigns.list(), accounts, session.contacts.list_names(), session.campaigns.runners())

    def show(self, read: ListRead) -> None:
        """Show what :meth:`read` read; :attr:`shown` counts the lists shown, so a slower read can be dropped."""
        self.beginResetModel()
        self.campaigns, self._accounts, self._lists, self._runners = read
        self.shown += 1
        self.endResetModel()

    def row_of(self, campaign_id: int | None) -> int:
        return next((i for i, c in enumerate(self.campaigns) if c.id == campaign_id), -1)

    def follow(self, progress: DispatchProgress) -> None:
        """Show a dispatch's report in its campaign's row: the state it reports is the one it stored (nothing is read
        from the store on the loop at every batch), the row rewritten when that changed; who else runs a campaign
        stays as last read (:meth:`reload`)."""
        row = self.row_of(progress.campaign_id)
        if row >= 0 and self.campaigns[row].state is not progress.state:
            self.campaigns[row] = dataclasses.replace(self.campaigns[row], state=progress.state)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def state_text(self, row: int) -> str:
        campaign = self.campaigns[row]
        runner = self._runners.get(campaign.id)
        elsewhere = runner is not None and campaign.state is CampaignState.DISPATCHING  # not interrupted: sent there
        state = self._states[phase(campaign.state, self.session.campaigns.is_dispatching(campaign) or elsewhere)]
        return with_runner(state, runner) if runner else state

    def runner(self, campaign_id: int | None) -> LeaseHolder | None:
        """The other desk or the server running the campaign, as last read (None: nobody, or this desk)."""
        return self._runners.get(campaign_id)

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
        cells = (
            c.name, self.state_text(index.row()), self._accounts.get(c.account_id, self.tr("(deleted account)")),
            self._lists.get(c.list_id, self.tr("(deleted list)")), formats.date_time(c.created_at),
        )
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:  # the whole name, with what may be hidden
            return "\n".join((cells[0], *(arg(self.tr("%1: %2"), self._headers[n], cells[n]) for n in (2, 3))))
        return cells[index.column()]


class CampaignTable(QTableView):
    """The campaigns list, never scrolling sideways: the name takes the room the other columns leave (wrapped, whole
    in its tooltip), and when they leave too little the list and then the account column step aside (the name's
    tooltip still says them)."""

    NAME_ROOM = 120  # pixels the name keeps before a column steps aside
    STEP_ASIDE = (3, 2)  # list, then account

    def __init__(self, model: CampaignListModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self._widths: list[list[int]] = []  # each row's text widths, columns 1 on (the name stretches)
        self._widest: list[int] = []  # each column's widest text, as the columns were last fitted for
        self._fitted_at = -FIT_SECONDS  # monotonic time of the last fit
        self._fit_later = QTimer(self, singleShot=True, timeout=lambda: self.fit_columns())
        model.modelReset.connect(self._rows_read)
        model.dataChanged.connect(self._rows_changed)

    def _text_widths(self, row: int) -> list[int]:
        model, metrics = self.model(), self.fontMetrics()
        return [metrics.horizontalAdvance(model.data(model.index(row, c)) or "") for c in range(1, model.columnCount())]

    def _rows_read(self) -> None:
        self._widths = [self._text_widths(row) for row in range(self.model().rowCount())]
        self.fit_columns()

    def _rows_changed(self, top: QModelIndex, bottom: QModelIndex, _roles: object = None) -> None:
        """A row's words changed (a dispatch report rewrites its campaign's row each batch): fit again only when a
        column's widest text changed, and at most once every :data:`FIT_SECONDS` (measuring every row is not cheap)."""
        for row in range(top.row(), bottom.row() + 1):
            self._widths[row] = self._text_widths(row)
        if _widest(self._widths) == self._widest or self._fit_later.isActive():
            return
        wait = self._fitted_at + FIT_SECONDS - time.monotonic()
        if wait > 0:
            self._fit_later.start(round(wait * 1000))
        else:
            self.fit_columns()

    def fit_columns(self) -> None:
        """Show every column that fits beside the name's room, hiding the list, then the account, when not."""
        self._fit_later.stop()
        self._fitted_at = time.monotonic()
        self._widest = _widest(self._widths)
        header = self.horizontalHeader()
        for column in self.STEP_ASIDE:
            header.setSectionHidden(column, False)
        for column in self.STEP_ASIDE:
            others = sum(max(self.sizeHintForColumn(c), header.sectionSizeHint(c))
                         for c in range(1, header.count()) if not header.isSectionHidden(c))
            if others + self.NAME_ROOM <= self.viewport().width():
                break
            header.setSectionHidden(column, True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def _widest(widths: list[list[int]]) -> list[int]:
    """Each column's widest text among the rows' ``widths``."""
    return [max(column) for column in zip(*widths, strict=True)] if widths else []
