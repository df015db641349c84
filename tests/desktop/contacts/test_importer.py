"""The pipeline on the messy sample: statuses, reasons, duplicates, do-not-call, providers, progress, cancel."""

from __future__ import annotations

import io
import json
import threading

import pytest

from desktop.contacts.columns import ColumnMapping
from desktop.contacts.errors import MappingError
from desktop.contacts.importer import ImportOptions, Status, import_file, suggest_mapping, validate
from desktop.contacts.reading import read_table
from desktop.errors import Cancelled
from tests.helpers.contacts import SAMPLE_EXPECTED, write_csv


def by_row(report):
    return {row.row: row for row in report.rows}


def test_sample_counts_and_reasons(sample):
    report = import_file(sample)
    assert report.mapping == ColumnMapping("Số điện thoại", "Họ và tên")
    counts = report.counts
    assert {"total": counts.total, "valid": counts.valid, "duplicates": counts.duplicates,
            "invalid": counts.invalid, "suppressed": counts.suppressed} == SAMPLE_EXPECTED
    rows = by_row(report)
    assert rows[6].phone_raw == "987654321" and rows[6].e164 == "+84987654321"
    assert rows[7].e164 == "+84903123456"  # 84903123456.0
    assert rows[9].status is Status.DUPLICATE and rows[9].reason_text == "duplicate of row 5"
    assert rows[10].reason == "obsolete 11-digit mobile number"
    assert rows[11].alternates == ("+84987111222",)
    assert rows[15].e164 == "+842438123456" and rows[15].status is Status.VALID  # landline
    assert rows[20].reason_text == "duplicate of row 5"
    assert rows[5].name == "Nguyễn Văn An"
    assert report.value(rows[5], "Số tiền") == 1_500_000


def test_do_not_call_and_earlier_campaigns(sample):
    options = ImportOptions(do_not_call={"+84977000111", "+84912345678"}, earlier_numbers={"+84868123456"})
    rows = by_row(import_file(sample, options=options))
    assert rows[23].status is Status.SUPPRESSED and rows[23].reason == "on the do-not-call list"
    # every row of a do-not-call number is suppressed, including the later spellings of it
    assert {rows[n].status for n in (5, 9, 20)} == {Status.SUPPRESSED}
    assert rows[18].status is Status.DUPLICATE and rows[18].reason == "already called in an earlier campaign"


def test_provider_forms_in_json(sample):
    for provider, expected in [("vbot", "0912345678"), ("nxcloud", "84912345678"),
                               ("bizphone", "+84912345678"), (None, "+84912345678")]:
        report = import_file(sample, options=ImportOptions(provider=provider))
        written = io.StringIO()
        report.write_json(written)
        first = json.loads(written.getvalue())["rows"][0]
        assert first == {"row": 5, "phone": "0912345678", "normalized": expected, "status": "valid", "reason": ""}


def test_json_is_what_json_dumps_writes(tmp_path):
    """Entries are formatted by hand: the text must be json.dumps' own, quotes, backslashes and letters included."""
    cells = ['0912 "345" 678', "số\\0912345678", "Điện thoại\t0987", "0912345678", "0912345678", ""]
    path = write_csv(tmp_path / "odd.csv", [["SĐT"], *([cell] for cell in cells)])
    report = import_file(path)
    written = io.StringIO()
    report.write_json(written, chunk=2)
    counts = report.counts
    expected = {"total": counts.total, "valid": counts.valid, "duplicates": counts.duplicates,
                "invalid": counts.invalid, "suppressed": counts.suppressed, "rows": [
                    {"row": row.row, "phone": row.phone_raw, "normalized": row.e164, "status": str(row.status),
                     "reason": row.reason_text} for row in report.rows]}
    assert written.getvalue() == json.dumps(expected, ensure_ascii=False) + "\n"
    assert counts.duplicates and counts.invalid
    assert [row["phone"] for row in json.loads(written.getvalue())["rows"]] == cells[:5]


def test_vbot_refuses_foreign_numbers(tmp_path):
    path = write_csv(tmp_path / "f.csv", [["SĐT"], ["+6591234567"], ["0912345678"]])
    report = import_file(path, options=ImportOptions(provider="vbot"))
    assert [(r.status, r.reason) for r in report.rows][0] == (Status.INVALID, "VBot dials Vietnamese numbers only")
    assert import_file(path, options=ImportOptions(provider="bizphone")).counts.valid == 2


def test_remapping_without_rereading(sample):
    table = read_table(sample)
    report = validate(table, ColumnMapping("Ghi chú"))
    assert report.counts.valid == 0
    with pytest.raises(MappingError, match="not in this file"):
        validate(table, ColumnMapping("Điện thoại"))


def test_phone_column_guessed_from_values_when_no_header_names_it(tmp_path):
    path = write_csv(tmp_path / "g.csv", [["Khách", "Liên lạc"], ["An", "0912345678"], ["Bình", "987654321"]])
    assert suggest_mapping(read_table(path)) == ColumnMapping("Liên lạc", None)
    nothing = write_csv(tmp_path / "n.csv", [["Khách", "Ghi chú"], ["An", "x"]])
    with pytest.raises(MappingError, match="No phone number column"):
        import_file(nothing)


def test_progress_from_worker_thread_and_cancel(tmp_path):
    path = write_csv(tmp_path / "many.csv", [["SĐT"]] + [[f"09{i:08d}"] for i in range(20_000)])
    table = read_table(path)
    stages = []
    validate(table, ColumnMapping("SĐT"), progress=lambda p: stages.append((p.stage, p.done, p.total)))
    assert stages[0] == ("validating", 0, 20_000) and stages[-1] == ("validating", 20_000, 20_000)

    class CancelAfterChecks:
        """Pressed Cancel after the engine has looked at the token a few times, i.e. mid-file."""

        def __init__(self, checks: int) -> None:
            self.checks = checks

        def is_set(self) -> bool:
            self.checks -= 1
            return self.checks < 0

    token = CancelAfterChecks(3)
    with pytest.raises(Cancelled, match="cancelled"):
        validate(table, ColumnMapping("SĐT"), cancel=token)
    assert token.checks == -1  # it stopped at the first check after the press

    pressed = threading.Event()
    pressed.set()
    with pytest.raises(Cancelled):
        import_file(path, cancel=pressed)
