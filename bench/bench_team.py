"""Benchmark: one campaign dispatched against the simulator with four desks watching, on SQLite and on PostgreSQL in
the same run (issue 22's team mode).

For each engine, a fresh database: a saved list of N contacts (tests.helpers.campaigns.add_list, timed), a BizPhone
campaign on it checked and materialised (one INSERT … SELECT, timed), then dispatched by CampaignService (journal,
lease, circuit breaker, as the app does it) against ``autocall simulator`` in its own process (bench_dispatch's
SimulatorProcess, ``--latency`` seconds before each answer). Meanwhile four desks, each a process with its own
store connection, follow the campaign as a desk does:

* PostgreSQL: desktop.changes' feed (LISTEN/NOTIFY); on each change to the campaign's calls or batches the desk
  re-reads the changed rows (``dispatch_rows``, as the Monitor follows a dispatch) and its counters at most once a
  second (``counts``);
* SQLite: no feed, so the desk polls ``counts`` every second.

Figures: contacts/s and the dispatching process's CPU per contact (the simulator's ledger counts who was dialled);
the PostgreSQL server's CPU time over the dispatch (on SQLite that work is inside the processes); the desks' own
CPU; the desks' lag: for each progress report of the dispatcher (contacts sent, when), how long until each desk had
read at least that many sent (p50 and max over reports × desks); the database's size after the run
(``pg_database_size``; the SQLite file plus its WAL). The last line gives PostgreSQL/SQLite ratios.

PostgreSQL is a throwaway server started for the run (tests/helpers/postgres.py: fsync off, synchronous_commit off).

    .venv/bin/python bench/bench_team.py [--contacts 100000] [--latency 0.03] [--concurrency 4] [--desks 4]

Measured on the 2-core reference machine while six other helpers worked on it (load average 5.0 at the start, 8.0
at the end; absolute times are inflated and noisy for that reason, the comparison within the run is the figure):

    $ .venv/bin/python bench/bench_team.py --contacts 100000        (SQLite ran first then; 107 s + 141 s)
    engine     list s mater. s dispatch s contacts/s CPU µs/c db CPU s desks CPU s desk reads lag p50 ms lag max ms ...
    sqlite         2.8     2.71       82.2       1216      139        -        36.7        324       1197       2422
    postgresql     7.2     7.25      107.6        930      190     68.5        19.1       7465         20        565
    (size MB, dialled, dups: sqlite 174.5, 100000, 0; postgresql 125.3, 100000, 0)
    PostgreSQL/SQLite: list s 2.58, materialise s 2.67, contacts/s 0.76, CPU µs/contact 1.36, lag p50 0.02,
    size MB 0.72

What it says: on PostgreSQL the desks see a dispatch as it happens (median 20 ms behind the commit, worst 0.6 s)
for half the desks' own CPU that SQLite's once-a-second counting costs (their reads follow the batches sent, not
the campaign's size; what those reads cost the server is in "db CPU"). Dispatch is about a quarter slower and costs
the database server 0.7 ms of CPU a contact (the journal, the lease, the change triggers and the desks' reads) on
top of the dispatching process's 0.19 ms. Saving and materialising a list take 2.6 times as long. The SQLite size is
the file plus its WAL, not checkpointed (bench_engines.py measures 57 MB for a checkpointed 100,000-contact
campaign). Both engines' contacts/s are far below bench_dispatch.py's 9,434 for the same provider and latency on a
quiet machine: here four desks and six other helpers shared the two cores with the dispatch. Every contact was
dialled once on both.

The 1,000,000-contact run, on the same machine with nothing else running (load average 0.5 at the start; the
run's own processes, four desks, the simulator and the PostgreSQL server, then kept both cores busy):

    $ .venv/bin/python bench/bench_team.py --contacts 1000000        (PostgreSQL ran first: 1746 s + 576 s)
    engine     list s mater. s dispatch s contacts/s CPU µs/c db CPU s desks CPU s desk reads lag p50 ms lag max ms ...
    postgresql    46.8    57.52     1555.9        643      180   2387.5       161.2      56471         39       1856
    sqlite        17.5    21.84      440.1       2272      136        -       639.2        506       5267       8701
    (size MB, dialled, dups: postgresql 969.6, 1000000, 0; sqlite 3076.0, 1000000, 0)
    PostgreSQL/SQLite: list s 2.68, materialise s 2.63, contacts/s 0.28, CPU µs/contact 1.32, lag p50 0.01,
    size MB 0.32

What it says at a million: saving and materialising keep the 100,000 run's ratio, about 2.7 times SQLite's time.
Every contact was dialled once on both. The desks still see the dispatch 39 ms behind it on PostgreSQL against 5 s
on SQLite. Dispatch is 3.5 times slower on PostgreSQL here because the database server and the dispatch share two
cores: the server spent 2,388 s of CPU in the 1,556 s of dispatch, most of it answering four desks' counters, a
GROUP BY over the campaign's million rows once a second each (parallel scans); on SQLite the same counting is the
desks' own 639 s. A team server with its own cores takes that work off the dispatching machine. The SQLite size is
the file plus a WAL that the desks' continuous reads kept from being checkpointed.

What the desks cost the dispatch, 20,000 contacts, the two commands one after the other (load average 5.8-7.5,
the 1,000,000 run saving its list alongside):

    $ .venv/bin/python bench/bench_team.py --contacts 20000 --desks 0     postgresql 1753/s, sqlite 2589/s
    $ .venv/bin/python bench/bench_team.py --contacts 20000               postgresql  871/s, sqlite 1838/s
                                                    (desks: lag p50 16 ms / max 480 ms; 582 ms / 1164 ms)

Four PostgreSQL desks each re-read twice a batch (a batch opens, then settles), and their queries share the
server and the cores with the dispatch. The desks here follow a dispatch the way the Monitor follows its own
(``dispatch_rows``); the Monitor's answer to another desk's changes (``_changed_elsewhere``) reads every row and the
counts again, which for a large campaign costs far more per change than measured here.
"""

from __future__ import annotations

import asyncio
import bisect
import dataclasses
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_dispatch import SimulatorProcess  # noqa: E402 (bench/, the script's own folder)

from desktop.campaigns.repository import CampaignRepository  # noqa: E402 (after the path above)
from desktop.store import Store  # noqa: E402
from tests.helpers.campaigns import add_list, settings_for  # noqa: E402

PROVIDER = "bizphone"  # 100 contacts a request: the provider that sends a large campaign fastest
NO_BATCH = 2**62  # a batch number past any real one: dispatch_rows gives its marks only (as the Monitor asks)
WATCH_TIMEOUT = 120.0  # seconds a desk waits for the last contacts after the dispatch ended


# --- opening the store, in the parent and in each desk ----------------------------------------------------------

def open_store(url: str) -> Store:
    """``sqlite:///PATH`` or a PostgreSQL URL whose password is in PGPASSWORD (the run's throwaway server)."""
    if url.startswith("sqlite:///"):
        return Store(Path(url.removeprefix("sqlite://")))
    from desktop.postgres import PostgresStore

    return PostgresStore(url, os.environ.get("PGPASSWORD"))


# --- a desk ---------------------------------------------------------------------------------------------------

def watch(url: str, campaign_id: int, total: int) -> dict:
    """Follow the campaign until ``total`` contacts are seen sent (or SIGTERM); returns what was read when, and the
    CPU time spent following (after start-up)."""
    from desktop.changes import ChangeSet, open_feed

    store = open_store(url)
    repository = CampaignRepository(store)
    campaign = repository.get(campaign_id)
    seen: list[tuple[float, int]] = []
    reads, cpu = 0, time.process_time()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        if store.engine == "postgresql":
            changed = threading.Event()

            def heard(change: object) -> None:
                changes = ChangeSet()
                changes.add(change)
                if changes.touches_row("calls", campaign_id) or changes.touches_row("dispatch_batches", campaign_id):
                    changed.set()

            feed = open_feed(store)
            feed.subscribe(heard)
            feed.start()
            feed.listening.wait(30)
            _, since = repository.dispatch_rows(campaign, NO_BATCH)
            cpu = time.process_time()
            print("ready", flush=True)
            sent: set[int] = set()
            counted = 0.0
            while len(sent) < total and not stop.is_set():
                if not changed.wait(1.0):
                    continue
                changed.clear()
                rows, since = repository.dispatch_rows(campaign, since)
                sent.update(row.call_id for row in rows if row.dispatch == "sent")
                reads += 1
                if time.time() - counted >= 1.0:
                    repository.counts(campaign)
                    counted = time.time()
                seen.append((time.time(), len(sent)))
            feed.close()
        else:
            cpu = time.process_time()
            print("ready", flush=True)
            count = 0
            while count < total and not stop.is_set():
                started = time.time()
                count = repository.counts(campaign).dispatch.get("sent", 0)
                reads += 1
                seen.append((time.time(), count))
                stop.wait(max(0.0, 1.0 - (time.time() - started)))
    finally:
        store.close()
    return {"seen": seen, "reads": reads, "cpu": time.process_time() - cpu}


class Desks:
    """``count`` desk processes following one campaign."""

    def __init__(self, count: int, url: str, password: str | None, campaign_id: int, total: int) -> None:
        env = {**os.environ, **({"PGPASSWORD": password} if password else {})}
        self.procs = [subprocess.Popen([sys.executable, __file__, "--watch", url, "--campaign", str(campaign_id),
                                        "--contacts", str(total)], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                                       env=env) for _ in range(count)]
        for proc in self.procs:
            if proc.stdout.readline().strip() != "ready":
                raise SystemExit("a desk could not start")

    def results(self) -> list[dict]:
        out = []
        for proc in self.procs:
            try:
                stdout, _ = proc.communicate(timeout=WATCH_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.terminate()
                stdout, _ = proc.communicate(timeout=30)
            out.append(json.loads(stdout.strip().splitlines()[-1]))
        return out


def lag_ms(reports: list[tuple[float, int]], desks: list[dict]) -> tuple[float, float, int]:
    """(p50, max, reports never seen): per dispatcher report (when, sent) and desk, the time until that desk had
    read at least that many sent; reads before the report count as no lag."""
    lags, missed = [], 0
    for desk in desks:
        times = [t for t, _ in desk["seen"]]
        counts = [n for _, n in desk["seen"]]
        for at, sent in reports:
            i = bisect.bisect_left(counts, sent)
            if i == len(counts):
                missed += 1
            else:
                lags.append(max(0.0, times[i] - at) * 1000)
    return (statistics.median(lags) if lags else float("nan"), max(lags, default=float("nan")), missed)


# --- the engines ------------------------------------------------------------------------------------------------

@dataclasses.dataclass
class Engine:
    name: str
    url: str
    password: str | None
    size_mb: Callable[[Store], float]
    server_cpu: Callable[[], float | None]


def sqlite_engine(folder: Path) -> Engine:
    path = folder / "bench.sqlite3"

    def size(_store: Store) -> float:
        return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()) / 1e6

    return Engine("sqlite", f"sqlite://{path}", None, size, lambda: None)


def postgres_engine(server: object, data: Path) -> Engine:
    import psycopg

    name = f"bench_{secrets.token_hex(4)}"
    with psycopg.connect(server.conninfo(), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    postmaster = int((data / "postmaster.pid").read_text().split()[0])

    def size(store: Store) -> float:
        return store.query_one("SELECT pg_database_size(current_database())")[0] / 1e6

    return Engine("postgresql", server.url(name), server.password, size, lambda: server_cpu_seconds(postmaster))


def server_cpu_seconds(postmaster: int) -> float:
    """CPU time of the PostgreSQL server: the postmaster, its live backends, and the backends that ended."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == postmaster:
            total += sum(int(f) for f in fields[11:15])
        elif int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / tick


# --- one engine's run -------------------------------------------------------------------------------------------

def run(engine: Engine, contacts: int, latency: float, concurrency: int, desks: int) -> dict:
    from desktop.accounts.service import AccountService
    from desktop.campaigns.service import CampaignService
    from desktop.demo import DemoEnvironment
    from desktop.providers import create_client
    from desktop.secrets import MemoryKeyring, SecretStore
    from desktop.tasks import TaskOwner

    if engine.password:
        os.environ["PGPASSWORD"] = engine.password
    sim = SimulatorProcess(latency)
    store = open_store(engine.url)
    try:
        accounts = AccountService(store, SecretStore(MemoryKeyring()), DemoEnvironment.at(sim.root))
        account = next(a for a in accounts.repository.ensure_demo_accounts() if a.provider == PROVIDER)
        store.set_setting("campaigns.dispatch_concurrency", concurrency)

        def client(acc):
            return create_client(dataclasses.replace(accounts.settings_for(acc), min_interval=0),
                                 accounts.secrets_for(acc))

        service = CampaignService(store, accounts, TaskOwner(), client_factory=client)
        started = time.perf_counter()
        list_id = add_list(store, contacts)
        list_s = time.perf_counter() - started
        campaign = service.create("bench", account, list_id, settings_for(PROVIDER))
        check = asyncio.run(service.preflight(campaign))
        started = time.perf_counter()
        service.repository.materialise(campaign)
        materialise_s = time.perf_counter() - started

        watchers = Desks(desks, engine.url, engine.password, campaign.id, contacts)
        reports: list[tuple[float, int]] = []
        server_before = engine.server_cpu()

        async def dispatch() -> None:
            await service.launch(campaign, check, on_progress=lambda p: reports.append((time.time(), p.sent)))

        wall, cpu = time.perf_counter(), time.process_time()
        asyncio.run(dispatch())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        server_after = engine.server_cpu()
        seen = watchers.results()
        size = engine.size_mb(store)
        dialled, duplicates = sim.ledger(PROVIDER)
    finally:
        store.close()
        sim.stop()
    p50, worst, missed = lag_ms(reports, seen)
    return {"list_s": list_s, "materialise_s": materialise_s, "dispatch_s": wall, "per_s": dialled / wall,
            "cpu_us": cpu / contacts * 1e6,
            "server_cpu": None if server_before is None else server_after - server_before,
            "desks_cpu": sum(d["cpu"] for d in seen), "reads": sum(d["reads"] for d in seen),
            "lag_p50": p50, "lag_max": worst, "missed": missed, "size_mb": size,
            "dialled": dialled, "dups": duplicates}


# --- the parent ---------------------------------------------------------------------------------------------------

COLUMNS = (("engine", "<10"), ("list s", ">7.1f"), ("mater. s", ">8.2f"), ("dispatch s", ">10.1f"),
           ("contacts/s", ">10.0f"), ("CPU µs/c", ">8.0f"), ("db CPU s", ">8"), ("desks CPU s", ">11.1f"),
           ("desk reads", ">10d"), ("lag p50 ms", ">10.0f"), ("lag max ms", ">10.0f"), ("size MB", ">7.1f"),
           ("dialled", ">8d"), ("dups", ">4d"))
RATIOS = (("list s", "list_s"), ("materialise s", "materialise_s"), ("contacts/s", "per_s"),
          ("CPU µs/contact", "cpu_us"), ("lag p50", "lag_p50"), ("size MB", "size_mb"))


def header() -> str:
    return " ".join(f"{name:{spec[0]}{len(name) if spec[0] == '>' else 10}}" for name, spec in COLUMNS)


def row(engine: str, r: dict) -> str:
    values = (engine, r["list_s"], r["materialise_s"], r["dispatch_s"], r["per_s"], r["cpu_us"],
              "-" if r["server_cpu"] is None else f"{r['server_cpu']:.1f}", r["desks_cpu"], r["reads"],
              r["lag_p50"], r["lag_max"], r["size_mb"], r["dialled"], r["dups"])
    return " ".join(f"{v:{spec}}" for (_, spec), v in zip(COLUMNS, values, strict=True))


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--latency", type=float, default=0.03,
                        help="seconds the simulator waits before answering each request")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--desks", type=int, default=4)
    parser.add_argument("--watch", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--campaign", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.watch:
        print(json.dumps(watch(args.watch, args.campaign, args.contacts)))
        return 0

    from tests.helpers import postgres

    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"{args.contacts:,} contacts, {PROVIDER}, latency {args.latency:g} s, concurrency {args.concurrency}, "
          f"{args.desks} desks watching; load average {load()}", flush=True)
    folder = Path(tempfile.mkdtemp(prefix="autocall-bench-team-"))
    os.chmod(folder, 0o755)
    results: dict[str, dict] = {}
    try:
        server, data = postgres.start(folder / "pg")
        try:
            print(header(), flush=True)
            for engine in (postgres_engine(server, data), sqlite_engine(folder)):  # the engine first
                started = time.perf_counter()
                r = results[engine.name] = run(engine, args.contacts, args.latency, args.concurrency, args.desks)
                print(row(engine.name, r), flush=True)
                if r["missed"]:
                    print(f"{engine.name}: {r['missed']} progress reports never seen by a desk within "
                          f"{WATCH_TIMEOUT:.0f} s")
                print(f"  ({time.perf_counter() - started:.0f} s in all, load average now {load()})", flush=True)
        finally:
            postgres.stop(data)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    sqlite, pg = results["sqlite"], results["postgresql"]
    print("PostgreSQL/SQLite: " + ", ".join(f"{label} {pg[key] / sqlite[key]:.2f}" for label, key in RATIOS
                                            if sqlite[key]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
