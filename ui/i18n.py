"""The window's language: the Qt Linguist catalogues (``resources/translations/autocall_<lang>.qm`` for ui/,
``qtbase_<lang>.qm`` for Qt's own buttons and dialogs; built by ``make translations``), the core's gettext catalogue
and QLocale's number and date formats, switched together by :func:`use_language`.

The language is the one chosen in View → Language (the ``LANGUAGE`` preference), else the system's (vi_VN →
Vietnamese). A change applies at the next start: the open widgets keep the words they were built with.
``AUTOCALL_PSEUDO=1`` replaces every catalogue by a pseudo-translation (:func:`pseudo`) to find clipped text.
"""

from __future__ import annotations

import math
import os
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QTranslator
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from desktop import i18n
from desktop.settings import LANGUAGE, Preferences
from ui.platform.resources import resource_path
from ui.text import arg

#: Set to 1 to stretch every translated string by about 40 % and bracket it "[!!! … !!!]" (layout tests).
PSEUDO_ENV = "AUTOCALL_PSEUDO"
CATALOGUES = ("autocall", "qtbase")
#: The languages offered, each named in itself.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
_LOCALES = {"vi": "vi_VN", "en": "en_US"}

#: Said in the language just chosen (looked up in that language's own catalogue, not the running one).
RESTART_NOTE = QT_TRANSLATE_NOOP("LanguageMenu", "The window will be in %1 the next time Autocall Desk starts.")

_installed: list[QTranslator] = []


def chosen_language(preferences: Preferences | None = None) -> str:
    """The language chosen in View → Language, else the system's."""
    stored = preferences.get(LANGUAGE) if preferences is not None else ""
    return stored if stored in i18n.LANGUAGES else i18n.system_language()


def translations_dir() -> str:
    return str(resource_path("translations"))


def use_language(app: QCoreApplication, language: str) -> None:
    """Translate ui/, Qt's dialogs and the core into ``language`` and format numbers and dates its way; call it
    before the widgets that should speak it are built."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if os.environ.get(PSEUDO_ENV, "") not in ("", "0"):
        _installed.append(PseudoTranslator(app))
    else:
        for name in CATALOGUES:
            translator = QTranslator(app)
            if translator.load(f"{name}_{language}", translations_dir()):
                _installed.append(translator)
    for translator in _installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(_LOCALES[language]))
    i18n.set_language(language)


# -- View → Language -----------------------------------------------------------------------------------------------
def language_menu(preferences: Preferences, parent: QWidget) -> QMenu:
    """View → Language: one checkable entry per language; a choice is remembered and applies at the next start."""
    menu = QMenu(QCoreApplication.translate("LanguageMenu", "&Language"), parent)
    menu.setObjectName("languageMenu")
    group = QActionGroup(menu)
    current = chosen_language(preferences)
    for code, name in LANGUAGE_NAMES.items():
        action = menu.addAction(name)
        action.setObjectName(f"language_{code}Action")
        action.setCheckable(True)
        action.setChecked(code == current)
        action.triggered.connect(lambda _checked=False, code=code: _choose(preferences, code, parent))
        group.addAction(action)
    return menu


def _choose(preferences: Preferences, language: str, parent: QWidget) -> None:
    if language == chosen_language(preferences):
        return
    preferences.set(LANGUAGE, language)
    # Said in the language chosen, since that is the one the operator reads.
    box = QMessageBox(QMessageBox.Icon.Information, LANGUAGE_NAMES[language],
                      arg(_in_language(language, "LanguageMenu", RESTART_NOTE), LANGUAGE_NAMES[language]),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("languageChangedBox")
    box.open()


def _in_language(language: str, context: str, source: str) -> str:
    translator = QTranslator()
    if translator.load(f"autocall_{language}", translations_dir()):
        return translator.translate(context, source) or source
    return source


# -- pseudo-translation ----------------------------------------------------------------------------------------------
_KEEP = re.compile(r"(<[^>]*>|%\d|\{[^}]*\}|&\w+;|&(?=\w))")  # markup, placeholders, entities and mnemonics
_ACCENTED = str.maketrans("aeiouyAEIOUYcdnsz", "áéîõüýÂÉÎÕÜÝçđñšž")
_SHORTCUT = re.compile(r"^((Ctrl|Alt|Shift|Meta)\+)+\S+$|^F\d+$")


def pseudo(text: str) -> str:
    """``text`` accented and stretched by about 40 % inside "[!!! … !!!]", markup, placeholders and mnemonics kept,
    so text a translation would clip shows up without a translator (Vorta's approach). Shortcuts stay as they are."""
    if not text.strip() or _SHORTCUT.match(text):
        return text
    parts = _KEEP.split(text)
    body = "".join(part if index % 2 else part.translate(_ACCENTED) for index, part in enumerate(parts))
    extra = max(0, math.ceil(len(text) * 0.4) - len("[!!!  !!!]"))
    padding = " ".join("~" * min(5, extra - start) for start in range(0, extra, 6))  # breakable, as words are
    return f"[!!! {body}{' ' if padding else ''}{padding} !!!]"


class PseudoTranslator(QTranslator):
    """Every lookup (ui/ and Qt's own) answered with :func:`pseudo` of its English source."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        return pseudo(source)

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False
