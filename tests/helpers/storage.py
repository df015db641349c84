"""Stores for the tests on both engines (fixtures ``store_engine``, ``pg_store``, ``pg_url``), and real storage
faults for the SQLite store's tests: a database with data in it, pages overwritten in its middle, a small file system
that fills up, one that turns read-only.

The file systems are real tmpfs mounts made for the test (the suite runs as root in CI and in the sandbox); where
mounting is not allowed the test is skipped saying so, never faked.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.paths import AppPaths
from desktop.postgres import PostgresStore
from desktop.secrets import MemoryKeyring, SecretStore
from desktop.services import prepare_folders
from desktop.store import MIGRATIONS, Store, open_database, statements
from tests.helpers.postgres import PostgresServer

PAGE = 4096


def schema_at(path: Path, version: int) -> sqlite3.Connection:
    """A new SQLite file at ``path`` as schema ``version`` left it (its first ``version`` migrations run, its
    ``user_version`` set), open for the test to add rows, commit and close before the store upgrades it."""
    old = sqlite3.connect(path)
    for script in MIGRATIONS[:version]:
        for statement in statements(script, "sqlite"):
            old.execute(statement)
    old.execute(f"PRAGMA user_version = {int(version)}")
    return old


def filled_data_folder(root: Path, contacts: int = 3000) -> AppPaths:
    """A data folder as the app leaves it: its database (with one account and a saved list of ``contacts`` rows)
    and a daily backup holding the same; the store closed."""
    paths = AppPaths.under(root)
    prepare_folders(paths)
    store = Store(paths.database)
    add_contacts(store, contacts)
    store.close()
    store = Store(paths.database)  # the next start takes the daily backup
    store.back_up_if_due(keep=7)
    store.close()
    return paths


def add_contacts(store: Store, count: int) -> None:
    """``count`` more contacts in a new saved list (and an account, the first time)."""
    rows = [(f"0912{n:06d}", f"+84912{n:06d}", f"Nguyễn Văn {n}", "valid", '{"Dư nợ": "1.250.000"}')
            for n in range(count)]
    with store.transaction() as db:
        if db.execute("SELECT count(*) FROM accounts").fetchone()[0] == 0:
            db.execute("INSERT INTO accounts(name, provider) VALUES ('Thu hồi nợ', 'vbot')")
        list_id = db.execute("INSERT INTO contact_lists(name) VALUES ('Nhắc nợ') RETURNING id").fetchone()[0]
        db.executemany("INSERT INTO contacts(list_id, row_number, phone_raw, phone_e164, name, status, data) "
                       "VALUES (?, 0, ?, ?, ?, ?, ?)", [(list_id, *row) for row in rows])


def contact_count(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)) as db:
        return db.execute("SELECT count(*) FROM contacts").fetchone()[0]


def overwrite_middle_pages(database: Path, pages: int = 10) -> None:
    """Random bytes over ``pages`` pages in the middle of the file, as a failing disk or a bad copy leaves them."""
    total = database.stat().st_size // PAGE
    assert total > pages * 3, f"{database} is too small to damage in its middle ({total} pages)"
    with open(database, "r+b") as file:
        file.seek((total // 2) * PAGE)
        file.write(os.urandom(pages * PAGE))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size`` mounted on ``folder`` for the block; skipped where mounting is not allowed."""
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"a small file system cannot be mounted here ({mounted.stderr.strip()}); needs root")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def remount(folder: Path, mode: str) -> None:
    """Turn the tmpfs on ``folder`` read-only (``ro``) or writable again (``rw``): root cannot write either."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(folder)], check=True, capture_output=True)


def fill_up(folder: Path) -> Path:
    """Write a file in ``folder`` until its file system is full (a real ENOSPC); the file, to delete later."""
    filler = folder / "filler.bin"
    with open(filler, "wb", buffering=0) as file:
        for chunk in (1 << 16, PAGE, 1):
            with contextlib.suppress(OSError):
                while True:
                    file.write(b"\0" * chunk)
    return filler


# -- both engines -----------------------------------------------------------------------------------------------------
#: The engines a store runs on, as fixture parameters (test ids ``[sqlite]``, ``[postgresql]``).
ENGINES = ("sqlite", "postgresql")


#: The fixtures a ``both_engines`` test runs once per engine (each reads its engine from ``request.param``).
ENGINE_FIXTURES = ("env", "rx")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "both_engines: the test's `env` (or `rx`) runs on SQLite and on PostgreSQL")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``both_engines`` that uses one of :data:`ENGINE_FIXTURES` runs once per engine."""
    if metafunc.definition.get_closest_marker("both_engines"):
        for name in ENGINE_FIXTURES:
            if name in metafunc.fixturenames:
                metafunc.parametrize(name, ENGINES, indirect=True)
                return


def engine_store(request: pytest.FixtureRequest, paths: AppPaths) -> Store:
    """The store of a fixture parametrised by engine: the data folder's SQLite file, or a fresh PostgreSQL database
    (:func:`pg_url`) when the test runs ``[postgresql]``."""
    if getattr(request, "param", "sqlite") == "postgresql":
        return open_database(request.getfixturevalue("pg_url"))
    return Store(paths.database)
#: The session's migrated PostgreSQL database that each test's database is copied from (CREATE DATABASE … TEMPLATE).
_TEMPLATE = "autocall_migrated"


@pytest.fixture(scope="session")
def _migrated_template(postgres_server: PostgresServer) -> str:
    """A database migrated once per session, copied for each test: a copy takes ~40 ms, migrating ~10 times that."""
    import psycopg

    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{_TEMPLATE}"')
        admin.execute(f'CREATE DATABASE "{_TEMPLATE}"')
    PostgresStore(postgres_server.url(_TEMPLATE), postgres_server.password).close()
    return _TEMPLATE


@pytest.fixture
def pg_url(postgres_server: PostgresServer, _migrated_template: str,
           memory_keyring: MemoryKeyring | None) -> Iterator[str]:
    """The URL (no password) of a new migrated PostgreSQL database of its own, dropped after the test; its password is
    in the test's keyring where the app reads it (``SecretStore.database_password``), so
    ``open_database(pg_url)`` opens it as a desk would."""
    import psycopg

    name = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_migrated_template}"')
    url = postgres_server.url(name)
    SecretStore(memory_keyring).set_database_password(url, postgres_server.password)
    yield url
    with psycopg.connect(postgres_server.conninfo(), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_store(pg_url: str, memory_keyring: MemoryKeyring | None) -> Iterator[Store]:
    """A migrated store on a PostgreSQL database of its own (:func:`pg_url`), closed after the test."""
    store = open_database(pg_url, SecretStore(memory_keyring))
    yield store
    store.close()


@pytest.fixture(params=ENGINES)
def store_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh migrated store on each engine in turn (test ids ``[sqlite]`` and ``[postgresql]``)."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_store")
        return
    store = Store(tmp_path / "store.sqlite3")
    yield store
    store.close()


@pytest.fixture
def two_campaigns(store_engine: Store) -> Store:
    """:func:`store_engine` with one VBot account and two campaigns on it, ids 1 and 2 (the lease tests' rows)."""
    with store_engine.transaction() as db:
        db.execute("INSERT INTO accounts(id, name, provider) VALUES (1, 'Thu hồi nợ', 'vbot')")
        db.executemany("INSERT INTO campaigns(id, name, account_id, provider) VALUES (?, ?, 1, 'vbot')",
                       [(1, "Nhắc nợ T6"), (2, "Nhắc nợ T7")])
    return store_engine
