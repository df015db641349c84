from __future__ import annotations

import socket
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest

from desktop.accounts.repository import Account, AccountNameTaken, AccountRepository
from desktop.exits import Exit, exit_code
from desktop.paths import AppPaths
from desktop.postgres import PostgresStore
from desktop.secrets import MemoryKeyring, SecretStore
from desktop.store import (
    DATABASE_URL_VARIABLE,
    MIGRATIONS,
    SCHEMA_VERSION,
    DatabaseUrlError,
    IntegrityError,
    Migration,
    ServerError,
    Store,
    StoreDamaged,
    StoreError,
    choose_url,
    chosen_url,
    database_url,
    epoch_of,
    key_prefix,
    open_database,
    sqlite_url,
    statements,
    utc_now_text,
)
from tests.helpers.postgres import PostgresServer
from tests.helpers.storage import schema_at


def test_new_database_is_current_and_in_wal_mode(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.sqlite3")
    assert store.version == SCHEMA_VERSION
    assert store.query_one("PRAGMA journal_mode")[0] == "wal"
    tables = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"accounts", "settings", "contacts", "campaigns", "dispatch_batches", "calls"} <= tables


def test_upgrade_from_first_schema_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = schema_at(path, 1)
    old.execute("INSERT INTO accounts(name, provider, config) VALUES ('Sales', 'vbot', '{\"api\": \"v3\"}')")
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
    old = schema_at(path, 4)
    old.execute("INSERT INTO accounts(id, name, provider) VALUES (7, 'Sales', 'nxcloud')")
    old.execute("INSERT INTO campaigns(name, account_id, provider, remote_id) VALUES ('June', 7, 'nxcloud', 'k')")
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


def test_settings_round_trip_and_survive_reopen(store_engine: Store) -> None:
    store_engine.set_setting("window", {"w": 1280, "label": "Nguyễn Văn A"})
    store_engine.set_setting("window", {"w": 1920, "label": "Nguyễn Văn A"})
    again = open_database(store_engine.url)
    assert again.get_setting("window") == {"w": 1920, "label": "Nguyễn Văn A"}
    assert again.get_setting("missing", 42) == 42
    again.close()


def test_a_refused_write_rolls_the_whole_transaction_back(store_engine: Store) -> None:
    repo = AccountRepository(store_engine)
    with pytest.raises(IntegrityError):
        with store_engine.transaction() as db:
            db.execute("INSERT INTO accounts(name, provider) VALUES ('A', 'vbot')")
            db.execute("INSERT INTO accounts(name, provider) VALUES ('A', 'vbot')")  # duplicate name
    assert repo.list() == []
    repo.save(Account(name="A", provider="vbot"))  # the store is usable after the error
    with pytest.raises(AccountNameTaken):
        repo.save(Account(name="A", provider="nxcloud"))
    assert [a.name for a in repo.list()] == ["A"]


def test_demo_accounts_are_created_once(store_engine: Store) -> None:
    repo = AccountRepository(store_engine)
    first = repo.ensure_demo_accounts()
    second = repo.ensure_demo_accounts()
    assert [a.id for a in first] == [a.id for a in second]
    assert {a.provider for a in first} == {"vbot", "nxcloud", "bizphone"}
    assert all(a.is_demo for a in first)
    assert not repo.has_real_accounts()
    repo.save(Account(name="Real", provider="bizphone"))
    assert repo.has_real_accounts()


def test_the_same_sql_runs_on_both_engines(store_engine: Store) -> None:
    """Placeholders by position and by name, a literal %, rows by name and by position, whole numbers as int."""
    assert store_engine.version == SCHEMA_VERSION
    with store_engine.transaction() as db:
        list_id = db.execute("INSERT INTO contact_lists(name) VALUES (?) RETURNING id", ("50% off",)).fetchone()[0]
        db.executemany("INSERT INTO contacts(list_id, row_number, phone_raw, status) VALUES (?, ?, ?, 'valid')",
                       [(list_id, n, f"09{n}") for n in range(3)])
    row = store_engine.query_one(
        "SELECT l.name AS name, COUNT(*) AS n, SUM(c.row_number) AS total, AVG(c.row_number) AS mean "
        "FROM contact_lists l JOIN contacts c ON c.list_id = l.id WHERE l.name LIKE '50%' AND l.id = :id "
        "GROUP BY l.id, l.name", {"id": list_id})
    assert (row["name"], row["n"], row["total"], row["mean"]) == ("50% off", 3, 3, 1.0)
    name, count, total, mean = row
    assert (row[0], count, type(total), type(mean)) == ("50% off", 3, int, float)
    assert dict(store_engine.query_one("SELECT id, name FROM contact_lists")) == {"id": list_id, "name": "50% off"}
    prefix, beyond_32_bits = key_prefix(), 2 ** 32
    keys = [r[0] for r in store_engine.query(
        f"SELECT {store_engine.dialect.row_key.format(id=f'(c.id + {beyond_32_bits})')} FROM contacts c ORDER BY c.id",
        {"key_prefix": prefix})]
    assert all(len(k) == 32 and set(k) <= set("0123456789abcdef") and k.startswith(prefix) for k in keys)
    last_id = store_engine.query_one("SELECT MAX(id) FROM contacts")[0]
    assert keys == sorted(set(keys)) and keys[-1] == f"{prefix}{last_id + beyond_32_bits:010x}"
    created = store_engine.query_one("SELECT created_at FROM contact_lists")[0]
    assert abs(epoch_of(created) - time.time()) < 60 and created.endswith("Z") and len(created) == len(utc_now_text())


def test_the_url_names_the_engine_and_never_a_password(store_engine: Store, tmp_path: Path) -> None:
    assert store_engine.url.startswith(f"{store_engine.engine}://") and urlsplit(store_engine.url).password is None
    with pytest.raises(DatabaseUrlError, match="must not contain the password"):
        open_database("postgresql://ops:secret@db.example:5432/autocall")
    with pytest.raises(DatabaseUrlError, match="not a database address"):
        open_database("mysql://ops@db/autocall")
    odd = tmp_path / "Dữ liệu #1 ?50%" / "x.sqlite3"
    assert "Dữ liệu" in sqlite_url(odd) and open_database(sqlite_url(odd)).path == odd.resolve()


def test_the_chosen_database_is_kept_in_the_data_folder_without_password(paths: AppPaths,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATABASE_URL_VARIABLE, raising=False)
    assert chosen_url(paths) == sqlite_url(paths.database) == database_url(paths)
    choose_url(paths, "postgresql://ops@db.example:5432/autocall")
    assert chosen_url(paths) == "postgresql://ops@db.example:5432/autocall" == database_url(paths)
    monkeypatch.setenv(DATABASE_URL_VARIABLE, "postgresql://ops@other/autocall")
    assert database_url(paths) == "postgresql://ops@other/autocall"
    assert database_url(paths, "sqlite:///tmp/given.sqlite3") == "sqlite:///tmp/given.sqlite3"
    with pytest.raises(DatabaseUrlError):
        choose_url(paths, "postgresql://ops:secret@db.example/autocall")
    choose_url(paths, None)
    assert chosen_url(paths) == sqlite_url(paths.database)


def _sqlite_schema(store: Store) -> dict[str, Any]:
    kinds = {"INTEGER": "integer", "REAL": "real", "TEXT": "text", "BLOB": "blob"}
    tables = [r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    schema: dict[str, Any] = {"columns": {}, "keys": set(), "indexes": set(), "unique": set()}
    for table in tables:
        info = store.query(f"PRAGMA table_info({table})")
        schema["columns"][table] = [(r["name"], kinds[r["type"]], bool(r["notnull"] or r["pk"])) for r in info]
        schema["keys"].add((table, tuple(r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"])))
        for index in store.query(f"PRAGMA index_list({table})"):
            columns = tuple(r["name"] for r in store.query(f"PRAGMA index_info({index['name']})"))
            if index["origin"] == "c":
                schema["indexes"].add((table, index["name"], columns, bool(index["unique"])))
            elif index["origin"] == "u":
                schema["unique"].add((table, columns))
    return schema


def _postgresql_schema(store: Store) -> dict[str, Any]:
    kinds = {"bigint": "integer", "integer": "integer", "double precision": "real", "text": "text", "bytea": "blob"}
    schema: dict[str, Any] = {"columns": {}, "keys": set(), "indexes": set(), "unique": set()}
    for r in store.query("SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
                         "WHERE table_schema = 'public' AND table_name != 'schema_version' "
                         "ORDER BY table_name, ordinal_position"):
        schema["columns"].setdefault(r[0], []).append((r[1], kinds[r[2]], r[3] == "NO"))
    constraints = {r[0] for r in store.query("SELECT conname FROM pg_constraint WHERE contype IN ('u', 'p')")}
    for table, name, unique, primary, columns in store.query(
            "SELECT t.relname, i.relname, x.indisunique, x.indisprimary, ARRAY(SELECT a.attname FROM "
            "unnest(x.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n "
            "ORDER BY k.o) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON "
            "t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace WHERE s.nspname = 'public' "
            "AND t.relname != 'schema_version'"):
        if primary:
            schema["keys"].add((table, tuple(columns)))
        elif name in constraints:
            schema["unique"].add((table, tuple(columns)))
        else:
            schema["indexes"].add((table, name, tuple(columns), unique))
    for table in schema["columns"]:
        if not any(key[0] == table for key in schema["keys"]):
            schema["keys"].add((table, ()))
    return schema


def test_the_migrations_give_the_same_schema_on_both_engines(tmp_path: Path, pg_store: Store) -> None:
    """Tables, columns with their kinds and NOT NULL, primary keys, unique keys and indexes, after every migration."""
    sqlite = Store(tmp_path / "schema.sqlite3")
    expected, found = _sqlite_schema(sqlite), _postgresql_schema(pg_store)
    sqlite.close()
    assert found["columns"] == expected["columns"]
    assert found["keys"] == expected["keys"]
    assert found["unique"] == expected["unique"]
    assert found["indexes"] == expected["indexes"]
    assert pg_store.version == SCHEMA_VERSION


def test_a_postgresql_database_from_a_newer_app_is_refused(pg_store: Store) -> None:
    with pg_store.transaction() as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer Autocall Desk"):
        open_database(pg_store.url)


def test_write_transactions_wait_for_each_other_across_desks(pg_store: Store) -> None:
    """The advisory lock: a second desk's transaction starts only once the first one has committed."""
    other = open_database(pg_store.url)
    order: list[str] = []

    def second_desk() -> None:
        with other.transaction() as db:
            order.append("second")
            db.execute("INSERT INTO settings(key, value) VALUES ('b', '2')")

    with pg_store.transaction() as db:
        db.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
        waiting = threading.Thread(target=second_desk)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and order == []
        order.append("first")
    waiting.join(10)
    assert order == ["first", "second"]
    assert other.get_setting("a") == 1 and pg_store.get_setting("b") == 2
    other.close()


def test_a_dropped_connection_is_opened_again(pg_store: Store, postgres_server: PostgresServer) -> None:
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                      "'autocall-desk' AND datname = %s", (pg_store.url.rsplit("/", 1)[1],))
    with pytest.raises(ServerError, match="was lost"):
        pg_store.get_setting("a")
    pg_store.set_setting("a", 1)
    assert pg_store.get_setting("a") == 1


@pytest.mark.parametrize(("change", "reason", "words"), [
    ("port", "unreachable", "cannot be reached: check that it is running"),
    ("password", "password", "did not accept the password of autocall: enter the right password"),
    ("database", "missing", "There is no database nowhere on the server"),
])
def test_a_server_that_cannot_be_used_is_said_in_one_sentence(
        postgres_server: PostgresServer, memory_keyring: MemoryKeyring, change: str, reason: str, words: str) -> None:
    port = postgres_server.port if change != "port" else _closed_port()
    database = "nowhere" if change == "database" else "postgres"
    url = f"postgresql://{postgres_server.user}@{postgres_server.host}:{port}/{database}"
    secrets = SecretStore(memory_keyring)
    secrets.set_database_password(url, "wrong" if change == "password" else postgres_server.password)
    with pytest.raises(ServerError, match=words) as refused:
        open_database(url, secrets)
    assert refused.value.reason == reason
    assert exit_code(refused.value) == Exit.STORAGE and "\n" not in str(refused.value)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_unused_webhook_table_is_dropped_on_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    old = sqlite3.connect(path)
    for version, script in enumerate(MIGRATIONS[:4], start=1):
        for statement in statements(script, "sqlite"):
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
    old = schema_at(path, 6)
    old.execute("INSERT INTO accounts(id, name, provider) VALUES (1, 'Sales', 'vbot')")
    old.execute("INSERT INTO campaigns(id, name, account_id, provider) VALUES (1, 'June', 1, 'vbot')")
    old.execute("INSERT INTO calls(campaign_id, idem_key, phone, dispatch) VALUES (1, 'k', '+84912345678', 'sent')")
    old.commit()
    old.close()

    store = Store(path)
    assert store.version == SCHEMA_VERSION >= 7
    plan = " ".join(r["detail"] for r in store.query(
        "EXPLAIN QUERY PLAN SELECT 1 FROM calls WHERE phone = ? AND dispatch = ?", ("+84912345678", "sent")))
    assert "calls_phone" in plan
    assert store.query_one("SELECT dispatch FROM calls WHERE phone = '+84912345678'")[0] == "sent"
    store.close()


def test_migration_18_keeps_dispatch_moves_out_of_the_number_and_batch_indexes(tmp_path: Path) -> None:
    """A call's number and batch are still found by index after the upgrade (rows made before it included), while
    its dispatch state is in neither index and a call in no batch is not in the batch index."""
    path = tmp_path / "v17.sqlite3"
    old = schema_at(path, 17)
    old.execute("INSERT INTO accounts(id, name, provider) VALUES (1, 'Sales', 'bizphone')")
    old.execute("INSERT INTO campaigns(id, name, account_id, provider) VALUES (1, 'June', 1, 'bizphone')")
    old.execute("INSERT INTO dispatch_batches(id, campaign_id, seq, state, batch_key) VALUES (7, 1, 1, 'sent', 'b')")
    old.execute("INSERT INTO calls(campaign_id, batch_id, idem_key, phone, dispatch) "
                "VALUES (1, 7, 'k1', '+84912345678', 'sent'), (1, NULL, 'k2', '+84912345679', 'pending')")
    old.commit()
    old.close()

    store = Store(path)
    indexes = {r["name"]: r["sql"] for r in store.query("SELECT name, sql FROM sqlite_master WHERE type = 'index'")}
    assert "dispatch" not in indexes["calls_phone"] and "WHERE batch_id IS NOT NULL" in indexes["calls_batch"]
    for sql, index in (("SELECT id FROM calls WHERE phone = ? AND dispatch = 'sent'", "calls_phone"),
                       ("SELECT id FROM calls WHERE batch_id = ? AND dispatch = 'sent'", "calls_batch")):
        plan = " ".join(r["detail"] for r in store.query(f"EXPLAIN QUERY PLAN {sql}", ("x",)))
        assert index in plan, plan
    assert store.query_one("SELECT idem_key FROM calls WHERE batch_id = ?", (7,))[0] == "k1"
    assert store.query_one("SELECT idem_key FROM calls WHERE phone = ?", ("+84912345679",))[0] == "k2"
    store.close()


def test_a_migration_may_hold_a_postgresql_function_body(pg_store: Store) -> None:
    """A ``;`` in quotes or in a ``$$ … $$`` body does not end a statement; comments are left out."""
    script = Migration(sqlite="", postgresql="""
        CREATE FUNCTION count_calls() RETURNS bigint AS $$
            BEGIN
                RETURN (SELECT count(*) FROM calls);  -- one; statement
            END;
        $$ LANGUAGE plpgsql;
        INSERT INTO settings(key, value) VALUES ('note', '"a; b -- c"');  -- the end
        """)
    assert statements(script, "sqlite") == []
    with pg_store.transaction() as db:
        for statement in statements(script, "postgresql"):
            db.execute(statement)
    assert pg_store.query_one("SELECT count_calls()")[0] == 0
    assert pg_store.get_setting("note") == "a; b -- c"


def test_desks_opening_a_new_team_database_at_once_migrate_it_once(postgres_server: PostgresServer,
                                                                   postgres_database: str) -> None:
    """The migrations run under the advisory lock: the second desk waits, then finds the schema current."""
    url = postgres_server.url(postgres_database)
    opened: list[Store] = []
    failures: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(PostgresStore(url, postgres_server.password))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    desks = [threading.Thread(target=open_one) for _ in range(3)]
    for desk in desks:
        desk.start()
    for desk in desks:
        desk.join(60)
    assert failures == [] and len(opened) == 3
    assert {store.version for store in opened} == {SCHEMA_VERSION}
    assert opened[0].query_one("SELECT count(*) FROM schema_version")[0] == 1
    for store in opened:
        store.close()


def test_after_rows_copied_with_their_ids_new_rows_get_the_next_ones(store_engine: Store) -> None:
    with store_engine.transaction() as db:
        db.execute("INSERT INTO accounts(id, name, provider) VALUES (41, 'Copied', 'vbot')")
        db.execute("INSERT INTO contact_lists(id, name) VALUES (7, 'Copied list')")
    store_engine.continue_identities()
    assert AccountRepository(store_engine).save(Account(name="New", provider="vbot")).id == 42
    with store_engine.transaction() as db:
        assert db.execute("INSERT INTO contact_lists(name) VALUES ('New') RETURNING id").fetchone()[0] == 8
