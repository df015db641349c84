"""Writes contacts-sample.xlsx: a contact list as call centres really send it, for the demo and GUI tests.

Everything the importer must cope with is in it once: title rows above a Vietnamese header, an empty column,
an empty row, phones Excel turned into numbers (lost 0, ``84…`` floats), formatted text, a landline, two
numbers in one cell, an obsolete 11-digit mobile, junk, an empty phone, duplicates in three spellings, and a
row whose required amount is blank. Its columns match the simulator's VBot template ``NHAC_NO``
(``Họ và tên`` → ho_ten, ``Số tiền`` → so_tien, ``Hạn thanh toán`` → han_thanh_toan).

    .venv/bin/python resources/samples/make_contacts_sample.py   # rewrites the file beside this script
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

SAMPLE = Path(__file__).with_name("contacts-sample.xlsx")
TITLE_ROWS = ["DANH SÁCH KHÁCH HÀNG NHẮC NỢ THÁNG 11/2026", "Công ty Tài chính ABC — chi nhánh Hà Nội"]
HEADER = ["STT", "Họ và tên", "Số điện thoại", "Số tiền", "Hạn thanh toán", None, "Ghi chú"]
HEADER_ROW = 4  # two title rows, one blank row, then the header
D = dt.date
# (name, phone cell, amount, due date, note); None is a blank row. Comments give the expected verdict.
ROWS: list[tuple | None] = [
    ("Nguyễn Văn An", "0912345678", 1_500_000, D(2026, 12, 5), "text with the 0"),            # valid
    ("Trần Thị Bình", 987654321, 2_300_000, D(2026, 12, 6), "number, lost its 0"),            # valid
    ("Lê Minh Châu", 84903123456.0, 750_000, D(2026, 12, 7), "84… float"),                    # valid
    ("Phạm Quốc Dũng", "+84 35 812 3456", 4_100_000, D(2026, 12, 8), "international, spaced"),  # valid
    ("Hoàng Thu Hà", "091.234.5678", 990_000, D(2026, 12, 9), "same as row 5"),              # duplicate
    ("Huỳnh Đức Huy", "01662345678", 1_200_000, D(2026, 12, 10), "pre-2018 number"),         # invalid
    ("Phan Ngọc Lan", "0912 345 679 / 0987 111 222", 3_000_000, D(2026, 12, 11), "two numbers"),  # valid
    ("Vũ Hữu Phước", "không có", 500_000, D(2026, 12, 12), "no number"),                       # invalid
    None,
    ("Võ Thị Mai", None, 650_000, D(2026, 12, 13), "phone missing"),                            # invalid
    ("Đặng Văn Nam", "02438123456", 8_000_000, D(2026, 12, 14), "Hà Nội landline"),           # valid
    ("Bùi Thị Oanh", 987654321.0, 1_100_000, D(2026, 12, 15), "same as row 6"),               # duplicate
    ("Đỗ Văn Phúc", "12345", 300_000, D(2026, 12, 16), "too short"),                          # invalid
    ("Ngô Thị Quỳnh", "0868123456", 2_750_000, D(2026, 12, 17), ""),                           # valid
    ("Dương Văn Sơn", "(070) 123-4567", 1_900_000, D(2026, 12, 18), ""),                       # valid
    ("Lý Thị Tâm", 84912345678, 450_000, D(2026, 12, 19), "same as row 5"),                   # duplicate
    ("Mai Văn Tú", "0562345678", 5_200_000, D(2026, 12, 20), ""),                              # valid
    ("Trịnh Văn Út", "0339876543", None, D(2026, 12, 21), "amount missing"),                  # valid, blocks
    ("Cao Thị Vân", "0977000111", 600_000, None, "asked not to be called"),                    # valid (DNC in tests)
]
# What `autocall check` and the Contacts tab report for this file with an empty do-not-call list.
EXPECTED = {"total": 18, "valid": 11, "duplicates": 3, "invalid": 4, "suppressed": 0}


def write(path: Path = SAMPLE) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Khách hàng"
    for title in TITLE_ROWS:
        sheet.append([title])
    sheet.append([])
    sheet.append(HEADER)
    number = 0
    for row in ROWS:
        if row is None:
            sheet.append([])
            continue
        number += 1
        name, phone, amount, due, note = row
        sheet.append([number, name, phone, amount, due, None, note])
    for cell in sheet["E"][HEADER_ROW:]:
        cell.number_format = "DD/MM/YYYY"
    notes = workbook.create_sheet("Ghi chú")
    notes.append(["Sheet phụ: không phải danh sách gọi."])
    workbook.save(path)
    return path


if __name__ == "__main__":
    print(write())
