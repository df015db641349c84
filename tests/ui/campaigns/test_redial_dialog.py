""""Call again…" in two clicks, against the simulator: the dialog counts who each result would call and why the others
are not called, confirming makes the round, checks it and launches it, the ledger shows exactly those dialled again,
and the Monitor's rows of the first round show each contact's calls and latest result across rounds."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from desktop.campaigns.model import REDIAL_OUTCOMES, CampaignState, Dispatch, RedialRule
from desktop.contacts.repository import ContactRepository
from desktop.demo import DemoEnvironment
from desktop.providers.base import Outcome
from desktop.services import Services
from tests.helpers.campaigns import ALL_CALLS_END, add_list, quick_engine, settings_for
from tests.helpers.support import wait_until
from tests.helpers.ui import account, open_window
from ui.campaigns.redial_dialog import RedialDialog
from ui.main_window import MainWindow
from ui.monitor.table_model import COLUMN, COLUMNS, ROUND_COLUMNS, build_rows


@pytest.fixture
def window(qtbot, services: Services, manual_demo: DemoEnvironment) -> MainWindow:
    quick_engine(services.store)
    return open_window(qtbot, services, manual_demo)


async def open_dialog(tab) -> RedialDialog:
    tab.call_again_button.click()
    await wait_until(lambda: tab.redial_dialog is not None, timeout=10, message="the Call again dialog")
    assert tab.redial_dialog.isVisible()
    return tab.redial_dialog


def cell(row, key: str) -> str:
    return COLUMNS[COLUMN[key]].text(row)


async def test_call_again_makes_checks_and_launches_the_round(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment) -> None:
    tab = window.campaigns_tab
    sim = manual_demo.running.simulator
    first = tab.service.create("Nhắc nợ", account(services, "vbot"), add_list(services.store, 30), settings_for("vbot"))
    await tab.service.launch(first, await tab.service.preflight(first))
    sim.advance(ALL_CALLS_END)
    await tab.service.start_monitoring(tab.service.get(first.id))
    rows = services.store.query("SELECT phone, outcome FROM calls WHERE campaign_id = ?", (first.id,))
    by_outcome = Counter(r["outcome"] for r in rows)
    due = [r["phone"] for r in rows if r["outcome"] in (Outcome.NO_ANSWER, Outcome.BUSY)]
    assert len(due) >= 2
    ContactRepository(services.store).add_do_not_call([due[0]])  # put on the list between the rounds

    tab.reload()
    tab.show_campaign(tab.service.get(first.id))
    assert tab.call_again_button.isVisible()
    dialog = await open_dialog(tab)
    barred = next(r["outcome"] for r in rows if r["phone"] == due[0])
    assert dialog.outcomes["no_answer"].text() == f"No answer ({by_outcome['no_answer'] - (barred == 'no_answer')})"
    assert dialog.outcomes["busy"].text() == f"Busy ({by_outcome['busy'] - (barred == 'busy')})"
    assert dialog.outcomes["failed"].text() == f"Failed for a passing reason (network, provider) " \
                                               f"({by_outcome['failed']})"
    assert not dialog.outcomes["failed"].isChecked() and not dialog.repeat.isChecked()
    assert dialog.summary.text().startswith(f"{len(due) - 1} people will be called again, from ")
    held = dialog.held.text()
    assert f"{by_outcome['answered']} answered" in held and "1 on the do-not-call list" in held
    dialog.max_attempts.setValue(1)  # everyone was called once: nobody qualifies, and the button says so
    assert dialog.summary.text() == "Nobody qualifies for another round." and not dialog.confirm.isEnabled()
    assert "reached the attempt limit" in dialog.held.text()
    dialog.max_attempts.setValue(3)
    dialog.delay.setValue(0)
    assert dialog.confirm.text() == f"Call {len(due) - 1} again" and dialog.confirm.isEnabled()

    dialled_before = len(sim.ledger.entries("vbot", dialled_only=True))
    dialog.confirm.click()  # the second click: made, checked, launched
    made = tab.campaign
    assert made is not None and made.id != first.id and made.round_no == 2
    await wait_until(lambda: tab.service.get(made.id).state is CampaignState.RUNNING
                     and not tab.service.is_dispatching(made), timeout=20, message="the round's dispatch")
    fresh = sim.ledger.entries("vbot", dialled_only=True)[dialled_before:]
    assert sorted(e.phone[-9:] for e in fresh) == sorted(p[-9:] for p in due[1:])

    sim.advance(ALL_CALLS_END)
    await tab.service.start_monitoring(tab.service.get(made.id))
    window.show_tab("monitorTab")
    window.monitor_tab.refresh_campaigns(select=first.id)
    await wait_until(lambda: window.monitor_tab.model.total == 30, timeout=10, message="the Monitor's rows")
    assert all(not window.monitor_tab.table.isColumnHidden(c) for c in ROUND_COLUMNS)
    service = window.monitor_tab.service
    first_rows = build_rows(service.rows(first), service.people(first), service.rounds_around(first))
    redialled = {p[-9:] for p in due[1:]}
    second = {r["phone"][-9:]: r["outcome"] for r in services.store.query(
        "SELECT phone, outcome FROM calls WHERE campaign_id = ? AND dispatch = ?", (made.id, Dispatch.SENT))}
    for row in first_rows:
        again = row.phone[-9:] in redialled
        assert cell(row, "round_calls") == ("2" if again else "1")
        if again:
            assert cell(row, "round_latest") == cell(
                next(r for r in build_rows(service.rows(made), service.people(made)) if r.phone == row.phone),
                "outcome")
            assert row.rounds.after == second[row.phone[-9:]]


async def test_repeat_carries_the_rule_onto_the_round(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment) -> None:
    tab = window.campaigns_tab
    first = tab.service.create("Lặp lại", account(services, "vbot"), add_list(services.store, 20),
                               settings_for("vbot"))
    await tab.service.launch(first, await tab.service.preflight(first))
    manual_demo.running.simulator.advance(ALL_CALLS_END)
    await tab.service.start_monitoring(tab.service.get(first.id))
    tab.reload()
    tab.show_campaign(tab.service.get(first.id))
    dialog = await open_dialog(tab)
    dialog.outcomes["failed"].setChecked(True)
    dialog.delay.setValue(30)
    dialog.repeat.setChecked(True)
    if not dialog.confirm.isEnabled():
        pytest.skip("the simulator's mix left nobody to call again")
    dialog.confirm.click()
    made = tab.service.get(tab.campaign.id)
    assert made.redial_rule == dialog.rule() == RedialRule(REDIAL_OUTCOMES, 30, 3)
    assert made.not_before is not None and made.not_before > time.time() + 29 * 60
    await wait_until(lambda: tab.service.is_dispatching(made), timeout=10, message="the round waiting to start")
    await wait_until(lambda: tab.panel.status.text().startswith("Waiting: "), timeout=10, message="the waiting line")
    assert "nothing is sent before then" in tab.panel.status.text()
    tab.service.cancel(made)  # nothing dialled: it was waiting for its start
    await wait_until(lambda: tab.service.get(made.id).state is CampaignState.CANCELLED, timeout=10,
                     message="the cancelled round")
    assert tab.service.counts(made).sent == 0


async def test_call_again_from_the_monitor_in_two_clicks(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment) -> None:
    sim = manual_demo.running.simulator
    service = window.campaigns_tab.service
    first = service.create("Từ Monitor", account(services, "vbot"), add_list(services.store, 30), settings_for("vbot"))
    await service.launch(first, await service.preflight(first))
    sim.advance(ALL_CALLS_END)
    await service.start_monitoring(service.get(first.id))
    due = {r["phone"][-9:] for r in services.store.query(
        "SELECT phone FROM calls WHERE campaign_id = ? AND outcome IN (?, ?)", (first.id, Outcome.NO_ANSWER,
                                                                                Outcome.BUSY))}
    assert due
    monitor = window.monitor_tab
    window.show_tab("monitorTab")
    monitor.refresh_campaigns(select=first.id)
    await wait_until(lambda: monitor.model.total == 30, timeout=10, message="the Monitor's rows")
    assert monitor.call_again_button.isEnabled()

    dialled_before = len(sim.ledger.entries("vbot", dialled_only=True))
    monitor.call_again_button.click()  # the first click
    dialog = await open_dialog_from(window)
    dialog.delay.setValue(0)  # (not a click: the delay's default waits an hour)
    assert dialog.when_finished.isHidden()  # the campaign finished: a round now is the only choice
    assert dialog.confirm.text() == f"Call {len(due)} again"
    dialog.confirm.click()  # the second click: made, checked, launched, and the Monitor follows it
    made = next(c for c in service.list() if c.parent_id == first.id)
    await wait_until(lambda: monitor.campaign is not None and monitor.campaign.id == made.id, timeout=20,
                     message="the Monitor showing the new round")
    await wait_until(lambda: not service.is_dispatching(service.get(made.id))
                     and service.get(made.id).state is CampaignState.RUNNING, timeout=20, message="the dispatch")
    fresh = sim.ledger.entries("vbot", dialled_only=True)[dialled_before:]
    assert sorted(e.phone[-9:] for e in fresh) == sorted(due)
    await wait_until(lambda: all(not monitor.table.isColumnHidden(c) for c in ROUND_COLUMNS), timeout=10,
                     message="the round columns")


async def test_a_first_round_still_calling_gets_its_automatic_rule_from_the_dialog(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment) -> None:
    sim = manual_demo.running.simulator
    service = window.campaigns_tab.service
    first = service.create("Tự động", account(services, "vbot"), add_list(services.store, 20), settings_for("vbot"))
    await service.launch(first, await service.preflight(first))
    assert service.get(first.id).state is CampaignState.RUNNING  # calls still ringing
    monitor = window.monitor_tab
    window.show_tab("monitorTab")
    monitor.refresh_campaigns(select=first.id)
    await wait_until(lambda: monitor.campaign is not None and monitor.campaign.id == first.id, timeout=10,
                     message="the Monitor showing the campaign")
    monitor.call_again_button.click()
    dialog = await open_dialog_from(window)
    assert not dialog.when_finished.isHidden() and not dialog.confirm.isEnabled()  # everyone is still in a call
    dialog.when_finished.setChecked(True)
    dialog.delay.setValue(0)
    assert dialog.confirm.isEnabled() and dialog.confirm.text() == "Call again when it finishes"
    assert not dialog.repeat.isEnabled()
    dialog.confirm.click()
    assert service.get(first.id).redial_rule == RedialRule(("no_answer", "busy"), 0, 3)
    assert "finishes" in monitor.notice.text()
    assert not [c for c in service.list() if c.parent_id == first.id]  # no round made yet

    sim.advance(ALL_CALLS_END)
    await service.start_monitoring(service.get(first.id))  # it finishes: the rule makes and launches the round
    await wait_until(lambda: any(c.parent_id == first.id for c in service.list()), timeout=20,
                     message="the round the rule made")
    made = next(c for c in service.list() if c.parent_id == first.id)
    assert made.redial_rule == RedialRule(("no_answer", "busy"), 0, 3)  # carried on to the next round
    await wait_until(lambda: monitor.campaign is not None and monitor.campaign.id == made.id, timeout=20,
                     message="the Monitor following the round")


async def open_dialog_from(window: MainWindow) -> RedialDialog:
    tab = window.campaigns_tab
    await wait_until(lambda: tab.redial_dialog is not None, timeout=10, message="the Call again dialog")
    assert tab.redial_dialog.isVisible()
    return tab.redial_dialog
