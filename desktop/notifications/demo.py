"""Demo mode with a receiver running: the simulator notifies the receiver's routes of the demo accounts, so a new
user sees notifications arrive live. Whoever runs both in one process (the window) calls :func:`notify_demo` once
the receiver has started; a simulator served by another process is left alone."""

from __future__ import annotations

from desktop.accounts.service import AccountService
from desktop.demo import DemoEnvironment
from desktop.notifications.receiver import RunningReceiver


def notify_demo(demo: DemoEnvironment, receiver: RunningReceiver, accounts: AccountService) -> list[str]:
    """Send the demo simulator's webhooks to ``receiver``'s demo-account routes, authenticated as each route
    expects; returns the providers now notifying it."""
    demo_ids = {a.id for a in accounts.repository.list() if a.is_demo}
    return demo.notify((endpoint.provider, url, endpoint.channel.header())
                       for endpoint, url in receiver.urls() if endpoint.account_id in demo_ids)
