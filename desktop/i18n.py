"""The core's sentences in the chosen language: mark them with ``_()`` (``ngettext`` where a count decides the form,
``N_()`` for module-level text translated where it is shown) and call :func:`set_language` once at start.

Catalogues are gettext's: ``desktop/locale/<lang>/LC_MESSAGES/autocall.po``, compiled to ``.mo`` by Babel.
English is the source language; a sentence missing from a catalogue falls back to it.
"""

from __future__ import annotations

import gettext
import json
import locale
import os
from pathlib import Path

DOMAIN = "autocall"
LOCALE_DIR = Path(__file__).with_name("locale")
LANGUAGES = ("vi", "en")  # the first is the default for a Vietnamese system

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def system_language() -> str:
    """``"vi"`` when the system locale is Vietnamese, else ``"en"``."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(name, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    code = locale.getlocale()[0] or ""
    return "vi" if code.lower().startswith("vi") else "en"


def set_language(language: str) -> None:
    """Translate the core's sentences into ``language`` (one of :data:`LANGUAGES`) from now on."""
    global _translation, _language
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    _language = language
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def current_language() -> str:
    return _language


def _(message: str) -> str:
    """``message`` in the current language."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count`` in the current language."""
    return _translation.ngettext(singular, plural, count)


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark ``message`` for extraction only; translate it with ``_()`` where it is shown."""
    return message


def keep(message: str, /, **fields: object) -> str:
    """A sentence as the database keeps it, so :func:`shown` says it in the language of whoever reads it later:
    ``message`` is its English source (marked with ``N_``), kept as it is, or with its ``fields`` as a small JSON
    object. Never keep a sentence already translated."""
    if not fields:
        return message
    return json.dumps({"say": message, "with": fields}, ensure_ascii=False, default=str)


def shown(kept: str | None) -> str:
    """A sentence the database keeps (:func:`keep`), in the current language. Text written before sentences were
    kept this way, or someone else's words (a provider's, an operator's note), is shown as stored, translated only
    when it is one of our English sentences."""
    if not kept:
        return ""
    if kept.startswith('{"say": '):
        try:
            said = json.loads(kept)
            fields = {name: shown(value) if isinstance(value, str) else value for name, value in said["with"].items()}
            return _(said["say"]).format(**fields)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError):
            return kept
    return _(kept)


def number(value: int | float) -> str:
    """A count as people write it in the current language: 3,000 in English, 3.000 in Vietnamese."""
    text = f"{value:,}"
    return text.translate(str.maketrans(",.", ".,")) if _language == "vi" else text


def decimal(text: str) -> float:
    """A number as a person types it in either language: "1.5" or "1,5" (a lone comma is a decimal mark, as in
    Vietnamese); ValueError when it is not one. Its name is what argparse calls the value when it refuses it."""
    text = str(text).strip()
    return float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
