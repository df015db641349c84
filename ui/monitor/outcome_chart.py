"""The campaign's outcomes at a glance: a counter per outcome group in words and colour, and a QtCharts line chart
of those counts over time, one point per poll.

The chart stays cheap however long a campaign runs: a poll appends one point per line, and past ``MAX_POINTS`` every
other point is dropped, so the lines keep their shape over the whole campaign with a bounded number of points.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QLocale, QMargins, Qt
from PySide6.QtGui import QPainter, QPen, QShowEvent
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from ui import formats
from ui.monitor.table_model import GROUP_COLOURS, GROUPS, group_text

MAX_POINTS = 400


class OutcomeCounters(QGroupBox):
    """One line per outcome group: a coloured dot, the group in words, the count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Calls"), parent)
        self.setObjectName("monitorCounters")
        layout = QGridLayout(self)
        layout.setVerticalSpacing(2)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for row, group in enumerate(GROUPS):
            dot = QLabel("●")
            dot.setProperty("group", group)
            label = QLabel(group_text(group))
            value = QLabel("0")
            value.setObjectName(f"count_{group}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            value.setProperty("group", group)
            layout.addWidget(dot, row, 0)
            layout.addWidget(label, row, 1)
            layout.addWidget(value, row, 2)
            self.labels[group] = label
            self.values[group] = value
        layout.setColumnStretch(1, 1)

    def show_counts(self, values: Mapping[str, int]) -> None:
        for group, label in self.values.items():
            count = values.get(group, 0)
            label.setText(formats.number(count))
            label.setAccessibleName(f"{group_text(group)}: {count}")

    def count(self, group: str) -> int:
        """The number shown for ``group`` (tests and accessibility read it back)."""
        value, _ = QLocale().toInt(self.values[group].text())
        return value


class OutcomeChart(QChartView):
    """Calls per outcome group over time (the counters' colours; they serve as its legend)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().hide()  # the counters beside the chart name each colour, with the count
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setLocalizeNumbers(True)  # axis counts grouped like the counters: 3.000 / 3,000
        chart.setLocale(QLocale())
        super().__init__(chart, parent)
        self.setObjectName("monitorChart")
        self.setAccessibleName(self.tr("Outcomes over time"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("HH:mm:ss")
        self.x_axis.setTickCount(5)
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%.0f")
        self.y_axis.setTickCount(5)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        self.series: dict[str, QLineSeries] = {}
        for group in GROUPS:
            series = QLineSeries()
            series.setName(group_text(group))
            series.setPen(QPen(GROUP_COLOURS[group], 2))
            chart.addSeries(series)
            series.attachAxis(self.x_axis)
            series.attachAxis(self.y_axis)
            self.series[group] = series
        self._first = 0.0

    def restart(self, at: float, values: Mapping[str, int], total: int) -> None:
        """Start over (another campaign) from its counts now."""
        for series in self.series.values():
            series.clear()
        self._first = at
        self.y_axis.setRange(0, max(total, 1))
        self.add_sample(at, values)

    def add_sample(self, at: float, values: Mapping[str, int]) -> None:
        """One poll's counts at ``at`` (epoch seconds)."""
        x = at * 1000
        for group, series in self.series.items():
            series.append(x, values.get(group, 0))
            if series.count() > MAX_POINTS:
                series.replace(series.points()[::2])
        start = QDateTime.fromMSecsSinceEpoch(int(self._first * 1000))
        end = QDateTime.fromMSecsSinceEpoch(int(max(x, self._first * 1000 + 10_000)))  # at least 10 s wide
        self.x_axis.setRange(start, end)

    def showEvent(self, event: QShowEvent) -> None:
        """Measure the count labels again when shown: QtCharts measures them only while visible, so a range set while
        the Monitor was hidden (a campaign of 3,000 calls) kept the old narrow label area and showed "…"."""
        super().showEvent(event)
        top = self.y_axis.max()
        self.y_axis.setMax(top + 1)  # an unchanged range would not be measured again
        self.y_axis.setMax(top)

    def points(self, group: str) -> int:
        return self.series[group].count()
