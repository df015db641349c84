"""Team mode, live: two desks on one PostgreSQL database (two Store objects); what one commits appears in the other's
tabs by itself, through the change feed (LISTEN/NOTIFY), with no polling. How soon (a second on a quiet machine) is
a figure a loaded machine cannot promise: the tests print it, bench/bench_changes.py holds the feed to it."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.campaigns.model import CampaignState
from desktop.campaigns.repository import CampaignRepository
from desktop.changes import APPLICATION_NAME, CHANNEL, Change, ChangeFeed, ChangeSet
from desktop.paths import AppPaths
from desktop.secrets import MemoryKeyring, SecretStore
from desktop.services import Services
from desktop.store import ServerError, Store, open_database
from tests.helpers.campaigns import add_list, settings_for
from tests.helpers.support import wait_until
from ui.changes import GATHER_MS, LiveChanges
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def desk_a(pg_url: str, memory_keyring: MemoryKeyring) -> Iterator[Store]:
    """The other desk: a store of its own on the shared database."""
    store = open_database(pg_url, SecretStore(memory_keyring))
    yield store
    store.close()


@pytest.fixture
def desk_b(qtbot, tmp_path: Path, pg_url: str, memory_keyring: MemoryKeyring) -> Iterator[MainWindow]:
    """This desk: the window over its own data folder and the shared database, listening for changes."""
    services = Services.open(AppPaths.under(tmp_path / "desk-b").ensure(), keyring_backend=memory_keyring,
                             url=pg_url)
    services.accounts.ensure_demo_accounts()
    session = Session(services)
    window = MainWindow(session)
    session.restore_active_account()
    qtbot.addWidget(window)
    window.show()
    assert session.live.live and session.live.feed.listening.wait(30)
    yield window
    session.live.close()
    services.store.close()


def _commit(store: Store, sql: str, params: tuple = ()) -> tuple[int | None, float]:
    """Run one statement in a transaction of ``store``; the id it returned (if any), and when it committed."""
    with store.transaction() as db:
        cursor = db.execute(sql, params)
        row = cursor.fetchone() if "RETURNING" in sql else None
    return (row[0] if row else None), time.perf_counter()


async def _shown(committed: float, shown) -> float:
    """Seconds from the commit until ``shown()`` holds, with nothing on this desk asked to read again."""
    await wait_until(shown, timeout=30)
    return time.perf_counter() - committed


async def test_what_one_desk_commits_shows_in_the_other_desks_tabs_by_itself(
        desk_a: Store, desk_b: MainWindow) -> None:
    contacts, campaigns, monitor, accounts = (desk_b.contacts_tab, desk_b.campaigns_tab, desk_b.monitor_tab,
                                              desk_b.accounts_tab)
    dnc = contacts.show_do_not_call()
    took: dict[str, float] = {}
    engine = CampaignRepository(desk_a)  # the other desk's engine, on its own store

    # A saved list: in Contacts › Saved lists, and offered by the campaign form.
    list_id = add_list(desk_a, 3)
    took["saved list"] = await _shown(time.perf_counter(), lambda: any(
        contacts.saved_lists.item(row).data(Qt.ItemDataRole.UserRole) == list_id
        for row in range(contacts.saved_lists.count())))
    assert campaigns.form.contact_list.findData(list_id) >= 0

    # A campaign launched there: listed here, then paused there.
    vbot = next(a for a in desk_b.session.services.accounts.list() if a.provider == "vbot")
    campaign = engine.create("Khuyến mãi", vbot.id, list_id, settings_for("vbot"))
    engine.materialise(campaign)
    engine.set_state(campaign, CampaignState.DISPATCHING)
    took["launch"] = await _shown(time.perf_counter(), lambda: campaigns.model.row_of(campaign.id) >= 0)
    sending = campaigns.model.state_text(campaigns.model.row_of(campaign.id))
    engine.set_state(campaign, CampaignState.PAUSED)
    took["pause"] = await _shown(
        time.perf_counter(), lambda: campaigns.model.state_text(campaigns.model.row_of(campaign.id)) != sending
        and monitor.selector.itemText(monitor.selector.findData(campaign.id)).endswith(monitor.tr("sending paused")))
    await wait_until(lambda: monitor.model.total == 3, message="the Monitor's rows")

    # New outcomes: written in place in the Monitor's table, its counters follow.
    first = monitor.model.row(0).call_id
    _, committed = _commit(desk_a, "UPDATE calls SET outcome = ?, dispatch = ?, duration = ? WHERE id = ?",
                           ("answered", "sent", 12.0, first))
    took["outcome"] = await _shown(
        committed, lambda: monitor.model.row(monitor.model.find(first)).outcome == "answered")
    assert monitor.model.total == 3 and monitor.progress.value() == 1

    # A do-not-call number, and an account.
    _, committed = _commit(desk_a, "INSERT INTO do_not_call(phone_e164, note) VALUES (?, ?)",
                           ("+84977000111", "by hand"))
    took["do-not-call"] = await _shown(committed, lambda: dnc.numbers.rowCount() == 1)
    account_id, committed = _commit(desk_a, "INSERT INTO accounts(name, provider, config) VALUES (?, ?, ?) "
                                    "RETURNING id", ("VBot chi nhánh 2", "vbot", "{}"))
    took["account"] = await _shown(committed, lambda: desk_b.account_selector.findData(account_id) >= 0)
    assert any(accounts.list.item(row).data(Qt.ItemDataRole.UserRole) == account_id
               for row in range(accounts.list.count()))
    print("commit → shown on the other desk:", ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in took.items()))


async def test_this_desks_own_changes_are_not_told_back(desk_a: Store, desk_b: MainWindow) -> None:
    session = desk_b.session
    heard: list[ChangeSet] = []
    session.live.changed.connect(heard.append)
    with session.services.store.transaction() as db:  # a statement on this desk's own connection
        db.execute("INSERT INTO do_not_call(phone_e164, note) VALUES (?, ?)", ("+84977000999", "here"))
    # Then a marker from the other desk: notifications come in the order their transactions committed, so once the
    # marker is told, this desk's own change has been heard (and must have been left out).
    _commit(desk_a, "SELECT pg_notify(?, ?)", (CHANNEL, json.dumps({"table": "test-marker", "ids": None})))
    await wait_until(lambda: any(c.touches("test-marker") for c in heard), timeout=30, message="the marker")
    await wait_until(lambda: not session.live._timer.isActive(), timeout=30)
    assert not any(c.touches("do_not_call") for c in heard)
    heard.clear()
    _commit(desk_a, "DELETE FROM do_not_call")  # the same table, from the other desk
    await wait_until(lambda: heard, timeout=30)
    assert heard[0].touches("do_not_call") and not heard[0].touches("accounts")


# -- the bridge and the Monitor, with the feed's notifications delivered by hand -------------------------------------
def _from_the_feeds_thread(feed: ChangeFeed, *changes: Change) -> None:
    """Deliver ``changes`` as the feed does: on a thread of its own."""
    thread = threading.Thread(target=lambda: [feed._deliver(c) for c in changes])
    thread.start()
    thread.join()


async def test_changes_arriving_together_are_one_refresh_without_this_desks_own(qtbot) -> None:
    feed = ChangeFeed(None)
    live = LiveChanges(feed, own_pid=lambda: 42)
    live._ours = 42
    heard: list[ChangeSet] = []
    live.changed.connect(heard.append)
    started = time.monotonic()
    _from_the_feeds_thread(feed, *(Change("calls", frozenset({i % 3}), pid=7) for i in range(200)),
                           Change("accounts", frozenset({1}), pid=42))
    await wait_until(lambda: heard, timeout=30)
    assert time.monotonic() - started >= GATHER_MS / 1000 * 0.9
    await wait_until(lambda: not live._timer.isActive(), timeout=30)
    assert len(heard) == 1
    assert heard[0].touches_row("calls", 2) and not heard[0].touches("accounts")
    live.close()


async def test_after_the_server_drops_this_desks_feed_every_tab_reads_afresh_and_changes_flow_again(
        desk_a: Store, desk_b: MainWindow) -> None:
    session = desk_b.session
    dnc = desk_b.contacts_tab.show_do_not_call()
    heard: list[ChangeSet] = []
    session.live.changed.connect(heard.append)
    _commit(desk_a, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?",
            (APPLICATION_NAME,))
    await wait_until(lambda: heard and heard[-1].everything, timeout=30, message="anything may have changed")
    _, committed = _commit(desk_a, "INSERT INTO do_not_call(phone_e164, note) VALUES (?, ?)", ("+84977000222", ""))
    await _shown(committed, lambda: dnc.numbers.rowCount() == 1)


async def test_a_change_the_database_cannot_be_read_for_is_said_on_the_tab(qtbot, services: Services,
                                                                         monkeypatch) -> None:
    session = Session(services)
    window = MainWindow(session)
    qtbot.addWidget(window)
    campaigns = window.campaigns_tab

    def unreachable() -> None:
        raise ServerError("The team database server cannot be reached.", "unreachable")

    monkeypatch.setattr(session.campaigns, "list", unreachable)
    _from_the_feeds_thread(session.live.feed, Change("campaigns", frozenset({1})))
    await wait_until(lambda: campaigns.message.text() == "The team database server cannot be reached.")
    monkeypatch.undo()  # the server is back (the window reads the campaigns when it closes)
