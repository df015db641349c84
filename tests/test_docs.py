"""The README's pictures and links into docs/ exist, and `make screenshots` left one picture per shot and language."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from desktop.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shot_files() -> set[str]:
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts" / "screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return {shot.file for shot in module.SHOTS}


def test_readme_references_exist() -> None:
    targets = re.findall(r"\]\((docs/[^)#\s]+)", README)
    assert targets
    assert [target for target in targets if not (ROOT / target).exists()] == []


def test_readme_shows_the_vietnamese_pictures_first() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert pictures and all(picture.startswith("docs/vi/") for picture in pictures)
    for picture in pictures:  # the English one is linked after it
        assert README.index(picture.replace("docs/vi/", "docs/en/")) > README.index(picture)


def test_every_shot_is_rendered_in_every_language_and_nothing_else() -> None:
    files = _shot_files()
    for language in LANGUAGES:
        assert {path.name for path in (ROOT / "docs" / language).glob("*.png")} == files, language
    assert list((ROOT / "docs").glob("*.png")) == []
