"""A campaign's report for the supervisor's manager: who it was, key figures, outcomes and answers charted, calls by
hour of day and the cost — on screen, and the same content on paper (print or PDF, with Qt's own printing).

The figures are the core's (:mod:`desktop.campaigns.report`, the export's Summary from the same rows), read in a job
off the GUI thread with progress and Cancel. :class:`ReportContent` turns them into words and charts once; the
dialog shows them as widgets and :meth:`ReportContent.print_on` lays them out on A4 pages, charts drawn as pictures.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QLocale, QMarginsF, QObject, QRectF, QSize, QStandardPaths, Qt, QUrl
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QGraphicsScene,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.accounts.repository import Account
from desktop.campaigns.model import Campaign
from desktop.campaigns.report import HOURS, CampaignReport, build_report
from desktop.campaigns.rounds import family_rounds
from desktop.campaigns.service import CampaignService
from desktop.progress import Progress
from ui.jobs import Job, Jobs, words
from ui.monitor.table_model import format_seconds
from ui.providers import provider_name
from ui.text import arg
from ui.widgets.empty_state import EmptyState
from ui.widgets.message_bar import MessageBar

#: Answers charted one bar each, most given first; the rest share one bar.
MAX_ANSWER_BARS = 10
#: A chart's size on paper, in the document's pixels (about the A4 text width), drawn at twice that resolution.
PAPER_CHART = QSize(640, 300)
CHART_COLOURS = (QColor("#2e7d32"), QColor("#1565c0"))  # called/answered bars: the Monitor's answered green last


@dataclass(frozen=True)
class Heading:
    """Who the report is about: the campaign, its account and its contact list (names as the operator gave them)."""

    campaign: Campaign
    account: Account | None
    list_name: str
    rounds: int = 1  # rounds of the campaign's calling, all in the figures (one row per contact)


class ReportContent(QObject):
    """A campaign's report in words and charts, built once and shown on screen or laid out on paper."""

    def __init__(self, heading: Heading, report: CampaignReport, made: datetime | None = None) -> None:
        super().__init__()
        self.heading = heading
        self.report = report
        self.made = made or datetime.now()
        self.locale = QLocale()

    # -- words ------------------------------------------------------------------------------------------------
    @property
    def title(self) -> str:
        return arg(self.tr("Campaign report: %1"), self.heading.campaign.name)

    def about(self) -> list[tuple[str, str]]:
        """The heading's lines: account, contact list, when it was created, when it called, when this was made."""
        account = self.heading.account
        first, last = self.report.first_call, self.report.last_call
        rounds = self.heading.rounds
        return [
            (self.tr("Account"), f"{account.name} ({provider_name(account.provider)})" if account else "—"),
            (self.tr("Contact list"), self.heading.list_name or "—"),
            *([(self.tr("Rounds"), arg(self.tr("%1, each contact counted once with its latest result"),
                                      self._count(rounds)))] if rounds > 1 else []),
            (self.tr("Created"), self._moment(_utc_text(self.heading.campaign.created_at))),
            (self.tr("Calls made"), arg(self.tr("from %1 to %2"), self._moment(first), self._moment(last))
             if first and last else self.tr("none yet")),
            (self.tr("Report made"), self._moment(self.made)),
        ]

    @property
    def figures_title(self) -> str:
        return self.tr("Key figures")

    @property
    def costs_title(self) -> str:
        return self.tr("Cost by outcome")

    def figures(self) -> list[tuple[str, str]]:
        """The key figures, as the export's Summary sheet states them, in the operator's number format."""
        summary = self.report.summary
        return [
            (self.tr("Contacts"), self._count(summary.contacts)),
            (self.tr("Called"), self._count(summary.called)),
            (self.tr("Answered"), self._count(summary.answered)),
            (self.tr("Answer rate"), self.percent(summary.answer_rate)),
            (self.tr("Average talk time"), format_seconds(summary.average_talk) if summary.talked else "—"),
            (self.tr("Total cost"), self.money(summary.cost)),
        ]

    def costs(self) -> list[tuple[str, str]]:
        """The cost of each outcome's calls, dearest first (empty when nothing cost anything)."""
        return [(outcome, self.money(cost)) for outcome, cost in self.report.cost_by_outcome.most_common()]

    def percent(self, fraction: float) -> str:
        return f"{self.locale.toString(fraction * 100, 'f', 1)}{self.locale.percent()}"

    def money(self, amount: float) -> str:
        """An amount in đồng: whole đồng from 100 up, else the fraction a provider bills."""
        return self.locale.toCurrencyString(amount, "₫", 0 if amount >= 100 or amount == 0 else 2)

    def _count(self, value: int) -> str:
        return self.locale.toString(value)

    def _moment(self, moment: datetime | None) -> str:
        if moment is None:
            return "—"
        return self.locale.toString(QDateTime.fromSecsSinceEpoch(int(moment.timestamp())),
                                    QLocale.FormatType.ShortFormat)

    # -- charts (a fresh chart each call: one for the screen, one for each picture on paper) ---------------------
    def outcomes_chart(self) -> QChart:
        """Contacts per outcome as a pie; the legend names each outcome with its count."""
        series = QPieSeries()
        for outcome, count in self.report.summary.outcomes.most_common():
            series.append(f"{outcome}: {self._count(count)}", count)
        chart = _chart(self.tr("Outcomes"))
        chart.addSeries(series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        return chart

    def answers_chart(self) -> QChart:
        """Contacts per answer as horizontal bars, most given first (the rest in one bar)."""
        answers = self.report.summary.answers.most_common()
        shown = answers[:MAX_ANSWER_BARS]
        if len(answers) > MAX_ANSWER_BARS:
            shown.append((self.tr("Other answers"), sum(n for _, n in answers[MAX_ANSWER_BARS:])))
        shown.reverse()  # the axis runs bottom-up: the most given answer on top
        bars = QBarSet(self.tr("Contacts"))
        bars.append([n for _, n in shown])
        bars.setColor(CHART_COLOURS[1])
        bars.setLabelColor(QColor("black"))  # beside the bar, on the chart's white
        series = QHorizontalBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart = _chart(self.tr("Answers"))
        chart.addSeries(series)
        _axes(chart, series, [a for a, _ in shown], max((n for _, n in shown), default=0),
              Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom)
        chart.legend().hide()
        return chart

    def hours_chart(self) -> QChart:
        """Contacts called and answered by hour of day (of their latest call), over the hours calls were made."""
        called, answered = self.report.called_by_hour, self.report.answered_by_hour
        used = [h for h in range(HOURS) if called[h]] or [8]
        hours = range(used[0], used[-1] + 1)
        series = QBarSeries()
        for name, counts, colour in ((self.tr("Called"), called, CHART_COLOURS[1]),
                                     (self.tr("Answered"), answered, CHART_COLOURS[0])):
            bars = QBarSet(name)
            bars.append([counts[h] for h in hours])
            bars.setColor(colour)
            series.append(bars)
        chart = _chart(self.tr("Calls by hour of day"))
        chart.addSeries(series)
        _axes(chart, series, [f"{h:02d}:00" for h in hours], max(called),
              Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignLeft)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        return chart

    def charts(self) -> list[Callable[[], QChart]]:
        """The charts in the report's order; answers only when callees gave any."""
        return [self.outcomes_chart, *([self.answers_chart] if self.report.summary.answers else []),
                self.hours_chart]

    # -- paper ------------------------------------------------------------------------------------------------
    def document(self) -> QTextDocument:
        """The report as a text document (words as text, charts as pictures) for printing."""
        document = QTextDocument()
        font = QFont(document.defaultFont())
        font.setPointSize(10)
        document.setDefaultFont(font)
        parts = [f"<h1>{html.escape(self.title)}</h1>", _table(self.about()),
                 f"<h2>{html.escape(self.figures_title)}</h2>", _table(self.figures())]
        for index, make in enumerate(self.charts()):
            name = QUrl(f"report:chart{index}.png")
            document.addResource(QTextDocument.ResourceType.ImageResource, name, chart_picture(make(), PAPER_CHART))
            parts.append(f'<p><img src="{name.toString()}" width="{PAPER_CHART.width()}" '
                         f'height="{PAPER_CHART.height()}"></p>')
        if self.costs():
            parts += [f"<h2>{html.escape(self.costs_title)}</h2>", _table(self.costs())]
        document.setHtml("\n".join(parts))
        return document

    def print_on(self, device: QPagedPaintDevice) -> None:
        """Lay the report out on ``device``'s pages (a printer or a PDF file)."""
        self.document().print_(device)

    def save_pdf(self, path: Path) -> None:
        """Write the report to ``path`` as an A4 PDF; OSError when the file cannot be written."""
        with open(path, "wb"):  # says why (no folder, no permission) before Qt would fail without a word
            pass
        writer = QPdfWriter(str(path))
        writer.setTitle(self.title)
        writer.setCreator("Autocall Desk")
        set_a4(writer)
        self.print_on(writer)
        del writer  # closes the file


def set_a4(device: QPagedPaintDevice) -> None:
    """A4 portrait; the document adds its own 2 cm margin inside the printable area."""
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageOrientation(QPageLayout.Orientation.Portrait)
    device.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)


def chart_picture(chart: QChart, size: QSize) -> QImage:
    """``chart`` drawn at ``size`` into a picture of twice that resolution (sharp on paper)."""
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.setGeometry(QRectF(0, 0, size.width(), size.height()))
    image = QImage(size * 2, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(image.rect()), QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return image


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = chart.titleFont()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(0)
    return chart


def _axes(chart: QChart, series: QBarSeries | QHorizontalBarSeries, categories: Sequence[str], top: int,
          category_side: Qt.AlignmentFlag, value_side: Qt.AlignmentFlag) -> None:
    """A category axis and a whole-number value axis with room above the longest bar for its label."""
    names = QBarCategoryAxis()
    names.append(list(categories))
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setRange(0, max(top * 1.15, 1))
    values.applyNiceNumbers()
    chart.addAxis(names, category_side)
    chart.addAxis(values, value_side)
    series.attachAxis(names)
    series.attachAxis(values)


def _table(lines: Sequence[tuple[str, str]]) -> str:
    rows = "".join(f'<tr><td style="padding-right:24px">{html.escape(label)}</td>'
                   f"<td><b>{html.escape(value)}</b></td></tr>" for label, value in lines)
    return f'<table cellspacing="0" cellpadding="3">{rows}</table>'


def _utc_text(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None


class ReportDialog(QDialog):
    """The chosen campaign's report: read in a job (progress, Cancel), then shown, printable and saveable as PDF."""

    def __init__(self, jobs: Jobs, service: CampaignService, account: Account | None, campaign: Campaign,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("campaignReportDialog")
        self.setWindowTitle(arg(self.tr("Report: %1"), campaign.name))
        self.resize(1000, 720)
        self.jobs = jobs
        self.service = service
        self.account = account
        self.campaign = campaign
        self.content: ReportContent | None = None
        self.job: Job | None = None

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_reading())
        self.empty = EmptyState(
            self.tr("No calls yet"),
            self.tr("This campaign has not called anyone yet. Its report fills in as calls are made: open it again "
                    "once calling has started."), object_name="reportEmpty")
        self.pages.addWidget(self.empty)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("reportScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.pages.addWidget(self.scroll)

        self.notice = MessageBar("reportNotice")
        self.print_button = self._button("reportPrint", self.tr("&Print…"), self.tr("Print this report"),
                                         self.print_report)
        self.pdf_button = self._button("reportSavePdf", self.tr("&Save as PDF…"),
                                       self.tr("Save this report as a PDF file to send or keep"), self.choose_pdf_file)
        self.close_button = self._button("reportClose", self.tr("&Close"), "", self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addStretch()  # the buttons keep their size while no message is shown
        for button in (self.print_button, self.pdf_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(buttons)
        self._set_ready(False)

    def _button(self, name: str, text: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build_reading(self) -> QWidget:
        page = QWidget()
        self.reading = QLabel(self.tr("Adding up the campaign's calls…"))
        self.reading.setObjectName("reportReading")
        self.reading.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("reportProgress")
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName(self.tr("Contacts added up"))
        self.cancel_button = self._button("reportCancel", self.tr("Cancel"), "", self.cancel)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.reading)
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # -- reading the figures ----------------------------------------------------------------------------------
    def start(self) -> Job:
        """Add up the campaign's figures in a job (named for this window: two open reports never cancel each
        other); the report is shown when they are in."""
        self.job = self.jobs.run(
            f"monitor-report:{self.campaign.id}:{id(self)}", self._read, on_progress=self._step,
            on_error=lambda text: self._stopped(arg(self.tr("The report could not be made: %1"), text)),
            on_cancelled=lambda _text: self._stopped(self.tr("Cancelled: the report was not made.")),
            on_finished=lambda: self.cancel_button.setEnabled(False), describe=words)
        return self.job

    async def _read(self, job: Job) -> None:
        service, campaign = self.service, self.campaign

        def read() -> tuple[CampaignReport, str, int]:
            lists = {info.id: info.name for info in service.contacts.lists()}
            return (build_report(service.repository, campaign, job.progress, job.cancel_token),
                    lists.get(campaign.list_id, ""), len(family_rounds(service.store, campaign.family_id)))

        report, list_name, rounds = await job.blocking(read)
        self.show_report(ReportContent(Heading(campaign, self.account, list_name, rounds), report))

    def _step(self, progress: Progress) -> None:
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _stopped(self, text: str) -> None:
        self.reading.setText(text)
        self.progress.hide()

    def reject(self) -> None:
        """Closing while the figures are read stops reading them."""
        self.cancel()
        super().reject()

    # -- showing them -----------------------------------------------------------------------------------------
    def show_report(self, content: ReportContent) -> None:
        self.content = content
        if not content.report.has_calls:
            self.pages.setCurrentWidget(self.empty)
            self._set_ready(False)
            return
        self.scroll.setWidget(self._build_page(content))
        self.pages.setCurrentWidget(self.scroll)
        self._set_ready(True)

    def _build_page(self, content: ReportContent) -> QWidget:
        page = QWidget()
        page.setObjectName("reportPage")
        title = QLabel(content.title)
        title.setObjectName("reportTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        title.setWordWrap(True)
        about = QGridLayout()
        for row, (label, value) in enumerate(content.about()):
            about.addWidget(QLabel(label + ":"), row, 0)
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            about.addWidget(shown, row, 1)
        about.setColumnStretch(1, 1)
        layout = QVBoxLayout(page)
        layout.addWidget(title)
        layout.addLayout(about)
        layout.addWidget(self._figures_box(content))
        charts = [self._chart_view(make(), index) for index, make in enumerate(content.charts())]
        pair = QHBoxLayout()
        for view in charts[:-1]:  # outcomes (and answers) side by side, calls by hour below at full width
            pair.addWidget(view, 1)
        layout.addLayout(pair)
        layout.addWidget(charts[-1])
        if content.costs():
            costs = QGroupBox(content.costs_title)
            costs.setObjectName("reportCosts")
            grid = QGridLayout(costs)
            for row, (outcome, cost) in enumerate(content.costs()):
                grid.addWidget(QLabel(outcome), row, 0)
                value = QLabel(cost)
                value.setAlignment(Qt.AlignmentFlag.AlignRight)
                grid.addWidget(value, row, 1)
            grid.setColumnStretch(2, 1)
            layout.addWidget(costs)
        layout.addStretch(1)
        return page

    def _figures_box(self, content: ReportContent) -> QGroupBox:
        box = QGroupBox(content.figures_title)
        box.setObjectName("reportFigures")
        grid = QGridLayout(box)
        self.figure_values: dict[str, QLabel] = {}
        for column, (label, value) in enumerate(content.figures()):
            shown = QLabel(value)
            shown.setObjectName(f"reportFigure{column}")
            font = shown.font()
            font.setPointSizeF(font.pointSizeF() * 1.4)
            font.setBold(True)
            shown.setFont(font)
            shown.setAccessibleName(f"{label}: {value}")
            grid.addWidget(shown, 0, column, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(QLabel(label), 1, column, Qt.AlignmentFlag.AlignHCenter)
            self.figure_values[label] = shown
        return box

    def _chart_view(self, chart: QChart, index: int) -> QChartView:
        view = QChartView(chart)
        view.setObjectName(f"reportChart{index}")
        view.setAccessibleName(chart.title())
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(260)
        return view

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.pdf_button.setEnabled(ready)

    # -- paper ------------------------------------------------------------------------------------------------
    def print_report(self) -> None:
        if self.content is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        set_a4(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the report"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.content.print_on(printer)
            self.notice.info(self.tr("The report was sent to the printer."))

    def choose_pdf_file(self) -> None:
        if self.content is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        word = self.tr("report")  # in the file name: "Nhắc nợ - báo cáo 2026-12-01.pdf"
        suggested = str(Path(folder) / f"{self.campaign.name} - {word} {datetime.now():%Y-%m-%d}.pdf")
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as PDF"), suggested,
                                                self.tr("PDF document (*.pdf)"))
        if target:
            self.save_pdf(Path(target if target.lower().endswith(".pdf") else f"{target}.pdf"))

    def save_pdf(self, path: Path) -> None:
        """Write the report to ``path``; says in the dialog where it went or why it could not."""
        if self.content is None:
            return
        try:
            self.content.save_pdf(path)
        except OSError as exc:
            self.notice.error(arg(self.tr("The PDF could not be saved to %1 (%2). Choose another folder."),
                                  str(path), words(exc)))
            return
        self.notice.info(arg(self.tr("Saved the report to %1."), str(path)))
