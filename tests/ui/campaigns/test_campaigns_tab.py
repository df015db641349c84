"""Campaigns tab against the simulator over loopback: a campaign set up through the form on each provider (VBot
pickers, the NXCLOUD calling-window grid, the BizPhone flow tree), the preflight dialog blocking an unmapped field,
confirm → launch → every valid contact dialled exactly once, pause / resume / cancel on 300 contacts, and a
dispatch a crash interrupted reconciled and resumed from a new window without dialling anyone twice."""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from datetime import datetime, timezone

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QMessageBox

from desktop.accounts.repository import Account
from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.model import Campaign, CampaignState, Dispatch
from desktop.campaigns.reconcile import ReconcileReport
from desktop.contacts.repository import ContactRepository
from desktop.demo import DemoEnvironment
from desktop.providers.bizphone import BizPhoneCampaignSettings, CallFlow
from desktop.providers.nxcloud import NxCampaignSettings
from desktop.providers.nxcloud.calling_window import CallingWindow
from desktop.services import Services
from desktop.settings import CALL_FLOWS
from desktop.store import Store
from tests.helpers.campaigns import add_list, quick_engine, settings_for
from tests.helpers.support import wait_until
from tests.helpers.ui import account, answer_yes, choose_nhac_no, open_window, preflight
from ui import formats
from ui.campaigns.list_model import ListRead
from ui.campaigns.tab import CampaignsTab
from ui.main_window import MainWindow
from ui.monitor.table_model import DO_NOT_CALL, OUTCOME, WAITING

NHAC_NO_COLUMNS = ["Số điện thoại", "Họ và tên", "Số tiền", "Hạn thanh toán"]


@pytest.fixture
def window(qtbot, services: Services, manual_demo: DemoEnvironment) -> MainWindow:
    quick_engine(services.store)
    return open_window(qtbot, services, manual_demo)


def nhac_no_list(store: Store, count: int) -> int:
    """A saved list whose columns are NHAC_NO's field names, so they map by themselves."""
    with store.transaction() as db:
        list_id = db.execute("INSERT INTO contact_lists(name, source_file, columns) VALUES (?, ?, ?)",
                             ("Nhắc nợ T6", "no.xlsx", json.dumps(NHAC_NO_COLUMNS, ensure_ascii=False))).lastrowid
        db.executemany(
            "INSERT INTO contacts(list_id, row_number, phone_raw, phone_e164, name, status, data) "
            "VALUES (?, ?, ?, ?, ?, 'valid', ?)",
            [(list_id, i + 2, f"+8490{i:07d}", f"+8490{i:07d}", f"Nguyễn Văn {i}",
              json.dumps(dict(zip(NHAC_NO_COLUMNS, (f"+8490{i:07d}", f"Nguyễn Văn {i}", "1500000", "30/06/2026"))),
                         ensure_ascii=False)) for i in range(count)])
    return list_id


async def vbot_form(tab: CampaignsTab, name: str, list_id: int, vbot: Account | None = None) -> None:
    """A new VBot campaign in the form (on ``vbot`` when the active account is another provider's)."""
    tab.new_campaign()
    tab.form.select_account(vbot)
    tab.form.reload_lists(list_id)
    tab.form.name.setText(name)
    page = tab.form.page_for("vbot")
    await wait_until(lambda: page.template.count() > 0 and not page.busy, timeout=20, message="VBot pickers")
    assert page.choose("NHAC_NO", "0812345678")


async def test_empty_states_then_a_vbot_batch_launched_through_the_form(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    tab = window.campaigns_tab
    assert tab.currentWidget() is tab.empty  # no list yet: points to the Contacts tab
    list_id = nhac_no_list(services.store, 11)
    window.session.listSaved.emit(list_id)  # as the Contacts tab does after saving
    assert tab.currentWidget() is tab.no_campaigns
    await vbot_form(tab, "Nhắc nợ tháng 6", list_id)
    vbot = tab.form.page_for("vbot")
    assert "Xác nhận" in vbot.template.itemText(0) and "3 template(s)" in vbot.lists_status.text()

    asked = answer_yes(monkeypatch)
    dialog = await preflight(tab)
    assert dialog.launch_button.isEnabled() and "blocking" not in dialog.levels()
    dialog.launch_button.click()
    assert asked and asked[0].startswith("Call 11 people through VBot — demo now?")  # the provider said once
    assert "Valid numbers: 11" in asked[0] and "Groups of calls: 3 of up to 5" in asked[0]
    campaign = tab.campaign
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.RUNNING, timeout=20,
                     message="dispatch to finish")
    # The final report reaches the panel through the event loop, after the stored state says "running".
    await wait_until(lambda: "All sent: 11" in tab.panel.status.text(), message="the final dispatch report")
    assert tab.panel.progress.value() == tab.panel.progress.maximum() == 11
    assert not tab.panel.pause_button.isEnabled() and not tab.panel.cancel_button.isEnabled()
    ledger = manual_demo.running.simulator.ledger
    assert len(ledger.entries("vbot", dialled_only=True)) == 11 and ledger.duplicates() == []
    settings = tab.service.get(campaign.id).settings
    assert (settings.template_code, settings.hotline_code) == ("NHAC_NO", "0812345678")
    assert not tab.form.name.isEnabled() and not tab.form.page_for("vbot").template.isEnabled()  # launched: read-only
    assert tab.model.rowCount() == 1 and tab.model.index(0, 1).data() == "Calls in progress"


async def test_preflight_blocks_an_unmapped_field(window: MainWindow, services: Services) -> None:
    tab = window.campaigns_tab
    list_id = add_list(services.store, 5)  # columns Phone/name/customer_name/order_id: NHAC_NO's are missing
    await vbot_form(tab, "Thiếu cột", list_id)
    dialog = await preflight(tab)
    assert "blocking" in dialog.levels() and not dialog.launch_button.isEnabled()
    assert "must be fixed" in dialog.verdict.text()
    texts = [dialog.items.item(i).text() for i in range(dialog.items.count())]
    assert any("Họ và tên" in t or "ho_ten" in t for t in texts)
    dialog.reject()
    assert services.store.query_one("SELECT COUNT(*) FROM calls")[0] == 0


async def test_a_draft_can_be_renamed_but_keeps_its_account_and_list(window: MainWindow, services: Services) -> None:
    tab = window.campaigns_tab
    list_id = nhac_no_list(services.store, 3)
    await vbot_form(tab, "Nhắc nợ tháng 6", list_id)
    draft = tab.save_draft()
    assert draft is not None
    tab.new_campaign()
    tab.show_campaign(tab.service.get(draft.id))
    assert tab.form.name.isEnabled() and not tab.form.account.isEnabled() and not tab.form.contact_list.isEnabled()

    tab.form.name.setText("Nhắc nợ tháng 7")
    assert tab.save_draft() is not None
    assert tab.service.get(draft.id).name == "Nhắc nợ tháng 7"
    assert tab.model.rowCount() == 1 and tab.model.index(0, 0).data() == "Nhắc nợ tháng 7"
    assert "Saved the draft “Nhắc nợ tháng 7”" in tab.message.text()


async def test_nxcloud_calling_window_from_the_grid(window: MainWindow, services: Services, qtbot) -> None:
    window.session.set_active_account(account(services, "nxcloud"))
    tab = window.campaigns_tab
    list_id = add_list(services.store, 3)
    tab.refresh_lists(list_id)
    tab.new_campaign()
    tab.form.name.setText("Giao hàng")
    page = tab.form.page_for("nxcloud")
    assert tab.form.page is page
    page.scene.setText("1003")
    page.variables.setText("name")
    editor = page.window_editor
    editor.findChild(type(tab.new_button), "presetClear").click()
    grid = editor.grid
    # Drag Monday 09:00 → 10:30 (slots 18–20), then open the same slots on Wednesday from the keyboard.
    qtbot.mousePress(grid, Qt.MouseButton.LeftButton, pos=grid.cell_center(1, 18))
    grid.mouseMoveEvent(_move(grid.cell_center(1, 20)))
    qtbot.mouseRelease(grid, Qt.MouseButton.LeftButton, pos=grid.cell_center(1, 20))
    for slot in (18, 19, 20):
        grid.set_cell(3, slot, True)
    editor.zone.setCurrentIndex(editor.zone.findData("Asia/Bangkok"))
    assert "UTC+07:00" in editor.zone.currentText()
    tab.save_draft()
    settings = tab.service.get(tab.campaign.id).settings
    assert isinstance(settings, NxCampaignSettings)
    assert settings.window == CallingWindow(frozenset({1, 3}), frozenset({18, 19, 20}), "Asia/Bangkok")
    task = settings.task_setting(datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert (task.dial_at_week_day, task.dial_at_up_hour, task.dial_at_down_hour, task.zone_second) == \
        ("1,3", "9,10", "9", 25200)
    assert editor.status.text().startswith(("Open now", "Closed now"))


def _move(point: QPoint) -> QMouseEvent:
    """A drag step with the left button held (qtbot.mouseMove sends no buttons)."""
    return QMouseEvent(QEvent.Type.MouseMove, QPointF(point), QPointF(point), Qt.MouseButton.NoButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)


async def test_bizphone_flow_built_in_the_editor(window: MainWindow, services: Services, monkeypatch) -> None:
    window.session.set_active_account(account(services, "bizphone"))
    tab = window.campaigns_tab
    tab.refresh_lists(add_list(services.store, 4))
    tab.new_campaign()
    tab.form.name.setText("Xác nhận giao hàng")
    editor = tab.form.page_for("bizphone").flow
    editor.add("play")
    editor.message.setPlainText("Xin chào {{name}}, đơn hàng {{order_id}} đã giao.")
    editor.gender.setCurrentIndex(editor.gender.findData("female"))
    editor.tree.setCurrentItem(editor.tree.topLevelItem(0))
    editor.add("gather")
    editor.message.setPlainText("Bấm 1 để gặp nhân viên.")
    key_1 = editor.tree.topLevelItem(1).child(0)
    editor.tree.setCurrentItem(key_1)
    editor.add("transfer")
    editor.destination.setText("Ext:1000")
    default = editor.tree.topLevelItem(1).child(1)
    editor.tree.setCurrentItem(default)
    editor.add("play")
    editor.message.setPlainText("Cảm ơn quý khách.")
    editor.rate.setValue(7)
    expected = {"steps": [
        {"name": "play", "message": {"msg": "Xin chào {{name}}, đơn hàng {{order_id}} đã giao.", "gender": "female"}},
        {"name": "gather", "message": {"msg": "Bấm 1 để gặp nhân viên."}, "branches": [
            {"digit": "1", "default": "false",
             "callFlow": {"steps": [{"name": "transfer", "destination": "Ext:1000"}]}},
            {"default": "true", "callFlow": {"steps": [
                {"name": "play", "message": {"msg": "Cảm ơn quý khách.", "rate": 7}}]}},
        ]},
    ]}
    assert editor.flow_json() == expected
    assert CallFlow.from_json(expected).to_json() == expected  # the model writes it the same way
    assert json.loads(editor.preview.toPlainText()) == expected
    assert editor.problems() == [] and editor.problem.text() == "The flow is valid."
    flow_edit = window.contacts_tab.fields_panel.sources["bizphone"].flow_edit
    assert flow_edit.toPlainText().startswith("Xin chào {{name}}")

    editor.message.setPlainText("x" * 1001)  # the counter turns red and the model's limit blocks
    assert editor.counter.text() == f"{formats.number(1001)} / {formats.number(1000)} characters"
    assert editor.counter.property("state") == "error"
    assert "at most 1000" in editor.problem.text()
    editor.message.setPlainText("Cảm ơn quý khách.")
    assert editor.counter.text().startswith("17 / ")

    editor.name.setText("giao-hang")
    assert editor.save_flow()
    assert services.preferences.get(CALL_FLOWS)["giao-hang"] == expected
    tab.save_draft()
    settings = tab.service.get(tab.campaign.id).settings
    assert settings.call_flow == expected and settings.flow_name == "giao-hang"
    tab.new_campaign()  # a later campaign reuses the saved flow
    assert tab.form.page_for("bizphone").flow.flow_json() == {"steps": []}
    assert tab.form.page_for("bizphone").flow.load_flow("giao-hang")
    assert tab.form.page_for("bizphone").flow.flow_json() == expected


async def test_pause_resume_then_cancel_300_contacts(window: MainWindow, services: Services,
                                                      manual_demo: DemoEnvironment, monkeypatch) -> None:
    services.store.set_setting("campaigns.batch_size.bizphone", 10)
    window.session.set_active_account(account(services, "bizphone"))
    tab = window.campaigns_tab
    tab.refresh_lists(add_list(services.store, 300))
    tab.new_campaign()
    tab.form.name.setText("Ba trăm khách")
    tab.form.page_for("bizphone").flow.set_flow_json(
        {"steps": [{"name": "play", "message": {"msg": "Xin chào {{name}}."}}]}, "chao")
    asked = answer_yes(monkeypatch)
    (await preflight(tab)).launch_button.click()
    assert asked[0].startswith("Call 300 people through BizPhone Robo call")
    campaign = tab.campaign
    await wait_until(lambda: tab.service.counts(campaign).sent > 0, message="the first batches")
    tab.panel.pause_button.click()
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.PAUSED, message="the pause")
    await wait_until(lambda: tab.panel.resume_button.isEnabled())
    paused_at = tab.service.counts(campaign).sent
    assert 0 < paused_at < 300 and "Paused" in tab.panel.status.text()
    assert tab.panel.reason.text() == "Paused by the operator."
    dialled = manual_demo.running.simulator.ledger
    assert len(dialled.entries("bizphone", dialled_only=True)) == paused_at

    tab.panel.resume_button.click()
    await wait_until(lambda: tab.service.counts(campaign).sent > paused_at, message="sending again")
    tab.panel.cancel_button.click()  # answered Yes: nothing further is sent
    assert "cannot be recalled" in asked[-1]
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.CANCELLED, message="the cancel")
    counts = tab.service.counts(campaign)
    sent = counts.sent
    assert sent < 300 and counts.dispatch[Dispatch.NOT_SENT] == 300 - sent
    assert {r["error"] for r in services.store.query(
        "SELECT error FROM calls WHERE campaign_id = ? AND dispatch = 'not_sent'", (campaign.id,))} == \
        {"Cancelled by the operator before it was sent."}
    assert len(dialled.entries("bizphone", dialled_only=True)) == sent and dialled.duplicates() == []
    await wait_until(lambda: "Cancelled" in tab.panel.status.text())
    assert tab.panel.errors.isVisible() and f"{300 - sent:,} not sent" in tab.panel.errors.text()
    tab.panel.monitor_button.click()
    assert window.tabs.currentWidget() is window.monitor_tab


async def test_interrupted_dispatch_is_reconciled_and_resumed_from_a_new_window(
        qtbot, services: Services, manual_demo: DemoEnvironment) -> None:
    quick_engine(services.store)
    first = open_window(qtbot, services, manual_demo, "bizphone")
    service = first.session.campaigns
    contacts = 40  # ten groups: however slowly the first answer comes, at most four (one per sender) are under way
    list_id = add_list(services.store, contacts)
    services.store.set_setting("campaigns.batch_size.bizphone", 4)
    campaign = service.create("Bị gián đoạn", account(services, "bizphone"), list_id, BizPhoneCampaignSettings(
        flow_name="chao", call_flow={"steps": [{"name": "play", "message": {"msg": "Xin chào {{name}}."}}]}))
    check = await service.preflight(campaign)
    # The app dies as soon as the first batch is recorded: the task is cancelled with other batches mid-request.
    task = service.launch(campaign, check, lambda progress: task.cancel())
    await wait_until(task.done)
    assert service.get(campaign.id).state is CampaignState.DISPATCHING
    assert [c.id for c in service.needs_reconciliation()] == [campaign.id]
    sim = manual_demo.running.simulator
    before = len(sim.ledger.entries("bizphone", dialled_only=True))
    first.close()

    second = open_window(qtbot, services, manual_demo, "bizphone")
    tab = second.campaigns_tab
    tab.check_interrupted()
    await wait_until(lambda: tab.reconcile_dialog is not None and tab.reconcile_dialog.isVisible(), timeout=20,
                     message="the reconcile dialog")
    assert tab.reconcile_dialog.report.text().startswith("Asked the provider about ")
    tab.reconcile_dialog.resume_button.click()
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.RUNNING, timeout=20,
                     message="the resumed dispatch")
    assert tab.service.counts(campaign).sent == contacts and 4 <= before < contacts
    assert len(sim.ledger.entries("bizphone", dialled_only=True)) == contacts and sim.ledger.duplicates() == []
    assert tab.service.needs_reconciliation() == []


async def test_a_number_put_on_the_do_not_call_list_after_saving_is_counted_everywhere_and_not_dialled(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment, monkeypatch, tmp_path) -> None:
    """The preflight, the final question, the dispatch panel and the Monitor count it from the live list; the
    simulator never dials it."""
    tab = window.campaigns_tab
    list_id = nhac_no_list(services.store, 11)
    window.session.listSaved.emit(list_id)
    ContactRepository(services.store).add_do_not_call(["+84900000003", "+84900000008"])  # after the list was saved
    await vbot_form(tab, "Nhắc nợ có DNC", list_id)
    asked = answer_yes(monkeypatch)
    dialog = await preflight(tab)
    assert "2 on the do-not-call list" in dialog.summary.text() and "Call 9 contact(s)" in dialog.summary.text()
    dialog.launch_button.click()
    assert asked[0].startswith("Call 9 people through VBot")
    assert "Valid numbers: 9" in asked[0] and "On the do-not-call list (not called): 2" in asked[0]
    campaign = tab.campaign
    await wait_until(lambda: "All sent: 9" in tab.panel.status.text(), timeout=20, message="the final report")
    assert "(2 on the do-not-call list)" in tab.panel.errors.text() and tab.panel.errors.isVisible()
    dialled = [e.phone[-9:] for e in manual_demo.running.simulator.ledger.entries("vbot", dialled_only=True)]
    assert len(dialled) == 9 and "900000003" not in dialled and "900000008" not in dialled

    window.show_tab("monitorTab")
    monitor = window.monitor_tab
    await wait_until(lambda: monitor.model.total == 11, message="the Monitor's rows")
    assert monitor.counters.count(DO_NOT_CALL) == 2 and monitor.counters.count(WAITING) == 9
    monitor.outcome_filter.setCurrentIndex(monitor.outcome_filter.findData(DO_NOT_CALL))
    rows = [monitor.model.row(r) for r in range(monitor.model.rowCount())]
    assert sorted(r.phone for r in rows) == ["+84900000003", "+84900000008"]
    assert monitor.model.index(0, OUTCOME).data() == "Not called: on the do-not-call list"
    monitor.table.selectRow(0)
    assert monitor.fields["outcome"].text() == "Not called: on the do-not-call list"
    assert "never sent to the provider" in monitor.raw.toPlainText()
    assert services.store.query_one("SELECT COUNT(*) FROM calls WHERE campaign_id = ? AND dispatch = ?",
                                    (campaign.id, Dispatch.DO_NOT_CALL))[0] == 2
    window.grab().save(str(tmp_path / "monitor-do-not-call.png"))


def list_and_panel(tab: CampaignsTab, campaign_id: int) -> tuple[str, str]:
    """The state the campaign list shows, and the first word of the dispatch panel's status."""
    return tab.model.state_text(tab.model.row_of(campaign_id)), tab.panel.status.text().split(":")[0]


async def interrupted_bizphone_campaign(qtbot, services: Services, demo: DemoEnvironment, name: str) -> Campaign:
    """A 12-contact BizPhone campaign whose dispatch was cut off after its first batch, in a window now closed."""
    quick_engine(services.store)
    services.store.set_setting("campaigns.batch_size.bizphone", 4)
    first = open_window(qtbot, services, demo, "bizphone")
    service = first.session.campaigns
    campaign = service.create(name, account(services, "bizphone"), add_list(services.store, 12),
                              BizPhoneCampaignSettings(flow_name="chao", call_flow={
                                  "steps": [{"name": "play", "message": {"msg": "Xin chào {{name}}."}}]}))
    task = service.launch(campaign, await service.preflight(campaign), lambda progress: task.cancel())
    await wait_until(task.done)
    first.close()
    return campaign


async def test_the_campaign_list_and_the_dispatch_panel_agree_when_interrupted_and_while_sending(
        qtbot, services: Services, manual_demo: DemoEnvironment) -> None:
    """Both read the campaign from the store and follow the same reports: an interrupted dispatch is
    "Interrupted" in both (the list said "Sending"), a resumed one "Sending" in both at every report. While it is
    sent, the list is read again off the window's loop."""
    campaign = await interrupted_bizphone_campaign(qtbot, services, manual_demo, "Bị gián đoạn")

    second = open_window(qtbot, services, manual_demo, "bizphone")
    tab = second.campaigns_tab
    readers: list[threading.Thread] = []
    read = tab.model.read
    def recorded() -> ListRead:
        if tab.service.is_dispatching(campaign):
            readers.append(threading.current_thread())
        return read()
    tab.model.read = recorded
    tab.show_campaign(tab.service.get(campaign.id))
    assert list_and_panel(tab, campaign.id) == ("Interrupted", "Interrupted")
    seen: list[tuple[str, str]] = []
    second.session.dispatchProgressed.connect(lambda _progress: seen.append(list_and_panel(tab, campaign.id)))
    tab.panel.resume_button.click()
    assert list_and_panel(tab, campaign.id) == ("Sending", "Sending")
    await wait_until(lambda: not tab.service.is_dispatching(campaign) and "All sent" in tab.panel.status.text(),
                     timeout=20, message="the resumed dispatch to end")
    assert seen and all(shown == ("Sending", "Sending") for shown in seen)
    assert readers and threading.main_thread() not in readers
    assert tab.model.state_text(tab.model.row_of(campaign.id)) == "Calls in progress"
    assert tab.service.counts(campaign).sent == 12 and manual_demo.running.simulator.ledger.duplicates() == []


async def test_a_check_waiting_on_time_reruns_by_itself_and_later_is_not_asked_again_at_the_next_start(
        qtbot, services: Services, manual_demo: DemoEnvironment) -> None:
    """At start, a reconciliation whose report says "retry later" shows no dialog: it says when, checks again by
    itself at that time, and only then asks (the provider's records now decide). "Later" stores the campaign
    paused, so the next start asks nothing; resuming it then dials everyone once."""
    campaign = await interrupted_bizphone_campaign(qtbot, services, manual_demo, "Chờ xác nhận")

    second = open_window(qtbot, services, manual_demo, "bizphone")
    tab = second.campaigns_tab
    real = tab.service.reconcile
    asked: list[float] = []

    async def records_not_ready_at_first(c):
        """The provider's records cannot tell yet on the first check (as VBot's before its calls have ended)."""
        asked.append(time.time())
        if len(asked) == 1:
            return ReconcileReport(c.id, batches=1, in_doubt=4, retry_at=time.time() + 0.5)
        return await real(c)

    tab.service.reconcile = records_not_ready_at_first
    tab.check_interrupted()
    await wait_until(lambda: "checked again by themselves at" in tab.message.text(), message="the wait said")
    assert tab.reconcile_dialog is None and "4 contact(s) cannot be confirmed" in tab.message.text()
    await wait_until(lambda: tab.reconcile_dialog is not None and tab.reconcile_dialog.isVisible(), timeout=20,
                     message="the dialog once the records can tell")
    assert len(asked) == 2 and asked[1] - asked[0] >= 0.5
    tab.reconcile_dialog.later_button.click()
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.PAUSED, message="kept paused")
    assert tab.service.needs_reconciliation() == []
    assert list_and_panel(tab, campaign.id) == ("Paused", "Paused")
    second.close()

    third = open_window(qtbot, services, manual_demo, "bizphone")
    tab = third.campaigns_tab
    tab.check_interrupted()  # the next start: nothing to decide, nothing shown
    assert tab.reconcile_dialog is None and "campaigns-reconcile" not in services.tasks.running()
    tab.show_campaign(tab.service.get(campaign.id))
    tab.panel.resume_button.click()
    await wait_until(lambda: tab.service.get(campaign.id).state is CampaignState.RUNNING, timeout=20,
                     message="the resumed dispatch")
    sim = manual_demo.running.simulator
    assert tab.service.counts(campaign).sent == 12
    assert len(sim.ledger.entries("bizphone", dialled_only=True)) == 12 and sim.ledger.duplicates() == []


async def test_check_and_launch_is_never_left_disabled_and_says_what_is_missing(
        window: MainWindow, services: Services, monkeypatch) -> None:
    tab = window.campaigns_tab
    await vbot_form(tab, "Nhắc nợ tháng 6", nhac_no_list(services.store, 3))
    tab.form.name.clear()
    assert not tab.launch_button.isEnabled() and not tab.save_button.isEnabled()
    assert tab.launch_button.toolTip() == "Give the campaign a name."
    tab.form.name.setText("Nhắc nợ tháng 6")
    assert tab.launch_button.isEnabled() and tab.launch_button.toolTip() == ""

    asked: list[str] = []
    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    tab.launch_button.click()
    assert not tab.launch_button.isEnabled() and tab.launch_button.toolTip() == "Checking the campaign…"
    await wait_until(lambda: tab.preflight_dialog is not None and tab.preflight_dialog.isVisible(), timeout=20,
                     message="the preflight dialog")
    dialog = tab.preflight_dialog
    dialog.launch_button.click()  # "No" to the last question (Enter's default): nothing is sent
    items = [dialog.items.item(i).text() for i in range(dialog.items.count())]
    plan = next(text for text in items if "group(s)" in text)
    assert "1 group(s) of up to 3" in plan and "Groups of calls: 1 of up to 3\n" in asked[0]  # the same numbers in both
    dialog.reject()
    assert tab.launch_button.isEnabled() and tab.save_button.isEnabled()
    assert services.store.query_one("SELECT COUNT(*) FROM calls")[0] == 0
    dialog = await preflight(tab)  # and the operator can try again at once
    assert dialog.isVisible()
    dialog.reject()


async def test_a_launch_whose_list_changed_since_its_check_is_refused_in_words_and_stays_a_draft(
        window: MainWindow, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    """The launch checks the numbers again (off the loop): changed, nothing is sent and the bar says why."""
    tab = window.campaigns_tab
    list_id = nhac_no_list(services.store, 3)
    await vbot_form(tab, "Danh sách đổi", list_id)
    answer_yes(monkeypatch)
    dialog = await preflight(tab)
    services.store.query("UPDATE contacts SET status = 'suppressed' WHERE id = (SELECT MIN(id) FROM contacts WHERE "
                         "list_id = ?)", (list_id,))
    dialog.launch_button.click()
    await wait_until(lambda: "The numbers changed since the check" in tab.message.text(), message="the refusal")
    campaign = tab.campaign
    assert tab.service.get(campaign.id).state is CampaignState.DRAFT and not tab.service.is_dispatching(campaign)
    assert services.store.query_one("SELECT COUNT(*) FROM calls")[0] == 0


async def test_the_unmapped_field_is_fixed_from_the_checklist_for_the_campaigns_own_account(
        window: MainWindow, services: Services) -> None:
    window.session.set_active_account(account(services, "nxcloud"))  # the status bar shows another account
    tab = window.campaigns_tab
    list_id = add_list(services.store, 5)  # columns Phone/name/customer_name/order_id: NHAC_NO's are missing
    await vbot_form(tab, "Thiếu cột", list_id, account(services, "vbot"))
    dialog = await preflight(tab)
    assert "blocking" in dialog.levels() and dialog.mapping_button.isVisible()
    dialog.mapping_button.click()
    await wait_until(lambda: tab.mapping_dialog is not None and tab.mapping_dialog.save_button.isEnabled(),
                     timeout=20, message="the field mapping of NHAC_NO")
    mapping = tab.mapping_dialog
    assert set(mapping.grid.combos) == {"ho_ten", "so_tien", "han_thanh_toan"}
    assert [mapping.grid.combos["ho_ten"].itemData(i) for i in range(1, 5)] == ["Phone", "name", "customer_name",
                                                                                 "order_id"]
    await wait_until(lambda: mapping.message.state == "error", message="the list's rows checked on a worker")
    assert "not mapped" in mapping.message.text()
    mapping.set_column("ho_ten", "customer_name")
    mapping.set_column("so_tien", "order_id")  # replaces the check of the first choice, still under way
    await wait_until(lambda: mapping.message.text() == "✓ Every value the script needs has a column.",
                     message="the check of the new choice")
    mapping.save_button.click()
    saved = ContactRepository(services.store).load_mapping("vbot:NHAC_NO")
    assert saved is not None and saved.fields == {"ho_ten": "customer_name", "so_tien": "order_id"}
    dialog = await preflight_again(tab)  # checked again by itself: nothing blocks now
    assert "blocking" not in dialog.levels() and not dialog.mapping_button.isVisible()
    dialog.reject()


async def preflight_again(tab: CampaignsTab):
    await wait_until(lambda: tab.preflight_dialog is not None and tab.preflight_dialog.isVisible(), timeout=20,
                     message="the checklist again")
    return tab.preflight_dialog


async def test_the_form_opens_the_field_mapping_of_its_account_and_list(window: MainWindow,
                                                                       services: Services) -> None:
    window.session.set_active_account(account(services, "bizphone"))
    tab = window.campaigns_tab
    list_id = nhac_no_list(services.store, 3)
    await vbot_form(tab, "Nhắc nợ tháng 6", list_id, account(services, "vbot"))
    assert tab.mapping_button.isVisible() and tab.mapping_button.isEnabled()
    tab.mapping_button.click()
    await wait_until(lambda: tab.mapping_dialog is not None and tab.mapping_dialog.save_button.isEnabled(),
                     timeout=20, message="the field mapping")
    assert tab.mapping_dialog.mapping == {"ho_ten": "Họ và tên", "so_tien": "Số tiền",
                                          "han_thanh_toan": "Hạn thanh toán"}  # matched by name
    tab.mapping_dialog.reject()
    assert ContactRepository(services.store).load_mapping("vbot:NHAC_NO") is None  # Cancel saves nothing


async def test_nxcloud_scene_variables_are_typed_once_and_mapped_from_the_campaign(
        window: MainWindow, services: Services) -> None:
    window.session.set_active_account(account(services, "nxcloud"))
    tab = window.campaigns_tab
    tab.refresh_lists(add_list(services.store, 3))
    tab.new_campaign()
    tab.form.name.setText("Nhắc thanh toán")
    page = tab.form.page_for("nxcloud")
    page.scene.setText("1003")
    page.variables.setText("name, amount")
    tab.mapping_button.click()
    await wait_until(lambda: tab.mapping_dialog is not None and tab.mapping_dialog.save_button.isEnabled(),
                     timeout=20, message="the scene's fields")
    dialog = tab.mapping_dialog
    assert set(dialog.grid.combos) == {"name", "amount"} and dialog.mapping["name"] == "name"
    dialog.set_column("amount", "order_id")
    dialog.save_button.click()
    saved = ContactRepository(services.store).load_mapping("nxcloud:1003")
    assert saved.fields == {"name": "name", "amount": "order_id"} and saved.variables == ["name", "amount"]
    scene = window.contacts_tab.fields_panel.sources["nxcloud"]  # Contacts knows the scene's variables now
    window.show_tab("contactsTab")
    scene.scene_edit.setText("1003")
    scene.scene_edit.editingFinished.emit()
    await wait_until(lambda: [f.key for f in window.contacts_tab.fields_panel.fields] == ["name", "amount"],
                     timeout=10, message="the scene's variables in Contacts")


async def test_a_mapping_saved_from_the_campaign_shows_in_contacts_at_once(window: MainWindow,
                                                                           services: Services) -> None:
    window.show_tab("contactsTab")
    await choose_nhac_no(window.contacts_tab)  # Contacts shows NHAC_NO's fields, no file open
    tab = window.campaigns_tab
    window.show_tab("campaignsTab")
    await vbot_form(tab, "Nhắc nợ tháng 6", nhac_no_list(services.store, 3))
    tab.mapping_button.click()
    await wait_until(lambda: tab.mapping_dialog is not None and tab.mapping_dialog.save_button.isEnabled(),
                     timeout=20, message="the field mapping")
    tab.mapping_dialog.set_column("han_thanh_toan", None)
    tab.mapping_dialog.save_button.click()
    assert "The field mapping is saved." in tab.message.text()
    panel = window.contacts_tab.fields_panel
    assert panel.mapping == {"ho_ten": "Họ và tên", "so_tien": "Số tiền", "han_thanh_toan": None}


async def test_the_campaigns_list_never_scrolls_sideways(window: MainWindow, services: Services) -> None:
    list_id = nhac_no_list(services.store, 3)
    for month in (6, 7, 8):
        window.session.campaigns.create(f"Nhắc nợ tháng {month} — khách hàng quá hạn thanh toán",
                                        account(services, "vbot"), list_id, settings_for("vbot"))
    window.session.listSaved.emit(list_id)
    tab = window.campaigns_tab
    tab.reload()
    window.show_tab("campaignsTab")
    header = tab.table.horizontalHeader()
    for width, height in ((1024, 700), (1280, 800)):
        window.resize(width, height)
        await asyncio.sleep(0.05)
        if os.environ.get("SHOTS_DIR"):
            window.grab().save(f"{os.environ['SHOTS_DIR']}/campaigns-list-{width}.png")
        assert header.length() <= tab.table.viewport().width()
        assert not header.isSectionHidden(1) and not header.isSectionHidden(4)  # the state and when it was made
    tip = tab.model.data(tab.model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "VBot" in tip and "Nhắc nợ T6" in tip  # the account and list, whether or not their columns show


async def test_the_campaigns_list_fits_its_columns_again_only_when_a_columns_widest_words_change(
        window: MainWindow, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """A dispatch report rewrites its campaign's row each batch: the same words measure nothing again; wider words
    fit the columns again, at most once a second."""
    list_id = nhac_no_list(services.store, 3)
    made = [window.session.campaigns.create(f"Nhắc nợ {n}", account(services, "vbot"), list_id, settings_for("vbot"))
            for n in range(3)]
    tab = window.campaigns_tab
    tab.reload()
    fits: list[float] = []
    fit = tab.table.fit_columns
    monkeypatch.setattr(tab.table, "fit_columns", lambda: (fits.append(time.monotonic()), fit()))

    def reported_as(campaign_id: int, state: CampaignState) -> None:
        tab.model.follow(DispatchProgress(campaign_id, total=3, sent=0, refused=0, not_sent=0, pending=3, in_flight=0,
                                          batches=0, state=state))

    for _ in range(5):
        reported_as(made[0].id, CampaignState.DRAFT)
    assert fits == []  # "Draft" again: no column changed width

    reported_as(made[1].id, CampaignState.RUNNING)  # "Calls in progress": the state column widens
    await wait_until(lambda: len(fits) == 1, message="a fit")
    reported_as(made[2].id, CampaignState.RUNNING)  # as wide as the widest already
    reported_as(made[1].id, CampaignState.DRAFT)
    reported_as(made[2].id, CampaignState.DRAFT)  # back to "Draft" everywhere: narrower, fitted a second later
    await wait_until(lambda: len(fits) == 2, message="the second fit")
    assert fits[1] - fits[0] >= 0.9
    await asyncio.sleep(0.2)
    assert len(fits) == 2
