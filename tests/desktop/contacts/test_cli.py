"""`autocall check`: the same engine, JSON on stdout, one-line errors and a non-zero exit for bad files."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.contacts.importer import import_file
from desktop.contacts.repository import ContactRepository
from desktop.exits import Exit
from desktop.paths import AppPaths
from desktop.store import Store
from tests.helpers.contacts import FIXTURES, SAMPLE_EXPECTED


def run(capsys, *argv):
    code = main(["check", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_matches_the_engine(capsys, sample):
    code, out, err = run(capsys, sample, "--json", "--provider", "nxcloud")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert {k: data[k] for k in SAMPLE_EXPECTED} == SAMPLE_EXPECTED
    assert data["rows"][0] == {"row": 5, "phone": "0912345678", "normalized": "84912345678", "status": "valid",
                               "reason": ""}
    assert data["rows"][5] == {"row": 10, "phone": "01662345678", "normalized": None, "status": "invalid",
                               "reason": "obsolete 11-digit mobile number"}
    engine = import_file(sample)
    assert [r["status"] for r in data["rows"]] == [str(row.status) for row in engine.rows]


def test_json_written_in_chunks_is_the_same_object(sample):
    report = import_file(sample)
    whole, chunked = io.StringIO(), io.StringIO()
    report.write_json(whole)
    report.write_json(chunked, chunk=4)
    assert json.loads(chunked.getvalue()) == json.loads(whole.getvalue())
    assert len(json.loads(whole.getvalue())["rows"]) == len(report.rows) == 18


@pytest.mark.parametrize(("command", "code"), [(["--json", "check"], Exit.INTERRUPTED), (["check"], Exit.INTERRUPTED),
                                               (["--help"], Exit.OK)])  # argparse ignores a closed pipe itself
def test_a_reader_that_leaves_early_ends_the_command_quietly(sample, command, code):
    child = subprocess.Popen([sys.executable, "-m", "desktop", *command, str(sample)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, cwd=Path(__file__).resolve().parents[3])
    child.stdout.close()  # like `| head` that has read its lines
    err = child.stderr.read().decode()
    assert child.wait() == code and err == ""


def test_e164_without_provider_and_sheet_option(capsys):
    code, out, _ = run(capsys, FIXTURES / "contacts.xls", "--json", "--sheet", "Danh sách")
    assert code == 0
    assert [r["normalized"] for r in json.loads(out)["rows"]] == ["+84912345678", "+84987654321", None]


def test_human_summary(capsys, sample):
    code, out, _ = run(capsys, sample)
    assert code == 0
    assert "sheet “Khách hàng”, header on row 4" in out
    assert "total 18 · can be called 11 · duplicate 3 · wrong number 4 · on the do-not-call list 0" in out
    assert "row 10: wrong number, obsolete 11-digit mobile number (01662345678)" in out


def test_data_dir_applies_the_do_not_call_list(capsys, tmp_path, sample):
    store = Store(AppPaths.under(tmp_path).database)
    ContactRepository(store).add_do_not_call(["+84977000111"])
    store.close()
    code, out, _ = run(capsys, sample, "--json", "--data-dir", tmp_path)
    assert code == 0 and json.loads(out)["suppressed"] == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.xlsx", None, "was not found"),
        ("broken.xlsx", b"PK\x03\x04 not really a zip", "damaged"),
        ("renamed.xlsx", b"just text", "not a valid xlsx workbook"),
    ],
)
def test_unreadable_file_is_one_line_and_non_zero(capsys, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, path, "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("autocall check: ") and message in err
    assert "Traceback" not in err


def test_password_and_limits_are_one_line(capsys, sample):
    code, _, err = run(capsys, FIXTURES / "password-protected.xlsx")
    assert code == 2 and "password" in err and err.count("\n") == 1
    code, _, err = run(capsys, sample, "--max-rows", "3")
    assert code == 2 and "the limit is 3" in err
    code, _, err = run(capsys, sample, "--sheet", "Nope")
    assert code == 2 and "no sheet named 'Nope'" in err


def test_import_saves_what_check_reports_and_leaves_nothing_staged(capsys, tmp_path, sample):
    """``contacts import`` stages the file a chunk at a time: its summary is check's, the list holds every row with
    check's verdict, and no staged row is left behind."""
    _, checked, _ = run(capsys, sample, "--json")
    assert main(["contacts", "import", str(sample), "--data-dir", str(tmp_path)]) == Exit.OK
    out, _ = capsys.readouterr()
    assert "total 18 · can be called 11 · duplicate 3 · wrong number 4 · on the do-not-call list 0" in out
    assert "row 10: wrong number, obsolete 11-digit mobile number (01662345678)" in out
    store = Store(AppPaths.under(tmp_path).database)
    try:
        saved = store.query("SELECT row_number, status FROM contacts ORDER BY row_number")
        assert [(row, status) for row, status in saved] == [
            (r["row"], r["status"]) for r in json.loads(checked)["rows"]]
        assert store.query("SELECT COUNT(*) FROM import_rows")[0][0] == 0
    finally:
        store.close()
