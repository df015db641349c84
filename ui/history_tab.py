"""History tab: the provider's call history and recordings (issue 8 fills in the table and the player)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.empty_state import EmptyState
from ui.session import Session


class HistoryTab(QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyTab")
        self.session = session
        self.empty = EmptyState(
            self.tr("No call history to show"),
            self.tr(
                "Call history is read from a VBot account. Choose a VBot account in the status bar's "
                "account list (the demo VBot account works too) to browse calls and play recordings."
            ),
            object_name="historyEmpty",
        )
        self.addWidget(self.empty)
