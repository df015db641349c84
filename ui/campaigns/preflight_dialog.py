"""The two questions asked before anything is dialled, and the one asked after a crash.

:class:`PreflightDialog` lists the engine's checklist (desktop/campaigns/preflight.py) — each item marked ok,
warning or blocking — and the numbers. Its Launch button stays disabled while anything blocks; pressing it asks a
last, plain question with the numbers (:func:`confirm_launch`), and only a Yes accepts the dialog. The engine
refuses a launch without that confirmed preflight anyway; this is the operator's side of the same rule.

:class:`ReconcileDialog` shows what the provider's records said about batches a crash left unfinished
(``ReconcileReport.describe()``) and offers to resume; resuming goes through the engine, which never resends a
contact it cannot prove was not received.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.campaigns.model import Campaign
from desktop.campaigns.preflight import Level, Preflight
from desktop.campaigns.reconcile import ReconcileReport
from ui import formats
from ui.text import arg

LEVEL_COLOURS = {Level.OK: "#2e7d32", Level.WARNING: "#9a6700", Level.BLOCKING: "#b3261e"}
_ICONS = {Level.OK: QStyle.StandardPixmap.SP_DialogApplyButton,
          Level.WARNING: QStyle.StandardPixmap.SP_MessageBoxWarning,
          Level.BLOCKING: QStyle.StandardPixmap.SP_MessageBoxCritical}


def launch_question(account: str, check: Preflight) -> str:
    """The last question, with every number the operator is agreeing to (``account`` as pickers name it)."""
    c = check.counts
    question = QCoreApplication.translate(
        "PreflightDialog",
        "Call %1 people through %2 now?\n\n"
        "Valid numbers: %3\nOn the do-not-call list (not called): %4\nDuplicates (not called): %5\n"
        "Called by an earlier campaign: %6\nGroups of calls: %7 of up to %8\n\n"
        "Calls cannot be recalled once they are sent."
    )
    return arg(question, formats.number(c.to_send), account,
               *map(formats.number, (c.valid, c.suppressed, c.duplicates, c.called_before, check.plan.batches,
                                     check.plan.largest)))


def confirm_launch(parent: QWidget, text: str) -> bool:
    """Yes/No, No by default: a stray Enter never starts a campaign."""
    answer = QMessageBox.question(parent, QCoreApplication.translate("PreflightDialog", "Start calling?"), text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


class PreflightDialog(QDialog):
    """The checklist; Launch asks the last question. When a template field is not mapped, "Fix the field
    mapping…" finishes the dialog with :attr:`FIX_MAPPING`."""

    FIX_MAPPING = 2

    def __init__(self, campaign: Campaign, check: Preflight, question: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preflightDialog")
        self.setWindowTitle(arg(self.tr("Check before launching “%1”"), campaign.name))
        self.check = check
        self.question = question
        self.items = QListWidget()
        self.items.setObjectName("preflightItems")
        self.items.setWordWrap(True)
        self.items.setIconSize(QSize(20, 20))
        self.items.setSpacing(2)
        for item in check.items:
            text = item.title + (f"\n{item.detail}" if item.detail else "")
            entry = QListWidgetItem(self.style().standardIcon(_ICONS[item.level]), text)
            entry.setForeground(QColor(LEVEL_COLOURS[item.level]))
            entry.setData(Qt.ItemDataRole.UserRole, str(item.level))
            entry.setToolTip({Level.OK: self.tr("OK"), Level.WARNING: self.tr("Warning: launching is allowed"),
                              Level.BLOCKING: self.tr("Blocking: fix this before launching")}[item.level])
            self.items.addItem(entry)
        self.summary = QLabel(check.summary())
        self.summary.setObjectName("preflightSummary")
        self.summary.setWordWrap(True)
        self.summary.setProperty("heading", True)
        self.verdict = QLabel()
        self.verdict.setObjectName("preflightVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setProperty("note", True)
        blocking = len(check.blocking)
        if blocking:
            self.verdict.setText(arg(self.tr("%1 problem(s) must be fixed before this campaign can be launched; "
                                             "nothing has been sent."), blocking))
            self.verdict.setProperty("state", "error")
        else:
            self.verdict.setText(self.tr("Ready. Launch asks once more with the numbers before anything is sent."))
        buttons = QDialogButtonBox()
        self.launch_button = QPushButton(self.tr("&Launch…"))
        self.launch_button.setObjectName("preflightLaunchButton")
        self.launch_button.setEnabled(check.can_launch)
        self.launch_button.setAutoDefault(False)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("preflightCloseButton")
        self.close_button.setDefault(True)
        buttons.addButton(self.launch_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.mapping_button = QPushButton(self.tr("Fix the field &mapping…"))
        self.mapping_button.setObjectName("preflightMappingButton")
        self.mapping_button.setToolTip(self.tr("Choose the list's column for each value the script speaks"))
        self.mapping_button.setAutoDefault(False)
        self.mapping_button.clicked.connect(lambda: self.done(self.FIX_MAPPING))
        buttons.addButton(self.mapping_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.mapping_button.setVisible(any(item.key == "fields" for item in check.blocking))  # after addButton
        buttons.rejected.connect(self.reject)
        self.launch_button.clicked.connect(self._launch_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.verdict)
        layout.addWidget(buttons)
        self.resize(720, 520)

    def levels(self) -> list[str]:
        return [self.items.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.items.count())]

    def _launch_clicked(self) -> None:
        if self.check.can_launch and confirm_launch(self, self.question):
            self.accept()


class ReconcileDialog(QDialog):
    """The provider's answer about an interrupted campaign: Resume, Later, and, when contacts still await
    confirmation, Mark as not sent (the dialog then finishes with :attr:`MARK_NOT_SENT`)."""

    MARK_NOT_SENT = 2

    def __init__(self, campaign: Campaign, report: ReconcileReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reconcileDialog")
        self.setWindowTitle(arg(self.tr("Unfinished campaign: %1"), campaign.name))
        intro = QLabel(arg(self.tr("Autocall Desk stopped while “%1” was being sent. The provider's own records were "
                                   "checked, so nobody is called twice:"), campaign.name))
        intro.setWordWrap(True)
        self.report = QLabel(report.describe())
        self.report.setObjectName("reconcileReport")
        self.report.setWordWrap(True)
        self.report.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.resume_button = QPushButton(self.tr("&Resume sending"))
        self.resume_button.setObjectName("reconcileResumeButton")
        self.later_button = QPushButton(self.tr("&Later"))
        self.later_button.setObjectName("reconcileLaterButton")
        self.later_button.setDefault(True)
        buttons.addButton(self.resume_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.mark_not_sent_button = QPushButton(self.tr("Mark as &not sent…"))
        self.mark_not_sent_button.setObjectName("reconcileMarkNotSentButton")
        self.mark_not_sent_button.setToolTip(self.tr("Only if the provider's console shows it never received the "
                                                     "contacts awaiting confirmation: send them when you press Resume"))
        self.mark_not_sent_button.setVisible(bool(report.in_doubt))
        self.mark_not_sent_button.clicked.connect(lambda: self.done(self.MARK_NOT_SENT))
        buttons.addButton(self.mark_not_sent_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel(self.tr("Later keeps it paused; resume it from the Campaigns tab when you are ready."))
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.report)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, 240)
