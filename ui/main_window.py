"""The main window: five tabs in the order of the work (accounts → contacts → campaigns → monitor → history),
a status bar showing the active account and its connection, the log dock and the menus.

A tab (and the modules behind it) is built the first time it is shown or asked for, so the window paints at once:
the tab in view says it is loading until the app builds it, right after that first frame. The Monitor is also built
when a campaign is launched (it watches the dispatch), and the Contacts tab receives the last BizPhone call-flow
text said before it existed.

Closing while a campaign is being sent asks first; the answer "stop and quit" pauses every dispatch after its
current batch and waits for it (the window stays responsive, saying so) before the window closes. SIGTERM closes the
same way without asking.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop import APP_NAME
from desktop.accounts.repository import Account
from desktop.settings import WINDOW_GEOMETRY
from ui.dialogs.crash import CrashDialog
from ui.i18n import language_menu
from ui.session import Session
from ui.text import arg
from ui.widgets.log_view import LogView
from ui.widgets.message_bar import MessageBar

if TYPE_CHECKING:
    from ui.accounts.tab import AccountsTab
    from ui.campaigns.tab import CampaignsTab
    from ui.contacts.tab import ContactsTab
    from ui.dialogs.preferences import PreferencesDialog
    from ui.history.tab import HistoryTab
    from ui.monitor.tab import MonitorTab

log = logging.getLogger(__name__)


def _builder(module: str, cls: str, session: Session) -> Callable[[], QWidget]:
    """Build the tab ``module.cls`` over ``session``, importing its module only then."""
    return lambda: getattr(importlib.import_module(module), cls)(session)


class MainWindow(QMainWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.session = session
        self._ask_before_closing = True  # False once SIGTERM asks: nobody is there to answer
        self._stopping = False  # closing: waiting for the dispatches to stop after their current batch
        self.setWindowTitle(APP_NAME)
        self.resize(1280, 800)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(False)
        self._unbuilt: dict[str, Callable[[], QWidget]] = {}  # objectName → builder, until the tab is built
        self._flow_text: tuple[str, str] | None = None  # the last call-flow text, for a Contacts tab built later
        for name, module, cls, title in (
            ("accountsTab", "ui.accounts.tab", "AccountsTab", self.tr("&Accounts")),
            ("contactsTab", "ui.contacts.tab", "ContactsTab", self.tr("C&ontacts")),
            ("campaignsTab", "ui.campaigns.tab", "CampaignsTab", self.tr("&Campaigns")),
            ("monitorTab", "ui.monitor.tab", "MonitorTab", self.tr("&Monitor")),
            ("historyTab", "ui.history.tab", "HistoryTab", self.tr("&History")),
        ):
            self.tabs.addTab(self._placeholder(name), title)
            self._unbuilt[name] = _builder(module, cls, session)
        self.tabs.currentChanged.connect(lambda index: self.tab(self.tabs.widget(index).objectName()))
        session.campaignLaunched.connect(self._launched_before_monitor)
        session.flowTextChanged.connect(self._flow_before_contacts)
        self.setCentralWidget(self.tabs)
        session.showTab.connect(self.show_tab)
        session.preferencesRequested.connect(self.show_preferences)

        self.log_view = LogView(session.services.log_tail, self)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_view)
        self.log_view.hide()

        self._build_status_bar()
        self._build_menus()
        self._restore_geometry()

    # -- tabs, built when first shown or asked for --------------------------------------------------------------
    def _placeholder(self, name: str) -> QWidget:
        """Where the tab ``name`` goes until it is built: the first frame shows the tab in view loading."""
        placeholder = QWidget()
        placeholder.setObjectName(name)
        loading = QLabel(self.tr("Loading…"), alignment=Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(placeholder).addWidget(loading)
        return placeholder

    def build_shown_tab(self) -> QWidget:
        """Build the tab in view; the app does so once the window's first frame (showing it loading) is painted."""
        return self.tab(self.tabs.currentWidget().objectName())

    def tab(self, name: str) -> QWidget:
        """The tab whose objectName is ``name``, built now if it was not yet (in its place in the tab bar)."""
        index = next(i for i in range(self.tabs.count()) if self.tabs.widget(i).objectName() == name)
        placeholder = self.tabs.widget(index)
        build = self._unbuilt.pop(name, None)
        if build is None:
            return placeholder
        widget = build()
        if name == "contactsTab" and self._flow_text is not None:
            widget.set_flow_text(*self._flow_text)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        self.tabs.insertTab(index, widget, self.tabs.tabText(index))
        self.tabs.removeTab(index + 1)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        placeholder.deleteLater()
        return widget

    @property
    def accounts_tab(self) -> AccountsTab:
        return self.tab("accountsTab")

    @property
    def contacts_tab(self) -> ContactsTab:
        return self.tab("contactsTab")

    @property
    def campaigns_tab(self) -> CampaignsTab:
        return self.tab("campaignsTab")

    @property
    def monitor_tab(self) -> MonitorTab:
        return self.tab("monitorTab")

    @property
    def history_tab(self) -> HistoryTab:
        return self.tab("historyTab")

    def _launched_before_monitor(self, campaign_id: int) -> None:
        """A launch builds the Monitor, which follows it from then on (its own connection misses this signal)."""
        if "monitorTab" in self._unbuilt:
            self.monitor_tab.follow_launch(campaign_id)

    def _flow_before_contacts(self, text: str, flow: str) -> None:
        if "contactsTab" in self._unbuilt:
            self._flow_text = (text, flow)

    def check_interrupted(self) -> None:
        """At start-up: campaigns a crash left mid-send are checked by the Campaigns tab (built only for them)."""
        campaigns = self.session.campaigns
        if campaigns.needs_reconciliation() or campaigns.held_on_this_computer():  # the latter: checked at expiry
            self.campaigns_tab.check_interrupted()

    # -- status bar: the active account and its connection ---------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("statusBar")
        label = QLabel(self.tr("Account:"))
        self.account_selector = QComboBox()
        self.account_selector.setObjectName("accountSelector")
        self.account_selector.setMinimumContentsLength(28)
        self.account_selector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.account_selector.setToolTip(self.tr("The account every tab works with"))
        label.setBuddy(self.account_selector)
        self.connection_state = QLabel()
        self.connection_state.setObjectName("connectionState")
        self.closing_notice = MessageBar("closingNotice")
        bar.addWidget(self.closing_notice, 1)
        bar.addPermanentWidget(label)
        bar.addPermanentWidget(self.account_selector)
        bar.addPermanentWidget(self.connection_state)
        self.reload_accounts()
        self.account_selector.currentIndexChanged.connect(self._account_chosen)
        self.session.activeAccountChanged.connect(self._follow_active_account)
        self.session.accountsChanged.connect(self.reload_accounts)
        self.session.connectionStateChanged.connect(self._show_connection_state)
        self._show_connection_state("unknown", "")

    def reload_accounts(self) -> None:
        """Refill the account selector from the store, keeping the active account selected."""
        self.account_selector.blockSignals(True)
        self.account_selector.clear()
        for account in self.session.services.accounts.list():
            self.account_selector.addItem(account.name, account.id)
        self.account_selector.blockSignals(False)
        self._follow_active_account(self.session.active_account)

    def _account_chosen(self, index: int) -> None:
        account_id = self.account_selector.itemData(index)
        self.session.set_active_account(
            self.session.services.accounts.get(account_id) if account_id is not None else None
        )

    def _follow_active_account(self, account: Account | None) -> None:
        index = self.account_selector.findData(account.id) if account else -1
        if index != self.account_selector.currentIndex():
            self.account_selector.blockSignals(True)
            self.account_selector.setCurrentIndex(index)
            self.account_selector.blockSignals(False)

    def _show_connection_state(self, state: str, message: str) -> None:
        texts = {
            "unknown": self.tr("● Not checked"),
            "checking": self.tr("● Checking…"),
            "ok": self.tr("● Connected"),
            "error": self.tr("● Not connected"),
        }
        self.connection_state.setText(texts.get(state, state))
        self.connection_state.setToolTip(message)
        self.connection_state.setProperty("state", state)
        self.connection_state.style().unpolish(self.connection_state)
        self.connection_state.style().polish(self.connection_state)

    # -- menus ---------------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        preferences_action = QAction(self.tr("&Preferences…"), self)
        preferences_action.setObjectName("preferencesAction")
        preferences_action.setShortcut(QKeySequence(self.tr("Ctrl+,")))
        preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        preferences_action.triggered.connect(self.show_preferences)
        file_menu.addAction(preferences_action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setObjectName("quitAction")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        log_action = self.log_view.toggleViewAction()
        log_action.setObjectName("toggleLogAction")
        log_action.setText(self.tr("&Log"))
        log_action.setShortcut(QKeySequence(self.tr("Ctrl+L")))
        view_menu.addAction(log_action)
        view_menu.addMenu(language_menu(self.session.services.preferences, self))

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about_action = QAction(self.tr("&About Autocall Desk"), self)
        about_action.setObjectName("aboutAction")
        about_action.triggered.connect(self._show_about)
        help_menu.addAction(about_action)

    def _show_about(self) -> None:
        from ui.dialogs.about import show_about

        show_about(self, self.session.services.paths)

    def show_preferences(self) -> PreferencesDialog:
        from ui.dialogs.preferences import show_preferences

        return show_preferences(self.session, self)

    def show_tab(self, object_name: str) -> None:
        if any(self.tabs.widget(i).objectName() == object_name for i in range(self.tabs.count())):
            self.tabs.setCurrentWidget(self.tab(object_name))

    def report_previous_crash(self, details: str) -> None:
        """Tell the user, once, that the last session ended in a hard crash — with the details to send."""
        self.statusBar().showMessage(self.tr("The previous session ended unexpectedly."), 15000)
        CrashDialog(
            details,
            self,
            title=self.tr("The previous session ended unexpectedly"),
            intro=self.tr(
                "Autocall Desk closed unexpectedly last time. Saved work is intact; campaigns that were "
                "sending are checked with the provider before anything is sent again. If this repeats, "
                "copy the details below and send them to support."
            ),
        ).show()

    def come_forward(self) -> None:
        """A second start on this data folder asked for the window: un-minimise it and bring it to the front."""
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.show()
        self.raise_()
        self.activateWindow()
        self.statusBar().showMessage(self.tr("Autocall Desk is already open: this is its window."), 10000)

    # -- closing -------------------------------------------------------------------------------------------
    def close_without_asking(self) -> None:
        """SIGTERM (logout, shutdown): close every window without a question; sending still stops cleanly."""
        self._ask_before_closing = False
        QApplication.closeAllWindows()  # dialogs too: a modal one would keep the app open

    def close_question(self, names: list[str]) -> QMessageBox:
        """The question asked when the window is closed while ``names`` (campaigns) are being sent."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Sending is in progress"),
                          self.tr("Sending is in progress — stop after the current group of calls and quit?"),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("closeWhileSendingBox")
        if self._in_team():
            box.setInformativeText(arg(self.tr(
                "Being sent now: %1.\n\nCalls the provider already has still go ahead. This desk stops after the "
                "current group of calls and hands the campaign back to the team: the server carries on sending it, "
                "or any desk can resume it, without calling anyone twice."), ", ".join(names)))
        else:
            box.setInformativeText(self.tr(
                "Being sent now: {names}.\n\nCalls the provider already has still go ahead. Nothing more is sent: the "
                "campaign is paused with every contact's state kept, and can be resumed from the Campaigns tab next "
                "time without calling anyone twice.").format(names=", ".join(names)))
        stop = box.button(QMessageBox.StandardButton.Yes)
        stop.setText(self.tr("&Stop after this group and quit"))
        stop.setObjectName("stopAndQuitButton")
        keep = box.button(QMessageBox.StandardButton.Cancel)
        keep.setText(self.tr("&Keep sending"))
        keep.setObjectName("keepSendingButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        return box

    def _in_team(self) -> bool:
        """Whether this desk works in the team's database, where the server or another desk carries on what it
        stops sending."""
        return self.session.services.store.engine == "postgresql"

    def _sending(self) -> list[str]:
        campaigns = self.session.campaigns
        return [c.name for c in campaigns.list() if campaigns.is_dispatching(c)]

    def _stop_sending_then_close(self) -> None:
        """Pause every dispatch after its current batch, then close; the window says so meanwhile."""
        if self._stopping:
            return
        self._stopping = True
        log.info("Closing: sending stops after the current batch")
        self.tabs.setEnabled(False)
        self.closing_notice.warning(self.tr("Stopping after the current group of calls…"))

        async def stop_then_close() -> None:
            if self._in_team():  # stored as being sent, so the team's server carries on with it
                await self.session.campaigns.interrupt_all(self.tr("Handed back to the team when a desk closed."))
            else:
                await self.session.campaigns.pause_all()
            self._stopping = False
            if self._ask_before_closing:
                self.close()
            else:
                QApplication.closeAllWindows()

        self.session.services.tasks.spawn(stop_then_close(), name="close-after-current-batch")

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._stopping or self._sending():
            event.ignore()
            if self._stopping:
                return
            if self._ask_before_closing:
                box = self.close_question(self._sending())
                answer = box.exec()
                box.deleteLater()
                if answer != QMessageBox.StandardButton.Yes:
                    return
            self._stop_sending_then_close()
            return
        self.session.services.preferences.set(
            WINDOW_GEOMETRY, bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        )
        self.log_view.detach()
        super().closeEvent(event)

    # -- geometry ------------------------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.session.services.preferences.get(WINDOW_GEOMETRY)
        if saved:
            self.restoreGeometry(QByteArray.fromBase64(saved.encode("ascii")))
