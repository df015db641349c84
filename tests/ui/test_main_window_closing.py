"""Closing the window while a campaign is being sent: the question, "Keep sending", and "Stop after this batch and
quit" (the campaign pauses with nothing in flight, and resuming it calls nobody twice); SIGTERM closes the same way
without asking. The demo simulator on a manual clock is the provider; its ledger is the judge."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.campaigns import lease
from desktop.campaigns.model import BatchState, Campaign, CampaignState, Dispatch
from desktop.demo import DemoEnvironment
from desktop.paths import AppPaths
from desktop.secrets import MemoryKeyring
from desktop.services import Services
from tests.helpers.campaigns import ALL_CALLS_END, add_list, quick_engine, settings_for
from tests.helpers.support import wait_until
from tests.helpers.ui import account, open_window
from ui.main_window import MainWindow

CONTACTS = 60
SEND_PATH = "/vbot/v3.0/m-auto-call/api/call/create-list-phone"


@pytest.fixture(autouse=True)
def app_stays_after_its_window() -> Iterator[None]:
    """As the app runs it (ui/app.py): closing the last window ends the session, not the Qt loop the test runs on."""
    app = QApplication.instance()
    before = app.quitOnLastWindowClosed()
    app.setQuitOnLastWindowClosed(False)
    yield
    app.setQuitOnLastWindowClosed(before)


def answer(monkeypatch, button: QMessageBox.StandardButton) -> list[QMessageBox]:
    """Answer every message box with ``button``; returns the boxes that were asked."""
    asked: list[QMessageBox] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box)
        return int(button)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return asked


def count(services: Services, campaign: Campaign, sql: str, *args: object) -> int:
    return services.store.query_one(sql, (campaign.id, *args))[0]


def sent_batches(services: Services, campaign: Campaign) -> int:
    return count(services, campaign, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = ?",
                 BatchState.SENT)


async def sending(qtbot, services: Services, demo: DemoEnvironment) -> tuple[MainWindow, Campaign]:
    """The window, with a VBot campaign of CONTACTS being sent slowly (each batch of 5 takes 0.2 s at VBot)."""
    quick_engine(services.store)
    window = open_window(qtbot, services, demo, "vbot")
    demo.running.simulator.faults.add(SEND_PATH, "latency", 0.2)
    campaigns = window.session.campaigns
    campaign = campaigns.create("Nhắc nợ", account(services, "vbot"), add_list(services.store, CONTACTS),
                                settings_for("vbot"))
    campaigns.launch(campaign, await campaigns.preflight(campaign))
    await wait_until(lambda: sent_batches(services, campaign) >= 1, timeout=30, message="the first batch")
    return window, campaign


async def test_keep_sending_leaves_the_window_open_and_sending(qtbot, services: Services,
                                                              manual_demo: DemoEnvironment, monkeypatch) -> None:
    window, campaign = await sending(qtbot, services, manual_demo)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert [box.objectName() for box in asked] == ["closeWhileSendingBox"]
    box = asked[0]
    assert box.text() == "Sending is in progress — stop after the current group of calls and quit?"
    assert "Nhắc nợ" in box.informativeText()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert box.defaultButton().objectName() == "keepSendingButton"
    assert window.isVisible() and window.tabs.isEnabled() and not window.closing_notice.isVisible()
    assert window.session.campaigns.is_dispatching(campaign)
    sent = sent_batches(services, campaign)
    await wait_until(lambda: sent_batches(services, campaign) > sent, timeout=30, message="sending to go on")


async def test_stop_and_quit_pauses_after_the_current_batch_and_resume_calls_nobody_twice(
        qtbot, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    window, campaign = await sending(qtbot, services, manual_demo)
    closed: list[bool] = []
    QApplication.instance().lastWindowClosed.connect(lambda: closed.append(True))
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert not window.close()  # not yet: the batch under way is finished and recorded first
    assert window.closing_notice.isVisible()
    assert window.closing_notice.text() == "Stopping after the current group of calls…"
    assert not window.tabs.isEnabled()
    await wait_until(lambda: not window.isVisible(), timeout=30, message="the window to close")
    assert closed

    campaigns = window.session.campaigns
    stopped = campaigns.get(campaign.id)
    assert stopped.state is CampaignState.PAUSED and not campaigns.is_dispatching(stopped)
    sql = "SELECT COUNT(*) FROM calls WHERE campaign_id = ? AND dispatch = ?"
    assert count(services, campaign, sql, Dispatch.IN_FLIGHT) == 0  # the journal holds no contact in flight
    assert count(services, campaign, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = ?",
                 BatchState.IN_FLIGHT) == 0
    left = count(services, campaign, sql, Dispatch.PENDING)
    assert 0 < left < CONTACTS  # paused part-way
    ledger = manual_demo.running.simulator.ledger
    assert len(ledger.entries("vbot", dialled_only=True)) == CONTACTS - left

    manual_demo.running.simulator.faults.clear()
    await campaigns.resume(stopped)
    manual_demo.running.simulator.advance(ALL_CALLS_END)
    dialled = ledger.entries("vbot", dialled_only=True)
    assert len(dialled) == CONTACTS and len({e.phone for e in dialled}) == CONTACTS
    assert ledger.duplicates(include_refused=True) == []
    assert count(services, campaign, sql, Dispatch.SENT) == CONTACTS


async def test_sigterm_closes_without_asking_and_still_pauses_cleanly(
        qtbot, services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    window, campaign = await sending(qtbot, services, manual_demo)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    window.close_without_asking()
    await wait_until(lambda: not window.isVisible(), timeout=30, message="the window to close")
    assert asked == []
    assert window.session.campaigns.get(campaign.id).state is CampaignState.PAUSED
    assert count(services, campaign, "SELECT COUNT(*) FROM calls WHERE campaign_id = ? AND dispatch = ?",
                 Dispatch.IN_FLIGHT) == 0


async def test_closing_while_nothing_is_sent_asks_nothing(qtbot, services: Services, manual_demo: DemoEnvironment,
                                                          monkeypatch) -> None:
    window = open_window(qtbot, services, manual_demo, "vbot")
    asked = answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    assert window.close()
    assert asked == []


@pytest.fixture
def team_services(paths: AppPaths, memory_keyring: MemoryKeyring, pg_url: str) -> Iterator[Services]:
    """A desk working in the team's PostgreSQL database."""
    opened = Services.open(paths, keyring_backend=memory_keyring, url=pg_url)
    yield opened
    opened.store.close()


async def test_in_a_team_stop_and_quit_hands_the_campaign_back_for_the_server_to_carry_on(
        qtbot, team_services: Services, manual_demo: DemoEnvironment, monkeypatch) -> None:
    window, campaign = await sending(qtbot, team_services, manual_demo)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert not window.close()
    assert "the server carries on sending it" in asked[0].informativeText()
    await wait_until(lambda: not window.isVisible(), timeout=30, message="the window to close")

    stopped = window.session.campaigns.get(campaign.id)
    assert stopped.state is CampaignState.DISPATCHING  # interrupted, not paused: whoever runs campaigns resumes it
    assert count(team_services, campaign, "SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = ?",
                 BatchState.IN_FLIGHT) == 0
    assert lease.holder_of(team_services.store, campaign.id) is None  # given back: another process may take it now
