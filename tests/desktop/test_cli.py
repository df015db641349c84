"""The headless path, black-box: ``autocall`` run as a scheduled job would run it, against ``autocall simulator`` in
its own process, the simulator's ledger as the judge of who was dialled. Every failure is one line on stderr and
the exit code desktop/exits.py documents, never a traceback."""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desktop.accounts.repository import Account, AccountRepository
from desktop.cli import main
from desktop.exits import Exit, exit_code, sentence
from desktop.paths import AppPaths
from desktop.providers import spec
from desktop.store import Store
from tests.helpers.contacts import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
SEED_004 = ROOT / "tests" / "desktop" / "providers" / "seeds" / "004_bizphone_call_request.json"
DEMO = {"vbot": "VBot — demo", "nxcloud": "NXCLOUD Callbot — demo", "bizphone": "BizPhone Robo call — demo"}
#: The sample's valid numbers as VBot dials them; 0977000111 (row 23, "asked not to be called") goes on the DNC list.
SAMPLE_DIALLED = {"0912345678", "0987654321", "0903123456", "0358123456", "0912345679", "02438123456", "0868123456",
                  "0701234567", "0562345678", "0339876543"}


@pytest.fixture(scope="module")
def simulator() -> Iterator[str]:
    """``autocall simulator --port 0`` in its own process, fast enough that calls end within a test."""
    process = subprocess.Popen([sys.executable, "-m", "desktop", "simulator", "--port", "0", "--speed", "2000"],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        yield json.loads(process.stdout.readline())["root"]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=10)


def autocall(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def ok(*args: object) -> dict:
    """A command that must succeed with ``--json``: its one object."""
    result = autocall(*args, "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0])


def fails(code: Exit, *args: object, env: dict[str, str] | None = None) -> str:
    """A command that must fail with ``code`` and one line on stderr; that line."""
    result = autocall(*args, env=env)
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("autocall ")
    return result.stderr


def ledger(url: str, provider: str) -> dict:
    return httpx.get(f"{url}/_sim/ledger", params={"provider": provider}, timeout=10).json()


def contact_file(path: Path, columns: list[str], phones: list[str]) -> Path:
    """A CSV whose columns are named after a template's fields; each row fills every field."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Phone", *columns])
        writer.writerows([phone, *(f"{c} {n}" for c in columns)] for n, phone in enumerate(phones))
    return path


def test_worked_example_on_the_demo(tmp_path: Path, simulator: str) -> None:
    """The README's example: demo accounts, a do-not-call number, the sample list, a campaign on the VBot demo with
    one field mapped, run, status, export; the simulator dialled each valid number once and never the DNC one."""
    data = ("--data-dir", tmp_path / "data")
    accounts = ok("accounts", "demo", *data)["accounts"]
    assert [(a["name"], a["demo"]) for a in accounts] == [(name, True) for name in DEMO.values()]
    assert ok("accounts", "demo", *data)["accounts"] == accounts  # created once
    assert ok("dnc", "add", "0977 000 111", *data) == {"numbers": ["+84977000111"], "added": 1, "already_listed": 0}
    assert ok("dnc", "list", *data) == {"numbers": ["+84977000111"]}
    imported = ok("contacts", "import", SAMPLE, "--name", "Nhắc nợ T11", *data)
    assert {k: imported[k] for k in ("total", "valid", "suppressed", "duplicates", "invalid")} == {
        "total": 18, "valid": 10, "suppressed": 1, "duplicates": 3, "invalid": 4}
    created = ok("campaign", "create", "--account", DEMO["vbot"], "--list", imported["list"], "--map",
                 "customer_name=Họ và tên", "--demo-url", simulator, *data)
    assert created["problems"] == [] and created["settings"]["template_code"] == "CONFIRM_ORDER"

    ran = ok("campaign", "run", "--campaign", created["campaign"], "--yes", "--monitor", "--demo-url", simulator,
             *data)
    assert ran["preflight"]["can_launch"] and ran["preflight"]["counts"]["suppressed"] == 1
    assert ran["dispatch"]["sent"] == 10 and sum(ran["outcomes"].values()) == 10
    status = ok("campaign", "status", "--campaign", created["campaign"], *data)
    assert status["state"] == "finished" and status["dispatch"] == {"sent": 10}
    assert status["outcomes"] == ran["outcomes"]
    out = tmp_path / "results.csv"
    assert ok("campaign", "export", "--campaign", created["campaign"], "--out", out, *data)["rows"] == 10
    assert out.exists()

    answers = ledger(simulator, "vbot")
    dialled = [e["phone"] for e in answers["entries"] if e["dialled"]]
    assert set(dialled) == SAMPLE_DIALLED and len(dialled) == 10
    assert answers["duplicates"] == []
    collected = [a for a in answers["answers"] if any(value for _, value in a["collected"])]
    assert status["answers"] == ({"collected": len(collected)} if collected else {})


@pytest.mark.parametrize(("provider", "columns", "prefix"), [
    ("vbot", ["customer_name", "order_id"], "091200"),
    ("nxcloud", ["name"], "091300"),
    ("bizphone", ["name"], "091400"),
])
def test_defaults_on_each_demo_account_pass_the_preflight(tmp_path: Path, simulator: str, provider: str,
                                                          columns: list[str], prefix: str) -> None:
    """Without --settings, a demo account's defaults (first template and hotline, a scene, a one-step flow) launch
    a file whose columns are named after the template's fields."""
    data = ("--data-dir", tmp_path / "data", "--demo-url", simulator)
    phones = [f"{prefix}{n:04d}" for n in range(3)]
    ok("accounts", "demo", "--data-dir", tmp_path / "data")
    listed = ok("contacts", "import", contact_file(tmp_path / "list.csv", columns, phones), "--data-dir",
                tmp_path / "data")
    created = ok("campaign", "create", "--account", DEMO[provider], "--list", listed["list"], *data)
    assert created["provider"] == provider and created["problems"] == []
    ran = ok("campaign", "run", "--campaign", created["campaign"], "--yes", *data)
    assert ran["preflight"]["can_launch"], ran["preflight"]["items"]
    assert ran["dispatch"]["sent"] == 3
    dialled = [e["phone"] for e in ledger(simulator, provider)["entries"] if e["dialled"] and prefix[1:] in e["phone"]]
    assert len(dialled) == len(set(dialled)) == 3


def test_bizphone_settings_take_seed_004s_call_flow_unchanged(tmp_path: Path, simulator: str) -> None:
    data = ("--data-dir", tmp_path / "data", "--demo-url", simulator)
    ok("accounts", "demo", *data)
    phones = [f"091500{n:04d}" for n in range(2)]
    listed = ok("contacts", "import", contact_file(tmp_path / "list.csv", ["name", "amount", "dueDate"], phones),
                *data)
    created = ok("campaign", "create", "--account", DEMO["bizphone"], "--list", listed["list"], "--settings", SEED_004,
                 *data)
    seed = json.loads(SEED_004.read_text(encoding="utf-8"))
    assert created["settings"]["call_flow"] == seed["callFlow"] and created["settings"]["enable_recording"] is True
    assert created["unused_settings"] == ["destinations", "requestId"] and created["problems"] == []
    ran = ok("campaign", "run", "--campaign", created["campaign"], "--yes", *data)
    assert ran["dispatch"]["sent"] == 2
    assert len([e for e in ledger(simulator, "bizphone")["entries"] if "91500" in e["phone"]]) == 2


def test_interrupted_run_is_exit_130_and_resume_dials_everyone_once(tmp_path: Path, simulator: str) -> None:
    """Ctrl-C while batches are in flight: one line, exit 130; `campaign resume` then finishes, nobody twice (on
    BizPhone, whose records prove at once what it never received; VBot's would wait for calls queued later: exit 8)."""
    data = ("--data-dir", tmp_path, "--demo-url", simulator)
    ok("accounts", "demo", *data)
    phones = [f"091900{n:04d}" for n in range(1000)]  # 10 batches of 100, four at a time
    listed = ok("contacts", "import", contact_file(tmp_path / "l.csv", ["name"], phones), *data)["list"]
    campaign = ok("campaign", "create", "--account", DEMO["bizphone"], "--list", listed, *data)["campaign"]
    httpx.post(f"{simulator}/_sim/faults", content="/bizphone/v1/call=latency:1", timeout=10)
    try:
        run = subprocess.Popen([sys.executable, "-m", "desktop", "campaign", "run", "--campaign", str(campaign),
                                "--yes", *map(str, data)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
        database = AppPaths.under(tmp_path).database
        deadline = time.monotonic() + 60
        while not _sent_batches(database, campaign):  # bounded polling of the subprocess's journal
            assert run.poll() is None and time.monotonic() < deadline, run.communicate()
            time.sleep(0.05)
        run.send_signal(signal.SIGINT)
        _, stderr = run.communicate(timeout=60)
    finally:
        httpx.delete(f"{simulator}/_sim/faults", timeout=10)
    assert run.returncode == Exit.INTERRUPTED and stderr.count("\n") == 1 and "Interrupted" in stderr, stderr
    assert _sent_batches(AppPaths.under(tmp_path).database, campaign) < 10  # it stopped part-way
    resumed = ok("campaign", "resume", "--campaign", campaign, *data)
    assert resumed["dispatch"]["pending"] == resumed["dispatch"]["in_flight"] == 0
    answers = ledger(simulator, "bizphone")
    dialled = [e["phone"] for e in answers["entries"] if e["dialled"] and "91900" in e["phone"]]
    assert len(dialled) == len(set(dialled)) == len(phones) and answers["duplicates"] == []


def _sent_batches(database: Path, campaign: int) -> int:
    with contextlib.closing(sqlite3.connect(database)) as db:
        try:
            return db.execute("SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = 'sent'",
                              (campaign,)).fetchone()[0]
        except sqlite3.OperationalError:  # the subprocess is still creating the schema
            return 0


@contextlib.contextmanager
def read_only(*folders: Path) -> Iterator[None]:
    """Folders nobody may write to, root included (root ignores permissions, not the immutable attribute)."""
    if os.geteuid() != 0:
        for folder in folders:
            folder.chmod(0o555)
        undo = [["chmod", "755", str(f)] for f in folders]
    else:
        if subprocess.run(["chattr", "+i", *map(str, folders)], capture_output=True).returncode:
            pytest.skip("this file system cannot make a folder read-only for root (chattr +i)")
        undo = [["chattr", "-i", *map(str, folders)]]
    try:
        yield
    finally:
        for command in undo:
            subprocess.run(command, check=True)


def test_storage_failures_are_one_line_and_exit_4_or_9_when_damaged(tmp_path: Path) -> None:
    damaged = AppPaths.under(tmp_path / "damaged").ensure()
    damaged.database.write_text("these are notes, not a database\n")
    assert "is damaged" in fails(Exit.DAMAGED, "accounts", "list", "--data-dir", damaged.data_dir)

    folder = tmp_path / "locked"
    ok("accounts", "demo", "--data-dir", folder)
    with read_only(folder, folder / "logs"):
        line = fails(Exit.STORAGE, "dnc", "add", "0912345678", "--data-dir", folder)
    assert f"The data folder {folder} is read-only" in line


def test_input_and_usage_failures(tmp_path: Path, simulator: str) -> None:
    data = ("--data-dir", tmp_path)
    ok("accounts", "demo", *data)
    assert "no contact list 999" in fails(Exit.INPUT, "campaign", "create", "--account", "1", "--list", "999", *data)
    listed = ok("contacts", "import", contact_file(tmp_path / "l.csv", ["name"], ["0916000001"]), *data)["list"]
    assert "No account is called" in fails(Exit.INPUT, "campaign", "create", "--account", "Nobody", "--list", listed,
                                           *data)
    assert "no campaign 42" in fails(Exit.INPUT, "campaign", "status", "--campaign", "42", *data)
    assert "was not found" in fails(Exit.INPUT, "contacts", "import", tmp_path / "missing.xlsx", *data)
    assert "nothing was changed" in fails(Exit.INPUT, "dnc", "add", "0916000002", "not-a-phone", *data)
    assert ok("dnc", "list", *data) == {"numbers": []}
    bad = tmp_path / "settings.json"
    bad.write_text("{not json")
    assert "not valid JSON" in fails(Exit.INPUT, "campaign", "create", "--account", DEMO["bizphone"], "--list",
                                     listed, "--settings", bad, *data)
    bad.write_text('{"call_flow": "play a message"}')
    assert "should be an object" in fails(Exit.INPUT, "campaign", "create", "--account", DEMO["bizphone"], "--list",
                                          listed, "--settings", bad, *data)
    assert "--demo-url" in fails(Exit.USAGE, "campaign", "create", "--account", DEMO["vbot"], "--list", listed, *data)
    assert autocall("campaign", "create", "--list", listed, *data).returncode == Exit.USAGE  # argparse's own words
    demo = ("--demo-url", simulator)
    unmapped = ok("campaign", "create", "--account", DEMO["vbot"], "--list", listed, *demo, *data)["campaign"]
    assert "(customer_name) is not mapped" in fails(Exit.NOT_SENT, "campaign", "run", "--campaign", unmapped, "--yes",
                                                    *demo, *data)
    assert "has no column “Tên”" in fails(Exit.INPUT, "campaign", "create", "--account", DEMO["vbot"], "--list",
                                          listed, "--map", "customer_name=Tên", *demo, *data)
    mapped = ok("campaign", "create", "--account", DEMO["vbot"], "--list", listed, "--map", "customer_name=name",
                *demo, *data)["campaign"]
    assert "add --yes" in fails(Exit.NOT_SENT, "campaign", "run", "--campaign", mapped, *demo, *data)


def test_provider_refusing_or_unreachable_is_exit_3(tmp_path: Path, simulator: str) -> None:
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    data = ("--data-dir", tmp_path)
    ok("accounts", "demo", *data)
    listed = ok("contacts", "import", contact_file(tmp_path / "l.csv", ["name"], ["0917000001"]), *data)["list"]
    create = ("campaign", "create", "--account", DEMO["vbot"], "--list", listed, *data)
    assert "does not answer" in fails(Exit.PROVIDER, *create, "--demo-url", closed)
    httpx.post(f"{simulator}/_sim/faults", content="*/template-script/get-all=code:401", timeout=10)
    try:
        line = fails(Exit.PROVIDER, *create, "--demo-url", simulator)
    finally:
        httpx.delete(f"{simulator}/_sim/faults", timeout=10)
    assert "VBot" in line


def test_no_keyring_is_exit_5(tmp_path: Path) -> None:
    """keyring's 'fail' backend is what a machine without a Secret Service gets (see tests/desktop/test_secrets.py)."""
    store = Store(AppPaths.under(tmp_path).ensure().database)
    AccountRepository(store).save(Account(name="Real VBot", provider="vbot"))
    store.close()
    listed = ok("contacts", "import", contact_file(tmp_path / "l.csv", ["name"], ["0918000001"]), "--data-dir",
                tmp_path)["list"]
    line = fails(Exit.KEYRING, "campaign", "create", "--account", "Real VBot", "--list", listed, "--data-dir",
                 tmp_path, env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    assert "No system keyring" in line


def test_an_unexpected_error_is_one_line_and_its_traceback_goes_to_the_log(tmp_path: Path, capsys,
                                                                           monkeypatch) -> None:
    import desktop.accounts.cli

    def broken(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setattr(desktop.accounts.cli, "run_list", broken)
    code = main(["accounts", "list", "--data-dir", str(tmp_path)])
    out, err = capsys.readouterr()
    assert code == Exit.INTERNAL and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "RuntimeError: a bug" in AppPaths.under(tmp_path).log_file.read_text(encoding="utf-8")


@pytest.mark.parametrize("provider", ["vbot", "nxcloud", "bizphone"])
def test_the_readmes_settings_examples_load_without_problems(provider: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- settings: {provider} -->\s*```json\n(.*?)```", readme, re.S)
    assert found, f"README has no --settings example for {provider}"
    data = json.loads(found.group(1))
    options_type = spec(provider).options
    options = options_type.from_json(data)
    assert set(data) <= options_type.json_keys() and options.problems() == []
    if provider == "bizphone":
        assert options.to_json()["call_flow"] == json.loads(SEED_004.read_text(encoding="utf-8"))["callFlow"]


def test_full_disk_and_other_system_errors_map_to_storage() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert exit_code(full) is Exit.STORAGE and "full" in sentence(full)
    no_space = OSError(errno.ENOSPC, "No space left on device", "/data/autocall.sqlite3")
    assert exit_code(no_space) is Exit.STORAGE and "The disk is full (/data/autocall.sqlite3)" in sentence(no_space)
    assert exit_code(KeyboardInterrupt()) is Exit.INTERRUPTED
    assert exit_code(RuntimeError()) is Exit.INTERNAL


def test_each_command_is_added_by_the_module_named_for_it_and_a_command_loads_only_its_own() -> None:
    from desktop.cli import SUBCOMMANDS, build_parser

    for command, module in SUBCOMMANDS.items():
        parser = build_parser([command, "--help"])
        choices = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
        assert command in choices and set(choices) == {c for c, m in SUBCOMMANDS.items() if m == module}
    everything = next(a for a in build_parser(["--help"])._actions if isinstance(a, argparse._SubParsersAction))
    assert list(everything.choices) == list(SUBCOMMANDS)
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys; from desktop.cli import build_parser; build_parser(['--json', 'check', "
         "'x.xlsx']); print(sorted(m for m in sys.modules if m.startswith(('desktop.simulator', 'starlette'))))"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2]).stdout
    assert loaded.strip() == "[]"


#: What a check of a file (no --data-dir, nothing logged) runs without: the data folder's lookup, the database, the
#: log file's handlers, the providers' HTTP client and the simulator's server.
NOT_FOR_A_CHECK = ("platformdirs", "sqlite3", "desktop.store", "logging.handlers", "httpx", "desktop.simulator",
                   "starlette")


def test_a_check_of_a_file_runs_without_the_data_folder_the_database_or_the_log_file(tmp_path: Path) -> None:
    script = ("import json, sys; from desktop.cli import main; code = main(['check', sys.argv[1]]); "
              "print(json.dumps([code, sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[2:])))]), "
              "file=sys.stderr)")
    folders = {name: str(tmp_path / name) for name in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")}
    run = subprocess.run([sys.executable, "-c", script, str(SAMPLE), *NOT_FOR_A_CHECK], capture_output=True,
                         text=True, check=True, cwd=ROOT, env={**os.environ, "HOME": str(tmp_path), **folders})
    assert json.loads(run.stderr) == [Exit.OK, []] and "total" in run.stdout
    assert list(tmp_path.iterdir()) == []  # nothing logged, so no log folder looked up or made
