"""The main window over a fresh data folder with the demo accounts: the window most GUI tests start from (a test
module that needs a simulator behind it defines its own ``window``)."""

from __future__ import annotations

import pytest

from desktop.services import Services
from ui.main_window import MainWindow
from ui.session import Session


@pytest.fixture
def window(qtbot, services: Services) -> MainWindow:
    services.accounts.ensure_demo_accounts()
    session = Session(services)
    main = MainWindow(session)
    session.restore_active_account()
    qtbot.addWidget(main)
    main.show()
    main.build_shown_tab()  # as the app does once the first frame is painted
    return main
