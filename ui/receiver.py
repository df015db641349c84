"""The notification receiver inside the window: running while the Notifications preferences turn it on, on their
address and port, restarted when they or the accounts change, stopped when the window closes. In demo mode the
in-process simulator notifies it, so a new user sees notifications arrive live."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.accounts.service import AccountService, DemoBackend
from desktop.errors import AutocallError
from desktop.notifications.inbox import Inbox, Received
from desktop.settings import NOTIFY_ENABLED, NOTIFY_HOST, NOTIFY_PORT, Preferences
from ui.text import arg

if TYPE_CHECKING:
    from desktop.notifications.receiver import Endpoint, RunningReceiver

log = logging.getLogger(__name__)


class EmbeddedReceiver(QObject):
    #: An authentic, new notification was stored (its account id); emitted on the receiver's worker thread, so a
    #: connected slot runs on the GUI thread.
    eventArrived = Signal(int)
    #: The receiver started, stopped or failed to start: its state in words.
    stateChanged = Signal(str)

    def __init__(self, preferences: Preferences, accounts: AccountService, inbox: Inbox,
                 demo: DemoBackend | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.accounts = accounts
        self.inbox = inbox
        self.demo = demo
        self.running: RunningReceiver | None = None
        self.problem = ""  # why the receiver is not running although it is turned on ("" otherwise)

    def apply(self) -> None:
        """Stop the receiver, then start it again if the preferences turn it on; a failure is kept in
        :attr:`problem` and said through :attr:`stateChanged`, never raised."""
        self.stop()
        if not self.preferences.get(NOTIFY_ENABLED):
            self.stateChanged.emit(self.describe())
            return
        from desktop.demo import DemoEnvironment  # the server and the simulator load when a receiver is started
        from desktop.notifications.demo import notify_demo
        from desktop.notifications.receiver import Receiver, RunningReceiver, endpoints

        host, port = self.preferences.get(NOTIFY_HOST).strip(), self.preferences.get(NOTIFY_PORT)
        try:
            receiver = Receiver(self.inbox, endpoints(self.accounts), on_received=self._received)
            self.running = RunningReceiver(receiver, host, port).start()
            log.info("notification receiver on %s for %d account(s)", self.running.url, len(receiver.endpoints))
            if isinstance(self.demo, DemoEnvironment):
                log.info("demo simulator notifies the receiver for: %s",
                         ", ".join(notify_demo(self.demo, self.running, self.accounts)) or "no provider")
        except OSError as exc:
            self.problem = arg(self.tr("Cannot listen on %1 port %2 (%3): choose another address or port in "
                                       "Preferences, or stop what uses it."), host, str(port), exc.strerror or exc)
        except AutocallError as exc:  # the keyring refused a header value, or the server did not come up
            self.problem = arg(self.tr("The notification receiver did not start: %1"), str(exc))
        if self.problem:
            log.warning("notification receiver not started: %s", self.problem)
        self.stateChanged.emit(self.describe())

    def restart_if_running(self) -> None:
        """Serve the accounts as they are now (an account was added or removed) if the receiver runs."""
        if self.running is not None:
            self.apply()

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
        self.running = None
        self.problem = ""

    def describe(self) -> str:
        """The receiver's state in one sentence."""
        if self.running is not None:
            return arg(self.tr("Receiving notifications on %1."), self.running.url)
        return self.problem or self.tr("Notifications are off: the app asks the provider for results at regular "
                                       "intervals.")

    @property
    def endpoints(self) -> list[Endpoint]:
        """The routes being served (none while stopped)."""
        return list(self.running.receiver.endpoints) if self.running is not None else []

    def _received(self, endpoint: Endpoint, received: Received) -> None:
        self.eventArrived.emit(endpoint.account_id)
