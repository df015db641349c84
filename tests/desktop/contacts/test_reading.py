"""Reading files: formats, encodings, delimiters, header rows, empty rows/columns, values, limits, bad files."""

from __future__ import annotations

import datetime as dt
import threading
import zipfile

import openpyxl
import pytest

from desktop.contacts.errors import FileTooLargeError, PasswordProtectedError, SheetNotFoundError, UnreadableFileError
from desktop.contacts.reading import FileRows, Limits, SheetInfo, column_letter, open_table, read_table, sniff_delimiter
from desktop.errors import Cancelled
from tests.helpers.contacts import FIXTURES, SAMPLE, write_csv, write_formula_xlsx, write_ods

ROWS = [
    ["Danh sách khách hàng tháng 11"],
    [],
    ["Họ và tên", "Số điện thoại", "Ghi chú"],
    ["Nguyễn Văn An", "0912345678", "gọi buổi sáng, trước 10h"],
    ["Trần Thị Bình", "987654321", ""],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_encodings(tmp_path, encoding):
    path = write_csv(tmp_path / "list.csv", ROWS, encoding=encoding)
    table = read_table(path)
    assert table.column_names == ["Họ và tên", "Số điện thoại", "Ghi chú"]
    assert table.rows[0] == (4, ["Nguyễn Văn An", "0912345678", "gọi buổi sáng, trước 10h"])


def test_windows_1258_tone_marks_are_composed(tmp_path):
    """cp1258 stores 'ễ' as 'ê' + a combining tilde; the text must compare equal to what users type."""
    path = write_csv(tmp_path / "ansi.txt", ROWS, encoding="cp1258")
    assert b"Nguy\xea\xden" in path.read_bytes()  # e-circumflex, then the combining tilde
    assert read_table(path).rows[0][1][0] == "Nguyễn Văn An"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    path = write_csv(tmp_path / "list.txt", ROWS, delimiter=delimiter)
    table = read_table(path)
    assert len(table.columns) == 3
    assert table.rows[1][1][:2] == ["Trần Thị Bình", "987654321"]


def test_excel_unicode_text_is_tab_separated_utf16(tmp_path):
    path = write_csv(tmp_path / "unicode.txt", ROWS, encoding="utf-16", delimiter="\t")
    assert read_table(path).rows[0][1][1] == "0912345678"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1258"])
def test_an_opened_text_file_holds_no_rows_and_reads_them_again_from_the_file(tmp_path, encoding):
    path = write_csv(tmp_path / "list.csv", ROWS + [[], ["Lê Văn C", "0901234567", ""]], encoding=encoding)
    table = open_table(path)
    assert isinstance(table.rows, FileRows) and len(table.rows) == 3
    assert list(table.rows) == read_table(path).rows == [
        (4, ["Nguyễn Văn An", "0912345678", "gọi buổi sáng, trước 10h"]), (5, ["Trần Thị Bình", "987654321", ""]),
        (7, ["Lê Văn C", "0901234567", ""])]
    assert table.rows[:1] == [table.rows[0]] and table.rows[2][0] == 7
    path.unlink()
    with pytest.raises(UnreadableFileError, match="could not be read"):
        list(table.rows)


def test_sniffer_ignores_commas_inside_quotes():
    text = 'Tên;SĐT\n"Lê, Văn C";0912345678\n"Phạm, D";0987654321\n'
    assert sniff_delimiter(text) == ";"


def test_xlsx_title_rows_empty_rows_columns_dates_and_numbers(sample):
    table = read_table(sample)
    assert table.sheet == "Khách hàng"
    assert [sheet.name for sheet in table.sheets] == ["Khách hàng", "Ghi chú"]
    assert table.header_row == 4
    assert table.column_names == ["STT", "Họ và tên", "Số điện thoại", "Số tiền", "Hạn thanh toán", "Ghi chú"]
    assert [c.letter for c in table.columns] == ["A", "B", "C", "D", "E", "G"]  # F is empty and dropped
    numbers = [number for number, _ in table.rows]
    assert numbers[:3] == [5, 6, 7]
    assert 13 not in numbers  # the blank row
    row6 = table.rows[1][1]
    assert row6[table.column("Số điện thoại").index] == 987654321.0
    assert row6[table.column("Hạn thanh toán").index] == dt.date(2026, 12, 6)


def test_choice_of_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Tóm tắt"
    workbook.active.append(["Báo cáo"])
    other = workbook.create_sheet("Gọi lại")
    other.append(["SĐT", "Tên"])
    other.append(["0912345678", "An"])
    workbook.save(tmp_path / "two.xlsx")
    table = read_table(tmp_path / "two.xlsx", sheet="Gọi lại")
    assert table.sheets == [SheetInfo("Tóm tắt"), SheetInfo("Gọi lại")]
    assert table.rows == [(2, ["0912345678", "An"])]
    with pytest.raises(SheetNotFoundError, match="Tóm tắt, Gọi lại"):
        read_table(tmp_path / "two.xlsx", sheet="Missing")


def test_file_without_header_gets_letter_names(tmp_path):
    path = write_csv(tmp_path / "bare.csv", [["An", "0912345678"], ["Bình", "0987654321"]])
    table = read_table(path)
    assert table.header_row == 0
    assert table.column_names == ["Column A", "Column B"]
    assert [n for n, _ in table.rows] == [1, 2]


def test_header_row_override(tmp_path):
    path = write_csv(tmp_path / "list.csv", ROWS)
    assert read_table(path, header_row=3).header_row == 3
    assert read_table(path, header_row=0).column_names == ["Column A", "Column B", "Column C"]


def test_repeated_and_blank_headers_get_unique_names(tmp_path):
    path = write_csv(tmp_path / "dup.csv", [["SĐT", "SĐT", "", "Tên"], ["0912345678", "0987654321", "x", "An"]])
    assert read_table(path).column_names == ["SĐT", "SĐT (2)", "Column C", "Tên"]


def test_formulas_are_read_as_their_cached_values(tmp_path):
    table = read_table(write_formula_xlsx(tmp_path / "formula.xlsx"))
    assert table.rows[1] == (3, ["0987654321", 2000.0])


def test_ods(tmp_path):
    path = write_ods(tmp_path / "list.ods", [["Tiêu đề"], [], ["Họ và tên", "SĐT", "Ngày hẹn"],
                                             ["An", 912345678, dt.date(2026, 1, 2)]])
    table = read_table(path)
    assert table.header_row == 3
    assert table.rows == [(4, ["An", 912345678.0, dt.date(2026, 1, 2)])]


def test_xls_fixture():
    table = read_table(FIXTURES / "contacts.xls")
    assert table.header_row == 3
    assert table.rows[0] == (4, ["Nguyễn Văn An", 912345678.0, dt.date(2026, 12, 5)])


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


# -- limits and bad files ----------------------------------------------------------------------------------
def test_file_over_size_limit(tmp_path):
    path = write_csv(tmp_path / "big.csv", ROWS * 100)
    with pytest.raises(FileTooLargeError, match="limit is"):
        read_table(path, limits=Limits(max_file_bytes=1000))


def test_too_many_rows(tmp_path, sample):
    with pytest.raises(FileTooLargeError, match="the limit is 5"):
        read_table(sample, limits=Limits(max_rows=5))
    path = write_csv(tmp_path / "rows.csv", [["SĐT"]] + [[f"09123456{i:02d}"] for i in range(40)])
    with pytest.raises(FileTooLargeError, match="rows"):
        read_table(path, limits=Limits(max_rows=10))


def test_password_protected_xlsx():
    with pytest.raises(PasswordProtectedError, match="password"):
        read_table(FIXTURES / "password-protected.xlsx")


def test_corrupt_files(tmp_path):
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(SAMPLE.read_bytes()[:3000])
    with pytest.raises(UnreadableFileError, match="damaged"):
        read_table(truncated)
    not_a_workbook = tmp_path / "fake.xlsx"
    not_a_workbook.write_text("hello")
    with pytest.raises(UnreadableFileError, match="not a valid xlsx"):
        read_table(not_a_workbook)
    binary = tmp_path / "image.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(UnreadableFileError, match="not a spreadsheet"):
        read_table(binary)
    with pytest.raises(UnreadableFileError, match="not found"):
        read_table(tmp_path / "missing.xlsx")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnreadableFileError, match="empty"):
        read_table(empty)


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (20 * 1024 * 1024))  # compresses ~1000:1
    with pytest.raises(FileTooLargeError, match="possibly malicious"):
        read_table(path)
    with pytest.raises(FileTooLargeError, match="possibly malicious"):
        read_table(path, limits=Limits(max_unpacked_bytes=1024 * 1024, max_compression_ratio=10**9))


def test_progress_is_reported_and_cancel_stops(tmp_path):
    path = write_csv(tmp_path / "many.csv", [["SĐT"]] + [[f"09{i:08d}"] for i in range(10_000)])
    seen = []
    read_table(path, progress=seen.append)
    assert seen[0].done == 0 and seen[-1].done == seen[-1].total == 10_001
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        read_table(path, cancel=cancel)
