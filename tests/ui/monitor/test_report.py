"""The Monitor's campaign report against the simulator: "Report…" opens it for the chosen campaign, its figures are
the store's, it saves a PDF that says the campaign's name and answer rate, renders at laptop sizes, and says plainly
when a campaign has no calls yet."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QLocale
from PySide6.QtGui import QPageSize
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from desktop.campaigns.report import build_report
from desktop.demo import DemoEnvironment
from desktop.providers.base import Outcome
from tests.helpers.campaigns import REMINDER_FLOW
from tests.helpers.support import wait_until
from tests.ui.monitor.test_monitor_tab import finished, launch
from ui.monitor import report
from ui.monitor.report import ReportDialog
from ui.monitor.tab import MonitorTab
from ui.session import Session

SHOTS = Path(os.environ.get("AUTOCALL_SHOTS", "/tmp/autocall-shots"))


async def opened(tab: MonitorTab) -> ReportDialog:
    tab.report_button.click()
    dialog = tab.findChildren(ReportDialog)[-1]
    await wait_until(lambda: dialog.content is not None, timeout=20, message="the report's figures")
    return dialog


def pdf_text(path: Path) -> str:
    document = QPdfDocument()
    assert document.load(str(path)) == QPdfDocument.Error.None_
    text = "\n".join(document.getAllText(page).text() for page in range(document.pageCount()))
    return unicodedata.normalize("NFC", text)  # the PDF may keep Vietnamese letters decomposed


def print_to_file(dialog: ReportDialog, target: Path, monkeypatch) -> Path:
    """Press "Print…" and choose a printer that writes to ``target`` (the offscreen test has no real printer)."""
    class PrintDialog(QPrintDialog):
        def exec(self) -> int:
            assert self.printer().pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
            self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer().setOutputFileName(str(target))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(report, "QPrintDialog", PrintDialog)
    dialog.print_button.click()
    assert dialog.notice.text() == "The report was sent to the printer."
    return target


@pytest.mark.parametrize("provider", ["bizphone", "vbot"])
async def test_the_report_shows_the_campaigns_figures_and_saves_them_as_pdf(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment, tmp_path: Path, provider: str,
        monkeypatch) -> None:
    changes = {"call_flow": REMINDER_FLOW} if provider == "bizphone" else {}  # BizPhone's callees press keys
    campaign = await launch(session, provider, 30, **changes)
    await finished(tab, manual_demo)
    dialog = await opened(tab)

    counts = session.campaigns.counts(campaign)
    rate = counts.outcomes.get(Outcome.ANSWERED, 0) / sum(counts.outcomes.values())  # the Monitor's own counts
    rate_text = f"{QLocale().toString(rate * 100, 'f', 1)}{QLocale().percent()}"
    shown = {label: value.text() for label, value in dialog.figure_values.items()}
    assert shown["Contacts"] == "30" and shown["Called"] == "30" and shown["Answer rate"] == rate_text
    summary = build_report(session.campaigns.repository, campaign).summary
    assert shown["Answered"] == str(summary.answered)
    assert shown["Total cost"] == QLocale().toCurrencyString(summary.cost, "₫", 0)
    assert dialog.print_button.isEnabled() and dialog.pdf_button.isEnabled()
    charts = [dialog.findChild(QChartView, f"reportChart{i}") for i in range(3)]
    assert [c.chart().title() for c in charts] == ["Outcomes", "Answers", "Calls by hour of day"]

    path = tmp_path / "report.pdf"
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.save_pdf(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = pdf_text(path)
    assert campaign.name in text and rate_text in text and "Key figures" in text
    assert dialog.notice.text() == f"Saved the report to {path}."
    path.rename(SHOTS / f"campaign-report-{provider}.pdf")
    printed = print_to_file(dialog, tmp_path / "printed.pdf", monkeypatch)
    assert campaign.name in pdf_text(printed) and rate_text in pdf_text(printed)

    tab.resize(1024, 700)
    assert tab.grab().save(str(SHOTS / f"monitor-report-button-{provider}-1024.png"))
    for width, height in ((1024, 700), (1280, 800)):
        dialog.resize(width, height)
        await wait_until(lambda: dialog.size().width() == width, message="the resize")
        assert dialog.grab().save(str(SHOTS / f"campaign-report-{provider}-{width}.png"))
        assert dialog.scroll.horizontalScrollBar().maximum() == 0  # nothing cut off at the side


async def test_a_pdf_that_cannot_be_written_is_said_in_words(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment, tmp_path: Path) -> None:
    await launch(session, "vbot", 5)
    await finished(tab, manual_demo)
    dialog = await opened(tab)
    dialog.save_pdf(tmp_path / "no such folder" / "report.pdf")
    assert dialog.notice.text().startswith("The PDF could not be saved to") and "Traceback" not in dialog.notice.text()


async def test_a_campaign_without_calls_says_so_and_offers_nothing_to_print(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment) -> None:
    await launch(session, "vbot", 5)
    await wait_until(lambda: tab.model.total > 0, message="the campaign's rows")
    with session.services.store.transaction() as db:  # as a campaign cancelled before anything was sent
        db.execute("UPDATE calls SET dispatch = 'not_sent'")
    dialog = await opened(tab)
    assert dialog.pages.currentWidget() is dialog.empty
    assert not dialog.print_button.isEnabled() and not dialog.pdf_button.isEnabled()
    dialog.resize(1024, 700)
    assert dialog.grab().save(str(SHOTS / "campaign-report-empty.png"))


async def test_cancelling_stops_adding_up_and_says_so(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment) -> None:
    await launch(session, "vbot", 5)
    await wait_until(lambda: tab.model.total > 0, message="the campaign's rows")
    tab.report_button.click()
    dialog = tab.findChildren(ReportDialog)[-1]
    dialog.cancel_button.click()  # before the worker has read a row
    await wait_until(lambda: not dialog.cancel_button.isEnabled(), message="the job to end")
    assert dialog.content is None and dialog.reading.text() == "Cancelled: the report was not made."
    assert not dialog.pdf_button.isEnabled()


async def test_the_report_of_any_round_counts_each_contact_once_across_the_rounds(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment) -> None:
    service = session.campaigns
    first = await launch(session, "vbot", 30)
    await finished(tab, manual_demo)
    second = service.get(service.redial(first.id, ["no_answer", "busy", "failed"], delay_minutes=0))
    await service.launch(second, await service.preflight(second))
    session.campaignLaunched.emit(second.id)
    await wait_until(lambda: tab.campaign is not None and tab.campaign.id == second.id, message="the second round")
    await finished(tab, manual_demo)
    redialled = service.counts(second).total
    assert 0 < redialled < 30
    dialog = await opened(tab)  # from the second round

    shown = {label: value.text() for label, value in dialog.figure_values.items()}
    assert shown["Contacts"] == "30" and shown["Called"] == "30"
    answered = {r["phone"] for r in session.services.store.query(
        "SELECT phone FROM calls WHERE campaign_id IN (?, ?) AND outcome = ?", (first.id, second.id,
                                                                                Outcome.ANSWERED))}
    assert shown["Answered"] == str(len(answered))  # a contact answered in one round or the other
    assert ("Rounds", "2, each contact counted once with its latest result") in dialog.content.about()
