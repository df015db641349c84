"""What the user sees when something unexpected happens: an apology, a copyable report, and the app still open.

Installed as ``sys.excepthook`` by ui/app.py. The dialog is shown non-modally: a nested event loop inside the
qasync loop would stall every running task.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.crash import crash_report

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


def install_excepthook() -> None:
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        report = crash_report(exc_type, exc, tb)
        log.error("Unhandled exception\n%s", report)
        if QApplication.instance() is not None:
            CrashDialog(report, QApplication.activeWindow()).show()

    sys.excepthook = hook
