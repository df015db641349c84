"""The Monitor's per-contact table: its columns declared once (:data:`COLUMNS`), and one item model that sorts and
filters itself, without a proxy, because it must stay fast at 100,000 rows.

The model keeps every row (``_all``, in the chosen order) and where the rows passing the filter are in it (``_at``,
ascending positions; None: every row passes): sorting is one ``sorted()`` that keeps each row's key, filtering one
comprehension that marks each position. A poll's changes replace the rows' updates in place; while every row keeps its
place they are announced as a few ``dataChanged`` ranges (a large poll: one range, on the loop's next turn, so the
repaint does not add to the poll's stall), otherwise as one relayout: rows joining or leaving the filter change their
marks only (the positions shown are rebuilt from the marks, without reading the other rows), and rows whose sorted
value changed are taken out and merged back by their keys (the table always equals the same rows sorted and filtered
afresh). Where a row is shown is found from its position (``CallRow.pos``, kept while polls move no row) or by
bisection. The outcome groups (counters, chart and filter) live here too, so the three agree.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import compress, filterfalse
from operator import attrgetter
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractItemModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from desktop.campaigns.model import Dispatch
from desktop.campaigns.repository import CallPerson, CallUpdate, Channel, Counts
from desktop.campaigns.results import answer_words, outcome_words
from desktop.campaigns.rounds import RoundsAround
from desktop.i18n import shown
from desktop.phones import display_phone
from desktop.providers.base import Outcome
from ui import formats
from ui.text import translate

Index = QModelIndex | QPersistentModelIndex

#: Outcome groups in the order the counters, the chart and the filter show them. ``do_not_call`` is the one group
#: that is not an outcome: contacts held back because their number was on the do-not-call list when they were due.
ANSWERED, NO_ANSWER, BUSY, REJECTED, FAILED, CANCELLED, DO_NOT_CALL, WAITING, UNKNOWN = GROUPS = (
    "answered", "no_answer", "busy", "rejected", "failed", "cancelled", "do_not_call", "waiting", "unknown")
_WAITING = frozenset({Outcome.QUEUED, Outcome.DIALING, Outcome.RINGING, Outcome.IN_CALL})
GROUP_COLOURS = {
    ANSWERED: QColor("#1b7a2f"), NO_ANSWER: QColor("#9a6200"), BUSY: QColor("#c25e00"), REJECTED: QColor("#b3261e"),
    FAILED: QColor("#7d1a5a"), CANCELLED: QColor("#5e5c64"), DO_NOT_CALL: QColor("#865e3c"), WAITING: QColor("#1a5fb4"),
    UNKNOWN: QColor("#3d3846"),
}
#: A contact of a campaign without other rounds.
NO_ROUNDS = RoundsAround(0, None, None)
#: More changed rows than this in one poll are announced as one range over the table, without looking up where each
#: one is: the view repaints only the rows it shows anyway. That range is announced on the loop's next turn, so the
#: repaint runs after other waiting work (a click, a timer) rather than straight after the poll.
MAX_RANGES = 50
_DISPLAY, _ACCESSIBLE, _FOREGROUND, _ALIGNMENT, _TOOLTIP = (int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole))
#: The roles :meth:`CallTableModel.data` answers; the view asks for others too, and gets None at once.
_SERVED = frozenset({_DISPLAY, _ACCESSIBLE, _FOREGROUND, _ALIGNMENT, _TOOLTIP})
#: The layout signals' overload that carries a hint (rows only: the views keep their columns).
_WITH_HINT = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")
#: A row's key under the model's order, as :meth:`CallTableModel._sorted` kept it.
_KEY = attrgetter("key")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def group_of(outcome: str) -> str:
    """The counter an outcome adds to (queued, dialling, ringing and talking are all still waiting)."""
    return WAITING if outcome in _WAITING else outcome if outcome in GROUP_COLOURS else UNKNOWN


class _OutcomeGroups(dict[str, str]):
    """:func:`group_of` by outcome, filled as outcomes are met: a poll sets thousands of rows from a handful."""

    def __missing__(self, outcome: str) -> str:
        self[outcome] = group = group_of(outcome)
        return group


_OUTCOME_GROUPS = _OutcomeGroups()
#: The dispatch of a contact held back by the do-not-call list, as a plain string (compared once per changed row).
_HELD_BACK = Dispatch.DO_NOT_CALL.value
#: What a filter without groups lets through.
_EVERY_GROUP = frozenset(GROUPS)


def row_group(outcome: str, dispatch: str) -> str:
    """The counter a contact's row adds to: its outcome's, unless it was held back by the do-not-call list."""
    return DO_NOT_CALL if dispatch == _HELD_BACK else _OUTCOME_GROUPS[outcome]


def group_counts(counts: Counts) -> dict[str, int]:
    """Every contact of the campaign in one group: sent ones by outcome, refused ones as rejected, ones held back by
    the do-not-call list as such, other ones that will not be sent as cancelled, ones still to send (or being
    reconciled) as waiting. The groups add up to the total."""
    values = dict.fromkeys(GROUPS, 0)
    for outcome, n in counts.outcomes.items():
        values[group_of(outcome)] += n
    values[REJECTED] += counts.dispatch.get(Dispatch.REFUSED, 0)
    values[CANCELLED] += counts.dispatch.get(Dispatch.NOT_SENT, 0)
    values[DO_NOT_CALL] += counts.dispatch.get(Dispatch.DO_NOT_CALL, 0)
    values[WAITING] += counts.unsettled
    return values


def group_text(group: str) -> str:
    """A group in words, as the counters, the chart's legend and the filter say it."""
    return {
        ANSWERED: translate("Monitor", "Answered"), NO_ANSWER: translate("Monitor", "No answer"),
        BUSY: translate("Monitor", "Busy"), REJECTED: translate("Monitor", "Rejected"),
        FAILED: translate("Monitor", "Failed"), CANCELLED: translate("Monitor", "Cancelled"),
        DO_NOT_CALL: translate("Monitor", "On the do-not-call list"),
        WAITING: translate("Monitor", "Waiting / in progress"),
        UNKNOWN: translate("Monitor", "Unknown"),
    }[group]


def format_seconds(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    whole = int(round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _epoch(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except (TypeError, ValueError):
        return 0.0


_NOT_DIGIT = re.compile(r"\D")
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()+]")


def _field(index: int, doc: str) -> property:
    """A :class:`CallRow` attribute read from its latest :class:`CallUpdate`."""
    return property(lambda row: row.update[index], doc=doc)


class CallRow:
    """One contact's row: who it is (fixed) and its latest :class:`CallUpdate` (``update``), which the model replaces
    when a poll reports news; the update's fields read as attributes."""

    __slots__ = ("call_id", "phone", "name", "rounds", "search", "update", "group", "updated", "key", "pos", "_texts")

    def __init__(self, update: CallUpdate, person: CallPerson, rounds: RoundsAround = NO_ROUNDS) -> None:
        self.call_id = update.call_id
        self.rounds = rounds  # the contact in the other rounds of its campaign
        self.phone = person.phone
        self.name = person.name
        self.key: Any = None  # its sort key under the model's order (set when the model sorts)
        self.pos = -1  # where it is in the model's order (set while polls move no row)
        self.set(update, _epoch(person.updated_at))
        digits = _NOT_DIGIT.sub("", person.phone)
        national = "0" + digits[2:] if digits.startswith("84") else digits
        self.search = f"{digits} {national} {person.name.casefold()}"

    def set(self, update: CallUpdate, at: float) -> None:
        """Take ``update`` as the row's state, changed at ``at`` (epoch seconds)."""
        self.update = update
        self.group = row_group(update.outcome, update.dispatch)
        self.updated = at
        self._texts: list[str] | None = None

    outcome = _field(1, "desktop.providers.status.Outcome value")
    raw_status = _field(2, "the provider's status as received")
    duration = _field(3, "talk time in seconds")
    cost = _field(4, "what the call cost")
    recording_ref = _field(5, "the provider's recording reference")
    error = _field(6, "why it was not sent or failed (a stored sentence)")
    dispatch = _field(7, "Dispatch value")
    answer = _field(8, "what the callee answered in one word (CallAnswer.key)")
    channel = _field(9, "Channel value: how the current result arrived")

    def texts(self) -> list[str]:
        """The row's cell texts, column by column, made when first painted after a change."""
        if self._texts is None:
            self._texts = [column.text(self) for column in COLUMNS]
        return self._texts


def build_rows(updates: Sequence[CallUpdate], people: Sequence[CallPerson],
               rounds: Mapping[int, RoundsAround] | None = None) -> list[CallRow]:
    """Rows from the engine's ``rows()``, ``people()`` (same order) and ``rounds_around()``; plain Python, so it can
    run off the loop."""
    rounds = rounds or {}
    return [CallRow(u, p, rounds.get(u.call_id, NO_ROUNDS)) for u, p in zip(updates, people)]


def _latest_text(row: CallRow) -> str:
    """The contact's latest result in all rounds, in words ("—" before any call went out)."""
    latest = row.rounds.latest(row.outcome, row.dispatch)
    return group_text(group_of(latest)) if latest else "—"


def _latest_rank(row: CallRow) -> int:
    """Where the contact's latest result in all rounds sorts: in the counters' order, never-called last."""
    latest = row.rounds.latest(row.outcome, row.dispatch)
    return GROUPS.index(group_of(latest)) if latest else len(GROUPS)


@dataclass(frozen=True)
class Column:
    """One column of the table: what it is called, how wide it starts, what it shows and how it sorts."""

    key: str
    title: str  # English; the model translates it
    width: int  # starting width in pixels (the last column stretches)
    text: Callable[[CallRow], str]
    sort_key: Callable[[CallRow], Any]  # empty cells last; ties keep the campaign's own order (call id)
    numeric: bool = False  # right-aligned
    tooltip: bool = False  # the whole text as a tooltip (long values)
    fixed: bool = False  # updates never change its sort key: a poll moves no row in this order


def _channel(row: CallRow) -> str:
    """How the row's result arrived, in plain words ("" before any)."""
    words = {Channel.NOTIFICATION: translate("Monitor", "Notification"), Channel.POLL: translate("Monitor", "Polling")}
    return words.get(row.channel or "", "")


def _updated(row: CallRow) -> str:
    return formats.date_time(row.updated, seconds=True) if row.updated else ""


COLUMNS: tuple[Column, ...] = (
    Column("phone", QT_TRANSLATE_NOOP("CallTableModel", "Phone"), 120,
           lambda r: display_phone(r.phone), lambda r: (r.phone, r.call_id), fixed=True),
    Column("name", QT_TRANSLATE_NOOP("CallTableModel", "Name"), 150,
           lambda r: r.name, lambda r: r.call_id, fixed=True),  # the model sorts names in the language's order
    Column("outcome", QT_TRANSLATE_NOOP("CallTableModel", "Outcome"), 110,
           lambda r: outcome_words(r.outcome, r.dispatch),
           lambda r: (GROUPS.index(r.group), r.outcome, r.call_id), tooltip=True),
    Column("answer", QT_TRANSLATE_NOOP("CallTableModel", "Answer"), 120,
           lambda r: answer_words(r.answer), lambda r: (r.answer is None, r.answer or "", r.call_id), tooltip=True),
    Column("duration", QT_TRANSLATE_NOOP("CallTableModel", "Talk time"), 70,
           lambda r: format_seconds(r.duration), lambda r: (r.duration is None, r.duration or 0.0, r.call_id),
           numeric=True),
    Column("cost", QT_TRANSLATE_NOOP("CallTableModel", "Cost"), 70,
           lambda r: formats.money(r.cost), lambda r: (r.cost is None, r.cost or 0.0, r.call_id), numeric=True),
    Column("round_calls", QT_TRANSLATE_NOOP("CallTableModel", "Times called"), 95,
           lambda r: str(r.rounds.attempts_with(r.dispatch)),
           lambda r: (r.rounds.attempts_with(r.dispatch), r.call_id), numeric=True),
    Column("round_latest", QT_TRANSLATE_NOOP("CallTableModel", "Latest result"), 110, _latest_text,
           lambda r: (_latest_rank(r), r.call_id)),
    Column("reason", QT_TRANSLATE_NOOP("CallTableModel", "Reason"), 150,
           lambda r: shown(r.error), lambda r: ((shown(r.error) or "\uffff").casefold(), r.call_id),
           tooltip=True),
    Column("channel", QT_TRANSLATE_NOOP("CallTableModel", "Result came by"), 100,
           _channel, lambda r: (r.channel or "\uffff", r.call_id)),
    Column("updated", QT_TRANSLATE_NOOP("CallTableModel", "Updated"), 0, _updated, lambda r: (r.updated, r.call_id)),
)
COLUMN = {column.key: index for index, column in enumerate(COLUMNS)}
PHONE, NAME, OUTCOME = COLUMN["phone"], COLUMN["name"], COLUMN["outcome"]
#: The columns about the other rounds, hidden for a campaign without rounds.
ROUND_COLUMNS = (COLUMN["round_calls"], COLUMN["round_latest"])


class _Reversed(Sequence[CallRow]):
    """A list read back to front (bisection wants ascending order; a descending sort shows the rows reversed)."""

    def __init__(self, rows: list[CallRow]) -> None:
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index: int) -> CallRow:  # type: ignore[override]
        return self._rows[len(self._rows) - 1 - index]


class CallTableModel(QAbstractTableModel):
    """Read-only rows: phone, name, outcome and answer in words, the provider's raw status, talk time, cost,
    reason, how the result came, updated."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[CallRow] = []  # every row, in the chosen order
        # by position in that order: whether the row passes the filter (while one is set); True and False only, so a
        # poll compares a mark by identity
        self._marks: list[bool] = []
        self._at: list[int] | None = None  # the positions of the rows passing the filter, ascending; None: every row
        self._positions: list[int] = []  # 0, 1, 2 … one per row, picked from by the marks (no number made per pick)
        self._by_id: dict[int, CallRow] = {}
        self._allowed: frozenset[str] | None = None  # the groups the filter lets through; None: every one
        self._answers: frozenset[str] | None = None  # the answer keys it lets through; None: any, or none
        self._needle = ""
        self._digits = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._refresh = QTimer(self)  # a large poll's range, announced on the loop's next turn
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(0)
        self._refresh.timeout.connect(self._announce_all)

    # -- contents ---------------------------------------------------------------------------------------------
    def set_rows(self, rows: list[CallRow]) -> None:
        """Show a campaign's rows (a new campaign, or a reload); the chosen sort and filter still apply."""
        self.beginResetModel()
        self._by_id = {row.call_id: row for row in rows}
        self._arrange(self._sorted(rows, *self._sort) if self._sort is not None else rows)
        self.endResetModel()

    def apply(self, changed: Sequence[CallUpdate], at: float) -> int:
        """Write a poll's changed rows in place and announce them: as ``dataChanged`` while every row keeps its place,
        as one relayout when rows join or leave the filter or move in the chosen order. Returns how many call ids
        were not in the table (the table then needs a reload: the campaign gained rows since it was read)."""
        touched: list[CallRow] = []
        missing = 0
        by_id, outcome_groups, marks, needle = self._by_id, _OUTCOME_GROUPS, self._marks, self._needle
        allowed, answers = self._allowed or _EVERY_GROUP, self._answers
        places = self._keeps_places()
        marking = places and (self._allowed is not None or answers is not None)  # a group or answer filter, in place
        flipped = False  # a row joined or left the filter
        for update in changed:  # row_group inlined: a call per changed row costs as much as the rest of the loop
            row = by_id.get(update[0])
            if row is None:
                missing += 1
                continue
            group = DO_NOT_CALL if update[7] == _HELD_BACK else outcome_groups[update[1]]
            if marking:  # a marked row matched the text searched for, and its text never changes
                shows = group in allowed and (answers is None or update[8] in answers)
                if shows is not marks[row.pos] and (not shows or not needle or self._found(row)):
                    marks[row.pos] = shows
                    flipped = True
            row.update = update  # one statement each: a tuple assignment builds a tuple per row
            row.group = group
            row.updated = at
            row._texts = None
            touched.append(row)
        if touched and not places:
            self._relayout(lambda: self._arrange(self._moved(touched)))
        elif flipped:
            self._relayout(self._reshow)
        elif len(touched) > MAX_RANGES:
            self._refresh.start()
        elif touched:
            self._announce(sorted(row for row in map(self._row_of, touched) if row >= 0))
        return missing

    def news(self, rows: Sequence[CallUpdate]) -> list[CallUpdate]:
        """The rows of ``rows`` that differ from what the table shows (a re-read returns unchanged ones too)."""
        by_id = self._by_id
        return [u for u in rows if (row := by_id.get(u.call_id)) is None or row.update != u]

    def _announce(self, rows: list[int]) -> None:
        """``dataChanged`` for each run of consecutive rows (sorted row numbers)."""
        if not rows:
            return
        runs: list[tuple[int, int]] = []
        start = previous = rows[0]
        for row in rows[1:]:
            if row != previous + 1:
                runs.append((start, previous))
                start = row
            previous = row
        runs.append((start, previous))
        last = self.columnCount() - 1
        for first, end in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    def _announce_all(self) -> None:
        """``dataChanged`` over every row shown."""
        if count := self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(count - 1, self.columnCount() - 1))

    def row(self, row: int) -> CallRow:
        return self._all[row] if self._at is None else self._all[self._at[row]]

    def find(self, call_id: int) -> int:
        """The row showing ``call_id``, or -1 when it is filtered out or unknown."""
        row = self._by_id.get(call_id)
        return -1 if row is None else self._row_of(row)

    def _row_of(self, row: CallRow) -> int:
        """Where ``row`` is shown (-1: filtered out): its position in the order, kept on the row while polls move no
        row, otherwise found by bisection over the keys; then its place among the positions shown."""
        rows = self._all
        if self._keeps_places():
            pos = row.pos
        elif self._sort is not None and self._sort[1] == Qt.SortOrder.AscendingOrder:
            pos = bisect_left(rows, row.key, key=_KEY)
        else:
            pos = len(rows) - 1 - bisect_left(_Reversed(rows), row.key, key=_KEY)
        if not (0 <= pos < len(rows) and rows[pos] is row):
            return -1
        if self._at is None:
            return pos
        at = bisect_left(self._at, pos)
        return at if at < len(self._at) and self._at[at] == pos else -1

    def _keeps_places(self) -> bool:
        """Whether polls leave every row where it is: the campaign's own order, or a column no update changes."""
        return self._sort is None or COLUMNS[self._sort[0]].fixed

    @property
    def total(self) -> int:
        return len(self._all)

    # -- filter ---------------------------------------------------------------------------------------------
    def set_filter(self, groups: Collection[str] = (), text: str = "", answers: Collection[str] = ()) -> None:
        """Show only rows of ``groups`` (none: every group) that answered one of ``answers`` (answer keys; none:
        whatever they answered) and whose phone or name contains ``text``; a phone may be typed with spaces, dots
        or dashes, as +84… or as 0…."""
        self._allowed = frozenset(groups) if groups else None
        self._answers = frozenset(answers) if answers else None
        self._needle = text.strip().casefold()
        digits = _PHONE_PUNCTUATION.sub("", self._needle)
        self._digits = digits if digits.isdigit() else ""
        self._relayout(lambda: self._arrange(self._all))

    def _found(self, row: CallRow) -> bool:
        """Whether ``row``'s phone or name contains the text searched for (or none is)."""
        return not self._needle or self._needle in row.search or (self._digits or self._needle) in row.search

    def _arrange(self, ordered: list[CallRow]) -> None:
        """Take ``ordered`` as every row's order: note each row's position while polls keep it, and mark the rows
        passing the filter with comprehensions without a call per row, so 100,000 rows filter in a few
        milliseconds."""
        self._all = rows = ordered
        if self._keeps_places():
            for pos, row in enumerate(rows):
                row.pos = pos
        tests: list[list[bool]] = []  # one mark per row and criterion
        if (allowed := self._allowed) is not None:
            tests.append([row.group in allowed for row in rows])
        if (answers := self._answers) is not None:
            tests.append([row.update[8] in answers for row in rows])
        if needle := self._needle:
            digits = self._digits or needle
            tests.append([needle in row.search or digits in row.search for row in rows])
        if not tests:
            self._marks, self._at = [], None
            return
        self._marks = tests[0] if len(tests) == 1 else list(map(all, zip(*tests)))
        if len(self._positions) != len(rows):
            self._positions = list(range(len(rows)))
        self._reshow()

    def _reshow(self) -> None:
        """Rebuild the positions shown from the marks alone (a poll turned some): the rows are not read."""
        self._at = list(compress(self._positions, self._marks))

    def _relayout(self, rearrange: Callable[[], None]) -> None:
        """Change the rows shown by ``rearrange``, keeping selections on the rows they were on. Only rows change (the
        columns stay), as the hint tells the views."""
        hint = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
        self.layoutAboutToBeChanged[_WITH_HINT].emit([], hint)
        persistent = self.persistentIndexList()
        kept = [self.row(index.row()) for index in persistent]
        rearrange()
        if persistent:
            self.changePersistentIndexList(persistent, [
                self.index(at, index.column()) if (at := self._row_of(row)) >= 0 else QModelIndex()
                for row, index in zip(kept, persistent)])
        self.layoutChanged[_WITH_HINT].emit([], hint)

    # -- sort -----------------------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.columnCount():
            return
        self._sort = (column, order)
        self._relayout(lambda: self._arrange(self._sorted(self._all, column, order)))

    def _sorted(self, rows: list[CallRow], column: int, order: Qt.SortOrder) -> list[CallRow]:
        """``rows`` in ``column``'s order, each row keeping its key for :meth:`_moved`."""
        key = self._sort_key(column)

        def keep(row: CallRow) -> Any:
            row.key = value = key(row)
            return value
        return sorted(rows, key=keep, reverse=order == Qt.SortOrder.DescendingOrder)

    def _moved(self, touched: list[CallRow]) -> list[CallRow]:
        """Every row in the chosen order again after ``touched`` changed: the touched rows are taken out, sorted
        by their new keys and merged back (one pass over two sorted runs: the other rows are not keyed again)."""
        column, order = self._sort  # type: ignore[misc]
        key = self._sort_key(column)
        moving = dict.fromkeys(touched)  # a call reported twice moves once
        for row in moving:
            row.key = key(row)
        merged = list(filterfalse(moving.__contains__, self._all))
        merged += moving
        merged.sort(key=_KEY, reverse=order == Qt.SortOrder.DescendingOrder)
        return merged

    def _sort_key(self, column: int) -> Callable[[CallRow], Any]:
        """The column's key; names go in the language's order, ranked over this campaign's rows."""
        if column == NAME:
            ranks = formats.name_ranks(row.name for row in self._all)
            return lambda r: (not r.name, ranks[r.name], r.call_id)
        return COLUMNS[column].sort_key

    # -- QAbstractTableModel ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._all) if self._at is None else len(self._at)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return QCoreApplication.translate("CallTableModel", COLUMNS[section].title)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The cell's text, colour, alignment or tooltip. The view asks for about seven roles per painted cell, so the
        roles this model does not serve are answered before anything is looked up, and a row's texts are made once
        per change of the row (:meth:`CallRow.texts`)."""
        if role not in _SERVED or not index.isValid():
            return None
        column = index.column()
        if role == _FOREGROUND:
            return GROUP_COLOURS[self.row(index.row()).group] if column == OUTCOME else None
        if role == _ALIGNMENT:
            return _RIGHT if COLUMNS[column].numeric else None
        if role == _TOOLTIP and not COLUMNS[column].tooltip:
            return None
        return self.row(index.row()).texts()[column]
