"""Every tab fits a 1024x700 window (and 1280x800): no label, button or check box shows less than its text, and no
combo box is narrower than its smallest useful size.

Only geometry is compared, never words, so the test holds with any translator installed: run it under the
pseudo-translation (strings stretched ~40 %) or Vietnamese to find clipping before a translator does.
"""

from __future__ import annotations

import asyncio

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QComboBox, QLabel, QPushButton, QWidget

from desktop.demo import DemoEnvironment
from desktop.services import Services
from tests.helpers.support import wait_until
from tests.helpers.ui import account, choose_nhac_no, import_sample
from ui.main_window import MainWindow
from ui.session import Session

SIZES = [(1024, 700), (1280, 800)]
TABS = ["accountsTab", "contactsTab", "campaignsTab", "monitorTab", "historyTab"]


def _shown_text(widget: QLabel | QAbstractButton) -> str:
    """The text as drawn: rich text as its plain words, without the mnemonic's "&"."""
    text = widget.text()
    if isinstance(widget, QLabel) and widget.textFormat() != 0 and "<" in text:  # 0: Qt.TextFormat.PlainText
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _what(widget: QWidget) -> str:
    name = widget.objectName() or (widget.text()[:40] if hasattr(widget, "text") else "")
    return f"{type(widget).__name__} {name!r}"


def clipped(window: MainWindow) -> list[str]:
    """The visible widgets of ``window`` that cut their text: a label whose text is wider than its contents (or, when
    it wraps, taller), a button or check box narrower than its size hint (text, icon, indicator and padding), a
    combo box narrower than its minimum size hint."""
    found: list[str] = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not window:
            continue
        if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
            room = widget.contentsRect().adjusted(widget.margin(), widget.margin(), -widget.margin(),
                                                  -widget.margin())
            room.setWidth(room.width() - max(widget.indent(), 0))
            if widget.wordWrap():
                if room.height() < widget.heightForWidth(widget.width()) - 2 * widget.margin() - 1:
                    found.append(f"{_what(widget)}: {room.height()} px tall, needs "
                                 f"{widget.heightForWidth(widget.width())}")
                continue
            lines = _shown_text(widget).splitlines() or [""]
            need = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
            if need > room.width():
                found.append(f"{_what(widget)}: {room.width()} px wide, text needs {need}")
        elif isinstance(widget, (QPushButton, QCheckBox)) and widget.text():
            if widget.width() < widget.sizeHint().width():
                found.append(f"{_what(widget)}: {widget.width()} px wide, needs {widget.sizeHint().width()}")
        elif isinstance(widget, QComboBox) and widget.width() < widget.minimumSizeHint().width():
            found.append(f"{_what(widget)}: {widget.width()} px wide, needs {widget.minimumSizeHint().width()}")
    return found


async def every_tab_at_every_size(qtbot, window: MainWindow) -> dict[str, list[str]]:
    """What :func:`clipped` finds on each tab at each of :data:`SIZES`."""
    problems: dict[str, list[str]] = {}
    for width, height in SIZES:
        window.resize(width, height)
        for tab in TABS:
            window.show_tab(tab)
            await asyncio.sleep(0.05)  # layouts settle
            found = clipped(window)
            if window.width() > width or window.height() > height:  # a layout's minimum pushed the window out
                found.append(f"the window needs {window.width()}x{window.height()}")
            if found:
                problems[f"{tab} at {width}x{height}"] = found
    return problems


@pytest.fixture
def window(qtbot, services: Services, manual_demo: DemoEnvironment) -> MainWindow:
    services.accounts.ensure_demo_accounts()
    session = Session(services, manual_demo)
    main = MainWindow(session)
    session.set_active_account(account(services, "vbot"))
    qtbot.addWidget(main)
    main.show()
    return main


async def test_every_tab_fits_at_first_start(qtbot, window: MainWindow) -> None:
    assert await every_tab_at_every_size(qtbot, window) == {}


async def test_the_check_finds_text_that_does_not_fit(qtbot, window: MainWindow) -> None:
    window.history_tab.search_button.setText("Search " * 20)  # as a translation far longer than the English would
    problems = await every_tab_at_every_size(qtbot, window)
    assert "historyTab at 1024x700" in problems


async def test_every_tab_fits_with_a_file_imported_and_a_campaign_form_per_provider(qtbot, window: MainWindow,
                                                                                   services: Services) -> None:
    window.show_tab("contactsTab")
    tab = window.contacts_tab
    await import_sample(tab)
    await choose_nhac_no(tab)
    tab.save_list("Khách hàng tháng 6")
    await wait_until(lambda: not tab.is_busy, timeout=20, message="the list to be saved")
    window.accounts_tab.start_new("nxcloud")  # the longest account form, with its notes
    problems = await every_tab_at_every_size(qtbot, window)
    for provider in ("vbot", "nxcloud", "bizphone"):
        window.session.set_active_account(account(services, provider))
        window.show_tab("campaignsTab")
        window.campaigns_tab.new_campaign()
        found = {key: value for key, value in (await every_tab_at_every_size(qtbot, window)).items()
                 if key.startswith("campaignsTab")}
        problems.update({f"{key} ({provider})": value for key, value in found.items()})
    assert problems == {}
