"""What every tab shares: the session (every service comes from it), its job runner, the active account and a
message bar. Tabs connect session signals to bound methods only, so Qt ends those connections with the tab."""

from __future__ import annotations

from desktop.accounts import Account
from ui.jobs import Jobs
from ui.session import Session
from ui.widgets.message_bar import MessageBar


class Tab:
    """Mixed into a tab's widget class, before it (``class ContactsTab(Tab, QStackedWidget)``); the tab calls
    :meth:`setup_tab` right after its widget's ``__init__``."""

    session: Session
    message: MessageBar

    def setup_tab(self, session: Session, message_name: str) -> None:
        self.session = session
        self.message = MessageBar(message_name)

    @property
    def jobs(self) -> Jobs:
        return self.session.jobs

    @property
    def active_account(self) -> Account | None:
        return self.session.active_account
