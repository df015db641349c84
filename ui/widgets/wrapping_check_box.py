"""A check box whose text wraps onto more lines when the window is narrow, instead of widening the window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QWidget


class WrappingCheckBox(QWidget):
    """A text-less ``box`` and a word-wrapped ``label`` beside it: clicking the label toggles the box, its mnemonic
    moves the focus to the box, and the label greys with the box. Use ``box`` for state, signals and enabling."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox()
        self.label = QLabel(text)
        self.label.setWordWrap(True)
        self.label.setBuddy(self.box)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.installEventFilter(self)
        self.box.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)

    def setObjectName(self, name: str) -> None:  # noqa: N802 (Qt's name)
        """The name goes to the box (what tests and the rest of the code find); the row and label derive theirs."""
        super().setObjectName(f"{name}Row")
        self.box.setObjectName(name)
        self.label.setObjectName(f"{name}Label")

    def setToolTip(self, tip: str) -> None:  # noqa: N802 (Qt's name)
        self.box.setToolTip(tip)
        self.label.setToolTip(tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (watched is self.label and event.type() == QEvent.Type.MouseButtonRelease and self.box.isEnabled()
                and isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.LeftButton):
            self.box.toggle()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        if watched is self.box and event.type() == QEvent.Type.EnabledChange:
            self.label.setEnabled(self.box.isEnabled())
        return super().eventFilter(watched, event)
