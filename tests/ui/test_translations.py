"""The window in Vietnamese (issue 19): the catalogues are complete for the code as it is, and no widget of the main
window, its tabs, menus and the dialogs they open still shows an English source text once Vietnamese is chosen.
The pseudo-translation (``AUTOCALL_PSEUDO=1``) stretches every string for the layout checks."""

from __future__ import annotations

import ast
import asyncio
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QWidget,
)

from desktop import i18n
from desktop.campaigns.model import Dispatch
from desktop.campaigns.report import CampaignReport
from desktop.campaigns.results import Summary, outcome_words
from desktop.campaigns.rounds import ContactRounds
from desktop.providers.base import Outcome
from desktop.services import Services
from desktop.settings import LANGUAGE, OPTIONS
from tests.helpers.campaigns import add_list, settings_for
from tests.helpers.support import wait_until
from tests.helpers.ui import account, import_sample
from ui import i18n as ui_i18n
from ui.campaigns.redial_dialog import RedialDialog
from ui.dialogs.crash import CrashDialog
from ui.main_window import MainWindow
from ui.monitor.report import Heading, ReportContent, ReportDialog
from ui.platform.resources import stylesheet
from ui.session import Session

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "resources" / "translations"
BIN = Path(sys.executable).parent


def messages(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    """(context, source, translation, its type) of every message of a .ts file."""
    found = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            found.append((name, message.findtext("source") or "", translation.text if translation is not None
                          else None, translation.get("type") if translation is not None else None))
    return found


QT_CONTEXTS = {context for context, *_ in messages(TRANSLATIONS / "qtbase_vi.ts")} - {"QGuiApplication"}


def test_lupdate_finds_nothing_unfinished_or_obsolete(tmp_path: Path) -> None:
    """lupdate over ui/ as the code is now: every message translated, none left over from strings that are gone
    (scripts/update-translations.sh, then Qt Linguist, fixes a failure)."""
    copy = tmp_path / "autocall_vi.ts"
    shutil.copy(TRANSLATIONS / "autocall_vi.ts", copy)
    sources = sorted(str(path) for path in (ROOT / "ui").rglob("*.py"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-locations", "none", *sources, "-ts", str(copy)],
                   check=True, capture_output=True)
    found = messages(copy)
    unfinished = [(c, s) for c, s, text, kind in found if kind == "unfinished" or not text]
    obsolete = [(c, s) for c, s, _text, kind in found if kind in ("obsolete", "vanished")]
    assert len(found) > 700
    assert unfinished == [] and obsolete == []
    assert [(c, s) for c, s, text, kind in messages(TRANSLATIONS / "qtbase_vi.ts") if kind or not text] == []


def test_no_tr_call_hides_inside_an_f_string() -> None:
    """lupdate does not look inside f-strings: a ``tr()`` there is never extracted, so its words stay English in
    every language. Call ``tr()`` first and put its result in the f-string."""
    hidden = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in ast.walk(node)
                           if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                           and call.func.attr in ("tr", "translate")]
    assert hidden == []


@pytest.fixture(scope="session")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .qm files built from the .ts sources, as `make translations` builds them."""
    folder = tmp_path_factory.mktemp("translations")
    for ts in TRANSLATIONS.glob("*.ts"):
        subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(ts), "-qm", str(folder / f"{ts.stem}.qm")],
                       check=True)
    return folder


class Misses(QTranslator):
    """Installed before the catalogues, so asked last: sees exactly the lookups no catalogue answered."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: set[str] = set()  # ours (ui/)
        self.qt: set[tuple[str, str]] = set()  # Qt's own, in the contexts qtbase_vi.ts translates

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> None:
        if context in QT_CONTEXTS:
            self.qt.add((context, source))
        elif not context.startswith("Q"):  # other Qt classes' words (key names, layout direction) are not shown
            self.sources.add(source)
        return None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication, compiled: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Misses]:
    """Vietnamese (or, parametrized with "pseudo", the pseudo-translation) for the test, then English again."""
    if getattr(request, "param", "vi") == "pseudo":
        monkeypatch.setenv(ui_i18n.PSEUDO_ENV, "1")
    monkeypatch.setattr(ui_i18n, "translations_dir", lambda: str(compiled))
    before_locale, before_language = QLocale(), i18n.current_language()
    misses = Misses()
    qapp.installTranslator(misses)
    ui_i18n.use_language(qapp, "vi")
    yield misses
    monkeypatch.delenv(ui_i18n.PSEUDO_ENV, raising=False)
    ui_i18n.use_language(qapp, "en")
    qapp.removeTranslator(misses)
    QLocale.setDefault(before_locale)
    i18n.set_language(before_language)


@pytest.fixture
def vi_window(qtbot, services: Services, language: Misses) -> MainWindow:
    services.accounts.ensure_demo_accounts()
    add_list(services.store, 3)  # a saved list, so Campaigns shows its form rather than the empty state
    session = Session(services)
    window = MainWindow(session)
    window.setStyleSheet(stylesheet())  # the app's sizes and fonts (ui/app.py sets it on the application)
    session.restore_active_account()
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.build_shown_tab()  # as the app does once the first frame is painted
    window.campaigns_tab.new_campaign()  # the campaign form, with every provider's page in its stack
    return window


def shown_texts(root: QWidget) -> dict[str, str]:
    """Every text a person can read on ``root`` and its visible children: text → the widget's objectName/class."""
    texts: dict[str, str] = {}

    def add(text: str | None, widget: QWidget) -> None:
        if text and text.strip():
            texts.setdefault(text, widget.objectName() or type(widget).__name__)

    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        add(widget.toolTip(), widget)
        if widget.isWindow():
            add(widget.windowTitle(), widget)
        if isinstance(widget, (QLabel, QAbstractButton)):
            add(widget.text(), widget)
        if isinstance(widget, QGroupBox):
            add(widget.title(), widget)
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            add(widget.placeholderText(), widget)
        if isinstance(widget, QComboBox):
            for index in range(widget.count()):
                add(widget.itemText(index), widget)
        if isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                add(widget.tabText(index), widget)
                add(widget.tabToolTip(index), widget)
        if isinstance(widget, QHeaderView) and widget.model() is not None:
            for section in range(min(widget.count(), 50)):
                if not widget.isSectionHidden(section):
                    header = widget.model().headerData(section, widget.orientation())
                    add(header if isinstance(header, str) else None, widget)
    return texts


def menu_texts(menu: QMenu) -> dict[str, str]:
    texts = {}
    for action in menu.actions():
        if action.text():
            texts[action.text()] = action.objectName() or menu.objectName()
        if action.menu() is not None:
            texts |= menu_texts(action.menu())
    return texts


def english_left(texts: dict[str, str]) -> dict[str, str]:
    """The texts that are an English source the Vietnamese catalogues translate differently. The preference words
    and outcome words the core declares (desktop/settings.py, desktop/campaigns/results.py) are the core's
    catalogue's business, shown through desktop.i18n."""
    english = {source for catalogue in TRANSLATIONS.glob("*.ts") for _c, source, text, _k in messages(catalogue)
               if text and text != source}
    core = {i18n._(word) for option in OPTIONS for word in (option.group, option.label, option.help, option.unit)}
    core |= {outcome_words(outcome, dispatch) for outcome in Outcome for dispatch in Dispatch}
    return {text: where for text, where in texts.items() if text in english - core}


def settle(qtbot) -> None:
    """Let layouts catch up: a resize or a tab switch relayouts over several event-loop passes."""
    for _ in range(3):
        qtbot.wait(30)
        QCoreApplication.processEvents()


async def settled() -> None:
    """:func:`settle` for a test running as a task: the loop's own passes, since a nested loop (qtbot.wait) would
    run other tasks' steps inside this one's, which asyncio refuses (they would never start)."""
    for _ in range(3):
        await asyncio.sleep(0.03)


def round_and_report_texts(qtbot, window: MainWindow, services: Services) -> dict[str, str]:
    """The Monitor's page as it is with a campaign (answers counted), the "Call again…" dialog and the campaign
    report (while its figures are read, and showing them)."""
    seen: dict[str, str] = {}
    monitor = window.monitor_tab
    window.show_tab("monitorTab")
    monitor.setCurrentIndex(1)
    monitor.answer_counters.show_counts({"pressed:1": 2})
    settle(qtbot)
    seen |= shown_texts(monitor)
    vbot = account(services, "vbot")
    campaign = window.session.campaigns.create("Nhắc nợ", vbot, add_list(services.store, 2, start=10),
                                               settings_for("vbot"))
    history = [ContactRounds(1, attempts=1, latest_outcome=Outcome.NO_ANSWER),
               ContactRounds(2, attempts=1, latest_outcome=Outcome.ANSWERED, answered=True)]
    redial = RedialDialog(campaign, history, lambda _delay: datetime.now(UTC), window)
    redial.show()
    settle(qtbot)
    seen |= shown_texts(redial)
    redial.close()
    report = ReportDialog(monitor.jobs, window.session.campaigns, vbot, campaign, window)
    report.show()
    settle(qtbot)
    seen |= shown_texts(report)
    now = datetime.now(UTC)
    figures = CampaignReport(Summary(contacts=2, called=2, answered=1, talk_seconds=30, talked=1, cost=1200),
                             cost_by_state=Counter({(Outcome.ANSWERED, Dispatch.SENT): 1200}), first_call=now,
                             last_call=now)
    report.show_report(ReportContent(Heading(campaign, vbot, "Khách hàng"), figures))
    settle(qtbot)
    seen |= shown_texts(report)
    report.close()
    return seen


def test_every_tab_menu_and_dialog_speaks_vietnamese(qtbot, vi_window: MainWindow, language: Misses,
                                                     services: Services) -> None:
    window = vi_window
    seen: dict[str, str] = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(qtbot)
        seen |= shown_texts(window)
    for menu in window.menuBar().findChildren(QMenu):
        seen |= menu_texts(menu)
    for action in window.menuBar().actions():
        seen[action.text()] = "menuBar"

    preferences = window.show_preferences()
    settle(qtbot)
    for index in range(preferences.pages.count()):
        preferences.pages.setCurrentIndex(index)
        settle(qtbot)
        seen |= shown_texts(preferences)
    preferences.reject()
    window.contacts_tab.show_do_not_call()
    settle(qtbot)
    seen |= shown_texts(window.contacts_tab.dnc_dialog)
    window.contacts_tab.dnc_dialog.close()
    window.findChild(QAction, "aboutAction").trigger()
    settle(qtbot)
    about = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "aboutDialog")
    seen |= shown_texts(about)
    about.close()
    window.report_previous_crash("Fatal Python error: Segmentation fault")
    settle(qtbot)
    crash = next(w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible())
    seen |= shown_texts(crash)
    crash.close()
    # Qt's own: the file dialog the imports and exports open (Qt's, where the desktop offers none), a question box,
    # and a text field's context menu.
    files = QFileDialog(window, "x", str(Path.home()))
    files.setOption(QFileDialog.Option.DontUseNativeDialog)
    files.show()
    settle(qtbot)
    seen |= shown_texts(files)
    files.close()
    buttons = QMessageBox.StandardButton
    question = QMessageBox(QMessageBox.Icon.Question, "x", "x", buttons.Yes | buttons.No | buttons.Cancel
                           | buttons.Save | buttons.Discard | buttons.Close | buttons.Ok, window)
    question.setDetailedText("x")
    question.show()
    settle(qtbot)
    seen |= shown_texts(question)
    question.close()
    seen |= menu_texts(QLineEdit(window).createStandardContextMenu())
    seen |= round_and_report_texts(qtbot, window, services)

    assert len(seen) > 150, "the walk saw too little to prove anything"
    assert {"&Tài khoản", "&Ngôn ngữ", "Tiếng Việt", "OK", "Bá&o cáo…", "Gọi lại %1 người".replace("%1", "1"),
            "Số liệu chính"} <= set(seen)
    assert english_left(seen) == {}
    catalogued = {source for _c, source, _t, _k in messages(TRANSLATIONS / "autocall_vi.ts")}
    assert sorted(language.sources - catalogued) == [], "tr() calls lupdate does not extract"
    assert sorted(language.qt) == [], "Qt's own words qtbase_vi.ts lacks"


def test_pseudo_translation_stretches_every_string(monkeypatch: pytest.MonkeyPatch, qapp: QApplication,
                                                     compiled: Path) -> None:
    monkeypatch.setenv(ui_i18n.PSEUDO_ENV, "1")
    monkeypatch.setattr(ui_i18n, "translations_dir", lambda: str(compiled))
    before_locale, before_language = QLocale(), i18n.current_language()
    try:
        ui_i18n.use_language(qapp, "vi")
        saved = QCoreApplication.translate("BulkDownloadDialog", "Saved %1 of %2 recordings in %3.")
        button = QCoreApplication.translate("QPlatformTheme", "Cancel")
        mnemonic = QCoreApplication.translate("MainWindow", "&Accounts")
        shortcut = QCoreApplication.translate("MainWindow", "Ctrl+L")
    finally:
        monkeypatch.delenv(ui_i18n.PSEUDO_ENV)
        ui_i18n.use_language(qapp, "en")
        QLocale.setDefault(before_locale)
        i18n.set_language(before_language)
    assert saved.startswith("[!!! ") and saved.endswith(" !!!]")
    assert [saved.count(f"%{n}") for n in (1, 2, 3)] == [1, 1, 1]
    assert len(saved) >= 1.35 * len("Saved %1 of %2 recordings in %3.")
    assert button.startswith("[!!! ") and "&" in mnemonic and shortcut == "Ctrl+L"
    assert QCoreApplication.translate("MainWindow", "&Accounts") == "&Accounts"  # back to English afterwards


def test_pseudo_keeps_markup_and_placeholders() -> None:
    text = ui_i18n.pseudo("<b>Inbox</b>: %1 of {names} &amp; more")
    assert "<b>" in text and "</b>" in text and "%1" in text and "{names}" in text and "&amp;" in text
    assert "Inbox" not in text  # letters accented: an untranslated string stands out


def clipped(root: QWidget) -> list[str]:
    """Visible texts cut short: a label narrower (or, wrapped, shorter) than its text, a button narrower than its
    text, a drop-down narrower than its shortest sensible width, an empty field narrower than its hint, a tab bar
    that elides or scrolls its tabs."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        name = widget.objectName() or type(widget).__name__
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap() and widget.heightForWidth(widget.width()) > widget.height() + 1:
                found.append(f"{name}: “{widget.text()[:40]}” needs more height")
            elif not widget.wordWrap() and widget.minimumSizeHint().width() > widget.width() + 1:
                found.append(f"{name}: “{widget.text()[:40]}” is cut")
        elif isinstance(widget, QAbstractButton) and widget.text() and widget.sizeHint().width() > widget.width() + 1:
            found.append(f"{name}: “{widget.text()[:40]}” is cut")
        elif isinstance(widget, QComboBox) and widget.minimumSizeHint().width() > widget.width() + 1:
            found.append(f"{name}: drop-down “{widget.currentText()[:40]}” is cut")
        elif isinstance(widget, QLineEdit) and not widget.text() and widget.placeholderText() and (
                widget.fontMetrics().horizontalAdvance(widget.placeholderText()) > widget.width() - 8):
            found.append(f"{name}: hint “{widget.placeholderText()[:40]}” is cut")
        elif isinstance(widget, QTabBar):
            wanted = sum(widget.tabSizeHint(index).width() for index in range(widget.count()))
            if widget.count() and wanted > widget.width() + 1:
                found.append(f"{name}: tabs need {wanted} px, have {widget.width()}")
    return found


def test_clipping_is_found(qtbot) -> None:
    """The check itself: each way text gets cut is reported, and text with room is not."""
    root = QWidget()
    qtbot.addWidget(root)
    long_text = "A sentence long enough to need far more room than forty pixels"
    cut_label, fits = QLabel(long_text, root), QLabel("OK", root)
    wrapped = QLabel(long_text, root)
    wrapped.setWordWrap(True)
    button, combo, tabs, field = QPushButton(long_text, root), QComboBox(root), QTabBar(root), QLineEdit(root)
    combo.addItem(long_text)
    field.setPlaceholderText(long_text)
    for text in ("First long tab title", "Second long tab title", "Third long tab title"):
        tabs.addTab(text)
    tabs.setElideMode(Qt.TextElideMode.ElideRight)
    root.show()
    for widget in (cut_label, wrapped, button, combo, tabs, field):
        widget.setGeometry(0, 0, 40, 12)
    fits.setGeometry(0, 40, 200, 40)
    found = clipped(root)
    assert len(found) == 6 and not any(line.startswith("OK") for line in found), found
    assert sum("needs more height" in line for line in found) == 1 and any("tabs need" in line for line in found)


@pytest.mark.parametrize("language", ["vi", "pseudo"], indirect=True)
def test_every_tab_fits_1024_by_700(qtbot, vi_window: MainWindow, language: Misses) -> None:
    """Every tab at 1024×700 in Vietnamese (and stretched by the pseudo-translation): the window can be that small,
    and no label or button text is cut."""
    window = vi_window
    window.resize(1024, 700)
    # Tabs are built when first shown: build each now, so none is checked as its empty placeholder.
    built = {window.accounts_tab, window.contacts_tab, window.campaigns_tab, window.monitor_tab, window.history_tab}
    window.monitor_tab.answer_counters.show_counts({"pressed:1": 2})  # an answer counted, as during a campaign
    problems, checked = [], set()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.widget(index)
        checked.add(tab)
        # A tab that is a stack (empty state, form, results) has each of its pages looked at, data or not.
        for page in range(tab.count()) if isinstance(tab, QStackedWidget) else [None]:
            if page is not None:
                tab.setCurrentIndex(page)
            settle(qtbot)
            problems += [f"{window.tabs.tabText(index)}: {problem}" for problem in clipped(window)]
    hint = window.minimumSizeHint()
    if hint.width() > 1024 or hint.height() > 700 or window.size().toTuple() != (1024, 700):
        problems.append(f"the window needs {hint.width()}×{hint.height()} px")
    assert checked == built
    assert problems == [], "\n".join(problems)


async def test_saving_a_list_keeps_contacts_at_1024(qtbot, vi_window: MainWindow, language: Misses) -> None:
    """Saving a list adds "Create a campaign…" to the list's row: in Vietnamese the window still fits 1024 px and
    nothing more is cut than before."""
    window = vi_window
    window.resize(1024, 700)
    window.show_tab("contactsTab")
    tab = window.contacts_tab
    await import_sample(tab)
    await settled()
    before = clipped(window)
    tab.save_list("Khách hàng tháng 6")
    await wait_until(lambda: not tab.is_busy and tab.campaign_button.isVisible(), timeout=20,
                     message="the list to be saved")
    await settled()
    assert clipped(window) == before
    assert window.minimumSizeHint().width() <= 1024 and window.size().toTuple() == (1024, 700)


def test_language_follows_the_system_until_one_is_chosen(qtbot, window: MainWindow, compiled: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    preferences = window.session.services.preferences
    monkeypatch.setattr(ui_i18n, "translations_dir", lambda: str(compiled))
    for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert ui_i18n.chosen_language(preferences) == "vi"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert ui_i18n.chosen_language(preferences) == "en"

    window.findChild(QAction, "language_viAction").trigger()
    box = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "languageChangedBox")
    assert preferences.get(LANGUAGE) == "vi" and ui_i18n.chosen_language(preferences) == "vi"
    assert box.isVisible() and "Tiếng Việt" in box.text() and "khởi động" in box.text()  # said in Vietnamese
    box.close()
