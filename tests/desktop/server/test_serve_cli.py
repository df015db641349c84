"""`autocall serve` refuses what it cannot do in one line and an exit code, never a traceback: a malformed address
or interval (usage), an address already in use (input)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.exits import Exit


def serve(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", "serve", "--data-dir", str(tmp_path / "data"), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("args", [("--health", "8790"), ("--receiver", "host:port"), ("--scan-every", "0")])
def test_a_malformed_option_is_a_usage_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    done = serve(tmp_path, *args)
    assert done.returncode == Exit.USAGE and "Traceback" not in done.stderr and args[0] in done.stderr


def test_an_address_in_use_is_one_line_and_exit_input(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = serve(tmp_path, "--health", "127.0.0.1:0", "--receiver", f"127.0.0.1:{port}")
    assert done.returncode == Exit.INPUT, done
    assert done.stderr.count("\n") == 1 and f"port {port}" in done.stderr and "Traceback" not in done.stderr
