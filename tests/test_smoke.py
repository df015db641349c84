"""The real entry points, run as a user or an installer would run them."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}


def allowed_stderr_patterns() -> list[re.Pattern[str]]:
    lines = (ROOT / "packaging" / "stderr-allowlist.txt").read_text().splitlines()
    return [re.compile(line) for line in lines if line and not line.startswith("#")]


def unexpected_stderr(stderr: str) -> list[str]:
    patterns = allowed_stderr_patterns()
    return [line for line in stderr.splitlines() if line.strip() and not any(p.match(line) for p in patterns)]


def run_app(*args: str, timeout: float = 60, env: dict[str, str] = ENV) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())", *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
    )


def test_smoke_run_exits_zero_with_clean_stderr_and_state_survives(tmp_path: Path) -> None:
    first = run_app("--smoke", "--data-dir", str(tmp_path))
    assert first.returncode == 0, first.stderr
    assert unexpected_stderr(first.stderr) == []
    assert (tmp_path / "autocall.sqlite3").exists()
    log = (tmp_path / "logs" / "autocall.log").read_text(encoding="utf-8")
    assert "closed cleanly" in log

    second = run_app("--smoke", "--data-dir", str(tmp_path))
    assert second.returncode == 0, second.stderr
    # the demo accounts made on the first start are reused, not duplicated, and nothing reports a crash
    log = (tmp_path / "logs" / "autocall.log").read_text(encoding="utf-8")
    assert log.count("starting") == 2
    assert "ended unexpectedly" not in log


def test_the_window_opens_without_system_time_zone_data(tmp_path: Path) -> None:
    """Windows has no IANA time-zone data: zoneinfo then falls back to the tzdata package, and the calling window's
    Asia/Ho_Chi_Minh still resolves. PYTHONTZPATH and TZDIR point at an empty folder, hiding the system's data."""
    empty = tmp_path / "no-zoneinfo"
    empty.mkdir()
    env = {**ENV, "PYTHONTZPATH": str(empty), "TZDIR": str(empty)}
    no_fallback = "import sys, zoneinfo; sys.modules['tzdata'] = None; zoneinfo.ZoneInfo('Asia/Ho_Chi_Minh')"
    without_tzdata = subprocess.run([sys.executable, "-c", no_fallback], capture_output=True, text=True, timeout=60,
                                    env=env, cwd=ROOT)
    assert "ZoneInfoNotFoundError" in without_tzdata.stderr, "the system's time-zone data was not hidden"
    result = run_app("--smoke", "--data-dir", str(tmp_path / "data"), env=env)
    assert result.returncode == 0, result.stderr
    assert unexpected_stderr(result.stderr) == []


def test_sigterm_closes_like_the_operator_and_is_not_reported_as_a_crash(tmp_path: Path) -> None:
    """Logout and shutdown send SIGTERM: the app closes the normal way, even while idle, and says nothing at the
    next start."""
    app = start_app(tmp_path)
    time.sleep(1)  # idle: nothing of ours is running Python when the signal comes
    app.send_signal(signal.SIGTERM)
    _, stderr = app.communicate(timeout=60)
    assert app.returncode == 0, stderr
    assert unexpected_stderr(stderr) == []
    log = (tmp_path / "logs" / "autocall.log").read_text(encoding="utf-8")
    assert "Asked to stop (SIGTERM)" in log and "closed cleanly" in log
    from desktop.crash import CrashGuard

    assert CrashGuard(tmp_path / "logs" / "fault.log").previous_crash() is None


def test_hard_crash_is_reported_at_next_start(tmp_path: Path) -> None:
    """A segfault leaves the faulthandler file and the running marker; the next start finds both."""
    crash = subprocess.run(
        [sys.executable, "-c",
         "import faulthandler, sys; from pathlib import Path; from desktop.crash import CrashGuard; "
         "g = CrashGuard(Path(sys.argv[1])); g.start(); faulthandler._sigsegv()",
         str(tmp_path / "logs" / "fault.log")],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert crash.returncode != 0
    from desktop.crash import CrashGuard

    guard = CrashGuard(tmp_path / "logs" / "fault.log")
    details = guard.previous_crash()
    assert details is not None and "Fatal Python error" in details
    # the app itself picks this up at start and says so (a non-modal dialog and a status message)
    result = run_app("--smoke", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert guard.previous_crash() is None  # a clean exit clears it


def test_autocall_version_and_module_entry_point() -> None:
    from desktop import __version__

    for command in ([sys.executable, "-m", "desktop", "--version"],
                    [str(Path(sys.executable).parent / "autocall"), "--version"]):
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == f"autocall {__version__}"


def start_app(data_dir: Path) -> subprocess.Popen[str]:
    """The app on the demo, running until the test ends it; returns once its window is open."""
    log_file = data_dir / "logs" / "autocall.log"

    def windows_opened() -> int:
        return log_file.read_text(encoding="utf-8").count("Window open") if log_file.exists() else 0

    before = windows_opened()  # an earlier run on the folder logged its own
    app = subprocess.Popen(
        [sys.executable, "-c", "import sys; from ui.app import main; sys.exit(main())", "--demo", "--data-dir",
         str(data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, cwd=ROOT)
    deadline = time.monotonic() + 60
    while windows_opened() == before:
        if app.poll() is not None:
            stdout, stderr = app.communicate()
            log = log_file.read_text(encoding="utf-8")[-3000:] if log_file.exists() else "(no log)"
            raise AssertionError(f"the app exited with {app.returncode} before its window opened\n"
                                 f"stdout: {stdout}\nstderr: {stderr}\nlog: {log}")
        assert time.monotonic() < deadline, "the app did not open its window within 60 s"
        time.sleep(0.1)
    return app


def test_second_start_on_the_same_data_folder_brings_the_first_forward(tmp_path: Path) -> None:
    """No second engine on one data folder: the second start asks the first for its window and exits 0, without a
    crash report; a run on another data folder is not affected."""
    first = start_app(tmp_path / "data")
    try:
        second = run_app("--data-dir", str(tmp_path / "data"))
        assert second.returncode == 0, second.stderr
        assert "already running with this data folder" in second.stdout
        assert unexpected_stderr(second.stderr) == []
        elsewhere = run_app("--smoke", "--data-dir", str(tmp_path / "other"))
        assert elsewhere.returncode == 0, elsewhere.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        _, stderr = first.communicate(timeout=60)
    assert first.returncode == 0, stderr
    assert unexpected_stderr(stderr) == []
    log = (tmp_path / "data" / "logs" / "autocall.log").read_text(encoding="utf-8")
    assert "A second start on this data folder asked for this window" in log
    assert log.count("starting") == 1  # the second start opened nothing of the folder's
    assert "ended unexpectedly" not in log


def test_a_killed_app_does_not_block_the_next_start(tmp_path: Path) -> None:
    """kill -9 leaves the lock file and the socket behind: the next start takes both over, and answers a third."""
    killed = start_app(tmp_path)
    killed.kill()
    killed.communicate(timeout=60)
    assert (tmp_path / "autocall-desk.lock").exists()
    started = time.monotonic()
    app = start_app(tmp_path)
    try:
        assert time.monotonic() - started < 30
        third = run_app("--data-dir", str(tmp_path))
        assert third.returncode == 0, third.stderr
        assert "already running with this data folder" in third.stdout
    finally:
        app.send_signal(signal.SIGTERM)
        _, stderr = app.communicate(timeout=60)
    assert app.returncode == 0, stderr
    assert "closed cleanly" in (tmp_path / "logs" / "autocall.log").read_text(encoding="utf-8")
