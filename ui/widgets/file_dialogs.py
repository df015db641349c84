"""The one way the app asks for a file or a folder: the dialog opens in the folder used last time for the same
purpose (importing contacts, saving rejects, exporting results…), else in the user's Documents folder, and the
folder of the answer is remembered for next time (the UI-state option ``LAST_FOLDER``, scoped by purpose)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.settings import LAST_FOLDER, Preferences


class Ask(Enum):
    OPEN = "open"  # an existing file
    SAVE = "save"  # a file to write (the name proposed is ``name``)
    FOLDER = "folder"  # an existing folder


def documents_folder() -> Path:
    """The user's Documents folder (the home folder when the system has none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def start_folder(preferences: Preferences | None, purpose: str) -> Path:
    """Where a dialog for ``purpose`` opens: the folder used last for it while it still exists, else Documents."""
    remembered = preferences.get(LAST_FOLDER, purpose) if preferences is not None else ""
    return Path(remembered) if remembered and Path(remembered).is_dir() else documents_folder()


def remember_folder(preferences: Preferences, purpose: str, folder: Path) -> None:
    """The next dialog for ``purpose`` opens in ``folder`` (also for a file that arrived another way: dropped)."""
    preferences.set(LAST_FOLDER, str(folder), purpose)


def ask_path(parent: QWidget, preferences: Preferences | None, purpose: str, title: str, ask: Ask = Ask.OPEN, *,
             name: str = "", filters: str = "") -> tuple[Path | None, str]:
    """Show the file or folder dialog for ``purpose`` and return (the path, or None when cancelled; the filter
    chosen). The answer's folder is remembered for ``purpose`` (not when ``preferences`` is None)."""
    folder = start_folder(preferences, purpose)
    chosen_filter = ""
    if ask is Ask.FOLDER:
        answer = QFileDialog.getExistingDirectory(parent, title, str(folder))
    elif ask is Ask.SAVE:
        answer, chosen_filter = QFileDialog.getSaveFileName(parent, title, str(folder / name), filters)
    else:
        answer, chosen_filter = QFileDialog.getOpenFileName(parent, title, str(folder), filters)
    if not answer:
        return None, chosen_filter
    path = Path(answer)
    if preferences is not None:
        remember_folder(preferences, purpose, path if ask is Ask.FOLDER else path.parent)
    return path, chosen_filter
