"""Saving lists, the do-not-call list and per-template mappings in the store."""

from __future__ import annotations

import json

import pytest

from desktop.contacts.errors import ListInUseError
from desktop.contacts.importer import ImportOptions, Status, import_file
from desktop.contacts.repository import ContactRepository, SavedMapping, mapping_scope
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
