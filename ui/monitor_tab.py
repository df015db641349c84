"""Monitor tab: live call statuses of running campaigns (issue 7 fills in the counters, chart and table)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.empty_state import EmptyState
from ui.session import Session


class MonitorTab(QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monitorTab")
        self.session = session
        self.empty = EmptyState(
            self.tr("Nothing to watch yet"),
            self.tr(
                "When a campaign is running, its calls appear here as they are answered, missed or "
                "rejected, with live counters and each call's details."
            ),
            self.tr("Go to Campaigns"),
            object_name="monitorEmpty",
        )
        self.empty.actionTriggered.connect(lambda: session.showTab.emit("campaignsTab"))
        self.addWidget(self.empty)
