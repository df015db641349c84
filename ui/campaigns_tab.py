"""Campaigns tab: set up and launch a campaign (issue 7 fills in the forms and the launch)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.empty_state import EmptyState
from ui.session import Session


class CampaignsTab(QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignsTab")
        self.session = session
        self.empty = EmptyState(
            self.tr("No campaigns yet"),
            self.tr(
                "A campaign calls a contact list with one of your provider's scripts. "
                "Start by importing contacts; then come back here to choose the script and launch."
            ),
            self.tr("Import contacts…"),
            object_name="campaignsEmpty",
        )
        self.empty.actionTriggered.connect(lambda: session.showTab.emit("contactsTab"))
        self.addWidget(self.empty)
