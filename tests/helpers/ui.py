"""Driving the real main window in tests: open it on a demo account, answer its questions, wait for its jobs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from desktop.accounts.repository import Account
from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.helpers.contacts import SAMPLE
from tests.helpers.support import wait_until
from ui.campaigns.preflight_dialog import PreflightDialog
from ui.campaigns.tab import CampaignsTab
from ui.contacts.tab import ContactsTab
from ui.main_window import MainWindow
from ui.session import Session


def account(services: Services, provider: str) -> Account:
    return next(a for a in services.accounts.list() if a.is_demo and a.provider == provider)


def open_window(qtbot, services: Services, demo: DemoEnvironment, provider: str = "vbot") -> MainWindow:
    services.accounts.ensure_demo_accounts()
    session = Session(services, demo)
    window = MainWindow(session)
    session.set_active_account(account(services, provider))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.show_tab("campaignsTab")
    return window


def answer_yes(monkeypatch) -> list[str]:
    """Answer Yes to every question (the final launch confirmation, cancel), recording what was asked."""
    asked: list[str] = []

    def question(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


async def preflight(tab: CampaignsTab) -> PreflightDialog:
    tab.launch_button.click()
    await wait_until(lambda: tab.preflight_dialog is not None and tab.preflight_dialog.isVisible(), timeout=20,
                     message="the preflight dialog")
    return tab.preflight_dialog


async def finished(tab: ContactsTab, timeout: float = 20) -> None:
    """Wait for the tab's running job (and the launch check it starts) to end."""
    await wait_until(lambda: not tab.is_busy and "contacts-checks" not in tab.session.services.tasks.running(),
                     timeout=timeout, message="the contacts job to finish")


async def import_sample(tab: ContactsTab, path: Path = SAMPLE) -> None:
    tab.import_file(path)
    assert tab.is_busy and tab.progress_row.isVisible()
    await finished(tab)


async def choose_nhac_no(tab: ContactsTab) -> None:
    panel = tab.fields_panel
    await wait_until(lambda: panel.sources["vbot"].template_combo.count() > 0, timeout=20, message="VBot templates")
    assert panel.sources["vbot"].choose_template("NHAC_NO")
    await wait_until(lambda: len(panel.fields) == 3, timeout=20, message="NHAC_NO fields")
    await finished(tab)
