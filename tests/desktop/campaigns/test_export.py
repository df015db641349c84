"""A campaign's results export: hostile contact data comes out as text, dates as dates, Vietnamese intact."""

from __future__ import annotations

import csv
import datetime as dt
import json

import openpyxl

from desktop.campaigns.export import RESULT_COLUMNS
from desktop.i18n import set_language
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env
from tests.helpers.spreadsheets import read_written

pytestmark = ON_BOTH_ENGINES

# What the store keeps for imported rows (dates as ISO text, as desktop.contacts.repository saves them).
HOSTILE = [
    {"Phone": "+84910000000", "name": "=1+1", "customer_name": "Nguyễn\x0bVăn A", "order_id": "2026-12-09"},
    {"Phone": "+84910000001", "name": '=HYPERLINK("http://evil.example","Bấm")', "customer_name": "@SUM(A1)",
     "order_id": "2026-02-27T14:33:00"},
    {"Phone": "+84910000002", "name": "-2+3", "customer_name": "Trần Thị Bích Ngọc", "order_id": "2026-02-30"},
]


async def hostile_campaign(env: Env):
    campaign = env.campaign("bizphone", 3)
    with env.store.transaction() as db:
        for row, data in enumerate(HOSTILE, start=2):
            db.execute("UPDATE contacts SET data = ? WHERE list_id = ? AND row_number = ?",
                       (json.dumps(data, ensure_ascii=False), campaign.list_id, row))
    await env.service.launch(campaign, await env.service.preflight(campaign))
    return env.service.get(campaign.id)


async def test_xlsx_export_keeps_hostile_text_as_text_and_dates_as_dates(env: Env, tmp_path) -> None:
    campaign = await hostile_campaign(env)
    path = tmp_path / "kết quả.xlsx"
    assert await env.service.export(campaign, path, "xlsx") == 3
    written = read_written(path, "Results")
    assert written.formulas == []
    assert list(written.rows[0]) == ["Phone", "name", "customer_name", "order_id", *RESULT_COLUMNS]
    for values in (written.rows[1:], written.calamine[1:]):
        assert [list(row[:3]) for row in values] == [
            ["+84910000000", "=1+1", "Nguyễn Văn A"],
            ["+84910000001", '=HYPERLINK("http://evil.example","Bấm")', "@SUM(A1)"],
            ["+84910000002", "-2+3", "Trần Thị Bích Ngọc"]]
    assert [row[3] for row in written.rows[1:]] == [dt.datetime(2026, 12, 9), dt.datetime(2026, 2, 27, 14, 33),
                                                    "2026-02-30"]  # not a date: kept as the text it was
    assert [formats[3] for formats in written.number_formats[1:]] == ["dd/mm/yyyy", "dd/mm/yyyy hh:mm", "General"]
    assert written.bold_header and written.freeze == "A2" and written.autofilter == "A1:P4"
    assert written.widths["C"] == len("Trần Thị Bích Ngọc") + 2


async def test_csv_export_quotes_hostile_text_and_writes_dates_day_first(env: Env, tmp_path) -> None:
    campaign = await hostile_campaign(env)
    path = tmp_path / "kết quả.csv"
    assert await env.service.export(campaign, path, "csv") == 3
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[:4] for row in rows[1:]] == [
        ["'+84910000000", "'=1+1", "Nguyễn Văn A", "09/12/2026"],
        ["'+84910000001", '\'=HYPERLINK("http://evil.example","Bấm")', "'@SUM(A1)", "27/02/2026 14:33"],
        ["'+84910000002", "'-2+3", "Trần Thị Bích Ngọc", "2026-02-30"]]


async def test_the_recording_column_names_the_saved_file_not_the_providers_reference(env: Env, tmp_path) -> None:
    """A VBot campaign's recordings are referenced by trans_id: the export names the file "Download recordings"
    saves for each recorded call (phone_time_transid), which opens without the account's key."""
    campaign = env.campaign("vbot", 12)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    env.pass_time(ALL_CALLS_END)
    await env.service.start_monitoring(campaign)
    recorded = {c.phone: c for c in env.service.recorded_calls(campaign)}
    assert recorded, "the simulator's outcome mix records some of 12 calls"
    path = tmp_path / "results.xlsx"
    await env.service.export(env.service.get(campaign.id), path, "xlsx")
    rows = read_written(path, "Results").rows
    column = list(rows[0]).index("Recording file")
    files = {row[0]: row[column] for row in rows[1:] if row[column]}
    assert set(files) == set(recorded)
    for phone, name in files.items():
        call = recorded[phone]
        assert name.startswith(f"{phone}_") and name.endswith(f"_{call.trans_id}")
        assert "/" not in name and ":" not in name  # a file name, no URL


async def test_export_in_vietnamese_has_vietnamese_headers_and_outcomes(env: Env, tmp_path) -> None:
    set_language("vi")
    campaign = await hostile_campaign(env)
    env.pass_time(ALL_CALLS_END)
    await env.service.start_monitoring(campaign)
    path = tmp_path / "kết quả.xlsx"
    assert await env.service.export(env.service.get(campaign.id), path, "xlsx") == 3
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames == ["Tổng hợp", "Kết quả"]
    written = read_written(path, "Kết quả")
    header = list(written.rows[0])
    assert header[header.index("Số đã gọi"):] == [
        "Số đã gọi", "Kết quả", "Câu trả lời", "Chi tiết câu trả lời", "Số lần gọi", "Lần gọi đầu", "Lần gọi cuối",
        "Thời gian đàm thoại (giây)", "Chi phí", "Tệp ghi âm", "Trạng thái của nhà cung cấp", "Lý do"]
    outcome = header.index("Kết quả")
    assert {row[outcome] for row in written.rows[1:]} <= {"Nghe máy", "Không nghe máy", "Máy bận", "Bị từ chối", "Lỗi"}
