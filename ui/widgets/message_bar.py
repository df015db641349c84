"""The one message bar: a sentence for the operator at info, warning or error level, coloured by style.qss.

The level is the dynamic property ``state`` ("info", "warning", "error"); style.qss styles
``QLabel[messageBar="true"][state=…]``, so no widget carries a colour of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

INFO, WARNING, ERROR = "info", "warning", "error"


def set_state(widget: QWidget, state: str) -> None:
    """Set the ``state`` property the stylesheet selects on, and make the style take it into account now."""
    if widget.property("state") == state:
        return
    widget.setProperty("state", state)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class MessageBar(QLabel):
    """Shows one message at a time; an empty message hides the bar."""

    def __init__(self, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setProperty("messageBar", True)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._action: Callable[[], None] | None = None
        self.linkActivated.connect(self._act)
        set_state(self, INFO)
        self.hide()

    @property
    def state(self) -> str:
        return str(self.property("state"))

    def info(self, text: str) -> None:
        self.show_message(text, INFO)

    def warning(self, text: str) -> None:
        self.show_message(text, WARNING)

    def error(self, text: str, action: tuple[str, Callable[[], None]] | None = None) -> None:
        self.show_message(text, ERROR, action)

    def clear(self) -> None:
        self.show_message("", INFO)

    def show_message(self, text: str, state: str = INFO, action: tuple[str, Callable[[], None]] | None = None) -> None:
        """Show ``text`` at ``state``; ``action`` adds a link (its words, what it does) after the text."""
        self._action = action[1] if action else None
        if action:
            import html  # its entity table loads with the first message that has a link, not before the window shows

            self.setTextFormat(Qt.TextFormat.RichText)
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
            self.setText(f'{html.escape(text)} <a href="action">{html.escape(action[0])}</a>')
        else:
            self.setTextFormat(Qt.TextFormat.PlainText)
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.setText(text)
        set_state(self, state)
        self.setVisible(bool(text))

    def _act(self, _link: str) -> None:
        if self._action is not None:
            self._action()
