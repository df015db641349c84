"""What every tab shares: the session (every service comes from it), its job runner and the active account.
Tabs connect session signals to bound methods only, so Qt ends those connections with the tab; a tab that reports
to the operator shows a :class:`~ui.widgets.message_bar.MessageBar` as ``message``."""

from __future__ import annotations

from desktop.accounts.repository import Account
from ui.jobs import Jobs
from ui.session import Session


class Tab:
    """Mixed into a tab's widget class, before it (``class ContactsTab(Tab, QStackedWidget)``); the tab calls
    :meth:`setup_tab` right after its widget's ``__init__``."""

    session: Session

    def setup_tab(self, session: Session) -> None:
        self.session = session

    @property
    def jobs(self) -> Jobs:
        return self.session.jobs

    @property
    def active_account(self) -> Account | None:
        return self.session.active_account
