"""Saving lists, the do-not-call list and per-template mappings in the store."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest

from desktop.contacts.columns import ColumnMapping
from desktop.contacts.errors import ListInUseError
from desktop.contacts.importer import REJECTED, ImportOptions, Status, find_mapping, import_file, write_json
from desktop.contacts.reading import FileRows, Limits, open_table
from desktop.contacts.rejects import write_rejects
from desktop.contacts.repository import ContactRepository, SavedMapping, mapping_scope
from desktop.errors import Cancelled
from desktop.i18n import set_language
from desktop.store import Store
from tests.helpers.contacts import write_csv


@pytest.fixture
def repository(store_engine: Store) -> ContactRepository:
    """On each engine in turn."""
    return ContactRepository(store_engine)


def test_save_list_keeps_every_row_with_status_and_original_columns(repository, sample):
    report = import_file(sample)
    list_id = repository.save_list(report, "Nhắc nợ tháng 11")
    store = repository.store
    header = store.query_one("SELECT * FROM contact_lists WHERE id = ?", (list_id,))
    assert header["sheet"] == "Khách hàng" and json.loads(header["columns"])[2] == "Số điện thoại"
    rows = store.query("SELECT * FROM contacts WHERE list_id = ? ORDER BY row_number", (list_id,))
    assert len(rows) == 18
    first = rows[0]
    assert (first["row_number"], first["phone_e164"], first["status"], first["name"]) == (
        5, "+84912345678", "valid", "Nguyễn Văn An")
    assert json.loads(first["data"])["Hạn thanh toán"] == "2026-12-05"
    lan = next(r for r in rows if r["row_number"] == 11)
    assert json.loads(lan["alternates"]) == ["+84987111222"]


def test_reasons_are_kept_so_each_reader_reads_them_in_their_language(repository, sample):
    set_language("vi")  # imported by a Vietnamese operator…
    list_id = repository.save_list(import_file(sample), "Nhắc nợ")
    with repository.store.transaction() as db:  # …and one row written before reasons were kept as sentences
        db.execute("UPDATE contacts SET reason = 'not a phone number' WHERE list_id = ? AND row_number = 10",
                   (list_id,))
    set_language("en")  # …read by an English one
    rows = {r.row: r.reason_text for r in repository.load_report(list_id).rows}
    assert rows[9] == "duplicate of row 5" and rows[12] == "not a phone number"
    assert rows[10] == "not a phone number"
    set_language("vi")
    rows = {r.row: r.reason_text for r in repository.load_report(list_id).rows}
    assert rows[9] == "trùng với dòng 5" and rows[10] == rows[12] == "không phải số điện thoại"


def test_earlier_campaign_numbers(repository, sample):
    list_id = repository.save_list(import_file(sample), "old")
    assert repository.earlier_campaign_numbers() == frozenset()
    with repository.store.transaction() as db:
        db.execute("INSERT INTO accounts(name, provider) VALUES ('demo', 'vbot')")
        db.execute("INSERT INTO campaigns(name, account_id, list_id, provider) VALUES ('c', 1, ?, 'vbot')", (list_id,))
    earlier = repository.earlier_campaign_numbers()
    assert "+84912345678" in earlier and len(earlier) == 11
    again = import_file(sample, options=ImportOptions(earlier_numbers=earlier))
    assert again.counts.valid == 0


def test_do_not_call_by_hand_and_from_a_file(repository, tmp_path, sample):
    assert repository.add_do_not_call_text("0977 000 111").e164 == "+84977000111"
    assert repository.add_do_not_call_text("01662345678").reason == "obsolete 11-digit mobile number"
    path = write_csv(tmp_path / "dnc.csv", [["Số điện thoại"], ["0912345678; 0987654321"], ["abc"], ["977000111"]])
    result = repository.import_do_not_call(path)
    assert (result.added, result.already_listed, result.invalid_rows) == (2, 1, (3,))
    assert repository.do_not_call() == {"+84977000111", "+84912345678", "+84987654321"}

    report = import_file(sample, options=ImportOptions(do_not_call=repository.do_not_call()))
    assert report.counts.suppressed == 6
    assert {r.row for r in report.with_status(Status.SUPPRESSED)} == {5, 6, 9, 16, 20, 23}

    repository.remove_do_not_call(["+84912345678"])
    assert "+84912345678" not in repository.do_not_call()


def test_mappings_saved_per_template_and_reused(repository):
    scope = mapping_scope("vbot", "NHAC_NO")
    assert scope == "vbot:NHAC_NO"
    assert repository.load_mapping(scope) is None
    chosen = SavedMapping(phone="SĐT", name="Họ và tên", fields={"so_tien": "Số tiền nợ"})
    repository.save_mapping(scope, chosen)
    repository.save_mapping(mapping_scope("nxcloud", "scene-7"), SavedMapping(variables=["ten", "so_tien"]))
    assert repository.load_mapping(scope) == chosen
    assert repository.load_mapping("nxcloud:scene-7").variables == ["ten", "so_tien"]
    repository.save_mapping(scope, SavedMapping(phone="Phone"))
    assert repository.load_mapping(scope) == SavedMapping(phone="Phone")


def test_a_list_is_deleted_with_its_rows_unless_a_campaign_was_made_from_it(repository, sample):
    kept = repository.save_list(import_file(sample), "Tháng 10")
    deleted = repository.save_list(import_file(sample), "Tháng 11")
    with repository.store.transaction() as db:
        db.execute("INSERT INTO accounts(name, provider) VALUES ('demo', 'vbot')")
        db.execute("INSERT INTO campaigns(name, account_id, list_id, provider) VALUES ('Nhắc nợ', 1, ?, 'vbot')",
                   (kept,))
    assert repository.campaigns_using(kept) == ["Nhắc nợ"] and repository.campaigns_using(deleted) == []

    with pytest.raises(ListInUseError, match="Nhắc nợ") as refused:
        repository.delete_list(kept)
    repository.delete_list(deleted)

    assert refused.value.campaigns == ["Nhắc nợ"] and "“Tháng 10” cannot be deleted" in str(refused.value)
    assert [i.id for i in repository.lists()] == [kept]
    rows = repository.store.query("SELECT list_id, COUNT(*) FROM contacts GROUP BY list_id")
    assert [tuple(r) for r in rows] == [(kept, 18)]


def test_lists_newest_first_with_row_counts(repository, sample):
    assert repository.lists() == []
    first = repository.save_list(import_file(sample), "Tháng 10")
    second = repository.save_list(import_file(sample), "Tháng 11")
    listed = repository.lists()
    assert [(i.id, i.name, i.rows, i.valid) for i in listed] == [(second, "Tháng 11", 18, 11),
                                                                 (first, "Tháng 10", 18, 11)]
    assert listed[0].source_file.endswith("contacts-sample.xlsx") and listed[0].created_at
    assert repository.list_names() == {first: "Tháng 10", second: "Tháng 11"}


# -- staged imports: a list validated a chunk at a time into the store -------------------------------------------
def _staged_view(repository, staged, *statuses):
    return [(r.row, r.phone_raw, r.e164, r.status, r.reason_text, r.name) for r in
            repository.staged_rows(staged, *statuses)]


def test_a_staged_import_gives_the_verdicts_of_validate_across_chunks(repository, tmp_path, monkeypatch):
    """Duplicates of rows in earlier chunks are found in the store; the counts and rows match the in-memory path."""
    monkeypatch.setattr("desktop.contacts.repository._BATCH", 4)
    rows = [["Họ và tên", "Số điện thoại"]] + [[f"Khách {i}", f"09123456{i % 7:02d}"] for i in range(20)]
    rows += [["Sai", "abc"], ["Chặn", "0977000111"]]
    path = write_csv(tmp_path / "list.csv", rows)
    options = ImportOptions(do_not_call={"+84977000111"})
    expected = import_file(path, options=options)

    table = open_table(path)
    assert isinstance(table.rows, FileRows) and len(table.rows) == 22
    staged = repository.stage(table, expected.mapping, options)

    assert staged.counts == expected.counts
    assert (staged.counts.valid, staged.counts.duplicates) == (7, 13)
    by_row = {r.row: r for r in repository.staged_rows(staged)}
    assert by_row[17].reason_text == "duplicate of row 3"  # row 3 was staged four chunks earlier
    assert _staged_view(repository, staged) == [
        (r.row, r.phone_raw, r.e164, r.status, r.reason_text, r.name) for r in expected.rows]
    rejects = repository.staged_rows(staged, Status.INVALID, Status.SUPPRESSED)
    assert len(rejects) == 2 and [r.row for r in rejects] == [22, 23]
    assert staged.value(by_row[2], "Họ và tên") == "Khách 0"
    repository.discard(staged.id)  # four rows a transaction
    assert repository.store.query_one("SELECT COUNT(*) FROM import_rows")[0] == 0
    assert repository.store.query_one("SELECT COUNT(*) FROM imports")[0] == 0


def test_a_staged_import_saved_is_a_list_and_discarded_leaves_nothing(repository, sample):
    table = open_table(sample)
    staged = repository.stage(table, find_mapping(table, Limits(), "VN"))
    assert repository.lists() == []  # staged rows are no list until saved
    list_id = repository.save_staged(staged, "Tháng 12")
    repository.discard(staged.id)

    assert [(i.name, i.rows, i.valid) for i in repository.lists()] == [("Tháng 12", 18, 11)]
    saved = repository.load_report(list_id)
    expected = import_file(sample)
    assert [(r.row, r.status, r.reason) for r in saved.rows] == [(r.row, r.status, r.reason) for r in expected.rows]
    assert repository.store.query_one("SELECT COUNT(*) FROM import_rows")[0] == 0


def test_a_cancelled_staging_leaves_no_rows(repository, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.contacts.repository._BATCH", 10)
    path = write_csv(tmp_path / "many.csv", [["SĐT"]] + [[f"09{i:08d}"] for i in range(5000)])
    table = open_table(path)
    checks = iter(range(3))

    class CancelMidFile:
        def is_set(self) -> bool:
            return next(checks, None) is None

    with pytest.raises(Cancelled):
        repository.stage(table, ColumnMapping("SĐT"), progress=lambda _p: None, cancel=CancelMidFile())
    assert repository.store.query_one("SELECT COUNT(*) FROM import_rows")[0] == 0
    assert repository.store.query_one("SELECT COUNT(*) FROM imports")[0] == 0


def test_rejects_and_the_json_report_of_a_staged_import_stream_from_the_store(repository, tmp_path, sample):
    table = open_table(sample)
    staged = repository.stage(table, find_mapping(table, Limits(), "VN"), ImportOptions(provider="vbot"))
    expected = import_file(sample, options=ImportOptions(provider="vbot"))

    target = tmp_path / "rejects.xlsx"
    rejected = expected.rejects()
    assert write_rejects(staged, target, repository.staged_rows(staged, *REJECTED),
                         reason_header="Lý do") == len(rejected) >= 7
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == [expected.value(r, "STT") for r in rejected]
    assert {row[1]: row for row in rows[1:]}["Huỳnh Đức Huy"][6] == "obsolete 11-digit mobile number"

    written, wanted = io.StringIO(), io.StringIO()
    write_json(staged, staged.counts, repository.staged_rows(staged), written)
    expected.write_json(wanted)
    assert json.loads(written.getvalue()) == json.loads(wanted.getvalue())


def test_a_stored_report_is_filtered_searched_sorted_and_paged_by_the_store(repository, tmp_path):
    """A staged import and the list saved from it read the same pages, on both engines: the status filter, Quick
    find (LIKE's wildcards searched as they are) and every sort order, empty cells last."""
    rows = [["Họ và tên", "Số điện thoại", "Hạn"],
            ["Nguyễn Văn An", "0912345678", "2026-12-05"], ["", "0912345679", ""], ["Bùi 50%", "abc", ""],
            ["Trần Thị Bình", "0912345678", ""], ["An", "", ""], ["Lê Chí", "0987654321", ""]]
    path = write_csv(tmp_path / "list.csv", rows)
    table = open_table(path)
    staged = repository.stage(table, find_mapping(table, Limits(), "VN"), ImportOptions(provider="vbot"))
    report = repository.staged_report(staged)
    saved = repository.open_list(repository.save_report(report, "Tháng 12"), provider="vbot")
    assert saved.counts == report.counts == staged.counts and saved.mapping == staged.mapping

    for shown in (report, saved):
        every = shown.rows()
        assert len(every) == 6 and [r.row for r in every.page(0, 100)] == [2, 3, 4, 5, 6, 7]
        assert [r.row for r in every.page(2, 2)] == [4, 5]
        assert [r.name for r in every.page(0, 6, "name")] == ["An", "Bùi 50%", "Lê Chí", "Nguyễn Văn An",
                                                               "Trần Thị Bình", ""]
        assert [r.row for r in every.page(0, 6, "name", descending=True)][0] == 3  # the empty name first
        assert [r.status for r in every.page(0, 6, "status")] == [Status.VALID] * 3 + [Status.DUPLICATE] + \
            [Status.INVALID] * 2
        assert [r.e164 for r in every.page(0, 6, "number")][-2:] == [None, None]
        assert [r.row for r in every.page(0, 6, "reason")][-3:] == [2, 3, 7]  # rows called: no reason
        assert [r.row for r in shown.rows([Status.INVALID])] == [4, 6] and len(shown.rejects()) == 3
        assert [r.row for r in shown.rows(search="nguyễn")] == [2]
        assert [r.row for r in shown.rows(search="50%")] == [4] and len(shown.rows(search="%")) == 1
        assert [r.row for r in shown.rows(search="+84912345678")] == [2, 5]  # the number as dialled
        assert [r.row for r in shown.with_status(Status.VALID)[:2]] == [2, 3]
        assert every.page(0, 1)[0].values[2] == dt.date(2026, 12, 5)  # a stored date is a date again


def test_names_sort_in_vietnamese_order_and_quick_find_ignores_case(repository, tmp_path):
    """On both engines: names in the Vietnamese alphabet's order (ô before u, đ after d, tones after letters), a
    search in capitals finds accented names, and a list written without the keys gets them when opened."""
    names = ["Nguyễn Văn An", "Ngô Thị Quỳnh", "Phan Ngọc Lan", "Phạm Quốc Dũng", "Đỗ Văn Bình", "Dương Văn Sơn",
             "ĐINH LAN", "Ân", "An"]
    rows = [["Họ và tên", "Số điện thoại"]] + [[name, f"09123456{i:02d}"] for i, name in enumerate(names)]
    table = open_table(write_csv(tmp_path / "list.csv", rows))
    staged = repository.stage(table, find_mapping(table, Limits(), "VN"))
    list_id = repository.save_report(repository.staged_report(staged), "Tháng 12")
    with repository.store.transaction() as db:  # as a list saved before the keys were stored
        db.execute("UPDATE contacts SET name_key = NULL, search_text = NULL WHERE list_id = ?", (list_id,))
    order = ["An", "Ân", "Dương Văn Sơn", "ĐINH LAN", "Đỗ Văn Bình", "Ngô Thị Quỳnh", "Nguyễn Văn An",
             "Phạm Quốc Dũng", "Phan Ngọc Lan"]
    for shown in (repository.staged_report(staged), repository.open_list(list_id)):
        assert [r.name for r in shown.rows().page(0, 20, "name")] == order
        assert [r.name for r in shown.rows().page(0, 20, "name", descending=True)] == order[::-1]
        assert [r.name for r in shown.rows(search="NGUYỄN")] == ["Nguyễn Văn An"]
        assert [r.name for r in shown.rows(search="đinh")] == ["ĐINH LAN"]
        assert [r.name for r in shown.rows(search="ĐỖ VĂN")] == ["Đỗ Văn Bình"]
