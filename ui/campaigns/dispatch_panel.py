"""One campaign's dispatch: progress, why it stopped, Pause, Resume and Cancel, and the operator's decision about
contacts awaiting confirmation (mark as not sent, or leave); which desk or server runs it when it is not this one."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.lease import LeaseHolder
from desktop.campaigns.model import CampaignState
from ui import formats
from ui.campaigns.list_model import INTERRUPTED, phase
from ui.campaigns.runner import runner_text
from ui.text import arg

_RESUMABLE = (CampaignState.PAUSED, CampaignState.DISPATCHING)


class DispatchPanel(QFrame):
    """Progress of one campaign's dispatch with Pause, Resume and Cancel, and why it stopped."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dispatchPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.status = QLabel()
        self.status.setObjectName("dispatchStatus")
        self.status.setWordWrap(True)
        self.runner = QLabel()
        self.runner.setObjectName("dispatchRunner")
        self.runner.setWordWrap(True)
        self.runner.hide()
        self.progress = QProgressBar()
        self.progress.setObjectName("dispatchProgress")
        self.reason = QLabel()
        self.reason.setObjectName("dispatchReason")
        self.reason.setWordWrap(True)
        self.errors = QLabel()
        self.errors.setObjectName("dispatchErrors")
        self.errors.setWordWrap(True)
        self.awaiting = QLabel()
        self.awaiting.setObjectName("dispatchAwaiting")
        self.awaiting.setWordWrap(True)
        self.mark_not_sent_button = QPushButton(self.tr("Mark as &not sent…"))
        self.mark_not_sent_button.setObjectName("markNotSentButton")
        self.mark_not_sent_button.setToolTip(self.tr("Only if the provider's console shows it never received them: "
                                                     "send them again when you press Resume"))
        self.leave_button = QPushButton(self.tr("L&eave"))
        self.leave_button.setObjectName("leaveAwaitingButton")
        self.leave_button.setToolTip(self.tr("Keep waiting: they are checked with the provider again by themselves"))
        decide = QHBoxLayout()
        decide.addWidget(self.mark_not_sent_button)
        decide.addWidget(self.leave_button)
        decide.addStretch(1)
        self.decide = QWidget()
        self.decide.setObjectName("awaitingActions")
        self.decide.setLayout(decide)
        decide.setContentsMargins(0, 0, 0, 0)
        self.pause_button = QPushButton(self.tr("&Pause"))
        self.pause_button.setObjectName("pauseButton")
        self.pause_button.setToolTip(self.tr("Stop after the group of calls being sent; the provider keeps dialling "
                                             "what it already has"))
        self.resume_button = QPushButton(self.tr("&Resume"))
        self.resume_button.setObjectName("resumeButton")
        self.resume_button.setToolTip(self.tr("Ask the provider what it already received, then send the rest"))
        self.cancel_button = QPushButton(self.tr("Ca&ncel sending…"))
        self.cancel_button.setObjectName("cancelButton")
        self.monitor_button = QPushButton(self.tr("Open in &Monitor"))
        self.monitor_button.setObjectName("openMonitorButton")
        buttons = QHBoxLayout()
        for button in (self.pause_button, self.resume_button, self.cancel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.monitor_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.runner)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.reason)
        layout.addWidget(self.errors)
        layout.addWidget(self.awaiting)
        layout.addWidget(self.decide)
        layout.addLayout(buttons)

    def show_progress(self, progress: DispatchProgress, dispatching: bool, runner: LeaseHolder | None = None) -> None:
        """``dispatching``: sent from here; ``runner``: the other desk or server running it (said so; Pause, Resume
        and Cancel stay pressable and the engine refuses them naming it, or goes ahead if it has stopped since)."""
        self.runner.setText(runner_text(runner) if runner else "")
        self.runner.setVisible(runner is not None)
        sending = dispatching or runner is not None and progress.state is CampaignState.DISPATCHING
        done = progress.done if progress.prepared is None else progress.prepared
        self.progress.setRange(0, max(1, progress.total))
        self.progress.setValue(done)
        self.progress.setFormat(arg(self.tr("%1 of %2 contacts"), formats.number(done),
                                    formats.number(progress.total)))
        state = progress.state
        now = phase(state, sending)  # the campaign list says the same
        if progress.prepared is not None:  # pending: the contacts listed so far
            text = self.tr("Getting ready: listing the contacts to call (%2 so far); sending starts once all are "
                           "listed.")
        elif now is CampaignState.DISPATCHING and progress.starts_at:
            text = self.tr("Waiting: %2 to call from %4; nothing is sent before then.")
        elif now is CampaignState.DISPATCHING:
            text = self.tr("Sending: %1 sent, %2 to go, group %3.")
        elif now is CampaignState.PAUSED:
            text = self.tr("Paused: %1 sent, %2 not sent yet.")
        elif now == INTERRUPTED:
            text = self.tr("Interrupted: %1 sent, %2 not sent yet. Resume checks with the provider first.")
        elif now is CampaignState.CANCELLED:
            text = self.tr("Cancelled: %1 sent; the rest will not be called.")
        elif progress.in_flight:
            text = self.tr("Sent: %1 contacts; %2 await confirmation (below).")
        else:
            text = self.tr("All sent: %1 contacts in %3 group(s) this run; calls are followed in the Monitor tab.")
        self.status.setText(arg(text, formats.number(progress.sent),
                                formats.number(progress.pending + progress.in_flight),
                                formats.number(progress.batches), formats.date_time(progress.starts_at or 0)))
        self.reason.setText(progress.reason or "")
        self.reason.setVisible(bool(progress.reason) and not sending)
        problems = progress.refused + progress.not_sent
        text = (self.tr("%1 refused by the provider, %2 not sent (%3 on the do-not-call list) — each contact's "
                        "reason is in the Monitor tab.") if progress.do_not_call else
                self.tr("%1 refused by the provider, %2 not sent — each contact's reason is in the Monitor tab."))
        self.errors.setText(arg(text, *map(formats.number,
                                           (progress.refused, progress.not_sent, progress.do_not_call))))
        self.errors.setVisible(problems > 0)
        self.awaiting.setText(arg(self.tr(
            "%1 contact(s) await confirmation: the provider may have received them, and its records do not show them "
            "yet (VBot lists a call only once it has ended). They are not sent again by themselves and are checked "
            "again later. If the provider's console shows it never received them, mark them as not sent."),
            formats.number(progress.in_flight)))
        deciding = bool(progress.in_flight) and not sending
        self.awaiting.setVisible(deciding)
        self.decide.setVisible(deciding)
        self.pause_button.setEnabled(sending)
        self.resume_button.setEnabled(not dispatching and state in _RESUMABLE)
        self.cancel_button.setEnabled(dispatching or state in _RESUMABLE)
