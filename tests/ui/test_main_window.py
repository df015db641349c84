from __future__ import annotations

import logging
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPlainTextEdit, QTabWidget

from desktop.services import Services
from ui.dialogs.crash import CrashDialog, install_excepthook
from ui.main_window import MainWindow
from ui.session import Session


def test_tabs_in_work_order_each_with_an_empty_state(window: MainWindow) -> None:
    tabs = window.findChild(QTabWidget, "mainTabs")
    names = [tabs.widget(i).objectName() for i in range(tabs.count())]
    assert names == ["accountsTab", "contactsTab", "campaignsTab", "monitorTab", "historyTab"]
    for tab in (window.contacts_tab, window.campaigns_tab, window.monitor_tab, window.history_tab):
        empty = tab.currentWidget()
        assert empty.title.text() and len(empty.text.text()) > 40
    assert [tabs.widget(i) for i in range(1, tabs.count())] == [window.contacts_tab, window.campaigns_tab,
                                                                window.monitor_tab, window.history_tab]
    assert len(window.accounts_tab.nothing_selected.text.text()) > 40


def test_empty_state_action_leads_to_the_next_step(qtbot, window: MainWindow) -> None:
    window.show_tab("campaignsTab")
    qtbot.mouseClick(window.campaigns_tab.empty.button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentWidget() is window.contacts_tab


def test_a_tab_is_built_when_first_shown_and_the_monitor_when_a_campaign_is_launched(services: Services, qtbot,
                                                                                   monkeypatch) -> None:
    from ui.contacts.tab import ContactsTab
    from ui.monitor.tab import MonitorTab

    followed: list[int] = []
    flows: list[tuple[str, str]] = []
    monkeypatch.setattr(MonitorTab, "follow_launch", lambda tab, campaign_id: followed.append(campaign_id))
    monkeypatch.setattr(ContactsTab, "set_flow_text", lambda tab, text, flow="": flows.append((text, flow)))
    window = MainWindow(Session(services))
    qtbot.addWidget(window)
    names = [window.tabs.widget(i).objectName() for i in range(window.tabs.count())]
    assert set(window._unbuilt) == set(names)  # the tab in view too: the app builds it after the first frame
    assert window.tabs.currentWidget().findChild(QLabel).text() == "Loading…"
    assert window.build_shown_tab() is window.tabs.currentWidget() and set(window._unbuilt) == set(names[1:])
    window.show_tab("historyTab")
    assert window.tabs.currentWidget() is window.history_tab and "historyTab" not in window._unbuilt
    assert window.tabs.tabText(4) == "&History"
    window.session.flowTextChanged.emit("Xin chào {{ten}}", "Chào")
    window.session.campaignLaunched.emit(7)
    assert followed == [7] and "monitorTab" not in window._unbuilt  # followed once, by the tab built for it
    assert window.tabs.currentWidget() is window.history_tab
    assert "contactsTab" in window._unbuilt and not flows
    window.show_tab("contactsTab")
    assert flows == [("Xin chào {{ten}}", "Chào")]  # the last call-flow text said before the tab existed


def test_status_bar_follows_and_sets_the_active_account(window: MainWindow) -> None:
    selector = window.findChild(QComboBox, "accountSelector")
    assert selector.count() == 3
    assert selector.currentText() == window.session.active_account.name
    selector.setCurrentIndex(2)
    chosen = window.session.active_account
    assert chosen.name == selector.currentText()
    assert window.session.services.store.get_setting("active_account_id") == chosen.id
    window.session.connectionStateChanged.emit("error", "The API key was refused")
    assert window.connection_state.text().endswith("Not connected")
    assert window.connection_state.toolTip() == "The API key was refused"


def test_log_view_shows_the_lines_logged_before_it_was_opened_and_new_ones(window: MainWindow) -> None:
    logging.getLogger("test").warning("Đã nạp danh bạ")
    assert window.findChild(QPlainTextEdit, "logView") is None  # built when first shown
    window.findChild(type(window.log_view.toggleViewAction()), "toggleLogAction").trigger()
    assert window.log_view.isVisible()
    logging.getLogger("test").warning("Chiến dịch đã bắt đầu")
    QApplication.processEvents()
    shown = window.findChild(QPlainTextEdit, "logView").toPlainText()
    assert "Đã nạp danh bạ" in shown and "Chiến dịch đã bắt đầu" in shown


def test_unhandled_exception_shows_copyable_report_and_logs_it(qtbot, window: MainWindow, services: Services,
                                                               monkeypatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    try:
        raise RuntimeError("boom with password=hunter2-secret")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
    assert dialogs
    report = dialogs[-1].report.toPlainText()
    assert "RuntimeError" in report and "hunter2-secret" not in report
    dialogs[-1].close()
    log_text = services.paths.log_file.read_text(encoding="utf-8")
    assert "Unhandled exception" in log_text and "hunter2-secret" not in log_text


def test_window_geometry_is_kept_between_runs(qtbot, services: Services) -> None:
    session = Session(services)
    first = MainWindow(session)
    qtbot.addWidget(first)
    # The offscreen screen is 800 px wide, narrower than the window's minimum, so restoreGeometry clamps the
    # width; the height is free, so it carries the proof.
    height = first.minimumSizeHint().height() + 17  # a height no layout picks by itself
    first.resize(first.width(), height)
    first.show()
    first.close()
    second = MainWindow(Session(services))
    qtbot.addWidget(second)
    assert second.height() == height


def test_garbage_is_collected_on_the_gui_thread_only(qtbot) -> None:
    import gc

    from ui.platform.gc_on_gui_thread import GuiThreadGarbageCollector

    collector = GuiThreadGarbageCollector()
    assert not gc.isenabled()  # worker threads never trigger a collection
    junk = []
    for _ in range(gc.get_threshold()[0] + 10):
        cycle: list = []
        cycle.append(cycle)
        junk.append(cycle)
    del junk
    before = gc.get_count()[0]
    collector.check()
    assert gc.get_count()[0] < before
