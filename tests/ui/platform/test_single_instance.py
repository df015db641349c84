"""One app per data folder: the lock, the show request on the local socket, stale locks, and the second start's
answer (ui/platform/single_instance.py, ui/app.refuse_second_start)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.services import Services
from tests.helpers.support import wait_until
from ui import app
from ui.main_window import MainWindow
from ui.platform.single_instance import LOCK_FILE, SingleInstance, server_name
from ui.session import Session

ROOT = Path(__file__).resolve().parents[3]
#: A process that takes the data folder's lock (as the app does) and then only sleeps: no socket answers.
HOLD_LOCK = ("import sys, time; from PySide6.QtCore import QCoreApplication, QLockFile; "
             "app = QCoreApplication([]); lock = QLockFile(sys.argv[1]); assert lock.tryLock(0); "
             "print('locked', flush=True); time.sleep(120)")
#: A process that sends argv[2] to the app's socket for folder argv[1] and prints the reply (a second start speaks
#: from another process; in this one, the blocking wait would hold the interpreter the first app answers from).
SEND = ("import sys; from pathlib import Path; from PySide6.QtNetwork import QLocalSocket; "
        "from ui.platform.single_instance import server_name; "
        "s = QLocalSocket(); s.connectToServer(server_name(Path(sys.argv[1]))); assert s.waitForConnected(2000); "
        "s.write(sys.argv[2].encode() + b'\\n'); s.waitForBytesWritten(2000); "
        "s.waitForReadyRead(1000); print(repr(bytes(s.readAll().data())))")
ASK = ("import sys; from pathlib import Path; from ui.platform.single_instance import SingleInstance; "
       "print(SingleInstance(Path(sys.argv[1])).ask_running_to_show(5000))")

#: Every test here uses Qt's event dispatcher (the lock, the socket, a message box): the session's QApplication
#: first, so none depends on an earlier test having made one.
pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def instances() -> list[SingleInstance]:
    """Instances a test makes; each releases its lock and socket at the end."""
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


def instance(instances: list[SingleInstance], folder: Path) -> SingleInstance:
    made = SingleInstance(folder)
    instances.append(made)
    return made


async def in_another_process(script: str, *args: str) -> str:
    """Run ``script`` in a child Python while this loop keeps serving; its output."""
    done = await asyncio.get_running_loop().run_in_executor(None, lambda: subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60, cwd=ROOT))
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def hold_lock(folder: Path) -> subprocess.Popen[str]:
    folder.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(folder / LOCK_FILE)], stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    assert holder.stdout.readline().strip() == "locked"
    return holder


async def test_second_start_is_refused_and_the_first_window_comes_forward(qtbot, services: Services,
                                                                          instances: list[SingleInstance]) -> None:
    first = instance(instances, services.paths.data_dir)
    assert first.claim()
    window = MainWindow(Session(services))
    qtbot.addWidget(window)
    first.showRequested.connect(window.come_forward)
    window.showMinimized()
    assert window.isMinimized()

    second = instance(instances, services.paths.data_dir)
    assert not second.claim()  # the lock is held: no second engine on this folder
    assert await in_another_process(ASK, str(services.paths.data_dir)) == "True"
    await wait_until(lambda: not window.isMinimized(), message="the first window to come forward")
    assert window.isVisible() and "already open" in window.statusBar().currentMessage()


async def test_the_socket_accepts_only_the_show_request(instances: list[SingleInstance], tmp_path: Path) -> None:
    first = instance(instances, tmp_path)
    assert first.claim()
    shown: list[bool] = []
    first.showRequested.connect(lambda: shown.append(True))

    assert await in_another_process(SEND, str(tmp_path), "quit") == "b''"
    assert await in_another_process(SEND, str(tmp_path), "SHOW") == "b''"
    assert shown == []
    assert await in_another_process(SEND, str(tmp_path), "show") == repr(b"shown\n")
    await wait_until(lambda: shown == [True], message="the show request")


async def test_a_second_start_during_start_up_is_answered_once_the_first_listens(
        instances: list[SingleInstance], tmp_path: Path) -> None:
    first = instance(instances, tmp_path)
    assert first.claim(listen=False)  # the app listens only once its window is up
    shown: list[bool] = []
    first.showRequested.connect(lambda: shown.append(True))
    asked = asyncio.ensure_future(in_another_process(ASK, str(tmp_path)))
    await asyncio.sleep(0.5)
    assert not asked.done()  # the second start keeps asking
    first.listen()
    assert await asked == "True"
    await wait_until(lambda: shown == [True], message="the show request")


def test_different_data_folders_do_not_meet(instances: list[SingleInstance], tmp_path: Path) -> None:
    one, other = instance(instances, tmp_path / "one"), instance(instances, tmp_path / "other")
    assert one.claim() and other.claim()
    assert one.name != other.name
    assert server_name(tmp_path / "one") == server_name(tmp_path / "x" / ".." / "one")  # the folder, not the spelling


def test_a_lock_left_by_a_killed_process_does_not_block(instances: list[SingleInstance], tmp_path: Path) -> None:
    holder = hold_lock(tmp_path)
    assert not instance(instances, tmp_path).claim()
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert (tmp_path / LOCK_FILE).exists()  # the dead process could not remove it
    started = time.monotonic()
    assert instance(instances, tmp_path).claim()
    assert time.monotonic() - started < 2


def test_lock_held_but_nobody_answers_says_so(instances: list[SingleInstance], tmp_path: Path, monkeypatch,
                                              capsys) -> None:
    holder = hold_lock(tmp_path)
    try:
        second = instance(instances, tmp_path)
        assert not second.claim()
        started = time.monotonic()
        assert not second.ask_running_to_show(600)
        assert time.monotonic() - started < 3
        shown: list[QMessageBox] = []
        monkeypatch.setattr(second, "ask_running_to_show", lambda: False)
        monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or QMessageBox.StandardButton.Ok)
        assert app.refuse_second_start(second) == 1
    finally:
        holder.kill()
        holder.wait()
    assert [box.objectName() for box in shown] == ["alreadyRunningBox"]
    assert "already running with this data folder" in shown[0].text()
    assert "already running with this data folder" in capsys.readouterr().err


def test_second_start_that_reached_the_first_says_so_and_exits_zero(instances: list[SingleInstance],
                                                                     tmp_path: Path, monkeypatch, capsys) -> None:
    second = instance(instances, tmp_path)
    monkeypatch.setattr(second, "ask_running_to_show", lambda: True)
    assert app.refuse_second_start(second) == 0
    assert "already running with this data folder" in capsys.readouterr().out


def test_come_forward_unminimises(qtbot, services: Services) -> None:
    window = MainWindow(Session(services))
    qtbot.addWidget(window)
    window.showMinimized()
    window.come_forward()
    assert not window.windowState() & Qt.WindowState.WindowMinimized
