"""The campaign report against the simulator: its figures equal the export's Summary sheet for the same campaign
(read back with openpyxl), its calls by hour add up to the contacts called, and reading it can be cancelled."""

from __future__ import annotations

import threading
from collections import Counter

import openpyxl
import pytest

from desktop.campaigns.report import HOURS, build_report
from desktop.errors import Cancelled
from desktop.progress import Progress
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, REMINDER_FLOW, Env

pytestmark = ON_BOTH_ENGINES


async def finished_campaign(env: Env, provider: str, count: int):
    changes = {"call_flow": REMINDER_FLOW} if provider == "bizphone" else {}
    campaign = env.campaign(provider, count, **changes)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    env.pass_time(ALL_CALLS_END)
    await env.service.start_monitoring(campaign)
    return env.service.get(campaign.id)


def summary_sheet(path) -> tuple[dict, dict[str, dict]]:
    """The Summary sheet's figures (label → value) and breakdowns (title → {label: contacts})."""
    rows = list(openpyxl.load_workbook(path)["Summary"].values)
    figures = {r[0]: r[1] for r in rows[:6]}
    tables: dict[str, dict] = {}
    for title in ("Outcomes", "Answers"):
        start = next(i for i, r in enumerate(rows) if r[0] == title) + 2
        tables[title] = {}
        for label, count, *_ in rows[start:]:
            if label is None:
                break
            tables[title][label] = count
    return figures, tables


@pytest.mark.parametrize("provider", ["vbot", "nxcloud", "bizphone"])
async def test_the_reports_figures_equal_the_exports_summary(env: Env, tmp_path, provider: str) -> None:
    campaign = await finished_campaign(env, provider, 40)
    path = tmp_path / "results.xlsx"
    await env.service.export(campaign, path, "xlsx")
    figures, tables = summary_sheet(path)

    steps: list[Progress] = []
    report = build_report(env.service.repository, campaign, steps.append)
    summary = report.summary
    assert figures == pytest.approx({
        "Contacts": summary.contacts, "Called": summary.called, "Answered": summary.answered,
        "Answer rate": summary.answer_rate, "Average talk time (s)": round(summary.average_talk, 1),
        "Total cost": summary.cost})
    assert tables["Outcomes"] == dict(summary.outcomes) and tables["Answers"] == dict(summary.answers)
    assert summary.contacts == 40 and 0 < summary.answered < summary.called == 40
    assert steps[-1].done == steps[-1].total == 40

    assert len(report.called_by_hour) == HOURS and sum(report.called_by_hour) == summary.called
    assert sum(report.answered_by_hour) == summary.answered
    assert all(a <= c for a, c in zip(report.answered_by_hour, report.called_by_hour))
    results = list(openpyxl.load_workbook(path)["Results"].values)
    last = results[0].index("Last call")
    by_hour = Counter(r[last].hour for r in results[1:] if r[last] is not None)  # the export's own call times
    assert report.called_by_hour == [by_hour[h] for h in range(HOURS)]
    assert sum(report.cost_by_outcome.values()) == pytest.approx(summary.cost)
    assert report.first_call is not None and report.first_call <= report.last_call


async def test_a_campaign_not_called_yet_has_an_empty_report(env: Env) -> None:
    campaign = env.campaign("vbot", 5)
    report = build_report(env.service.repository, campaign)
    assert report.summary.contacts == 0 and not report.has_calls  # a draft has no calls yet
    assert sum(report.called_by_hour) == 0 and report.first_call is None and not report.cost_by_outcome


async def test_reading_the_report_stops_when_cancelled(env: Env) -> None:
    campaign = env.campaign("vbot", 5)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        build_report(env.service.repository, campaign, cancel=cancel)
