"""The Monitor tab on the demo simulator, shown at 1280x800, as the Monitor's tests use it."""

from __future__ import annotations

import pytest

from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.helpers.campaigns import quick_engine
from ui.monitor.tab import MonitorTab
from ui.session import Session


@pytest.fixture
def session(services: Services, manual_demo: DemoEnvironment) -> Session:
    services.accounts.ensure_demo_accounts()
    quick_engine(services.store)
    return Session(services, manual_demo)


@pytest.fixture
async def tab(qtbot, session: Session) -> MonitorTab:
    """The tab, shown on the test's loop (showing it starts owned tasks; tests/conftest.py cancels them)."""
    widget = MonitorTab(session)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget
