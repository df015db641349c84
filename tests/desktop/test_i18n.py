"""The core speaks Vietnamese: every sentence marked in desktop/ has a finished Vietnamese translation with the same
placeholders, the CLI and the saved files follow the chosen language, and English stays the source."""

from __future__ import annotations

import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from desktop import i18n
from desktop.i18n import LOCALE_DIR, N_, _, decimal, keep, number, set_language, shown
from tests.helpers.catalogues import read_catalogue

ROOT = Path(__file__).resolve().parents[2]
#: Words that are the same in Vietnamese (units, provider and protocol terms).
SAME_IN_VIETNAMESE = {"MB", "OK", "Email"}


def marked_sentences() -> dict[str, str]:
    """Every msgid marked with _(), N_() or ngettext() in desktop/ now, as `make messages` extracts it (so a sentence
    added without running it fails here too) → where it is."""
    method_map = [("simulator/cli.py", "python"), ("simulator/**", "ignore"), ("**.py", "python")]  # as babel.cfg
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(ROOT / "desktop", method_map):
        msgid = message[0] if isinstance(message, tuple) else message  # a plural is filed under its singular
        if msgid:
            found.setdefault(msgid, f"desktop/{filename}:{lineno}")
    return found


def fields(text: str) -> set[str]:
    """The ``{name}`` placeholders of a str.format template (with their conversion and format spec)."""
    return {f"{name}!{conversion}:{spec}" for _literal, name, spec, conversion in string.Formatter().parse(text)
            if name is not None}


def test_every_marked_sentence_has_a_finished_vietnamese_translation() -> None:
    catalogue = read_catalogue("vi")
    sentences = marked_sentences()
    assert len(sentences) > 400  # the extraction found the core's sentences
    problems = []
    for msgid, where in sorted(sentences.items()):
        message = catalogue.get(msgid)
        if message is None:
            problems.append(f"{where}: not in vi/autocall.po (run make messages): {msgid!r}")
            continue
        translation = message.string if isinstance(message.string, str) else message.string[0]
        if message.fuzzy or not translation.strip():
            problems.append(f"{where}: {'fuzzy' if message.fuzzy else 'untranslated'}: {msgid!r}")
        elif translation == msgid and msgid not in SAME_IN_VIETNAMESE:
            problems.append(f"{where}: still English: {msgid!r}")
    assert not problems, "\n".join(problems)


def test_translations_keep_the_placeholders_of_their_sentence() -> None:
    mismatched = []
    for message in read_catalogue("vi"):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for translation in strings:
            if fields(translation) != fields(ids[0]):
                mismatched.append(f"{ids[0]!r}: {sorted(fields(ids[0]))} ≠ {sorted(fields(translation))}")
    assert not mismatched, "\n".join(mismatched)


def test_the_catalogues_compile_and_switch_the_language() -> None:
    assert (LOCALE_DIR / "vi" / "LC_MESSAGES" / "autocall.mo").is_file()
    set_language("vi")
    assert _("Answered") == "Nghe máy" and number(3000) == "3.000" and i18n.current_language() == "vi"
    set_language("en")
    assert _("Answered") == "Answered" and number(3000) == "3,000"


def test_numbers_are_read_with_a_decimal_point_or_comma() -> None:
    assert decimal("1,5") == decimal("1.5") == decimal(" 1.5 ") == 1.5 and decimal(24) == 24.0
    for text in ("1,5,0", "1.000,5", "một"):
        with pytest.raises(ValueError):
            decimal(text)


def test_a_kept_sentence_is_said_in_the_language_of_whoever_reads_it() -> None:
    set_language("vi")
    kept = keep(N_("duplicate of row {first_row}"), first_row=5)  # written by a Vietnamese operator
    assert kept == keep("duplicate of row {first_row}", first_row=5) and "trùng" not in kept  # never a translation
    assert shown(kept) == "trùng với dòng 5"
    set_language("en")
    assert shown(kept) == "duplicate of row 5"
    assert keep(N_("no phone number")) == "no phone number"  # without fields: the source sentence itself
    set_language("vi")
    assert shown("no phone number") == "không có số điện thoại"  # a row written before sentences were kept
    assert shown("Hotline 0899 đang bảo trì") == "Hotline 0899 đang bảo trì"  # someone else's words, as they are
    assert shown('{"say": "broken') == '{"say": "broken' and shown(None) == shown("") == ""
    nested = keep(N_("{message} (code {code})"), message="no phone number", code=500)
    assert shown(nested) == "không có số điện thoại (mã 500)"


def autocall(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, env={**os.environ, **(env or {})})


@pytest.mark.parametrize(("language", "sentence"), [
    ("vi", "Không có chiến dịch 7: `autocall campaign list` liệt kê các chiến dịch."),
    ("en", "There is no campaign 7: `autocall campaign list` shows them."),
])
def test_the_command_speaks_the_language_asked_for(tmp_path: Path, language: str, sentence: str) -> None:
    result = autocall("--lang", language, "--data-dir", str(tmp_path), "campaign", "status", "--campaign", "7")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr == f"autocall campaign status: {sentence}\n"


def test_autocall_lang_chooses_the_language_and_lang_wins(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path), "campaign", "status", "--campaign", "7"]
    assert "Không có chiến dịch 7" in autocall(*data, env={"AUTOCALL_LANG": "vi"}).stderr
    assert "There is no campaign 7" in autocall("--lang", "en", *data, env={"AUTOCALL_LANG": "vi"}).stderr


@pytest.mark.parametrize("command", ["accounts", "check", "contacts", "dnc", "simulator", "campaign", "receiver",
                                     "store"])
def test_the_command_help_is_translated_with_argparse_own_words(command: str) -> None:
    result = autocall("--lang", "vi", command, "--help")
    assert result.returncode == 0 and result.stdout.startswith("cách dùng: autocall")
    for english in ("usage:", "options:", "positional arguments:", "show this help message", "``"):
        assert english not in result.stdout
    description = result.stdout.split("\n\n")[1]
    assert description.strip() and _ascii_share(description) < 0.95  # a Vietnamese sentence, not a docstring


def test_argparse_refusals_are_translated(tmp_path: Path) -> None:
    result = autocall("--lang", "vi", "--data-dir", str(tmp_path), "campaign", "bogus")
    assert result.returncode == 1
    assert "lựa chọn không hợp lệ: 'bogus'" in result.stderr and "invalid choice" not in result.stderr
    assert result.stderr.startswith("cách dùng: autocall campaign")


def _ascii_share(text: str) -> float:
    return sum(character.isascii() for character in text) / len(text)
