"""The Notifications page: off by default, a plain warning before a wider address, per account what to paste (the
secret hidden until asked), the receiver run by the window after Apply, "Send a test notification" through the
public URL saying whether it arrived, and the inbox listing events and refused attempts with their reason."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from desktop.demo import DemoEnvironment
from desktop.providers.vbot.notifications import HEADER, TOKEN
from desktop.services import Services
from desktop.serving import bind
from desktop.settings import NOTIFY_ENABLED, NOTIFY_HOST, NOTIFY_PORT, NOTIFY_PUBLIC_URL
from desktop.simulator import RunningSimulator, SimulatorConfig
from tests.helpers.calls import phones, place_calls
from tests.helpers.support import free_port, wait_until
from ui.dialogs.notifications_page import SECRET_MASK
from ui.dialogs.preferences import PreferencesDialog
from ui.session import Session


@pytest.fixture
def session(services: Services) -> Iterator[Session]:
    simulator = RunningSimulator(SimulatorConfig(manual_clock=True, start_time=time.time(), seed=7)).start()
    services.accounts.ensure_demo_accounts()
    shown = Session(services, DemoEnvironment(simulator))
    try:
        yield shown
    finally:
        shown.receiver.stop()
        simulator.stop()


@pytest.fixture
def dialog(qtbot, session: Session) -> PreferencesDialog:
    shown = PreferencesDialog(session.services.preferences, session=session)
    qtbot.addWidget(shown)
    shown.show()
    shown.pages.setCurrentIndex(shown.pages.count() - 1)
    return shown


def pastes(dialog: PreferencesDialog) -> list[tuple[str, ...]]:
    table = dialog.notifications.pastes
    return [tuple(table.item(r, c).text() for c in range(table.columnCount())) for r in range(table.rowCount())]


def column(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


def test_off_by_default_and_a_wider_address_is_warned_about_in_words(dialog: PreferencesDialog,
                                                                     session: Session) -> None:
    panel = dialog.notifications
    assert dialog.pages.tabText(dialog.pages.count() - 1) == "Notifications"
    assert not dialog.field(NOTIFY_ENABLED).isChecked() and dialog.field(NOTIFY_HOST).text() == "127.0.0.1"
    assert session.receiver.running is None and "off" in panel.state.text()
    assert panel.host_warning.isHidden()
    dialog.field(NOTIFY_HOST).setText("0.0.0.0")
    assert not panel.host_warning.isHidden() and "other computers" in panel.host_warning.text()
    dialog.field(NOTIFY_HOST).setText("127.0.0.1")
    assert panel.host_warning.isHidden()


def test_each_account_shows_its_url_and_values_with_the_secret_hidden_until_asked(dialog: PreferencesDialog,
                                                                                  session: Session) -> None:
    dialog.field(NOTIFY_PUBLIC_URL).setText("https://calls.example.vn/in/")
    vbot = next(a for a in session.accounts.repository.list() if a.provider == "vbot")
    nx = next(a for a in session.accounts.repository.list() if a.provider == "nxcloud")
    rows = pastes(dialog)
    assert (vbot.name, "VBot", "Webhook URL", f"https://calls.example.vn/in/vbot/{vbot.id}") in rows
    assert (vbot.name, "VBot", "Header name", HEADER) in rows
    assert (vbot.name, "VBot", "Header value", SECRET_MASK) in rows
    assert (nx.name, "NXCLOUD", "callCallbackUrl", f"https://calls.example.vn/in/nxcloud/{nx.id}") in rows
    token = session.accounts.secrets.get(vbot.id, TOKEN)
    dialog.notifications.pastes.selectRow(rows.index((vbot.name, "VBot", "Header value", SECRET_MASK)))
    dialog.notifications.copy_button.click()  # the exact value, even while it is hidden
    assert token and QGuiApplication.clipboard().text() == token
    dialog.notifications.show_secrets.setChecked(True)
    assert (vbot.name, "VBot", "Header value", token) in pastes(dialog)


async def test_apply_starts_the_receiver_and_the_test_goes_through_the_public_url_and_arrives(
        qtbot, dialog: PreferencesDialog, session: Session) -> None:
    panel = dialog.notifications
    port = free_port()
    dialog.field(NOTIFY_ENABLED).setChecked(True)
    dialog.field(NOTIFY_PORT).setValue(port)
    dialog.field(NOTIFY_PUBLIC_URL).setText(f"http://127.0.0.1:{port}")
    dialog.apply_button.click()
    assert session.receiver.running is not None and str(port) in panel.state.text()
    for row in range(panel.pastes.rowCount()):  # every account's route, one after the other
        panel.pastes.selectRow(row)
        panel.test_button.click()
        await wait_until(lambda: panel.test_button.isEnabled(), timeout=10)
        assert panel.test_result.state == "info" and "and arrived" in panel.test_result.text()
    assert panel.events.rowCount() == panel.pastes.rowCount()  # one stored test per click
    assert set(column(panel.events, 2)) == {"Test notification"} and set(column(panel.events, 3)) == {"—"}

    vbot = next(e for e in session.receiver.endpoints if e.provider == "vbot")
    token = session.accounts.secrets.get(vbot.account_id, TOKEN)
    shown = panel.events.rowCount()
    sent = httpx.post(session.receiver.running.url + vbot.path, json={"event": "AUTO_CALL_COMPLETE"},
                      headers={HEADER: token})
    assert sent.status_code == 200
    await wait_until(lambda: panel.events.rowCount() == shown + 1)  # the inbox follows what arrives
    assert panel.events.item(0, 2).text() == "AUTO_CALL_COMPLETE"
    reply = httpx.post(session.receiver.running.url + vbot.path, json={"event": "AUTO_CALL_LOG"},
                       headers={HEADER: "forged"})
    assert reply.status_code == 403
    dialog.findChild(QPushButton, "notifyRefreshInbox").click()  # a refusal is counted before it is answered
    assert column(panel.refusals, 3) == [f"wrong {HEADER} value"] and column(panel.refusals, 2) == ["1"]


async def test_a_public_url_that_leads_nowhere_says_nothing_arrived_and_what_to_check(
        dialog: PreferencesDialog, session: Session) -> None:
    panel = dialog.notifications
    dialog.field(NOTIFY_ENABLED).setChecked(True)
    dialog.field(NOTIFY_PORT).setValue(free_port())
    dialog.field(NOTIFY_PUBLIC_URL).setText(f"http://127.0.0.1:{free_port()}")  # nothing forwards it here
    dialog.apply_button.click()
    panel.test_button.click()
    await wait_until(lambda: panel.test_button.isEnabled(), timeout=10)
    assert panel.test_result.state == "error" and "did not reach" in panel.test_result.text()
    assert "router, reverse proxy or tunnel" in panel.test_result.text() and panel.events.rowCount() == 0


def test_the_receiver_stays_off_until_turned_on_and_stops_when_turned_off(dialog: PreferencesDialog,
                                                                          session: Session) -> None:
    dialog.field(NOTIFY_PORT).setValue(free_port())
    dialog.apply_button.click()
    assert session.receiver.running is None
    dialog.field(NOTIFY_ENABLED).setChecked(True)
    dialog.apply_button.click()
    first = session.receiver.running
    assert first is not None
    session.accountsChanged.emit()  # an account added or removed: served as the accounts are now
    assert session.receiver.running is not None and session.receiver.running is not first
    dialog.field(NOTIFY_ENABLED).setChecked(False)
    dialog.apply_button.click()
    assert session.receiver.running is None and "off" in dialog.notifications.state.text()


def test_a_port_in_use_is_said_in_words_and_nothing_runs(dialog: PreferencesDialog, session: Session) -> None:
    with bind("127.0.0.1", 0) as taken:
        port = taken.getsockname()[1]
        dialog.field(NOTIFY_ENABLED).setChecked(True)
        dialog.field(NOTIFY_PORT).setValue(port)
        dialog.apply_button.click()
        assert session.receiver.running is None
        text = dialog.notifications.state.text()
    assert text.startswith(f"Cannot listen on 127.0.0.1 port {port} (") and "choose another" in text
    assert "Traceback" not in text


def test_a_missing_unusable_or_unencrypted_public_url_is_said_plainly(dialog: PreferencesDialog) -> None:
    warning, url = dialog.notifications.url_warning, dialog.field(NOTIFY_PUBLIC_URL)
    assert warning.state == "warning" and "No public URL" in warning.text()
    url.setText("calls.example.vn")
    assert warning.state == "error" and "must start with https://" in warning.text()
    url.setText("http://calls.example.vn")
    assert warning.state == "warning" and "unencrypted" in warning.text()
    url.setText("https://calls.example.vn")
    assert warning.isHidden()


async def test_in_demo_mode_the_simulators_webhooks_arrive_in_the_inbox(dialog: PreferencesDialog,
                                                                      session: Session) -> None:
    """A new user turns notifications on with the demo: the in-process simulator notifies the window's receiver."""
    dialog.field(NOTIFY_ENABLED).setChecked(True)
    dialog.field(NOTIFY_PORT).setValue(free_port())
    dialog.apply_button.click()
    vbot = next(a for a in session.accounts.repository.list() if a.provider == "vbot" and a.is_demo)
    await place_calls(session.accounts, vbot, session.accounts.demo, phones(3))
    events = dialog.notifications.events
    await wait_until(lambda: events.rowCount() >= 3, timeout=10, message="the demo's webhooks in the inbox")
    assert column(dialog.notifications.refusals, 3) == []  # every one authenticated as the route expects
