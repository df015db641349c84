""""Call again…": the next round of a campaign, chosen in one dialog.

The operator ticks the results to call again (each with how many contacts it would call), a delay and the most
calls per contact; the dialog says, as they change, how many will be called, from when, and why the others will
not (answered, still in progress, another result, do-not-call, the limit). Its rules are the engine's
(:func:`desktop.campaigns.rounds.choose`, applied to the family's history read once); accepting it is the
operator's confirmation of those numbers. While the campaign is still calling, the operator can instead leave the
rule on it: the round is then made and launched by itself when the campaign finishes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.campaigns.model import REDIAL_OUTCOMES, Campaign, CampaignState, RedialRule
from desktop.campaigns.rounds import ContactRounds, RoundChoice, choose, held_text
from desktop.providers.base import Outcome
from ui.text import arg

#: The longest delay offered: a week.
MAX_DELAY_MINUTES = 7 * 24 * 60
#: A campaign in these states can still finish, which is when an automatic rule makes its next round.
CALLING = (CampaignState.DISPATCHING, CampaignState.PAUSED, CampaignState.RUNNING)


class RedialDialog(QDialog):
    """Choose who the next round of ``campaign`` calls; :meth:`rule` is the choice once accepted."""

    def __init__(self, campaign: Campaign, history: list[ContactRounds],
                 start_at: Callable[[int], datetime | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redialDialog")
        self.setWindowTitle(arg(self.tr("Call again — “%1”"), campaign.name))
        self.history = history
        self._start_at = start_at  # delay in minutes -> when the round would start (None: never)
        self.choice: RoundChoice | None = None

        intro = QLabel(self.tr("Call again, from the same list, the people whose last call ended like this. "
                               "Nobody who answered is called again."))
        intro.setWordWrap(True)
        words = {Outcome.NO_ANSWER: self.tr("No answer"), Outcome.BUSY: self.tr("Busy"),
                 Outcome.FAILED: self.tr("Failed for a passing reason (network, provider)")}
        self.outcomes: dict[str, QCheckBox] = {}
        self._words = words
        for outcome in REDIAL_OUTCOMES:
            box = QCheckBox()
            box.setObjectName(f"redialOutcome_{outcome}")
            box.setChecked(outcome in (Outcome.NO_ANSWER, Outcome.BUSY))
            box.toggled.connect(self._update)
            self.outcomes[outcome] = box
        self.delay = QSpinBox()
        self.delay.setObjectName("redialDelay")
        self.delay.setRange(0, MAX_DELAY_MINUTES)
        self.delay.setSingleStep(15)
        self.delay.setValue(60)
        self.delay.setSuffix(self.tr(" min"))
        self.delay.valueChanged.connect(self._update)
        self.max_attempts = QSpinBox()
        self.max_attempts.setObjectName("redialMaxAttempts")
        self.max_attempts.setRange(1, 20)
        self.max_attempts.setValue(3)
        self.max_attempts.valueChanged.connect(self._update)
        self.repeat = QCheckBox(self.tr("When that round finishes, call again the same way (while Autocall Desk "
                                        "is open)"))
        self.repeat.setObjectName("redialRepeat")
        self.when_finished = QCheckBox(self.tr("Not now: by itself, when this campaign finishes"))
        self.when_finished.setObjectName("redialWhenFinished")
        self.when_finished.setToolTip(self.tr("The round is made and launched when this campaign finishes, and each "
                                              "next round the same way, while Autocall Desk is open"))
        self.when_finished.setHidden(campaign.state not in CALLING)
        rule = campaign.redial_rule
        if rule is not None and campaign.state in CALLING:  # the rule already set, to change or keep
            self.when_finished.setChecked(True)
            for outcome, box in self.outcomes.items():
                box.setChecked(outcome in rule.outcomes)
            self.delay.setValue(rule.delay_minutes)
            self.max_attempts.setValue(rule.max_attempts)
        self.when_finished.toggled.connect(self._update)
        self.summary = QLabel()
        self.summary.setObjectName("redialSummary")
        self.summary.setWordWrap(True)
        self.held = QLabel()
        self.held.setObjectName("redialHeld")
        self.held.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Start after:"), self.delay)
        form.addRow(self.tr("At most, calls per person (all rounds):"), self.max_attempts)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.confirm = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm.setObjectName("redialConfirm")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("redialCancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        for box in self.outcomes.values():
            layout.addWidget(box)
        layout.addLayout(form)
        layout.addWidget(self.repeat)
        layout.addWidget(self.when_finished)
        layout.addWidget(self.summary)
        layout.addWidget(self.held)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._update()

    def rule(self) -> RedialRule | None:
        """The rule as chosen (None while no result is ticked)."""
        chosen = tuple(o for o, box in self.outcomes.items() if box.isChecked())
        return RedialRule(chosen, self.delay.value(), self.max_attempts.value()) if chosen else None

    def _update(self) -> None:
        rule = self.rule()
        counted = choose(self.history, rule or RedialRule(REDIAL_OUTCOMES, self.delay.value(),
                                                           self.max_attempts.value()))
        for outcome, box in self.outcomes.items():
            box.setText(arg(self.tr("%1 (%2)"), self._words[outcome], f"{counted.per_outcome[outcome]:,}"))
        self.choice = counted if rule else None
        start = self._start_at(self.delay.value())
        chosen = len(self.choice.chosen) if self.choice else 0
        later = self.when_finished.isChecked()
        self.repeat.setEnabled(not later)
        if rule is None:
            self.summary.setText(self.tr("Tick at least one result to call again."))
        elif later:
            self.summary.setText(arg(self.tr("When this campaign finishes, the people whose last call ended like "
                                             "this are called again %1 min later (at most %2 calls per person in "
                                             "all rounds)."),
                                     str(self.delay.value()), str(self.max_attempts.value())))
        elif start is None:
            self.summary.setText(self.tr("The campaign's calling window never opens: open it in the campaign's "
                                         "settings first."))
        elif not chosen:
            self.summary.setText(self.tr("Nobody qualifies for another round."))
        else:
            self.summary.setText(arg(self.tr("%1 people will be called again, from %2."), f"{chosen:,}",
                                     start.astimezone().strftime("%H:%M %d/%m/%Y")))
        reasons = held_text(counted.held) if rule and not later else ""
        self.held.setText(arg(self.tr("Not called again: %1."), reasons) if reasons else "")
        self.held.setVisible(bool(reasons))
        if later:
            self.confirm.setText(self.tr("Call again when it finishes"))
            self.confirm.setEnabled(rule is not None)
        else:
            self.confirm.setText(arg(self.tr("Call %1 again"), f"{chosen:,}"))
            self.confirm.setEnabled(bool(chosen) and start is not None)
