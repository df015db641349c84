"""What the user sees when something unexpected happens: an apology, a copyable report, and the app still open.

Installed as ``sys.excepthook`` by ui/app.py. A storage failure (desktop/store.py) is not a crash: it is said in its
own words instead. The dialog is shown non-modally: a nested event loop inside the
qasync loop would stall every running task.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.crash import crash_report
from desktop.store import StoreError

log = logging.getLogger(__name__)


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None, *, title: str | None = None,
                 intro: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title or self.tr("Something went wrong"))
        layout = QVBoxLayout(self)
        text = QLabel(
            intro
            or self.tr(
                "Autocall Desk hit an unexpected problem. Your data is saved and you can keep working. "
                "If it happens again, copy the report below and send it to support."
            )
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.report = QPlainTextEdit(report)
        self.report.setObjectName("crashReport")
        self.report.setReadOnly(True)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy report"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.setObjectName("copyReportButton")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.report.toPlainText()))
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(720, 420)


def show_storage_problem(text: str, parent: QWidget | None = None) -> QMessageBox:
    """A storage failure (full disk, read-only folder, damage) said in its own words; non-modal, like the crash
    dialog, for the same reason."""
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("Storage", "Autocall Desk cannot use its "
                      "data folder"), text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("storageProblemBox")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if issubclass(exc_type, StoreError):  # its cause is known and said; it is not a crash to report
            log.error("Storage problem: %s", exc)
            if QApplication.instance() is not None:
                show_storage_problem(str(exc), QApplication.activeWindow())
            return
        report = crash_report(exc_type, exc, tb)
        log.error("Unhandled exception\n%s", report)
        if QApplication.instance() is not None:
            CrashDialog(report, QApplication.activeWindow()).show()

    sys.excepthook = hook
