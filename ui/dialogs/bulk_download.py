"""“Download recordings”: save a list of calls' recordings into a folder the user picks, with progress, Cancel and
a summary of what was saved and what was not (and why). The Monitor tab opens it with a campaign's calls, the
History tab with the calls it lists."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.recordings.bulk import BulkDownload, BulkProgress, BulkSummary, CallRecording
from desktop.recordings.source import RecordingSource
from desktop.settings import Preferences
from ui.jobs import Jobs
from ui.text import arg
from ui.widgets.file_dialogs import Ask, ask_path, start_folder
from ui.widgets.recording_problems import recording_problem


class BulkDownloadDialog(QDialog):
    def __init__(
        self, jobs: Jobs, source: RecordingSource, account: Account, calls: Sequence[CallRecording],
        parent: QWidget | None = None, *, preferences: Preferences | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("bulkDownloadDialog")
        self.setWindowTitle(self.tr("Download recordings"))
        self.setMinimumWidth(560)
        self.jobs = jobs
        self.source = source
        self.account = account
        self.calls = list(calls)
        self.run: BulkDownload | None = None
        self.summary: BulkSummary | None = None

        intro = QLabel(arg(self.tr("Save the recordings of %1 listed calls into a folder. Files are named by phone "
                                   "number, time and transaction ID; existing files are never replaced."),
                           str(len(self.calls))))
        intro.setWordWrap(True)
        self.preferences = preferences
        self.folder = QLineEdit(str(start_folder(preferences, "recordings")))
        self.folder.setObjectName("bulkFolder")
        self.folder.setAccessibleName(self.tr("Folder"))
        folder_label = QLabel(self.tr("&Folder:"))
        folder_label.setBuddy(self.folder)
        self.browse = QPushButton(self.tr("&Choose…"))
        self.browse.setObjectName("bulkChooseFolder")
        self.browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(folder_label)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)

        self.progress = QProgressBar()
        self.progress.setObjectName("bulkProgress")
        self.progress.setRange(0, max(1, len(self.calls)))
        self.progress.setValue(0)
        self.status = QLabel(self.tr("Choose a folder, then press Download."))
        self.status.setObjectName("bulkStatus")
        self.status.setWordWrap(True)
        self.failures = QPlainTextEdit()
        self.failures.setObjectName("bulkFailures")
        self.failures.setReadOnly(True)
        self.failures.setAccessibleName(self.tr("Calls not saved"))
        self.failures.hide()

        self.start_button = QPushButton(self.tr("&Download"))
        self.start_button.setObjectName("bulkStart")
        self.start_button.setDefault(True)
        self.start_button.setEnabled(bool(self.calls))
        self.start_button.clicked.connect(self.start)
        self.open_button = QPushButton(self.tr("&Open folder"))
        self.open_button.setObjectName("bulkOpenFolder")
        self.open_button.clicked.connect(self._open_folder)
        self.open_button.hide()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("bulkCancel")
        self.cancel_button.clicked.connect(self.cancel_or_close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.open_button, self.start_button, self.cancel_button):
            buttons.addWidget(button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(folder_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.failures, 1)
        layout.addLayout(buttons)

    def choose_folder(self) -> None:
        chosen, _ = ask_path(self, self.preferences, "recordings", self.tr("Save recordings in"), Ask.FOLDER)
        if chosen is not None:
            self.folder.setText(str(chosen))

    def start(self) -> None:
        folder = self.folder.text().strip()
        if not folder:
            self.status.setText(self.tr("Choose a folder first."))
            return
        self.run = BulkDownload(self.source, self.account, self.calls, Path(folder))
        for widget in (self.start_button, self.folder, self.browse):
            widget.setEnabled(False)
        self.status.setText(self.tr("Downloading…"))
        run = self.run
        self.jobs.run("bulk-download-recordings", lambda _job: self._run(run), on_error=self._not_started,
                      describe=recording_problem)

    def cancel_or_close(self) -> None:
        """Cancel a running download (what was saved stays, the summary then shows); otherwise close."""
        if self._running():
            self.run.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def reject(self) -> None:
        """Escape and the window's close button land here: never leave a download running unseen."""
        if self._running():
            self.run.cancel()
        super().reject()

    def _running(self) -> bool:
        return self.run is not None and self.summary is None

    async def _run(self, run: BulkDownload) -> None:
        self._finished(await run.run(self._show_progress))

    def _not_started(self, text: str) -> None:
        """No call could be tried (e.g. the account's keyring entry is gone)."""
        self._finished(BulkSummary(len(self.calls)))
        self.status.setText(arg(self.tr("No recording was downloaded: %1"), text))

    def _show_progress(self, progress: BulkProgress) -> None:
        self.progress.setValue(progress.finished)
        self.status.setText(arg(self.tr("Saved %1 of %2 recordings (%3 could not be saved)…"),
                                str(progress.saved), str(progress.total), str(progress.failed)))

    def _finished(self, summary: BulkSummary) -> None:
        self.summary = summary
        saved, failed = len(summary.saved), len(summary.failures)
        text = (arg(self.tr("Saved %1 of %2 recordings in %3."), str(saved), str(summary.total), self.folder.text()))
        if failed:
            text += " " + arg(self.tr("%1 could not be saved (listed below)."), str(failed))
        if summary.cancelled:
            text += " " + arg(self.tr("Cancelled: the other %1 were not downloaded."),
                              str(summary.total - saved - failed))
        self.status.setText(text)
        self.failures.setPlainText("\n".join(f"{call.phone or call.trans_id}: {recording_problem(exc)}"
                                             for call, exc in summary.failures))
        self.failures.setVisible(bool(summary.failures))
        self.open_button.setVisible(saved > 0)
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)

    def _open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.folder.text()))
