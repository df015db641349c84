"""Template fields: VBot custom fields, NXCLOUD variables, BizPhone placeholders, matching, preview, blockers."""

from __future__ import annotations

import datetime as dt

from desktop.contacts.fields import launch_problems, match_fields, preview
from desktop.contacts.importer import ImportOptions, import_file
from desktop.providers.base import TemplateField, fields_from_names
from desktop.providers.bizphone import placeholders
from desktop.providers.vbot.client import template_field
from desktop.providers.vbot.wire import CustomFieldItem

# The simulator's VBot template NHAC_NO, as getCustomFieldInScript returns it.
NHAC_NO = [
    {"id": 3, "cfname": "Họ và tên", "cfkey": "ho_ten", "description": "", "cftype": "text", "isRequired": True},
    {"id": 4, "cfname": "Số tiền", "cfkey": "so_tien", "description": "", "cftype": "number", "isRequired": 1},
    {"id": 5, "cfname": "Hạn thanh toán", "cfkey": "han_thanh_toan", "cftype": "date", "isRequired": "false"},
]


def fields_from_vbot(items: list[dict]) -> list[TemplateField]:
    """The fields the VBot adapter builds from a getCustomFieldInScript reply."""
    return [template_field(CustomFieldItem.from_json(item)) for item in items]


def test_fields_from_vbot():
    fields = fields_from_vbot(NHAC_NO)
    assert [(f.key, f.name, f.type, f.required) for f in fields] == [
        ("ho_ten", "Họ và tên", "text", True),
        ("so_tien", "Số tiền", "number", True),
        ("han_thanh_toan", "Hạn thanh toán", "date", False),
    ]


def test_one_rule_decides_whether_a_vbot_field_is_required():
    """The Contacts tab and the preflight read the same TemplateField, built once by the adapter."""
    optional = ["0", "false", "FALSE", " False ", "", 0, False, None]
    required = ["1", "true", "yes", 1, True]
    fields = fields_from_vbot([{"cfkey": "x", "isRequired": v} for v in optional + required])
    assert [f.required for f in fields] == [False] * len(optional) + [True] * len(required)


def test_match_by_cfkey_and_cfname_folded():
    columns = ["Ho Ten", "SO_TIEN", "Hạn thanh toán", "Số tiền nợ"]
    assert match_fields(fields_from_vbot(NHAC_NO), columns) == {
        "ho_ten": "Ho Ten", "so_tien": "SO_TIEN", "han_thanh_toan": "Hạn thanh toán",
    }
    debt = [TemplateField("so_tien_no", "Khoản nợ"), TemplateField("ngayHen", "Ngày hẹn")]
    assert match_fields(debt, ["Số tiền nợ", "NGÀY HẸN"]) == {"so_tien_no": "Số tiền nợ", "ngayHen": "NGÀY HẸN"}


def test_saved_choice_wins_while_its_column_exists():
    fields = fields_from_vbot(NHAC_NO)
    saved = {"so_tien": "Số tiền nợ", "ho_ten": "Gone"}
    result = match_fields(fields, ["Họ và tên", "Số tiền", "Số tiền nợ"], saved)
    assert result["so_tien"] == "Số tiền nợ" and result["ho_ten"] == "Họ và tên"


def test_placeholders_and_typed_variables():
    text = "Xin chào {{name}}, khoản {{ amount }} đến hạn {{due}}. {{name}} vui lòng bấm 1. {not_one}"
    assert placeholders(text) == ["name", "amount", "due"]
    assert [f.key for f in fields_from_names(["ten", " ten ", "", "so_tien"])] == ["ten", "so_tien"]
    assert all(f.required for f in fields_from_names(["a"]))


def test_sample_against_simulator_template_preview_and_blockers(sample):
    report = import_file(sample, options=ImportOptions(provider="vbot"))
    fields = fields_from_vbot(NHAC_NO)
    mapping = match_fields(fields, report.table.column_names)
    assert mapping == {"ho_ten": "Họ và tên", "so_tien": "Số tiền", "han_thanh_toan": "Hạn thanh toán"}

    first = preview(report, fields, mapping, limit=3)[0]
    assert (first.row, first.phone, first.name) == (5, "0912345678", "Nguyễn Văn An")
    assert first.values == {"ho_ten": "Nguyễn Văn An", "so_tien": "1500000", "han_thanh_toan": "05/12/2026"}

    problems = launch_problems(report, fields, mapping)
    assert [(p.field, p.rows) for p in problems] == [("so_tien", (22,))]
    assert "Số tiền" in problems[0].message and "22" in problems[0].message
    # the optional date is empty in row 23 but does not block

    unmapped = launch_problems(report, fields, {**mapping, "ho_ten": None})
    assert unmapped[0].field == "ho_ten" and "not mapped" in unmapped[0].message


def test_no_callable_rows_blocks(tmp_path):
    from tests.helpers.contacts import write_csv

    report = import_file(write_csv(tmp_path / "x.csv", [["SĐT"], ["123"]]))
    assert [p.message for p in launch_problems(report, [], {})] == ["No row has a valid phone number to call."]


def test_preview_formats_dates_and_numbers(sample):
    report = import_file(sample)
    fields = [TemplateField("han", "Hạn thanh toán"), TemplateField("stt", "STT")]
    values = preview(report, fields, {"han": "Hạn thanh toán", "stt": "STT"}, limit=100)
    assert {p.row: p.values for p in values}[23] == {"han": "", "stt": "18"}
    assert dt.date(2026, 12, 5) == report.value(report.rows[0], "Hạn thanh toán")
