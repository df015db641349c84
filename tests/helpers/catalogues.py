"""The core's gettext catalogues for tests: compiled from the .po when the .mo is missing or older (they are built,
not committed), and read back as Babel catalogues for the completeness tests."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop.i18n import DOMAIN, LOCALE_DIR


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(language: str) -> Catalog:
    with po_path(language).open("rb") as file:
        return read_po(file, locale=language, domain=DOMAIN)


def compile_stale_catalogues() -> None:
    """Compile every ``<lang>/LC_MESSAGES/autocall.po`` whose ``.mo`` is missing or older, as ``make catalogues``
    does (fuzzy entries left out)."""
    for po in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        catalogue = read_catalogue(po.parent.parent.name)
        with mo.open("wb") as file:
            write_mo(file, catalogue, use_fuzzy=False)
