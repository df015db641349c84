"""The panel a tab shows while it has nothing yet: what this place is for and the one next step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget


class EmptyState(QWidget):
    actionTriggered = Signal()

    def __init__(
        self, title: str, text: str, action: str | None = None, *, object_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        # A wrapped label only gets its full height when the layout gives it a definite width, so the text sits in
        # a column centred by stretches (an alignment flag would size it by its plain size hint), up to 600 pixels
        # wide and narrower beside a side panel in a small window.
        column = QWidget()
        column.setMinimumWidth(280)
        column.setMaximumWidth(600)
        column.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column_layout = QVBoxLayout(column)
        self.title = QLabel(title)
        self.title.setObjectName("emptyStateTitle")
        self.text = QLabel(text)
        self.text.setObjectName("emptyStateText")
        for label in (self.title, self.text):
            label.setWordWrap(True)
        for label in (self.title, self.text):
            label.setWordWrap(True)
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            column_layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 1000)  # the column's share wins over the stretches' until its maximum width
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(row)
        self.button: QPushButton | None = None
        if action:
            self.button = QPushButton(action)
            self.button.setObjectName(f"{object_name}Action")
            self.button.setDefault(True)
            self.button.clicked.connect(self.actionTriggered)
            layout.addSpacing(12)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
