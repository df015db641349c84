"""'Save rejects' writes the rejected rows with their original columns and a reason, and opens again."""

from __future__ import annotations

import datetime as dt
import threading

import openpyxl
import pytest

from desktop.contacts.errors import ContactsError
from desktop.contacts.importer import Status, import_file
from desktop.contacts.rejects import write_rejects
from desktop.errors import Cancelled
from desktop.i18n import set_language
from tests.helpers.contacts import write_csv
from tests.helpers.spreadsheets import read_written


def test_rejects_round_trip(tmp_path, sample):
    report = import_file(sample)
    target = tmp_path / "rejects.xlsx"
    assert write_rejects(report, target, reason_header="Lý do") == 7
    sheet = openpyxl.load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("STT", "Họ và tên", "Số điện thoại", "Số tiền", "Hạn thanh toán", "Ghi chú", "Lý do")
    rejected = [report.value(r, "STT") for r in report.rows if r.status is not Status.VALID]
    assert [row[0] for row in rows[1:]] == rejected == [5, 6, 8, 9, 11, 12, 15]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Huỳnh Đức Huy"][6] == "obsolete 11-digit mobile number"
    assert by_name["Bùi Thị Oanh"][2] == 987654321  # as it was in the file, not ".0"
    assert by_name["Bùi Thị Oanh"][6] == "duplicate of row 6"
    assert by_name["Võ Thị Mai"][2] is None and by_name["Võ Thị Mai"][6] == "no phone number"
    assert by_name["Hoàng Thu Hà"][4] == dt.datetime(2026, 12, 9)
    written = read_written(target)
    due = written.rows[0].index("Hạn thanh toán")
    assert {formats[due] for formats, row in zip(written.number_formats[1:], written.rows[1:]) if row[due]} == {
        "dd/mm/yyyy"}
    assert written.bold_header and written.freeze == "A2" and written.autofilter == "A1:G8"
    assert written.widths["B"] == max(len(row[1]) for row in rows) + 2  # the longest name fits
    # it is a file the importer itself reads back
    again = import_file(target)
    assert again.counts.total == 7


def test_rejects_in_vietnamese_have_vietnamese_reasons_header_and_sheet(tmp_path, sample):
    set_language("vi")
    report = import_file(sample)
    target = tmp_path / "không gọi.xlsx"
    assert write_rejects(report, target) == 7
    workbook = openpyxl.load_workbook(target)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert workbook.active.title == "Không gọi" and rows[0][-1] == "Lý do"
    by_name = {row[1]: row[6] for row in rows[1:]}
    assert by_name["Huỳnh Đức Huy"] == "số di động 11 số cũ (đã chuyển sang 10 số)"
    assert by_name["Bùi Thị Oanh"] == "trùng với dòng 6" and by_name["Võ Thị Mai"] == "không có số điện thoại"


def test_write_only_rows_given_and_no_partial_file_on_cancel(tmp_path, sample):
    report = import_file(sample)
    target = tmp_path / "invalid.xlsx"
    assert write_rejects(report, target, rows=report.with_status(Status.INVALID)) == 4
    cancelled = tmp_path / "cancelled.xlsx"
    pressed = threading.Event()
    pressed.set()
    with pytest.raises(Cancelled):
        write_rejects(report, cancelled, cancel=pressed)
    assert not cancelled.exists()
    with pytest.raises(ContactsError, match="could not be saved"):
        write_rejects(report, tmp_path / "no such folder" / "x.xlsx")
    assert [p.name for p in tmp_path.iterdir()] == ["invalid.xlsx"]


def test_hostile_cells_are_saved_as_text_and_import_again_to_the_same_phones(tmp_path):
    """Formula-like names and a control character reach the rejects file as text; the phones read back the same."""
    source = write_csv(tmp_path / "hostile.csv", [
        ["Họ và tên", "Số điện thoại", "Ghi chú"],
        ["=1+1", "12345", '=HYPERLINK("http://evil.example","Bấm")'],
        ["Nguyễn\x0bVăn A", "+84 912 345 678", "@SUM(A1)"],
        ["-2+3", "+84912345678", "=cmd|' /C calc'!A0"],  # a duplicate of the row above
    ])
    report = import_file(source)
    target = tmp_path / "rejects.xlsx"
    assert write_rejects(report, target, rows=report.rows) == 3
    written = read_written(target)
    assert written.formulas == []
    expected = [["=1+1", "12345", '=HYPERLINK("http://evil.example","Bấm")'],
                ["Nguyễn Văn A", "+84 912 345 678", "@SUM(A1)"],
                ["-2+3", "+84912345678", "=cmd|' /C calc'!A0"]]
    assert [list(row[:3]) for row in written.rows[1:]] == [row[:3] for row in written.calamine[1:]] == expected
    assert [row[3] or "" for row in written.rows[1:]] == [r.reason_text for r in report.rows]
    again = import_file(target)
    assert [r.e164 for r in again.rows] == [None, "+84912345678", "+84912345678"]
    assert [r.name for r in again.rows] == ["=1+1", "Nguyễn Văn A", "-2+3"]
