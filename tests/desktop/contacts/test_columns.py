"""Phone and name columns found from Vietnamese and English headers, whatever the accents and case."""

from __future__ import annotations

import pytest

from desktop.contacts.columns import ColumnMapping, detect_mapping, fold


def test_fold_removes_diacritics_case_and_punctuation():
    assert fold("Số Điện Thoại:") == "so dien thoai"
    assert fold("SĐT") == "sdt"
    assert fold("so_dien_thoai") == "so dien thoai"
    assert fold("  Họ  và   tên ") == "ho va ten"


@pytest.mark.parametrize(
    ("headers", "phone", "name"),
    [
        (["STT", "Họ và tên", "Số điện thoại"], "Số điện thoại", "Họ và tên"),
        (["Tên khách hàng", "SĐT"], "SĐT", "Tên khách hàng"),
        (["ĐIỆN THOẠI", "HỌ TÊN"], "ĐIỆN THOẠI", "HỌ TÊN"),
        (["Full name", "Mobile"], "Mobile", "Full name"),
        (["Name", "Phone number", "Note"], "Phone number", "Name"),
        (["Số điện thoại 2", "Số điện thoại"], "Số điện thoại", None),  # exact beats "starts with"
        (["so dien thoai khac", "Ho ten"], "so dien thoai khac", "Ho ten"),
    ],
)
def test_detect_mapping(headers, phone, name):
    assert detect_mapping(headers) == ColumnMapping(phone, name)


def test_no_phone_header_uses_the_value_guess_or_gives_up():
    assert detect_mapping(["A", "B"], phone_guess="B") == ColumnMapping("B", None)
    assert detect_mapping(["Địa chỉ", "Ghi chú"]) is None
