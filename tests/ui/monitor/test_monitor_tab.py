"""Monitor tab against the simulator over loopback HTTP (manual clock, so calls end when the test says): counters,
progress and chart follow polls to completion and match the simulator; sort and filter on 100,000 rows with a
10,000-row update; the raw payload in the details; NXCLOUD pause/resume/stop reach the simulator; .xlsx and .csv
exports; playing an answered call's recording."""

from __future__ import annotations

import csv
import json
import random
import re
import threading
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtMultimedia import QMediaPlayer  # loaded before any test: its start-up notes are not a test's

from desktop.campaigns.export import RESULT_COLUMNS
from desktop.campaigns.model import Campaign, CampaignState
from desktop.campaigns.repository import CallPerson, CallUpdate, Channel, StatusReport
from desktop.campaigns.results import answer_words
from desktop.contacts.repository import ContactRepository
from desktop.demo import DemoEnvironment
from desktop.phones import display_phone
from desktop.services import Services
from tests.helpers.audio import PLAYS_AUDIO, write_tone
from tests.helpers.campaigns import (
    ALL_CALLS_END,
    REMINDER_FLOW,
    add_list,
    decided_answers,
    settings_for,
    simulator_outcomes,
)
from tests.helpers.support import wait_until
from ui import formats
from ui.monitor.tab import MonitorTab
from ui.monitor.table_model import (
    ANSWERED,
    BUSY,
    COLUMN,
    DO_NOT_CALL,
    NAME,
    OUTCOME,
    PHONE,
    WAITING,
    CallRow,
    CallTableModel,
    build_rows,
    group_counts,
    group_of,
)
from ui.session import Session


async def launch(session: Session, provider: str, count: int, **changes: object) -> Campaign:
    """A campaign of ``count`` contacts on the provider's demo account, launched and announced as the Campaigns
    tab does (campaignLaunched)."""
    import dataclasses

    account = next(a for a in session.accounts.repository.list() if a.is_demo and a.provider == provider)
    settings = dataclasses.replace(settings_for(provider), **changes)
    service = session.campaigns
    campaign = service.create(f"Nhắc nợ {provider}", account, add_list(session.services.store, count), settings)
    await service.launch(campaign, await service.preflight(campaign))
    session.campaignLaunched.emit(campaign.id)
    return service.get(campaign.id)


async def finished(tab: MonitorTab, manual_demo: DemoEnvironment) -> None:
    await wait_until(lambda: tab.model.total > 0, message="the campaign's rows")
    manual_demo.running.simulator.advance(ALL_CALLS_END)
    await wait_until(lambda: tab.state.text() == "All calls finished.", timeout=30, message="every call final")


def shown_counts(tab: MonitorTab) -> dict[str, int]:
    return {group: tab.counters.count(group) for group in tab.counters.values}


@pytest.mark.parametrize("provider", ["vbot", "bizphone"])
async def test_counters_progress_and_chart_follow_polls_to_completion(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment, provider: str) -> None:
    campaign = await launch(session, provider, 24)
    assert tab.currentWidget() is not tab.empty and tab.selector.currentData() == campaign.id
    await wait_until(lambda: tab.model.total == 24 and tab.is_watching(), message="rows and the poller")
    assert shown_counts(tab)[WAITING] == 24 and tab.progress.value() == 0
    await finished(tab, manual_demo)

    counts = session.campaigns.counts(campaign)
    assert shown_counts(tab) == group_counts(counts) and shown_counts(tab)[WAITING] == 0
    assert tab.progress.value() == tab.progress.maximum() == 24
    assert tab.progress.text().startswith("24 of 24 calls finished")
    expected = simulator_outcomes(SimpleNamespace(sim=manual_demo.running.simulator), provider)
    assert Counter({g: n for g, n in shown_counts(tab).items() if n}) == expected
    table = Counter(group_of(tab.model.row(r).outcome) for r in range(tab.model.rowCount()))
    assert table == expected  # the rows agree with the counters
    assert tab.chart.points(ANSWERED) >= 2
    await wait_until(lambda: not tab.is_watching() and "finished" in tab.selector.currentText(),
                     message="the poller to end and the campaign to read finished")
    assert session.campaigns.get(campaign.id).state is CampaignState.FINISHED


def synthetic(rows: int) -> CallTableModel:
    model = CallTableModel()
    updates = [CallUpdate(i, "ringing", "call_state=ringing", None, None, None, None, "sent") for i in range(rows)]
    people = [CallPerson(i, f"+8491{i:07d}", f"Khách {rows - i}", "2026-06-01T08:00:00Z") for i in range(rows)]
    model.set_rows(build_rows(updates, people))
    return model


def test_an_update_that_moves_no_row_across_the_filter_keeps_the_rows_and_a_selected_row_follows_a_relayout() -> None:
    model = synthetic(200)
    model.set_filter([WAITING], text="09100000")
    events: list[str] = []
    model.layoutChanged.connect(lambda *_: events.append("layout"))
    model.dataChanged.connect(lambda *_: events.append("data"))
    still_waiting = [CallUpdate(i, "in_call", "call_state=in_call", None, None, None, None, "sent") for i in (3, 150)]
    hidden_anyway = [CallUpdate(199, "busy", "sip_code=486", 1.0, None, None, None, "sent")]  # not matching the text
    model.apply(still_waiting, time.time())
    model.apply(hidden_anyway + still_waiting, time.time())
    assert "layout" not in events and events and model.rowCount() == 100  # +84910000000 … 099
    selected = model.index(model.find(50), 1)
    keep = QPersistentModelIndex(selected)
    model.apply([CallUpdate(i, "answered", "ok", 5.0, None, None, None, "sent") for i in (0, 1, 2)], time.time())
    assert events[-1] == "layout" and model.rowCount() == 97 and model.row(keep.row()).call_id == 50


@pytest.mark.parametrize("column", [None, PHONE])
def test_a_call_reported_twice_in_one_poll_is_shown_as_its_last_report_says(column: int | None) -> None:
    model = synthetic(20)
    if column is not None:
        model.sort(column, Qt.SortOrder.DescendingOrder)
    model.set_filter([WAITING])

    def report(call_id: int, outcome: str) -> CallUpdate:
        return CallUpdate(call_id, outcome, "x", None, None, None, None, "sent")
    model.apply([report(5, "busy"), report(5, "ringing"), report(6, "ringing"), report(6, "busy")], time.time())
    shown = [model.row(r).call_id for r in range(model.rowCount())]
    assert 5 in shown and 6 not in shown and len(shown) == 19 and model.find(6) == -1
    assert model.row(model.find(5)).call_id == 5


def fresh_copy(model: CallTableModel, column: int | None, order: Qt.SortOrder, groups: list[str]) -> CallTableModel:
    """A table built afresh from ``model``'s rows as they are now, then sorted (None: not) and filtered the same
    way."""
    rows = []
    for old in sorted(model._by_id.values(), key=lambda r: r.call_id):  # every row, shown or not
        row = CallRow(old.update, CallPerson(old.call_id, old.phone, old.name, "2026-06-01T08:00:00Z"))
        row.set(old.update, old.updated)
        rows.append(row)
    fresh = CallTableModel()
    fresh.set_rows(rows)
    if column is not None:
        fresh.sort(column, order)
    fresh.set_filter(groups)
    return fresh


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
@pytest.mark.parametrize("column", [OUTCOME, COLUMN["duration"], COLUMN["updated"], PHONE, NAME, None])
def test_a_sorted_and_filtered_table_after_updates_equals_the_same_table_built_fresh(column: int | None,
                                                                                     order: Qt.SortOrder) -> None:
    rng = random.Random(column)
    model = synthetic(3000)
    if column is not None:
        model.sort(column, order)
    groups = [WAITING, BUSY]
    model.set_filter(groups)
    followed = QPersistentModelIndex(model.index(model.find(1234), 1))
    for run, count in enumerate((400, 30, 1, 700)):  # one range each, a few ranges, one row, a large poll
        model.apply([CallUpdate(i, rng.choice(("busy", "answered", "ringing", "in_call")), "x",
                                rng.choice((None, 3.0, 7.5)), None, None, None, "sent")
                     for i in sorted(rng.sample(range(3000), count))], 1000.0 + run)
        every = sorted(model.row(r).call_id for r in range(model.rowCount()))
        expected = fresh_copy(model, column, order, groups)
        assert [model.row(r).call_id for r in range(model.rowCount())] == [
            expected.row(r).call_id for r in range(expected.rowCount())]
        assert every == sorted(i for i in range(3000) if model._by_id[i].group in groups)
        assert all(model.row(model.find(i)).call_id == i for i in every[::50])
        assert not followed.isValid() or followed.row() == model.find(1234)  # the selection follows its row


def test_rows_joining_and_leaving_a_group_answer_and_text_filter_show_as_a_fresh_filter_would() -> None:
    rng = random.Random(21)
    model = synthetic(3000)
    groups, answers, text = [ANSWERED, DO_NOT_CALL], ["yes", "later"], "0910001"  # the text: call ids 1000 … 1999
    model.set_filter(groups, text, answers)
    last: dict[int, CallUpdate] = {}
    for _ in range(4):
        ids = sorted(rng.sample(range(3000), 600))
        ids += rng.sample(ids, 50)  # some calls reported twice in one poll: the later report is the one shown
        poll = [CallUpdate(i, rng.choice(("ringing", "answered", "busy")), "x", None, None, None, None,
                           rng.choice(("sent", "do_not_call")), rng.choice((None, "yes", "no", "later")))
                for i in ids]
        last.update((u.call_id, u) for u in poll)
        model.apply(poll, time.time())
        expected = [i for i in range(1000, 2000) if i in last and last[i].answer in answers and (
            last[i].outcome == "answered" or last[i].dispatch == "do_not_call")]  # in one of the groups
        assert [model.row(r).call_id for r in range(model.rowCount())] == expected


def test_sort_and_filter_100k_rows_and_apply_10k_updates_in_place(qtbot) -> None:
    model = synthetic(100_000)
    model.sort(NAME, Qt.SortOrder.AscendingOrder)
    assert model.row(0).name == "Khách 1" and model.row(1).name == "Khách 2"  # numbers in names in their order
    model.sort(PHONE, Qt.SortOrder.DescendingOrder)
    assert model.row(0).phone == "+84910099999"
    assert model.data(model.index(0, PHONE)) == "0910099999"  # shown in the national form, whatever is stored

    model.set_filter(text="0910 000 12")  # a national number typed with spaces
    assert [model.row(r).phone for r in range(model.rowCount())][:1] == ["+84910000129"]
    assert model.rowCount() == 10  # 0910000120 … 0910000129

    chosen = sorted(random.Random(3).sample(range(100_000), 10_000))
    changes = [CallUpdate(i, "busy" if i % 2 else "answered", "sip_code=486", 3.0, 350.0, None, None, "sent")
               for i in chosen]
    model.set_filter([WAITING])
    assert model.rowCount() == 100_000
    changed = []
    model.dataChanged.connect(lambda *_: changed.append(1))
    assert model.apply(changes, time.time()) == 0
    assert model.rowCount() == 90_000  # the finished rows left the "waiting" filter
    model.set_filter([BUSY])
    assert model.rowCount() == sum(1 for i in chosen if i % 2)
    assert all(model.row(r).outcome == "busy" for r in range(model.rowCount()))
    assert model.data(model.index(0, OUTCOME)) == "Busy"
    assert model.data(model.index(0, COLUMN["cost"])) == formats.money(350)

    model.set_filter()
    again = [c._replace(duration=9.0) for c in changes]
    assert model.apply(again, time.time()) == 0
    assert not changed  # announced on the loop's next turn, after what else waits
    qtbot.waitUntil(lambda: bool(changed))
    assert len(changed) == 1  # one range, not a signal per row
    assert model.rowCount() == 100_000 and model.row(model.find(chosen[0])).duration == 9.0
    assert model.apply([CallUpdate(10**9, "busy", None, None, None, None, None, "sent")], 0.0) == 1


async def test_details_pane_shows_the_raw_provider_payload(tab: MonitorTab, session: Session,
                                                           manual_demo: DemoEnvironment) -> None:
    campaign = await launch(session, "vbot", 6)
    await finished(tab, manual_demo)
    first = session.campaigns.rows(campaign)[0]
    tab.select_call(first.call_id)
    details = session.campaigns.call_details(first.call_id)
    assert json.loads(tab.raw.toPlainText()) == details["raw"]
    assert details["raw"]["externalCallId"] == details["idem_key"]
    assert tab.fields["phone"].text() == display_phone(details["phone"]) and tab.fields["name"].text() == "Khách 0"
    assert "customer_name: Khách 0" in tab.fields["columns"].text()
    assert details["channel"] == "poll" and tab.fields["channel"].text() == "Regular check (the app asked the provider)"


async def test_a_column_says_whether_a_notification_or_polling_brought_each_result(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment) -> None:
    campaign = await launch(session, "vbot", 6)
    await wait_until(lambda: tab.model.total == 6, message="the campaign's rows")
    column = COLUMN["channel"]
    assert tab.model.headerData(column, Qt.Orientation.Horizontal) == "Result came by"
    first = session.campaigns.rows(campaign)[0]
    notified = session.campaigns.repository.apply(
        [StatusReport(first._replace(outcome="answered", raw_status="disposition=ANSWERED"), {"from": "a webhook"},
                      None)],
        Channel.NOTIFICATION)
    assert [u.channel for u in notified] == [Channel.NOTIFICATION]
    await finished(tab, manual_demo)  # polls settle the other five while the table shows them

    def shown() -> dict[int, str]:
        return {tab.model.row(r).call_id: tab.model.data(tab.model.index(r, column)) for r in range(6)}

    assert list(shown().values()).count("Polling") == 5
    tab._campaign_chosen(tab.selector.currentIndex())  # read again from the store
    await wait_until(lambda: tab.model.total == 6, message="the rows read again")
    assert shown() == {r.call_id: "Notification" if r.call_id == first.call_id else "Polling"
                       for r in session.campaigns.rows(campaign)}


async def test_nxcloud_pause_resume_and_stop_reach_the_provider(tab: MonitorTab, session: Session,
                                                                manual_demo: DemoEnvironment, monkeypatch) -> None:
    campaign = await launch(session, "nxcloud", 20, max_call=2)
    await wait_until(lambda: tab.model.total == 20)
    task = lambda: manual_demo.running.simulator.nxcloud.tasks[campaign.key]  # noqa: E731
    control = lambda: "monitor-task-control:%d" % campaign.id not in session.services.tasks.running()  # noqa: E731
    assert tab.pause_button.isEnabled() and not tab.resume_button.isEnabled()

    tab.pause_button.click()
    await wait_until(control, message="pause")
    assert task().status == 5 and tab.resume_button.isEnabled() and not tab.pause_button.isEnabled()
    tab.resume_button.click()
    await wait_until(control, message="resume")
    assert task().status == 2 and "resumed" in tab.notice.text()

    monkeypatch.setattr(tab, "confirm_stop", lambda: False)
    tab.stop_button.click()
    assert task().status == 2  # not confirmed: nothing sent
    monkeypatch.setattr(tab, "confirm_stop", lambda: True)
    tab.stop_button.click()
    await wait_until(control, message="stop")
    assert task().status in (3, 4) and "ended the campaign" in tab.notice.text()


async def test_a_paused_task_offers_resume_after_a_restart(tab: MonitorTab, session: Session, services: Services,
                                                          manual_demo: DemoEnvironment, qtbot) -> None:
    """The task's state lives in the store, so a fresh window (the next start of the app) still offers Resume."""
    campaign = await launch(session, "nxcloud", 20, max_call=2)
    await wait_until(lambda: tab.model.total == 20)
    tab.pause_button.click()
    await wait_until(lambda: tab.resume_button.isEnabled(), message="pause")
    tab.stop_watching()

    restarted = MonitorTab(Session(services, manual_demo))
    qtbot.addWidget(restarted)
    restarted.show()
    restarted.refresh_campaigns(select=campaign.id)
    await wait_until(restarted.resume_button.isEnabled, message="the stored state read with the rows")
    await wait_until(lambda: f"monitor-task-state:{campaign.id}" not in services.tasks.running(), message="re-read")
    assert restarted.resume_button.isEnabled() and not restarted.pause_button.isEnabled()
    restarted.resume_button.click()
    await wait_until(lambda: restarted.pause_button.isEnabled(), message="resume")
    assert manual_demo.running.simulator.nxcloud.tasks[campaign.key].status == 2


async def test_the_task_buttons_never_read_the_store_on_the_loop(tab: MonitorTab, session: Session,
                                                                 manual_demo: DemoEnvironment, monkeypatch) -> None:
    """The buttons follow the provider task as read on a worker (with the rows, a dispatch report, a relist) or as a
    task operation stored it: the window's loop never waits for the store's lock to show them."""
    readers: list[threading.Thread] = []
    read = session.campaigns.provider_task
    monkeypatch.setattr(session.campaigns, "provider_task",
                        lambda campaign: readers.append(threading.current_thread()) or read(campaign))
    campaign = await launch(session, "nxcloud", 20, max_call=2)
    await wait_until(tab.pause_button.isEnabled, message="the running task")
    tab.pause_button.click()
    await wait_until(tab.resume_button.isEnabled, message="pause")
    session.campaigns.repository.set_provider_task(campaign, None)  # as if another desk's window changed it
    tab.refresh_campaigns()
    await wait_until(lambda: not tab.resume_button.isEnabled(), message="the relisted task")
    assert readers and threading.main_thread() not in readers


async def test_a_manual_start_task_is_started_from_the_monitor(tab: MonitorTab, session: Session,
                                                               manual_demo: DemoEnvironment) -> None:
    campaign = await launch(session, "nxcloud", 5, startup_type="manual")
    await wait_until(lambda: tab.model.total == 5)
    await wait_until(lambda: tab.start_button.isEnabled(), message="the Start button")
    assert tab.start_button.isVisible() and not tab.pause_button.isEnabled()
    tab.start_button.click()
    await wait_until(lambda: tab.pause_button.isEnabled(), message="start")
    assert not tab.start_button.isVisible() and "started calling" in tab.notice.text()
    assert manual_demo.running.simulator.nxcloud.tasks[campaign.key].status == 2


async def test_task_controls_are_disabled_with_a_reason_for_other_providers(tab: MonitorTab, session: Session) -> None:
    await launch(session, "bizphone", 3)
    await wait_until(tab.is_watching, message="the poller")
    for button in (tab.pause_button, tab.resume_button, tab.stop_button):
        assert not button.isEnabled() and "Only NXCLOUD" in button.toolTip()


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
async def test_export_has_the_original_columns_and_the_results(tab: MonitorTab, session: Session,
                                                               manual_demo: DemoEnvironment, tmp_path: Path,
                                                               suffix: str) -> None:
    await launch(session, "bizphone", 15)
    await finished(tab, manual_demo)
    target = tmp_path / f"kết quả.{suffix}"
    tab.export_to(target)
    await wait_until(lambda: "monitor-export" not in session.services.tasks.running(), message="the export")
    assert tab.notice.text() == f"Saved 15 contacts to {target}."
    if suffix == "xlsx":
        rows = list(openpyxl.load_workbook(target, read_only=True)["Results"].values)
    else:
        rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert list(rows[0]) == ["Phone", "name", "customer_name", "order_id", *RESULT_COLUMNS]
    assert {"Number dialled", "Outcome", "Answer", "Talk time (s)", "Cost", "Recording file"} <= set(rows[0])
    assert len(rows) == 16 and {r[5] for r in rows[1:]} <= {"Answered", "No answer", "Busy", "Rejected", "Failed"}
    assert tab.export_button.isEnabled() and tab.export_progress.isHidden()


@PLAYS_AUDIO
async def test_plays_the_recording_of_an_answered_call(tab: MonitorTab, session: Session,
                                                       manual_demo: DemoEnvironment) -> None:
    campaign = await launch(session, "vbot", 8)
    await finished(tab, manual_demo)
    answered = next(r for r in session.campaigns.rows(campaign) if r.outcome == ANSWERED and r.recording_ref)
    tab.select_call(answered.call_id)
    assert tab.play_button.isEnabled()
    tab.table.setFocus()
    tab.play_selected()
    await wait_until(lambda: "monitor-play" not in session.services.tasks.running(), message="the download")
    assert tab.player.message.isHidden(), tab.player.message.text()
    await wait_until(lambda: tab.player.player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                                 QMediaPlayer.MediaStatus.BufferedMedia),
                     message="the recording to load")
    assert tab.player.player.duration() > 0
    assert tab.fields["phone"].text() in tab.player.title.text()

    dialog = tab.open_bulk_download()
    recorded = session.campaigns.recorded_calls(campaign)
    assert dialog is not None and len(dialog.calls) == len(recorded) >= 1
    dialog.close()


async def test_numbers_put_on_the_do_not_call_list_while_paused_show_as_not_called(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment) -> None:
    """Held back at resume, they are counted and their rows say why, without choosing the campaign again."""
    session.services.store.set_setting("campaigns.batch_size.vbot", 5)
    session.services.store.set_setting("campaigns.dispatch_concurrency", 1)
    account = next(a for a in session.accounts.repository.list() if a.is_demo and a.provider == "vbot")
    service = session.campaigns
    campaign = service.create("Tạm dừng", account, add_list(session.services.store, 20), settings_for("vbot"))
    paused = await service.launch(campaign, await service.preflight(campaign), lambda p: service.pause(campaign))
    assert paused.state is CampaignState.PAUSED and paused.pending
    session.campaignLaunched.emit(campaign.id)
    await wait_until(lambda: tab.model.total == 20 and tab.is_watching(), message="rows and the poller")
    assert tab.counters.count(DO_NOT_CALL) == 0
    pending = [r[0] for r in session.services.store.query(
        "SELECT phone FROM calls WHERE campaign_id = ? AND dispatch = 'pending' ORDER BY id", (campaign.id,))]
    ContactRepository(session.services.store).add_do_not_call(pending[-2:])

    done = await service.resume(service.get(campaign.id))
    assert done.do_not_call == 2
    await wait_until(lambda: tab.counters.count(DO_NOT_CALL) == 2, message="the counter")
    def not_called() -> list[str]:
        return sorted(tab.model.row(r).phone for r in range(tab.model.rowCount())
                      if tab.model.data(tab.model.index(r, OUTCOME)) == "Not called: on the do-not-call list")

    await wait_until(lambda: tab.model.total == 20 and not_called() == sorted(pending[-2:]), message="the rows")
    dialled = [e.phone[-9:] for e in manual_demo.running.simulator.ledger.entries("vbot", dialled_only=True)]
    assert len(dialled) == 18 and not {p[-9:] for p in pending[-2:]} & set(dialled)


async def test_rows_read_before_sending_follow_the_store_as_batches_are_sent(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment) -> None:
    """The Monitor reads the rows at launch, before anything is sent; each dispatch report re-reads the batches
    sent since, in place (no reload), so no row says "Not sent yet" for a contact the store has as sent, and the
    chooser stops saying "sending" once the store says so."""
    store = session.services.store
    store.set_setting("campaigns.batch_size.vbot", 5)
    store.set_setting("campaigns.dispatch_concurrency", 1)
    manual_demo.running.simulator.faults.add("/vbot/v3.0/m-auto-call/api/call/create-list-phone", "latency", 0.2)
    account = next(a for a in session.accounts.repository.list() if a.is_demo and a.provider == "vbot")
    service = session.campaigns
    campaign = service.create("Đang gửi", account, add_list(store, 40), settings_for("vbot"))
    task = service.launch(campaign, await service.preflight(campaign), session.dispatchProgressed.emit)
    session.campaignLaunched.emit(campaign.id)  # as the Campaigns tab does: the Monitor reads the rows now
    await wait_until(lambda: tab.model.total == 40, message="the rows read at launch")
    resets: list[bool] = []
    tab.model.modelReset.connect(lambda: resets.append(True))

    def texts() -> dict[str, str]:
        return {tab.model.row(r).phone: tab.model.data(tab.model.index(r, OUTCOME)) for r in range(40)}

    assert set(texts().values()) <= {"Not sent yet", "Being sent"}
    await wait_until(lambda: task.done() or any(t not in ("Not sent yet", "Being sent") for t in texts().values()),
                     message="a batch shown as sent")
    assert not task.done(), "no batch was shown as sent while the rest was being sent"
    assert "Not sent yet" in texts().values()  # shown batch by batch while the rest waits
    await task
    in_store = {r[0]: r[1] for r in store.query("SELECT phone, dispatch FROM calls WHERE campaign_id = ?",
                                                (campaign.id,))}
    assert set(in_store.values()) == {"sent"}
    await wait_until(lambda: "Not sent yet" not in texts().values() and "Being sent" not in texts().values(),
                     message="every row sent")
    assert {tab.model.row(r).phone: tab.model.row(r).dispatch for r in range(40)} == in_store
    await wait_until(lambda: tab.selector.currentText().endswith("calls in progress"), message="the state")
    assert resets == []  # written in place: no reload per batch


@pytest.mark.parametrize("provider", ["vbot", "nxcloud", "bizphone"])
async def test_answer_counters_column_and_filter_follow_what_the_simulator_decided(
        tab: MonitorTab, session: Session, manual_demo: DemoEnvironment, provider: str) -> None:
    changes = {"call_flow": REMINDER_FLOW} if provider == "bizphone" else {}
    campaign = await launch(session, provider, 30, **changes)
    await finished(tab, manual_demo)
    decided = decided_answers(SimpleNamespace(sim=manual_demo.running.simulator), provider)
    assert decided and tab.answer_counters.counts == dict(decided) and tab.answer_counters.isVisibleTo(tab)
    column = COLUMN["answer"]
    shown = Counter(tab.model.data(tab.model.index(r, column)) for r in range(tab.model.rowCount()))
    assert {words: n for words, n in shown.items() if words} == {answer_words(k): n for k, n in decided.items()}
    for key, count in decided.items():
        tab.answer_filter.setCurrentIndex(tab.answer_filter.findData(key))
        assert tab.answer_filter.currentText() == answer_words(key) and tab.model.rowCount() == count
    tab.answer_filter.setCurrentIndex(0)
    assert tab.model.rowCount() == 30
    answered = next(r for r in session.campaigns.rows(campaign) if r.answer)
    tab.select_call(answered.call_id)
    assert tab.fields["answer"].text() != "—" and tab.raw.isHidden()  # words first, the raw record on demand
    tab.raw_toggle.click()
    assert tab.raw.isVisibleTo(tab) and json.loads(tab.raw.toPlainText())


@PLAYS_AUDIO
async def test_nothing_of_one_campaign_stays_when_another_is_chosen(tab: MonitorTab, session: Session,
                                                                    manual_demo: DemoEnvironment,
                                                                    tmp_path: Path) -> None:
    first = await launch(session, "vbot", 8)
    await finished(tab, manual_demo)
    second = await launch(session, "vbot", 3, skip_called_before=False)
    await wait_until(lambda: tab.model.total == 3, message="the second campaign's rows")
    tab.selector.setCurrentIndex(tab.selector.findData(first.id))
    await wait_until(lambda: tab.model.total == 8, message="the first campaign's rows")
    tab.outcome_filter.setCurrentIndex(tab.outcome_filter.findData(BUSY))
    tab.search.setText("0")
    tab.table.selectRow(0)
    tab.player.load(write_tone(tmp_path / "call.wav"), "0912345678 · Nguyễn Văn An")
    tab.export_to(tmp_path / "kết quả.xlsx")
    await wait_until(lambda: "monitor-export" not in session.services.tasks.running(), message="the export")
    assert tab.notice.text().startswith("Saved 8 contacts to")
    assert tab.player.play_button.isEnabled()
    await wait_until(lambda: tab.player.player.mediaStatus() is QMediaPlayer.MediaStatus.LoadedMedia,
                     message="the recording to load")

    tab.selector.setCurrentIndex(tab.selector.findData(second.id))
    assert tab.outcome_filter.currentData() is None and tab.search.text() == ""
    assert all(label.text() == "—" for label in tab.fields.values()) and tab.raw.toPlainText() == ""
    assert tab.player.title.text() == "No recording selected" and not tab.player.play_button.isEnabled()
    assert tab.notice.text() == "" and tab.chart.points(ANSWERED) == 1 and tab.counters.count(ANSWERED) == 0
    await wait_until(lambda: tab.model.total == 3, message="the second campaign's rows")
    assert tab.model.rowCount() == 3 and tab.shown.text() == "3 of 3 shown"
    # a recording still downloading when another campaign is chosen is not played under it
    tab.selector.setCurrentIndex(tab.selector.findData(first.id))
    await wait_until(lambda: tab.model.total == 8, message="the first campaign's rows")
    recorded = next(r for r in session.campaigns.rows(first) if r.recording_ref)
    tab.select_call(recorded.call_id)
    tab.play_selected()
    tab.selector.setCurrentIndex(tab.selector.findData(second.id))
    await wait_until(lambda: "monitor-play" not in session.services.tasks.running(), message="the download")
    assert tab.player.title.text() == "No recording selected"


async def test_watching_tells_calls_in_progress_from_those_waiting_their_turn(tab: MonitorTab,
                                                                             session: Session) -> None:
    await launch(session, "vbot", 12)
    await wait_until(lambda: "ringing or talking" in tab.state.text(), message="the first check")
    live, waiting = (int(n) for n in re.findall(r"(\d+) (?:calls ringing|waiting)", tab.state.text()))
    assert live + waiting == tab.counters.count(WAITING) == 12  # the counters' "waiting / in progress", split


async def test_dispatch_reports_are_read_off_the_loop_one_read_at_a_time_and_dropped_for_another_campaign(
        tab: MonitorTab, session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reports that come while a dispatch read is under way ask for one more read after it, not one each; the read
    runs on a worker thread; a read for a campaign no longer shown changes nothing there."""
    first = await launch(session, "vbot", 6)
    second = await launch(session, "vbot", 3, skip_called_before=False)
    tab.selector.setCurrentIndex(tab.selector.findData(first.id))
    await wait_until(lambda: tab.model.total == 6, message="the first campaign's rows")
    service, real = session.campaigns, session.campaigns.dispatch_rows
    gate, reads = threading.Event(), []

    def slow(campaign: Campaign, since: int) -> tuple[list[CallUpdate], int]:
        reads.append((campaign.id, threading.current_thread() is threading.main_thread()))
        gate.wait(10)
        return real(campaign, since)

    monkeypatch.setattr(service, "dispatch_rows", slow)
    for _ in range(5):
        tab.follow_dispatch(None)
    await wait_until(lambda: len(reads) == 1, message="the first read")
    assert reads == [(first.id, False)]
    gate.set()
    await wait_until(lambda: len(reads) == 2 and "monitor-dispatch" not in session.services.tasks.running(),
                     message="one more read")
    assert reads == [(first.id, False)] * 2

    gate.clear()
    tab.follow_dispatch(None)
    await wait_until(lambda: len(reads) == 3, message="a read under way")
    tab.selector.setCurrentIndex(tab.selector.findData(second.id))
    gate.set()
    await wait_until(lambda: "monitor-dispatch" not in session.services.tasks.running() and tab.model.total == 3,
                     message="the second campaign's rows")
    assert tab.campaign.id == second.id
    assert {tab.model.row(r).call_id for r in range(3)} == {r.call_id for r in service.rows(second)}
