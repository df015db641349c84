"""Contacts tab: import spreadsheets into validated contact lists (issue 6 fills in the importer)."""

from __future__ import annotations

from PySide6.QtWidgets import QStackedWidget, QWidget

from ui.empty_state import EmptyState
from ui.session import Session


class ContactsTab(QStackedWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsTab")
        self.session = session
        self.empty = EmptyState(
            self.tr("No contact lists yet"),
            self.tr(
                "Import the people to call from an Excel or CSV file. Phone numbers are checked and "
                "cleaned, duplicates and do-not-call numbers are set aside, and you see a report before "
                "anything is saved."
            ),
            object_name="contactsEmpty",
        )
        self.addWidget(self.empty)
