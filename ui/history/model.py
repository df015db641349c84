"""The call history as a table: the words rows are shown and exported with, and the model of one page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from desktop.history import HistoryCall
from desktop.i18n import _
from desktop.phones import display_phone
from desktop.recordings.bulk import file_stem
from ui import formats
from ui.text import arg, translate
from ui.widgets.recording_player import format_ms


class HistoryWords:
    """The words rows are shown and exported with, translated once on the GUI thread (exports format rows on a
    worker thread, where no translation lookups happen)."""

    def __init__(self, widget: QWidget) -> None:
        self.outcomes: dict[str, str] = {}  # the account's provider's outcome words (use())
        self.directions = {"out": translate("HistoryTab", "Outgoing"), "in": translate("HistoryTab", "Incoming"),
                           "missed": translate("HistoryTab", "Missed")}
        self.columns = [translate("HistoryTab", "Time"), translate("HistoryTab", "Direction"),
                        translate("HistoryTab", "From"), translate("HistoryTab", "To"),
                        translate("HistoryTab", "Outcome"), translate("HistoryTab", "Talk time"),
                        translate("HistoryTab", "Cost"), translate("HistoryTab", "Hotline"),
                        translate("HistoryTab", "Recording")]
        self.export_header = [translate("HistoryTab", "Time"), translate("HistoryTab", "Direction"),
                              translate("HistoryTab", "From"), translate("HistoryTab", "To"),
                              translate("HistoryTab", "Outcome"), translate("HistoryTab", "Outcome (VBot)"),
                              translate("HistoryTab", "Talk time (seconds)"), translate("HistoryTab", "Cost (₫)"),
                              translate("HistoryTab", "Hotline"),
                              translate("HistoryTab", "Provider's call reference"),
                              translate("HistoryTab", "Recording file (as Download recordings saves it)")]
        self.one_call, self.many_calls = translate("HistoryTab", "1 call"), translate("HistoryTab", "%1 calls")
        self.play = translate("HistoryTab", "▶ Play")
        self.no_recording = translate("HistoryTab", "No recording")

    def use(self, words: Mapping[str, str]) -> None:
        """Say outcomes in these words (the provider's ``outcome_words``: its documents' meanings, translated by the
        core's catalogue); the provider's own word stays behind Details."""
        self.outcomes = {code: _(text) for code, text in words.items()}

    def meanings(self) -> dict[str, tuple[str, ...]]:
        """Each outcome word once, in the provider's order, with the provider's words it stands for (two of VBot's
        words mean "No answer")."""
        found: dict[str, tuple[str, ...]] = {}
        for code, text in self.outcomes.items():
            found[text] = (*found.get(text, ()), code)
        return found

    def count(self, calls: int) -> str:
        return self.one_call if calls == 1 else arg(self.many_calls, str(calls))

    def outcome(self, call: HistoryCall) -> str:
        return self.outcomes.get(call.disposition, call.disposition or "—")

    def direction(self, call: HistoryCall) -> str:
        return self.directions.get(call.direction, call.direction or "—")

    def cells(self, call: HistoryCall) -> list[str]:
        talk = "—" if call.talk_seconds is None else format_ms(int(call.talk_seconds * 1000))
        return [
            formats.date_time(call.time, seconds=True) if call.time else (call.item.date_create or "—"),
            self.direction(call), display_phone(call.caller), display_phone(call.callee), self.outcome(call), talk,
            formats.money(call.cost),
            call.hotline, self.play if call.recording_ref else self.no_recording,
        ]

    def export_row(self, call: HistoryCall) -> list[Any]:
        return [call.time, self.direction(call), display_phone(call.caller), display_phone(call.callee),
                self.outcome(call), call.disposition,
                call.talk_seconds, call.cost, call.hotline, call.trans_id,
                file_stem(call.recording()) if call.recording_ref else ""]


class HistoryModel(QAbstractTableModel):
    RECORDING = 8
    NUMERIC = (5, 6)

    def __init__(self, words: HistoryWords, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = words
        self.calls: list[HistoryCall] = []
        self._cells: list[list[str]] = []

    def set_calls(self, calls: Sequence[HistoryCall]) -> None:
        self.beginResetModel()
        self.calls = list(calls)
        self._cells = [self.words.cells(c) for c in self.calls]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.calls)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.words.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.words.columns[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._cells[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if column == self.RECORDING and role == Qt.ItemDataRole.ForegroundRole:
            return QColor("#1a5fb4") if self.calls[row].recording_ref else QColor("#77767b")
        if role == Qt.ItemDataRole.ToolTipRole:
            call = self.calls[row]
            if column == self.RECORDING:
                return self.tr("Click, or press Enter, to play this call") if call.recording_ref else None
        return None
