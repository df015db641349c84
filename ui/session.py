"""The UI's view of the running app: the core services, the job runner, and the state every tab follows.

Tabs receive one :class:`Session`, take every service from it, and listen to its signals instead of talking to
each other, so adding a tab never means rewiring the others.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.accounts.repository import Account
from desktop.accounts.service import AccountService, DemoBackend
from desktop.changes import ChangeSet, open_feed, own_connection
from desktop.notifications.inbox import Inbox
from desktop.services import Services
from desktop.settings import ACTIVE_ACCOUNT_ID
from ui.changes import LiveChanges
from ui.jobs import ERRORS, Jobs
from ui.receiver import EmbeddedReceiver

if TYPE_CHECKING:
    from desktop.campaigns.service import CampaignService
    from desktop.contacts.repository import ContactRepository
    from desktop.recordings.source import RecordingSource


class Session(QObject):
    activeAccountChanged = Signal(object)  # Account | None
    connectionStateChanged = Signal(str, str)  # state ('unknown'/'checking'/'ok'/'error'), message
    showTab = Signal(str)  # objectName of the tab to bring forward
    accountsChanged = Signal()  # an account was added, renamed, edited or removed
    #: A campaign (its id) was launched or resumed: the Monitor tab lists it, shows it and watches it (it starts
    #: the poller; the Campaigns tab need not).
    campaignLaunched = Signal(int)
    #: "Call again…" was pressed outside the Campaigns tab (the Monitor): (campaign id, the MessageBar where the
    #: outcome is said). The Campaigns tab asks who to call and makes, checks and launches the round, as its own
    #: button does.
    roundRequested = Signal(int, object)
    #: A dispatch reported progress (a DispatchProgress, on the loop): the tabs that show its contacts re-read them
    #: from the store.
    dispatchProgressed = Signal(object)
    listSaved = Signal(int)  # a contact list was stored: its id
    listDeleted = Signal(int)  # a contact list was deleted: its id
    newCampaignRequested = Signal(int)  # "Create a campaign from this list": the list's id (after showTab)
    mappingSaved = Signal(str)  # a campaign's field mapping was saved: its scope ("vbot:NHAC_NO")
    #: BizPhone: the call-flow message being edited changed: (text, flow name); its ``{{placeholders}}`` are the
    #: template fields the Contacts tab maps.
    flowTextChanged = Signal(str, str)
    #: The person asked for the Preferences (e.g. from a message that names a limit there).
    preferencesRequested = Signal()

    def __init__(self, services: Services, demo: DemoBackend | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.accounts = AccountService(services.store, services.secrets, demo)
        self.jobs = Jobs(services.tasks)
        #: The notification receiver the window runs while the Notifications preferences turn it on.
        self.receiver = EmbeddedReceiver(services.preferences, self.accounts, Inbox(services.store), demo, self)
        self.accountsChanged.connect(self.receiver.restart_if_running)
        self._active: Account | None = None
        #: What other desks commit to a shared database (team mode), gathered for the tabs to refresh what they
        #: show; silent on a desk's own SQLite file. The app closes it when the window closes.
        self.live = LiveChanges(open_feed(services.store), lambda: own_connection(services.store), self)
        self.live.changed.connect(self._changed_elsewhere)

    @functools.cached_property
    def campaigns(self) -> CampaignService:
        """One engine for the Campaigns and Monitor tabs, so a dispatch started in one is seen by the other; built
        (with the campaign engine's modules) when first asked for, which the app does right after the first frame."""
        from desktop.campaigns.service import CampaignService

        campaigns = CampaignService(self.services.store, self.accounts, self.services.tasks)
        # A round a campaign's automatic "call again" rule makes while the window is open is followed like a launch.
        campaigns.follow_rules(self.campaignLaunched.emit, self.dispatchProgressed.emit)
        return campaigns

    @functools.cached_property
    def recordings(self) -> RecordingSource:
        """One recording cache for every tab, so a download in progress is shared, not repeated; built (with the
        provider interface it fetches through) when a tab first asks for it, after the first frame."""
        from desktop.recordings.source import RecordingSource

        return RecordingSource.open(self.services.paths, self.services.preferences, self.accounts)

    @property
    def contacts(self) -> ContactRepository:
        """The one contact repository every tab and dialog uses."""
        return self.services.contacts

    @property
    def active_account(self) -> Account | None:
        return self._active

    def set_active_account(self, account: Account | None) -> None:
        self._active = account
        if account is not None and account.id is not None:
            self.services.preferences.set(ACTIVE_ACCOUNT_ID, account.id)
        self.activeAccountChanged.emit(account)
        self.connectionStateChanged.emit("unknown", "")

    def restore_active_account(self) -> None:
        """Reselect the account chosen last time, else the first one (demo accounts sort first)."""
        accounts = self.services.accounts.list()
        wanted = self.services.preferences.get(ACTIVE_ACCOUNT_ID)
        chosen = next((a for a in accounts if a.id == wanted), accounts[0] if accounts else None)
        self.set_active_account(chosen)

    async def check_connection(self, account: Account) -> tuple[bool, str]:
        """Run the account's cheapest authenticated call; the status bar follows if it is the active account.

        Returns (connected, message) with the provider's own refusal in words when it fails."""
        self._report_state(account, "checking", "")
        try:
            info = await self.accounts.test_connection(account)
        except ERRORS as exc:
            self._report_state(account, "error", str(exc))
            return False, str(exc)
        self._report_state(account, "ok", info.message)
        return True, info.message

    def use_demo(self, demo: DemoBackend) -> None:
        """Serve the demo accounts from ``demo`` (the app starts the simulator once its window is up)."""
        self.accounts.demo = demo
        self.receiver.demo = demo

    def check_active_connection_on_change(self) -> None:
        """Check the active account now and each newly chosen one, in the background (the app does this; tests opt
        in)."""
        self.activeAccountChanged.connect(self._spawn_check)
        self._spawn_check(self._active)

    def _spawn_check(self, account: Account | None) -> None:
        if account is not None:
            self.services.tasks.spawn(self.check_connection(account), name="active-account-connection")

    def _changed_elsewhere(self, changes: ChangeSet) -> None:
        if changes.touches("accounts"):
            self.accountsChanged.emit()

    def _report_state(self, account: Account, state: str, message: str) -> None:
        if self._active is not None and self._active.id == account.id:
            self.connectionStateChanged.emit(state, message)
