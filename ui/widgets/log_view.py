"""The in-app log: the tail of the (already redacted) log, live, in a dock at the bottom of the window. The dock is
hidden at start, so its text box is built when it is first shown; the tail keeps the lines logged until then."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDockWidget, QPlainTextEdit, QWidget

from desktop.logs import TailHandler


class LogView(QDockWidget):
    # Log records may come from worker threads; a signal hops them onto the GUI thread.
    _lineArrived = Signal(str)

    def __init__(self, tail: TailHandler, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Log"), parent)
        self.setObjectName("logDock")
        self.text: QPlainTextEdit | None = None
        self._tail = tail

    def showEvent(self, event: QShowEvent) -> None:
        """The first showing builds the text box with the lines kept so far and follows new ones from then on."""
        if self.text is None:
            self.text = QPlainTextEdit()
            self.text.setObjectName("logView")
            self.text.setReadOnly(True)
            self.text.setMaximumBlockCount(self._tail.lines.maxlen or 2000)
            self.text.setPlainText("\n".join(self._tail.lines))
            self.setWidget(self.text)
            self._lineArrived.connect(self.text.appendPlainText)
            self._tail.subscribe(self._lineArrived.emit)
        super().showEvent(event)

    def detach(self) -> None:
        """Stop listening (before the window is destroyed, so no signal reaches a deleted widget)."""
        self._tail.unsubscribe(self._lineArrived.emit)
