"""Benchmark: the store's hot paths on SQLite and on PostgreSQL, the same code and data on each (issue 22).

For each engine, a fresh database: a saved list of N contacts (ContactRepository's batched insert path, through
tests.helpers.campaigns.add_list), a campaign materialised on it (one INSERT … SELECT), the whole campaign journalled
batch by batch as dispatch does it (DispatchJournal.open_batch then close_batch, 100 contacts a batch, no provider),
every row given a status in chunks of 500 (CampaignRepository.apply, what polling and notifications write), then
the Monitor's counts and the launch's list counts read 20 times; finally the database's size (the SQLite file after
a checkpoint; PostgreSQL's pg_database_size).

PostgreSQL is a throwaway server started for the run (tests/helpers/postgres.py: the binaries
scripts/ensure-system-deps.sh installs, fsync off), or ``--postgres postgresql://USER@HOST:PORT/postgres``: a
server where USER may create databases (password from PGPASSWORD); a database is made for the run and dropped after.

    .venv/bin/python bench/bench_engines.py [--contacts 100000] [--postgres URL]

Measured on the 2-core reference machine while seven helpers loaded it (load average ~14; times are long and noisy
for that reason, the ratio between the engines is the figure):

    $ .venv/bin/python bench/bench_engines.py --contacts 20000
    engine      materialise s journal ms/batch  contacts/s  apply s  counts ms  size MB
    sqlite               0.86             11.4        8781     2.90        139     11.3
    postgresql           3.77             60.8        1644     7.11        171     38.2

    $ .venv/bin/python bench/bench_engines.py --contacts 100000
    engine      materialise s journal ms/batch  contacts/s  apply s  counts ms  size MB
    sqlite               8.07             20.9        4781    25.43        709     57.3
    postgresql          12.31             34.1        2932    19.93       1267    156.9

PostgreSQL's journal cost is in its UPDATEs of ``calls``: each changes indexed columns (dispatch, batch_id), so every
row's new version goes into all nine of the table's indexes (no HOT update); SQLite touches only the indexes whose
columns changed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.accounts.repository import AccountRepository  # noqa: E402 (after the path above)
from desktop.campaigns.repository import CampaignRepository, StatusReport  # noqa: E402
from desktop.store import Store  # noqa: E402
from tests.helpers.campaigns import add_list, settings_for  # noqa: E402

BATCH = 100
APPLY_CHUNK = 500
READS = 20


def measure(store: Store, contacts: int) -> dict[str, float]:
    account = AccountRepository(store).ensure_demo_accounts()[0]
    list_id = add_list(store, contacts)
    repository = CampaignRepository(store)
    campaign = repository.create("bench", account.id or 0, list_id, settings_for(account.provider))
    started = time.perf_counter()
    repository.materialise(campaign)
    materialise = time.perf_counter() - started
    started, batches = time.perf_counter(), 0
    while batch := repository.journal.open_batch(campaign, BATCH):
        repository.journal.close_batch(batch.id, [call.key for call in batch.calls], [], ["ref"], {"ok": True})
        batches += 1
    journal = time.perf_counter() - started
    rows = repository.rows(campaign)
    started = time.perf_counter()
    for start in range(0, len(rows), APPLY_CHUNK):
        repository.apply([StatusReport(row._replace(outcome="answered", duration=31.0), {"status": "ANSWERED"},
                                       f"t{row.call_id}") for row in rows[start:start + APPLY_CHUNK]])
    apply = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(READS):
        repository.counts(campaign)
        repository.list_counts(campaign)
    counts = (time.perf_counter() - started) / READS
    return {"materialise": materialise, "journal_ms": journal / batches * 1000, "per_s": contacts / journal,
            "apply": apply, "counts_ms": counts * 1000}


def sqlite_run(contacts: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite3")
        figures = measure(store, contacts)
        store.query_one("PRAGMA wal_checkpoint(TRUNCATE)")
        figures["size_mb"] = store.path.stat().st_size / 1e6
        store.close()
    return figures


def postgres_run(contacts: int, server_url: str | None) -> dict[str, float]:
    import psycopg

    from desktop.postgres import PostgresStore

    stop = None
    if server_url is None:
        from tests.helpers import postgres

        folder = Path(tempfile.mkdtemp(prefix="autocall-bench-pg-"))
        os.chmod(folder, 0o755)
        server, data = postgres.start(folder)
        server_url, password = server.url("postgres"), server.password
        stop = lambda: postgres.stop(data)  # noqa: E731 - the server is stopped where it was started
    else:
        password = os.environ.get("PGPASSWORD")
    name = f"bench_{secrets.token_hex(4)}"
    parts = urlsplit(server_url)
    url = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        with psycopg.connect(server_url, password=password, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            store = PostgresStore(url, password)
            figures = measure(store, contacts)
            figures["size_mb"] = store.query_one("SELECT pg_database_size(current_database())")[0] / 1e6
            store.close()
        finally:
            with psycopg.connect(server_url, password=password, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        if stop:
            stop()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL", help="a server to create the run's database on (default: a "
                                                          "throwaway server started for the run)")
    args = parser.parse_args()
    print(f"{args.contacts:,} contacts, {BATCH} a batch")
    print(f"{'engine':<11} {'materialise s':>13} {'journal ms/batch':>16} {'contacts/s':>11} {'apply s':>8} "
          f"{'counts ms':>10} {'size MB':>8}")
    for engine, run in (("sqlite", lambda: sqlite_run(args.contacts)),
                        ("postgresql", lambda: postgres_run(args.contacts, args.postgres))):
        f = run()
        print(f"{engine:<11} {f['materialise']:>13.2f} {f['journal_ms']:>16.1f} {f['per_s']:>11.0f} "
              f"{f['apply']:>8.2f} {f['counts_ms']:>10.0f} {f['size_mb']:>8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
