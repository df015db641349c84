"""The dispatch panel's decision about contacts awaiting confirmation, against the simulator: VBot's records cannot
prove ten failed requests were not received, so the panel explains it and offers "Leave" (noted, checked again in
the background) and "Mark as not sent…" (asked first; then Resume sends them once, with the same keys)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.campaigns.model import CampaignState, Dispatch
from desktop.campaigns.reconcile import ReconcileReport
from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.helpers.campaigns import add_list, quick_engine, settings_for
from tests.helpers.support import wait_until
from tests.helpers.ui import account, answer_yes, open_window
from ui.main_window import MainWindow

V3_SEND = "/vbot/v3.0/m-auto-call/api/call/create-list-phone"


@pytest.fixture
def window(qtbot, services: Services, manual_demo: DemoEnvironment) -> MainWindow:
    quick_engine(services.store, settle_seconds=600.0, breaker_threshold=1.0)
    return open_window(qtbot, services, manual_demo)


async def test_leave_then_mark_as_not_sent_from_the_dispatch_panel(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    tab = window.campaigns_tab
    sim = manual_demo.running.simulator
    sim.faults.add(V3_SEND, "error", 503)  # VBot never gets them, and nothing is queued behind them
    campaign = tab.service.create("Chờ xác nhận", account(services, "vbot"), add_list(services.store, 10),
                                  settings_for("vbot"))
    await tab.service.launch(campaign, await tab.service.preflight(campaign))
    sim.faults.clear()
    tab.reload()
    tab.show_campaign(tab.service.get(campaign.id))
    panel = tab.panel
    assert panel.awaiting.isVisible() and panel.awaiting.text().startswith("10 contact(s) await confirmation")
    assert panel.mark_not_sent_button.isVisible() and panel.leave_button.isVisible()

    panel.leave_button.click()
    await wait_until(lambda: "checked again by themselves at" in tab.message.text(), timeout=20,
                     message="the background check scheduled")
    assert tab.service.counts(campaign).dispatch == {Dispatch.IN_FLIGHT: 10}
    assert len(sim.ledger) == 0

    asked = answer_yes(monkeypatch)
    panel.mark_not_sent_button.click()
    assert asked and "they will be called twice" in asked[0]
    assert tab.service.counts(campaign).dispatch == {Dispatch.PENDING: 10}
    assert "press Resume" in tab.message.text() and not panel.awaiting.isVisible()
    rows = services.store.query("SELECT request FROM dispatch_batches WHERE campaign_id = ?", (campaign.id,))
    actions = [d["action"] for r in rows for d in json.loads(r["request"]).get("decisions", [])]
    assert "leave" in actions and "mark_not_sent" in actions
    assert panel.resume_button.isEnabled()
    panel.resume_button.click()
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.RUNNING
                     and not tab.service.is_dispatching(campaign), timeout=20, message="the resumed dispatch")
    assert tab.service.counts(campaign).dispatch == {Dispatch.SENT: 10}
    assert len(sim.ledger.entries("vbot", dialled_only=True)) == 10 and sim.ledger.duplicates() == []


async def test_marking_as_not_sent_is_not_done_without_a_yes(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    tab = window.campaigns_tab
    sim = manual_demo.running.simulator
    sim.faults.add(V3_SEND, "error", 503)
    campaign = tab.service.create("Không chắc", account(services, "vbot"), add_list(services.store, 5),
                                  settings_for("vbot"))
    await tab.service.launch(campaign, await tab.service.preflight(campaign))
    tab.show_campaign(tab.service.get(campaign.id))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *args: QMessageBox.StandardButton.No))
    tab.panel.mark_not_sent_button.click()
    assert tab.service.counts(campaign).dispatch == {Dispatch.IN_FLIGHT: 5}


async def test_the_recovery_dialog_offers_mark_as_not_sent_when_contacts_await(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    """A check that cannot settle contacts and gives no time to ask again (as for a VBot legacy list) shows the
    dialog; its Mark as not sent asks first, then leaves them for Resume."""
    tab = window.campaigns_tab
    sim = manual_demo.running.simulator
    sim.faults.add(V3_SEND, "error", 503)
    campaign = tab.service.create("Danh sách cũ", account(services, "vbot"), add_list(services.store, 5),
                                  settings_for("vbot"))
    await tab.service.launch(campaign, await tab.service.preflight(campaign))
    sim.faults.clear()
    assert [c.id for c in tab.service.needs_reconciliation()] == [campaign.id]

    async def nothing_can_tell(c):
        return ReconcileReport(c.id, batches=1, in_doubt=5, advice=["Check the VBot console."])

    monkeypatch.setattr(tab.service, "reconcile", nothing_can_tell)
    tab.check_interrupted()
    await wait_until(lambda: tab.reconcile_dialog is not None and tab.reconcile_dialog.isVisible(), timeout=20,
                     message="the recovery dialog")
    dialog = tab.reconcile_dialog
    assert dialog.mark_not_sent_button.isVisible() and "5 cannot be confirmed yet" in dialog.report.text()
    asked = answer_yes(monkeypatch)
    dialog.mark_not_sent_button.click()
    await wait_until(lambda: tab.reconcile_dialog is None, message="the dialog closed")
    assert asked and asked[0].startswith("Mark the 5 contact(s)")
    assert tab.service.counts(campaign).dispatch == {Dispatch.PENDING: 5}
    assert tab.service.get(campaign.id).state is CampaignState.PAUSED and tab.panel.resume_button.isEnabled()
    assert len(sim.ledger) == 0
