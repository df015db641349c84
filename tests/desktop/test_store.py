from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.accounts.repository import Account, AccountRepository
from desktop.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreDamaged, StoreError, _split_sql


def test_new_database_is_current_and_in_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite3")
    assert store.version == SCHEMA_VERSION
    assert store.query_one("PRAGMA journal_mode")[0] == "wal"
    tables = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"accounts", "settings", "contacts", "campaigns", "dispatch_batches", "calls"} <= tables


def test_upgrade_from_first_schema_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for statement in _split_sql(MIGRATIONS[0]):
        old.execute(statement)
    old.execute("INSERT INTO accounts(name, provider, config) VALUES ('Sales', 'vbot', '{\"api\": \"v3\"}')")
    old.execute("PRAGMA user_version = 1")
    old.commit()
    old.close()

    store = Store(path)
    assert store.version == SCHEMA_VERSION
    accounts = AccountRepository(store).list()
    assert [(a.name, a.provider, a.config) for a in accounts] == [("Sales", "vbot", {"api": "v3"})]
    # a table from a later migration exists and is usable
    with store.transaction() as db:
        db.execute("INSERT INTO do_not_call(phone_e164) VALUES ('+84912345678')")
    assert store.query_one("SELECT count(*) FROM do_not_call")[0] == 1


def test_the_provider_check_is_dropped_and_campaigns_keep_their_accounts(tmp_path: Path) -> None:
    """Migration 5 rebuilds accounts without the CHECK on provider (the registry validates keys now)."""
    path = tmp_path / "v4.sqlite3"
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:4]:
        for statement in _split_sql(script):
            old.execute(statement)
    old.execute("INSERT INTO accounts(id, name, provider) VALUES (7, 'Sales', 'nxcloud')")
    old.execute("INSERT INTO campaigns(name, account_id, provider, remote_id) VALUES ('June', 7, 'nxcloud', 'k')")
    old.execute("PRAGMA user_version = 4")
    old.commit()
    with pytest.raises(sqlite3.IntegrityError):
        old.execute("INSERT INTO accounts(name, provider) VALUES ('Other', 'another')")
    old.close()

    store = Store(path)
    assert store.version == SCHEMA_VERSION
    assert store.query_one("SELECT a.name FROM campaigns c JOIN accounts a ON a.id = c.account_id")[0] == "Sales"
    assert store.query_one("SELECT provider_task FROM campaigns")[0] is None
    with store.transaction() as db:
        db.execute("INSERT INTO accounts(name, provider) VALUES ('Other', 'another')")
    assert store.query_one("PRAGMA foreign_keys")[0] == 1
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as db:
        db.execute("DELETE FROM accounts WHERE id = 7")  # still referenced by the campaign
    store.close()


def test_database_from_a_newer_app_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer Autocall Desk"):
        Store(path)


def test_a_file_that_is_not_a_database_is_refused_as_damaged_and_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreDamaged, match="is damaged .file is not a database.; nothing in it was changed"):
        Store(path)
    assert path.read_bytes() == b"this is not a database" * 100


def test_settings_round_trip_and_survive_reopen(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = Store(path)
    store.set_setting("window", {"w": 1280, "label": "Nguyễn Văn A"})
    store.set_setting("window", {"w": 1920, "label": "Nguyễn Văn A"})
    store.close()
    assert Store(path).get_setting("window") == {"w": 1920, "label": "Nguyễn Văn A"}
    assert Store(path).get_setting("missing", 42) == 42


def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    store = Store(tmp_path / "t.sqlite3")
    repo = AccountRepository(store)
    with pytest.raises(sqlite3.IntegrityError):
        with store.transaction() as db:
            db.execute("INSERT INTO accounts(name, provider) VALUES ('A', 'vbot')")
            db.execute("INSERT INTO accounts(name, provider) VALUES ('A', 'vbot')")  # duplicate name
    assert repo.list() == []


def test_demo_accounts_are_created_once(tmp_path: Path) -> None:
    repo = AccountRepository(Store(tmp_path / "d.sqlite3"))
    first = repo.ensure_demo_accounts()
    second = repo.ensure_demo_accounts()
    assert [a.id for a in first] == [a.id for a in second]
    assert {a.provider for a in first} == {"vbot", "nxcloud", "bizphone"}
    assert all(a.is_demo for a in first)
    assert not repo.has_real_accounts()
    repo.save(Account(name="Real", provider="bizphone"))
    assert repo.has_real_accounts()


def test_the_unused_webhook_table_is_dropped_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    old = sqlite3.connect(path)
    for version, script in enumerate(MIGRATIONS[:4], start=1):
        for statement in _split_sql(script):
            old.execute(statement)
        old.execute(f"PRAGMA user_version = {version}")
    old.commit()
    old.close()
    store = Store(path)
    tables = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "webhook_events" not in tables and "calls" in tables
    store.close()


def test_migration_7_indexes_calls_by_number_for_the_live_do_not_call_checks(tmp_path: Path) -> None:
    """Opening a batch looks up every contact's number among the other campaigns' calls: by index, not by a scan
    (calls made before the upgrade keep their rows)."""
    path = tmp_path / "v6.sqlite3"
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:6]:
        for statement in _split_sql(script):
            old.execute(statement)
    old.execute("INSERT INTO accounts(id, name, provider) VALUES (1, 'Sales', 'vbot')")
    old.execute("INSERT INTO campaigns(id, name, account_id, provider) VALUES (1, 'June', 1, 'vbot')")
    old.execute("INSERT INTO calls(campaign_id, idem_key, phone, dispatch) VALUES (1, 'k', '+84912345678', 'sent')")
    old.execute("PRAGMA user_version = 6")
    old.commit()
    old.close()

    store = Store(path)
    assert store.version == SCHEMA_VERSION >= 7
    plan = " ".join(r["detail"] for r in store.query(
        "EXPLAIN QUERY PLAN SELECT 1 FROM calls WHERE phone = ? AND dispatch = ?", ("+84912345678", "sent")))
    assert "calls_phone" in plan
    assert store.query_one("SELECT dispatch FROM calls WHERE phone = '+84912345678'")[0] == "sent"
    store.close()
