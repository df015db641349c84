"""Accounts tab: the provider accounts the centre uses (issue 5 fills in the list and the form)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.empty_state import EmptyState
from ui.session import Session


class AccountsTab(QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsTab")
        self.session = session
        self.empty = EmptyState(
            self.tr("No provider accounts of your own yet"),
            self.tr(
                "The demo accounts let you try everything against the built-in simulator, with no real calls. "
                "To call real people, add your VBot, NXCLOUD Callbot or BizPhone account here."
            ),
            object_name="accountsEmpty",
        )
        self.addWidget(self.empty)
