"""At start, a team database (PostgreSQL) that cannot be opened: say why in plain words, take the password when the
server refused it, and offer to try again, to work on this computer's own data instead, or to quit.

ui/app.py shows it before the event loop runs, so a modal ``exec()`` is safe. The password goes to the system
keyring (never to a file); working on this computer's own data forgets the team database choice, as Preferences
would.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.store import ServerError
from ui.text import arg


class Choice(StrEnum):
    RETRY = "retry"
    LOCAL = "local"
    QUIT = "quit"


class DatabaseUnavailableDialog(QDialog):
    """:attr:`choice` says what the operator chose; :meth:`password` what they typed (when the server asked)."""

    def __init__(self, error: ServerError, url: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databaseUnavailableDialog")
        self.setWindowTitle(self.tr("Autocall Desk cannot open the team database"))
        self.choice = Choice.QUIT
        layout = QVBoxLayout(self)
        title = self.tr("The team database cannot be opened")
        heading = QLabel(f"<b>{title}</b>")
        heading.setObjectName("databaseUnavailableHeading")
        layout.addWidget(heading)
        for name, text in {"databaseUnavailableText": str(error),
                           "databaseUnavailableAddress": arg(self.tr("Database: %1"), url)}.items():
            label = QLabel(text)
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        self.password_field = QLineEdit()
        self.password_field.setObjectName("databasePassword")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_field.setPlaceholderText(self.tr("Password (kept in the system keyring)"))
        self.password_field.setVisible(error.reason == "password")
        layout.addWidget(self.password_field)
        buttons = QDialogButtonBox()
        retry = buttons.addButton(self.tr("Try again"), QDialogButtonBox.ButtonRole.AcceptRole)
        retry.setObjectName("retryButton")
        retry.setDefault(True)
        retry.clicked.connect(lambda: self._close(Choice.RETRY))
        local = buttons.addButton(self.tr("Use this computer's own data"), QDialogButtonBox.ButtonRole.ActionRole)
        local.setObjectName("localDataButton")
        local.setToolTip(self.tr("Work on the data kept on this computer until the team database is back; choose "
                                 "it again in Preferences."))
        local.clicked.connect(lambda: self._close(Choice.LOCAL))
        quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")
        quit_button.clicked.connect(lambda: self._close(Choice.QUIT))
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        if error.reason == "password":
            self.password_field.setFocus()

    def _close(self, choice: Choice) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Rejected if choice == Choice.QUIT else QDialog.DialogCode.Accepted)

    def password(self) -> str | None:
        """The password typed, when the server asked for one (None otherwise or when left empty)."""
        return self.password_field.text() or None if self.password_field.isVisibleTo(self) else None
