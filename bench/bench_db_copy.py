"""Benchmark: `autocall db copy` of a desk with many contacts into an empty PostgreSQL database, and back.

The desk: one saved list of N contacts and a campaign over it with its N call rows (materialised as a launch makes
them), in an SQLite file. It is copied into a new database on a throwaway PostgreSQL server (started as the tests
start theirs: tests/helpers/postgres.py), then from there into a new SQLite file; each copy's time, rows per second
and whether every table's count matched are printed, beside a reference from the same run: the time a launch takes
to write the same call rows in SQLite.

    .venv/bin/python bench/bench_db_copy.py [--contacts 100000]

Measured on the 2-core machine shared with six other sessions' tests (load average 10-12), two runs:

    reference: a launch writing the 100,000 call rows in SQLite (materialise) took 3.2 s
    SQLite → PostgreSQL: 200,005 rows in 11.4 s (17,613 rows/s) and 20.1 s (9,950 rows/s); counts match
    PostgreSQL → SQLite: 200,005 rows in 7.3 s (27,327 rows/s) and 16.5 s (12,139 rows/s); counts match

Most of the time is the target's own work (index upkeep of the calls table's eight indexes, foreign-key checks);
dropping and rebuilding the indexes around the copy saved only about a fifth on SQLite, so they are kept.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from desktop.accounts.repository import AccountRepository  # noqa: E402
from desktop.campaigns.repository import CampaignRepository  # noqa: E402
from desktop.providers.vbot import VBotCampaignSettings  # noqa: E402
from desktop.secrets import MemoryKeyring, SecretStore  # noqa: E402
from desktop.store import Store, open_database  # noqa: E402
from desktop.store_copy import copy_database  # noqa: E402
from tests.helpers import postgres  # noqa: E402


def desk(path: Path, contacts: int) -> Store:
    store = Store(path)
    vbot = next(a for a in AccountRepository(store).ensure_demo_accounts() if a.provider == "vbot")
    columns = ["Phone", "name", "Dư nợ"]
    with store.transaction() as db:
        list_id = db.execute("INSERT INTO contact_lists(name, columns) VALUES (?, ?) RETURNING id",
                             ("Nhắc nợ", json.dumps(columns))).fetchone()[0]
        db.executemany("INSERT INTO contacts(list_id, row_number, phone_raw, phone_e164, name, status, data) "
                       "VALUES (?, ?, ?, ?, ?, 'valid', ?)",
                       [(list_id, n + 2, f"0912{n:06d}", f"+84912{n:06d}", f"Nguyễn Văn {n}",
                         json.dumps({"Phone": f"0912{n:06d}", "name": f"Nguyễn Văn {n}", "Dư nợ": "1.250.000"},
                                    ensure_ascii=False)) for n in range(contacts)])
    repository = CampaignRepository(store)
    settings = VBotCampaignSettings(template_code="CONFIRM_ORDER", hotline_code="0812345678", max_time=120)
    campaign = repository.create("Nhắc nợ tháng 12", vbot.id, list_id, settings)
    started = time.perf_counter()
    repository.materialise(campaign)
    print(f"reference: a launch writing the {contacts:,} call rows in SQLite (materialise) took "
          f"{time.perf_counter() - started:.1f} s")
    return store


def timed(label: str, source: Store, target: Store) -> None:
    started = time.perf_counter()
    report = copy_database(source, target)
    seconds = time.perf_counter() - started
    print(f"{label}: {report.rows:,} rows in {seconds:.1f} s ({report.rows / seconds:,.0f} rows/s); counts "
          f"{'match' if report.matches else 'DIFFER'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-db-copy-"))
    folder.chmod(0o755)
    server, data = postgres.start(folder / "pg")
    try:
        with psycopg.connect(server.conninfo(), autocommit=True) as admin:
            admin.execute('CREATE DATABASE "bench"')
        secrets = SecretStore(MemoryKeyring())
        secrets.set_database_password(server.url("bench"), server.password)
        print(f"{args.contacts:,} contacts and their {args.contacts:,} call rows; command: "
              f".venv/bin/python bench/bench_db_copy.py --contacts {args.contacts}")
        source = desk(folder / "desk.sqlite3", args.contacts)
        team = open_database(server.url("bench"), secrets)
        back = Store(folder / "back.sqlite3")
        timed("SQLite → PostgreSQL", source, team)
        timed("PostgreSQL → SQLite", team, back)
        for store in (source, team, back):
            store.close()
    finally:
        postgres.stop(data)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
