"""``autocall receiver`` black-box, as an office server would run it: one JSON line at start with each account's URL,
refusals it counts, SIGTERM and Ctrl+C ending it with exit 0, ``receiver events`` listing what arrived, and a port
it cannot take reported in one line with the input exit code, never a traceback."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from desktop.accounts.repository import Account, AccountRepository
from desktop.exits import Exit
from desktop.notifications.inbox import Inbox
from desktop.paths import AppPaths
from desktop.providers import spec
from desktop.providers.notify import Inbound, Notice
from desktop.store import Store

ROOT = Path(__file__).resolve().parents[3]


def nx_account(data_dir: Path) -> int:
    """A data folder with one NXCLOUD account (its secret key never entered) and nothing else."""
    store = Store(AppPaths.under(data_dir).ensure().database)
    try:
        account = AccountRepository(store).save(Account("Office NX", "nxcloud", {"uuid": "office-uuid"}))
        return account.id or 0
    finally:
        store.close()


def start(data_dir: Path) -> tuple[subprocess.Popen[str], dict]:
    process = subprocess.Popen([sys.executable, "-m", "desktop", "receiver", "--data-dir", str(data_dir),
                                "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()  # type: ignore[union-attr]
    assert line, process.communicate(timeout=10)
    return process, json.loads(line)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_the_receiver_prints_its_urls_counts_refusals_and_stops_cleanly(tmp_path: Path, stop: int) -> None:
    account_id = nx_account(tmp_path)
    process, line = start(tmp_path)
    try:
        (endpoint,) = line["endpoints"]
        assert line["listening"].startswith("http://127.0.0.1:")
        url = f"{line['listening']}/{spec('nxcloud').key}/{account_id}"
        assert endpoint == {"account_id": account_id, "account": "Office NX", "provider": "nxcloud", "url": url,
                            "paste": {"taskCallbackUrl": url, "orderCallbackUrl": url, "callCallbackUrl": url}}
        headers = {"requestID": "r1", "uuid": "office-uuid", "createTs": str(int(time.time())), "sign": "F00"}
        assert httpx.post(url, json={"callbackType": 1}, headers=headers).status_code == 403
    finally:
        process.send_signal(stop)
        out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err
    assert "Traceback" not in err and out == ""

    listed = subprocess.run([sys.executable, "-m", "desktop", "receiver", "events", "--data-dir", str(tmp_path),
                             "--json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    data = json.loads(listed.stdout)
    assert data["events"] == []
    assert [(r["account_id"], r["reason"], r["count"]) for r in data["refused"]] == [
        (account_id, "no secret key is set for this account", 1)]


def test_events_lists_what_arrived_newest_first(tmp_path: Path) -> None:
    account_id = nx_account(tmp_path)
    store = Store(AppPaths.under(tmp_path).database)
    try:
        inbox = Inbox(store)
        for n, kind in enumerate(("order", "call")):
            inbox.receive(account_id, "nxcloud", Inbound(b"{}", {}, 1767571200.0 + n), Notice(kind, f"k{n}"))
    finally:
        store.close()
    listed = subprocess.run([sys.executable, "-m", "desktop", "receiver", "events", "--data-dir", str(tmp_path),
                             "--json"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    events = json.loads(listed.stdout)["events"]
    assert [(e["kind"], e["dedupe_key"], e["applied"], e["received_at"]) for e in events] == [
        ("call", "k1", False, "2026-01-05T00:00:01+00:00"), ("order", "k0", False, "2026-01-05T00:00:00+00:00")]
    text = subprocess.run([sys.executable, "-m", "desktop", "receiver", "events", "--data-dir", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=60).stdout
    assert text.splitlines()[0].split("\t") == ["2026-01-05T00:00:01+00:00", f"account {account_id}", "NXCLOUD",
                                                "call", "no call matched"]


def test_a_port_in_use_is_one_line_and_the_input_exit_code(tmp_path: Path) -> None:
    nx_account(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "desktop", "receiver", "--data-dir", str(tmp_path),
                                 "--port", str(port)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == Exit.INPUT
    assert result.stderr.startswith(f"autocall receiver: Cannot listen on 127.0.0.1 port {port}:")
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""


@pytest.mark.keyring
def test_a_vbot_account_gets_a_header_value_kept_in_the_keyring_and_shown_only_when_asked(tmp_path: Path) -> None:
    store = Store(AppPaths.under(tmp_path).ensure().database)
    try:
        account_id = AccountRepository(store).save(Account("Office VBot", "vbot", {"api_generation": "v3"})).id
    finally:
        store.close()
    values = []
    for show in (False, True, True):
        process = subprocess.Popen([sys.executable, "-m", "desktop", "receiver", "--data-dir", str(tmp_path),
                                    "--port", "0", *(["--show-secrets"] if show else [])], cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            (endpoint,) = json.loads(process.stdout.readline())["endpoints"]  # type: ignore[union-attr]
            paste = endpoint["paste"]
            assert paste["Webhook URL"] == endpoint["url"] and paste["Header name"] == "X-Autocall-Token"
            values.append(paste["Header value"])
            if len(values) == 2:
                reply = httpx.post(endpoint["url"], json={"event": "AUTO_CALL_LOG", "data": {"transId": "t1"}},
                                   headers={"X-Autocall-Token": paste["Header value"]})
                assert reply.json() == {"ok": True, "duplicate": False}
        finally:
            process.send_signal(signal.SIGTERM)
            _, errors = process.communicate(timeout=15)
        assert process.returncode == 0, errors
    hidden, shown, again = values
    assert hidden.startswith("(hidden") and len(shown) >= 40 and again == shown  # made once, kept in the keyring
    listed = json.loads(subprocess.run([sys.executable, "-m", "desktop", "receiver", "events", "--data-dir",
                                        str(tmp_path), "--json"], cwd=ROOT, capture_output=True, text=True,
                                       timeout=60).stdout)
    assert [(e["account_id"], e["kind"], e["dedupe_key"]) for e in listed["events"]] == [
        (account_id, "AUTO_CALL_LOG", "AUTO_CALL_LOG:t1")]
