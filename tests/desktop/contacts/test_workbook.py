"""The workbook reader's child program: the scan for far cells, and the answer's trip between processes."""

from __future__ import annotations

import copy
import datetime as dt
import re
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from desktop.contacts import workbook
from desktop.contacts.errors import FileTooLargeError, UnreadableFileError
from desktop.contacts.reading import FileRows, open_table, read_table
from desktop.contacts.workbook import _greater_digits, _greater_letters, column_letter, decode, encode, far_cell
from tests.corpus.hostile import hidden_first_sheet, huge_grid, with_sheet_xml


@pytest.mark.parametrize("limit", [1, 9, 10, 99, 100, 230, 1000, 200_030, 1_048_576])
def test_row_pattern_matches_exactly_the_numbers_above_the_limit(limit):
    pattern = re.compile(_greater_digits(limit))
    for number in [*range(1, 3000), *range(limit - 50, limit + 50), limit * 10, limit * 10 + 1, 10**7]:
        assert bool(pattern.fullmatch(str(number))) == (number > limit), number


@pytest.mark.parametrize("limit", [1, 26, 27, 52, 256, 702, 703, 16_384])
def test_column_pattern_matches_exactly_the_columns_right_of_the_limit(limit):
    pattern = re.compile(_greater_letters(limit))
    for column in range(1, 20_000):
        assert bool(pattern.fullmatch(column_letter(column - 1))) == (column > limit), column


@pytest.mark.parametrize(
    ("extra", "far"),
    [
        (b'<row r="150000"><c r="XFD150000" s="0"/></row>', None),  # formatted, empty: calamine skips it too
        (b'<row r="9"><c r="A9" t="inlineStr"><is><t> r="XFD1" </t></is></c></row>', None),  # text, not a cell
        (b'<row r="300"><c r="IW300"><v>1</v></c></row>', ("IW300", 300, 257)),
        (b'<row r="9"><c r="B200031"><v>1</v></c></row>', ("B200031", 200_031, 2)),  # a cell outside its row
    ],
)
def test_far_cell_counts_filled_cells_only(tmp_path, extra, far):
    path = with_sheet_xml(tmp_path / "list.xlsx", extra)
    assert far_cell(str(path), "Khách hàng", 200_030, 256) == far
    if far is None:
        assert len(read_table(path).rows) >= 3


def test_answers_keep_every_cell_type_through_the_trip():
    rows = [
        ["Số điện thoại", "Ngày", "Giờ", "Lúc", "Còn", "Số", "Có"],
        ["0912345678", dt.date(2026, 12, 6), dt.time(8, 30), dt.datetime(2026, 1, 2, 3, 4, 5, 6),
         dt.timedelta(days=2, seconds=5, microseconds=7), 1.5, True],
        ["a\x00b", "", "", "", "", 3, None],
    ]
    assert decode(encode(copy.deepcopy(("rows", rows)))) == ("rows", rows)
    plain = ("rows", [r[:1] for r in rows])
    assert decode(encode(copy.deepcopy(plain))) == plain
    head = ("ok", (2, 1), [("Khách hàng", False), ("Cũ", True)], "Khách hàng")
    assert decode(encode(head)) == head
    assert decode(encode(("far_cell", "XFD150000", 150_000, 16_384))) == ("far_cell", "XFD150000", 150_000, 16_384)


def test_a_sheet_comes_over_in_records_and_an_opened_table_holds_none_of_its_rows(tmp_path):
    """More rows than one record carries, dates among them: the same rows, read again from the child's answer."""
    path = tmp_path / "big.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Khách hàng")
    sheet.append(["Số điện thoại", "Hạn"])
    count = workbook.ROWS_PER_RECORD + 5
    for i in range(count):
        sheet.append([f"09{i:08d}", dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)])
    book.save(path)

    table = open_table(path)
    assert isinstance(table.rows, FileRows) and len(table.rows) == count
    last = (count + 1, [f"09{count - 1:08d}", dt.date(2026, 1, 1) + dt.timedelta(days=(count - 1) % 300)])
    assert list(table.rows)[-1] == read_table(path).rows[-1] == last
    assert table.rows[0] == (2, ["0900000000", dt.date(2026, 1, 1)])


def test_the_installed_app_is_its_own_reader_child(tmp_path, monkeypatch):
    """A PyInstaller build has no interpreter to start: the app's entry script, given the flag, is the child."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert workbook.child_command() == [sys.executable, workbook.CHILD_FLAG]
    launch = Path(__file__).parents[3] / "packaging" / "launch.py"
    monkeypatch.setattr(workbook, "child_command", lambda: [sys.executable, str(launch), workbook.CHILD_FLAG])
    with pytest.raises(FileTooLargeError, match="XFD150000"):
        read_table(huge_grid(tmp_path))
    table = read_table(hidden_first_sheet(tmp_path))
    assert table.sheet == "Khách hàng" and len(table.rows) == 3


def test_a_chart_sheet_in_front_is_passed_over(tmp_path):
    book = openpyxl.Workbook()
    data = book.active
    data.title = "Khách hàng"
    for row in (["Họ và tên", "Số điện thoại", "Số tiền"], ["An", "0912345678", 5], ["Bình", "0987654321", 7]):
        data.append(row)
    chart = BarChart()
    chart.add_data(Reference(data, min_col=3, min_row=1, max_row=3), titles_from_data=True)
    book.create_chartsheet("Biểu đồ", 0).add_chart(chart)
    book.save(tmp_path / "chart.xlsx")
    table = read_table(tmp_path / "chart.xlsx")
    assert table.sheet == "Khách hàng" and len(table.rows) == 2


def test_a_reader_that_cannot_start_is_one_message(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    with pytest.raises(UnreadableFileError, match="the workbook reader could not start"):
        read_table(hidden_first_sheet(tmp_path))
