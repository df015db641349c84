"""Shared test harness.

- Qt runs offscreen; one QApplication for the session (pytest-qt's ``qapp``).
- Every test gets a fresh temporary data directory and an in-memory keyring (Vorta's habit), except tests
  marked ``keyring``, which use the real Secret Service that scripts/run-tests.sh starts.
- Async tests under tests/ui/ and tests/e2e/ run on the qasync (Qt) loop, as the app does; the rest run on a
  plain asyncio loop. In async tests wait with ``wait_until`` or ``wait_signal``, never sleep a fixed time
  (stack notes: qtbot.waitUntil/waitSignal hang or fail inside async tests driving asyncio tasks);
  both are in tests/support.py.
"""

from __future__ import annotations

import asyncio
import gc
import os
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import keyring  # noqa: E402
import pytest  # noqa: E402

from desktop.paths import AppPaths  # noqa: E402
from desktop.secrets import MemoryKeyring  # noqa: E402
from desktop.services import Services  # noqa: E402

QT_LOOP_DIRS = ("ui", "e2e")


def pytest_asyncio_loop_factories(config: pytest.Config, item: pytest.Item) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    if Path(str(item.path)).parent.name in QT_LOOP_DIRS:
        import qasync
        from PySide6.QtWidgets import QApplication

        return {"qasync": lambda: qasync.QEventLoop(QApplication.instance() or QApplication([]))}
    return {"asyncio": asyncio.new_event_loop}


@pytest.fixture(autouse=True)
def memory_keyring(request: pytest.FixtureRequest) -> Iterator[MemoryKeyring | None]:
    """An in-memory keyring for every test, so no test ever touches the developer's real secrets."""
    if request.node.get_closest_marker("keyring"):
        yield None
        return
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths.under(tmp_path / "data").ensure()


@pytest.fixture
def services(paths: AppPaths, memory_keyring: MemoryKeyring) -> Iterator[Services]:
    opened = Services.open(paths, keyring_backend=memory_keyring)
    yield opened
    opened.store.close()


@pytest.fixture(autouse=True)
def collect_garbage_on_this_thread() -> Iterator[None]:
    """Python's cyclic GC runs in whichever thread happens to allocate; if that is a worker (the simulator's
    server thread, an import worker), stale Qt objects get destroyed off the GUI thread and Qt's timers are
    corrupted. The app collects on the GUI thread only (ui/garbage.py); tests do the same, after each test."""
    gc.disable()
    yield
    gc.collect()
