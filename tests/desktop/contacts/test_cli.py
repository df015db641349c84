"""`autocall check`: the same engine, JSON on stdout, one-line errors and a non-zero exit for bad files."""

from __future__ import annotations

import json

import pytest

from desktop.cli import main
from desktop.contacts.importer import import_file
from desktop.contacts.repository import ContactRepository
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
    engine = import_file(sample).to_json()
    assert [r["status"] for r in data["rows"]] == [r["status"] for r in engine["rows"]]


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
