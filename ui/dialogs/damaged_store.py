"""At start, a damaged, empty or missing database: say so in plain words and offer the last automatic backup, or
quit.

ui/app.py shows it before the event loop runs, so a modal ``exec()`` is safe. Opening the backup keeps the damaged
file aside under a new name (desktop/backups.py); nothing is deleted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop import backups
from desktop.store import StoreDamaged
from ui import formats
from ui.text import arg


class DamagedStoreDialog(QDialog):
    """Accepted: open the offered backup. Rejected: quit. With no backup to offer, quitting is the only choice."""

    def __init__(self, damaged: StoreDamaged, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("damagedStoreDialog")
        self.setWindowTitle(self.tr("Autocall Desk cannot open its data"))
        self.damaged = damaged
        layout = QVBoxLayout(self)
        if damaged.state == "empty":
            heading = self.tr("The database file is empty")
            what = self.tr("The database file exists but is empty (0 bytes). Autocall Desk did not replace it with "
                           "an empty database, so nothing more is lost.")
        elif damaged.state == "missing":
            heading = self.tr("The database file is missing")
            what = arg(self.tr("The database file is gone, but its automatic backups are still there. Autocall Desk "
                               "did not start with no data. To start with no data anyway, quit and move the folder "
                               "%1 away."), backups.folder(damaged.database))
        else:
            heading = self.tr("The database file is damaged")
            what = self.tr("Autocall Desk found damage in its database and did not change anything in it.")
        if damaged.backup is None:
            offer = arg(self.tr("No automatic backup was found in %1. Quit, then put a copy of the database in its "
                                "place, or ask your technical contact for help."), backups.folder(damaged.database))
        elif damaged.state == "missing":
            offer = arg(self.tr("The last automatic backup was taken on %1. Opening it puts it back in place. Changes "
                                "made after %1 are not in the backup."), taken_on(damaged.backup))
        else:
            offer = arg(self.tr("The last automatic backup was taken on %1. Opening it puts it in place of the "
                                "damaged file, which is kept beside it under a new name, never deleted. Changes made "
                                "after %1 are not in the backup."), taken_on(damaged.backup))
        title = QLabel(f"<b>{heading}</b>")
        title.setObjectName("damagedStoreHeading")
        layout.addWidget(title)
        paragraphs = {
            "damagedStoreText": what,
            "damagedStoreFile": arg(self.tr("File: %1"), damaged.database),
            "damagedStoreOffer": offer,
            "damagedStoreDetail": arg(self.tr("Details: %1"), damaged.detail),
        }
        for name, text in paragraphs.items():
            label = QLabel(text)
            label.setObjectName(name)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        buttons = QDialogButtonBox()
        if damaged.backup is not None:
            restore = buttons.addButton(self.tr("Open the last backup"), QDialogButtonBox.ButtonRole.AcceptRole)
            restore.setObjectName("openBackupButton")
            restore.setDefault(True)
        quit_button = buttons.addButton(self.tr("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        quit_button.setObjectName("quitButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)


def taken_on(backup: backups.Backup) -> str:
    """When ``backup`` was taken, in the operator's local time: 01/12/2026 09:58."""
    return formats.date_time(backup.taken_at)
