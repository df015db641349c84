"""The NXCLOUD calling-window editor: weekdays × half-hour slots, a time zone, and whether calls can start now.

The grid is painted, not 336 buttons: one widget that toggles cells by click, by drag (the first cell decides
whether the drag opens or closes), and by keyboard (arrows move, Space toggles). What it edits is a
:class:`~desktop.providers.nxcloud.calling_window.CallingWindow`; the engine turns that into ``dialAtWeekDay`` /
``dialAtUpHour`` / ``dialAtDownHour`` / ``zoneSecond`` when the task is created.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from zoneinfo import ZoneInfo, available_timezones

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from desktop.providers.nxcloud.calling_window import (
    ALL_DAYS,
    ALL_SLOTS,
    DEFAULT_ZONE,
    SLOTS_PER_DAY,
    CallingWindow,
    slot_label,
)
from ui import formats
from ui.text import arg
from ui.widgets.message_bar import set_state

#: The preset the brief calls office hours: 08:00–11:30 and 13:30–17:00, Monday to Saturday.
OFFICE_HOURS = (frozenset(range(1, 7)), frozenset(range(16, 23)) | frozenset(range(27, 34)))
_OPEN = QColor("#3d8b5a")
_CLOSED = QColor("#eef0f3")
_GRID = QColor("#dde1e7")
_HOUR = QColor("#aab1bc")


def zone_label(zone: str, at: datetime) -> str:
    """``"Asia/Ho_Chi_Minh (UTC+07:00)"``: the combo's text, with the offset at ``at``."""
    offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    sign = "+" if minutes >= 0 else "-"
    return f"{zone} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"


class SlotGrid(QWidget):
    """7 rows (Mon–Sun) × 48 half-hour columns; ``changed`` after every edit."""

    changed = Signal()
    HEADER_H = 18
    CELL_H = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callingWindowGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(False)
        self._open: set[tuple[int, int]] = set()  # (weekday 1–7, slot 0–47)
        self._drag_value: bool | None = None
        self._cursor = (1, 16)
        self._days = [formats.weekday(day) for day in range(1, 8)]
        self.setToolTip(self.tr("Click or drag to open or close half-hours; arrow keys move, Space toggles."))
        self.setAccessibleName(self.tr("Calling window: weekdays by half-hours"))

    # -- state -----------------------------------------------------------------------------------------------
    def cells(self) -> frozenset[tuple[int, int]]:
        return frozenset(self._open)

    def set_cells(self, cells: set[tuple[int, int]] | frozenset[tuple[int, int]]) -> None:
        self._open = set(cells)
        self.update()
        self.changed.emit()

    def set_cell(self, day: int, slot: int, value: bool) -> None:
        if ((day, slot) in self._open) != value:
            (self._open.add if value else self._open.discard)((day, slot))
            self.update()
            self.changed.emit()

    def is_open(self, day: int, slot: int) -> bool:
        return (day, slot) in self._open

    # -- geometry --------------------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return QSize(self._label_w() + SLOTS_PER_DAY * 14, self.HEADER_H + 7 * self.CELL_H + 1)

    def minimumSizeHint(self) -> QSize:
        return QSize(self._label_w() + SLOTS_PER_DAY * 9, self.sizeHint().height())

    def _label_w(self) -> int:
        """The day names' column: as wide as the longest name in the window's language and font."""
        metrics = self.fontMetrics()
        return max(44, max(metrics.horizontalAdvance(day) for day in self._days) + 8)

    def _cell_w(self) -> float:
        return (self.width() - self._label_w() - 1) / SLOTS_PER_DAY

    def _rect(self, day: int, slot: int) -> QRect:
        w = self._cell_w()
        x = self._label_w() + round(slot * w)
        return QRect(x, self.HEADER_H + (day - 1) * self.CELL_H, round((slot + 1) * w) - round(slot * w),
                     self.CELL_H)

    def cell_at(self, point: QPoint) -> tuple[int, int] | None:
        if point.x() < self._label_w() or point.y() < self.HEADER_H:
            return None
        slot = int((point.x() - self._label_w()) / self._cell_w())
        day = (point.y() - self.HEADER_H) // self.CELL_H + 1
        return (day, slot) if 1 <= day <= 7 and 0 <= slot < SLOTS_PER_DAY else None

    def cell_center(self, day: int, slot: int) -> QPoint:
        return self._rect(day, slot).center()

    # -- painting --------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        for hour in range(0, 24, 2):
            rect = self._rect(1, hour * 2)
            painter.drawText(QRect(rect.x(), 0, rect.width() * 4, self.HEADER_H),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, f"{hour:02d}")
        for day in range(1, 8):
            row = self._rect(day, 0)
            painter.setPen(self.palette().windowText().color())
            painter.drawText(QRect(0, row.y(), self._label_w() - 4, self.CELL_H),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self._days[day - 1])
            for slot in range(SLOTS_PER_DAY):
                rect = self._rect(day, slot)
                painter.fillRect(rect, _OPEN if (day, slot) in self._open else _CLOSED)
                painter.setPen(_HOUR if slot % 2 == 0 else _GRID)  # hours stand out from half-hours
                painter.drawLine(rect.topLeft(), rect.bottomLeft())
            painter.setPen(_GRID)
            painter.drawLine(row.topLeft().x(), row.y(), self.width(), row.y())
        bottom = self.HEADER_H + 7 * self.CELL_H
        painter.drawLine(self._label_w(), bottom, self.width(), bottom)
        if self.hasFocus():
            painter.setPen(QPen(QColor("#1f5fbf"), 2))
            painter.drawRect(self._rect(*self._cursor).adjusted(1, 1, -1, -1))
        painter.end()

    # -- mouse and keyboard ----------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().toPoint())
        if cell is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self._drag_value = cell not in self._open
        self._cursor = cell
        self.set_cell(*cell, self._drag_value)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Drag: every cell between the last one and this one changes, so a quick drag leaves no gaps."""
        cell = self.cell_at(event.position().toPoint())
        if cell is None or self._drag_value is None:
            return
        (last_day, last_slot), (day, slot) = self._cursor, cell
        for d in range(min(day, last_day), max(day, last_day) + 1):
            for s in range(min(slot, last_slot), max(slot, last_slot) + 1):
                self.set_cell(d, s, self._drag_value)
        self._cursor = cell

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag_value = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        day, slot = self._cursor
        moves = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
        if event.key() in moves:
            dd, ds = moves[event.key()]
            self._cursor = (min(7, max(1, day + dd)), min(SLOTS_PER_DAY - 1, max(0, slot + ds)))
            self.setToolTip(f"{self._days[self._cursor[0] - 1]} {slot_label(self._cursor[1])}")
            self.update()
        elif event.key() == Qt.Key.Key_Space:
            self.set_cell(day, slot, not self.is_open(day, slot))
        else:
            super().keyPressEvent(event)


class CallingWindowEditor(QWidget):
    """The grid, presets, the time-zone combo and a live "open now / next opening" line."""

    changed = Signal()

    def __init__(self, clock: Callable[[], datetime] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callingWindowEditor")
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.grid = SlotGrid()
        self.grid.changed.connect(self._edited)

        presets = QHBoxLayout()
        for name, text, tip, cells in (
            ("presetOfficeHours", self.tr("&Office hours"), self.tr("08:00–11:30 and 13:30–17:00, Monday to Saturday"),
             OFFICE_HOURS),
            ("presetAllWeek", self.tr("All &week, all day"), self.tr("Every half-hour of every day"),
             (ALL_DAYS, ALL_SLOTS)),
            ("presetClear", self.tr("C&lear"), self.tr("Close every half-hour"), (frozenset(), frozenset())),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.clicked.connect(lambda _=False, c=cells: self.grid.set_cells({(d, s) for d in c[0] for s in c[1]}))
            presets.addWidget(button)
        presets.addStretch(1)
        zone_caption = QLabel(self.tr("Time &zone:"))
        self.zone = QComboBox()
        self.zone.setObjectName("timeZoneCombo")
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.setMinimumContentsLength(24)
        self.zone.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        now = self._clock()
        for name in sorted(available_timezones()):
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/")):
                self.zone.addItem(zone_label(name, now), name)
        self.zone.setCurrentIndex(self.zone.findData(DEFAULT_ZONE))
        self.zone.currentIndexChanged.connect(self._edited)
        zone_caption.setBuddy(self.zone)
        zone_row = QHBoxLayout()  # a row of its own: beside the presets it made the form too wide for 1024 px
        zone_row.addWidget(zone_caption)
        zone_row.addWidget(self.zone)
        zone_row.addStretch(1)

        self.status = QLabel()
        self.status.setObjectName("callingWindowStatus")
        self.status.setWordWrap(True)
        self.status.setProperty("note", True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(presets)
        layout.addLayout(zone_row)
        layout.addWidget(self.grid)
        layout.addWidget(self.status)
        self._timer = QTimer(self)  # "open now" changes as the clock moves on
        self._timer.setInterval(30_000)
        self._timer.timeout.connect(self._show_status)
        self._timer.start()
        self.set_window(CallingWindow(*OFFICE_HOURS))

    def window_value(self) -> CallingWindow:
        """The window as edited: only whole weekdays that have a slot, and slots open on some day, count."""
        cells = self.grid.cells()
        zone = self.zone.currentData() or DEFAULT_ZONE
        return CallingWindow(frozenset(d for d, _ in cells), frozenset(s for _, s in cells), zone)

    def set_window(self, window: CallingWindow) -> None:
        index = self.zone.findData(window.zone)
        if index >= 0:
            self.zone.setCurrentIndex(index)
        self.grid.set_cells({(d, s) for d in window.weekdays for s in window.slots})

    def set_read_only(self, read_only: bool) -> None:
        for widget in self.findChildren(QPushButton) + [self.zone, self.grid]:
            widget.setEnabled(not read_only)

    def _edited(self) -> None:
        self._show_status()
        self.changed.emit()

    def _show_status(self) -> None:
        window = self.window_value()
        if not self._is_grid_rectangular():
            text = self.tr("NXCLOUD opens the same half-hours on every chosen day: the window is every chosen day × "
                           "every chosen half-hour. ")
        else:
            text = ""
        now = self._clock()
        opening = window.next_opening(now)
        if opening is None:
            text += self.tr("The window never opens: choose at least one half-hour.")
            set_state(self.status, "error")
        elif window.is_open(now):
            text += arg(self.tr("Open now (%1)."), opening.strftime("%H:%M"))
            set_state(self.status, "")
        else:
            when = f"{formats.weekday(opening.isoweekday())} {opening:%d/%m %H:%M}"  # in the window's own zone
            text += arg(self.tr("Closed now; next opening %1."), when)
            set_state(self.status, "")
        self.status.setText(text)

    def _is_grid_rectangular(self) -> bool:
        """NXCLOUD cannot open different hours on different days; say so when the grid asks for it."""
        cells = self.grid.cells()
        days = {d for d, _ in cells}
        slots = {s for _, s in cells}
        return len(cells) == len(days) * len(slots)
