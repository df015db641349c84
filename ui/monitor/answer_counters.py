"""The Monitor's answer counters: one line per answer callees gave ("Pressed 1", "Intent: Sẽ thanh toán"), most given
first, as the counts of each poll report them; hidden while the campaign has no answers."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from desktop.campaigns.results import answer_words


class AnswerCounters(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Answers"), parent)
        self.setObjectName("monitorAnswerCounters")
        self.form = QFormLayout(self)
        self.form.setVerticalSpacing(2)
        self.counts: dict[str, int] = {}
        self.setVisible(False)

    def show_counts(self, answers: Mapping[str, int]) -> None:
        """Show ``answers`` (answer key → contacts); the lines are rebuilt only when the answers change."""
        if dict(answers) == self.counts:
            return
        self.counts = dict(answers)
        while self.form.rowCount():
            self.form.removeRow(0)
        for index, (key, count) in enumerate(sorted(answers.items(), key=lambda item: (-item[1], item[0]))):
            value = QLabel(f"{count:,}".replace(",", "."))
            value.setObjectName(f"answer_count_{index}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setAccessibleName(f"{answer_words(key)}: {count}")
            self.form.addRow(answer_words(key), value)
        self.setVisible(bool(answers))

    def count(self, key: str) -> int:
        return self.counts.get(key, 0)
