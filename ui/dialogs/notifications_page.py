"""The Notifications page's own part, under its generated preferences: whether the receiver runs, a plain warning
before an address other computers can reach, per account the exact URL and values to paste into the provider's
console (secrets hidden until asked), "Send a test notification" through the public URL, and the inbox (recent
events, refused attempts with their reason)."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AutocallError
from desktop.i18n import shown
from desktop.notifications.probe import send_test
from desktop.notifications.receiver import Endpoint, endpoints
from desktop.providers.notify import TEST_KIND
from desktop.serving import LOOPBACK
from ui import formats
from ui.providers import provider_name
from ui.session import Session
from ui.text import arg
from ui.widgets.message_bar import MessageBar

SECRET_MASK = "••••••••"
INBOX_ROWS = 50


def _time(epoch: float) -> str:
    return formats.date_time(epoch, seconds=True)


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setMinimumHeight(130)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))


class NotificationsPanel(QWidget):
    def __init__(self, session: Session, public_url: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notificationsPanel")
        self.session = session
        self.receiver = session.receiver
        self._public_url = public_url  # the page's public URL field (its text is used before OK)
        self._routes: list[Endpoint] = []
        self._owners: list[Endpoint] = []  # the account of each row of the pastes table
        self._values: list[str] = []  # the exact value of each row (shown masked while it is a hidden secret)

        self.host_warning = MessageBar("notifyHostWarning")
        self.url_warning = MessageBar("notifyUrlWarning")
        self.state = QLabel()
        self.state.setObjectName("notifyState")
        self.state.setWordWrap(True)
        self.show_secrets = QCheckBox(self.tr("Show secret values"))
        self.show_secrets.setObjectName("notifyShowSecrets")
        self.show_secrets.toggled.connect(self.refresh_pastes)
        self.pastes = _table("notifyPastes", [self.tr("Account"), self.tr("Provider"), self.tr("Enter in the "
                                              "provider's console"), self.tr("Value")])
        self.copy_button = QPushButton(self.tr("Copy value"))
        self.copy_button.setObjectName("notifyCopyValue")
        self.copy_button.setToolTip(self.tr("Copies the selected row's exact value (a hidden secret too) to paste "
                                            "into the provider's console"))
        self.copy_button.clicked.connect(self.copy_value)
        self.test_button = QPushButton(self.tr("Send a test notification"))
        self.test_button.setObjectName("notifySendTest")
        self.test_button.setToolTip(self.tr("Sends a harmless notification for the selected account through the "
                                            "public URL, as the provider would, and says whether it arrived"))
        self.test_button.clicked.connect(self.send_test)
        self.test_result = MessageBar("notifyTestResult")
        self.events = _table("notifyEvents", [self.tr("Received"), self.tr("Account"), self.tr("Event"),
                                              self.tr("Applied")])
        self.refusals = _table("notifyRefusals", [self.tr("Last refused"), self.tr("Account"), self.tr("Times"),
                                                  self.tr("Reason")])
        refresh = QPushButton(self.tr("Refresh"))
        refresh.setObjectName("notifyRefreshInbox")
        refresh.clicked.connect(self.refresh_inbox)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.host_warning)
        layout.addWidget(self.url_warning)
        layout.addWidget(self.state)
        heading = QLabel(self.tr("<b>What to paste into each provider's console</b>"))
        layout.addWidget(heading)
        layout.addWidget(self.show_secrets)
        layout.addWidget(self.pastes)
        row = QHBoxLayout()
        row.addWidget(self.copy_button)
        row.addWidget(self.test_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.test_result)
        inbox = QHBoxLayout()
        inbox.addWidget(QLabel(self.tr("<b>Inbox</b>: recent notifications and refused attempts")), 1)
        inbox.addWidget(refresh)
        layout.addLayout(inbox)
        layout.addWidget(self.events)
        layout.addWidget(self.refusals)

        self.receiver.stateChanged.connect(self._show_state)
        self.receiver.eventArrived.connect(self.refresh_inbox)
        public_url.textChanged.connect(self.refresh_pastes)
        self._show_state(self.receiver.describe())
        self.load_routes()
        self.refresh_inbox()

    # -- the listen address ------------------------------------------------------------------------------------
    def check_host(self, host: str) -> None:
        """A plain warning while the address is one other computers can reach."""
        if host.strip() in LOOPBACK:
            self.host_warning.clear()
        else:
            self.host_warning.warning(arg(self.tr(
                "With “%1”, other computers on your network (and, through a port forward, the internet) can reach "
                "the receiver. It stores only notifications that prove they come from your provider, but choose "
                "this only if your router or reverse proxy runs on another computer; a tunnel or a reverse proxy on "
                "this computer works with 127.0.0.1."), host.strip() or self.tr("(empty)")))

    def _show_state(self, text: str) -> None:
        self.state.setText(text)

    # -- what to paste ------------------------------------------------------------------------------------------
    def public_url(self) -> str:
        return self._public_url.text().strip().rstrip("/")

    def load_routes(self) -> None:
        """Read the accounts whose provider sends notifications (making a header value one needs), then list
        what to paste."""
        try:
            self._routes = endpoints(self.session.accounts)
        except AutocallError as exc:  # the keyring refused the header value it had to keep
            self._routes = []
            self.test_result.error(str(exc))
        self.refresh_pastes()

    def check_public_url(self) -> None:
        """Say plainly when providers could not use the public URL, or would send their data unencrypted."""
        url = self.public_url()
        if not url:
            self.url_warning.warning(self.tr("No public URL yet: providers cannot reach the receiver, and NXCLOUD "
                                             "campaigns are created without an address for results (the app asks "
                                             "for them instead)."))
        elif not url.startswith(("https://", "http://")):
            self.url_warning.error(self.tr("The public URL must start with https:// (or http://); until it does, "
                                           "NXCLOUD tasks are created without callback addresses."))
        elif url.startswith("http://"):
            self.url_warning.warning(self.tr("With http://, call results cross the internet unencrypted: prefer "
                                             "an https:// address (a reverse proxy or tunnel gives one)."))
        else:
            self.url_warning.clear()

    def refresh_pastes(self) -> None:
        """One row per value to paste, per account whose provider sends notifications."""
        self.check_public_url()
        base = self.public_url() or self.tr("<public URL>")
        rows, owners, values = [], [], []
        for endpoint in self._routes:
            for paste in endpoint.channel.pastes(base + endpoint.path):
                hidden = paste.secret and not self.show_secrets.isChecked()
                rows.append([endpoint.account_name, provider_name(endpoint.provider), paste.label,
                             SECRET_MASK if hidden else paste.value])
                owners.append(endpoint)
                values.append(paste.value)
        _fill(self.pastes, rows)
        self._owners, self._values = owners, values
        if rows and not self.pastes.selectedItems():
            self.pastes.selectRow(0)
        self.test_button.setEnabled(bool(rows))
        self.copy_button.setEnabled(bool(rows))

    def copy_value(self) -> None:
        row = self.pastes.currentRow()
        if 0 <= row < len(self._values):
            QGuiApplication.clipboard().setText(self._values[row])

    def selected_endpoint(self) -> Endpoint | None:
        row = self.pastes.currentRow()
        return self._owners[row] if 0 <= row < len(self._owners) else None

    # -- the test -------------------------------------------------------------------------------------------------
    def send_test(self) -> None:
        endpoint = self.selected_endpoint()
        if endpoint is None:
            return
        if self.receiver.running is None:
            self.test_result.warning(self.tr("The receiver is not running: turn on “Receive provider notifications” "
                                             "and press Apply first."))
            return
        self.test_button.setEnabled(False)
        self.test_result.info(arg(self.tr("Sending a test notification for %1…"), endpoint.account_name))
        self.session.jobs.run("notifications-test", lambda _job: self._test(endpoint),
                              on_error=self.test_result.error, on_finished=lambda: self.test_button.setEnabled(True))

    async def _test(self, endpoint: Endpoint) -> None:
        result = await send_test(endpoint, self.public_url(), self.receiver.inbox)
        if result.arrived:
            self.test_result.info(result.message)
        else:
            self.test_result.error(result.message)
        self.refresh_inbox()

    # -- the inbox ------------------------------------------------------------------------------------------------
    def refresh_inbox(self) -> None:
        inbox = self.receiver.inbox
        names = {a.id: a.name for a in self.session.accounts.repository.list()}
        test, applied, unmatched = self.tr("Test notification"), self.tr("yes"), self.tr("no call matched")
        _fill(self.events, [[_time(e.received_at), names.get(e.account_id, str(e.account_id)),
                             test if e.kind == TEST_KIND else e.kind,
                             "—" if e.kind == TEST_KIND else applied if e.applied else unmatched]
                            for e in inbox.events(INBOX_ROWS)])
        _fill(self.refusals, [[_time(r.last_at), names.get(r.account_id, str(r.account_id)), formats.number(r.count),
                               shown(r.reason)] for r in inbox.refusals()])
