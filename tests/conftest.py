"""Shared test harness.

- Qt runs offscreen; one QApplication for the session (pytest-qt's ``qapp``).
- Every test gets a fresh temporary data directory and an in-memory keyring (Vorta's habit), except tests
  marked ``keyring``, which use the real Secret Service that scripts/run-tests.sh starts.
- Async tests anywhere under tests/ui/ and tests/e2e/ run on the qasync (Qt) loop, as the app does; the rest
  (tests/desktop/) run on a plain asyncio loop. In async tests wait with ``wait_until`` or ``wait_signal``, never
  sleep a fixed time (qtbot.waitUntil/waitSignal hang or fail inside async tests driving asyncio tasks); both are
  in tests/helpers/support.py.
- The core speaks English in tests whatever the machine's locale (AUTOCALL_LANG for commands the tests start,
  ``set_language("en")`` around every test); a test that switches to Vietnamese is switched back. The catalogues'
  .mo files are compiled here when stale, so a fresh clone's tests find them.
- Helpers live in tests/helpers/; the fixtures several folders share are in tests/helpers/fixtures.py, registered
  below as a plugin, so a test names a fixture as a parameter and never imports it.
"""

from __future__ import annotations

import asyncio
import functools
import gc
import inspect
import os
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["AUTOCALL_LANG"] = "en"

import keyring
import pytest

from desktop import i18n
from desktop.paths import AppPaths
from desktop.secrets import MemoryKeyring
from desktop.services import Services
from tests.helpers.catalogues import compile_stale_catalogues

pytest_plugins = ["tests.helpers.fixtures", "tests.helpers.postgres", "tests.helpers.storage"]
compile_stale_catalogues()

TESTS = Path(__file__).resolve().parent
#: Top-level test folders whose async tests run on the Qt loop (at any depth: tests/ui/monitor/ too).
QT_LOOP_DIRS = ("ui", "e2e")


def _on_qt_loop(item: pytest.Item) -> bool:
    relative = Path(str(item.path)).resolve().relative_to(TESTS)
    return relative.parts[0] in QT_LOOP_DIRS


def pytest_asyncio_loop_factories(
        config: pytest.Config, item: pytest.Item) -> dict[str, Callable[[], asyncio.AbstractEventLoop]]:
    if _on_qt_loop(item):
        import qasync
        from PySide6.QtWidgets import QApplication

        return {"qasync": lambda: qasync.QEventLoop(QApplication.instance() or QApplication([]))}
    return {"asyncio": asyncio.new_event_loop}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """An async test on the Qt loop ends by cancelling the app's background tasks, while its loop still runs.

    Between a test's phases the loop is not running, yet pytest-qt processes Qt events there, and qasync then
    steps whatever task a window left in flight (a template fetch, a poll): it fails inside anyio with "no running
    event loop" and leaves a never-awaited connection coroutine behind. The app cancels its tasks before its loop
    ends (Services.aclose); a test does the same at its end."""
    if not isinstance(item, pytest.Function) or not _on_qt_loop(item) or not inspect.iscoroutinefunction(item.obj):
        return (yield)
    services, test = item.funcargs.get("services"), item.obj
    if not isinstance(services, Services):
        return (yield)

    @functools.wraps(test)
    async def then_cancel_background_tasks(*args: object, **kwargs: object) -> object:
        try:
            return await test(*args, **kwargs)
        finally:
            await services.tasks.cancel_all()

    item.obj = then_cancel_background_tasks
    try:
        return (yield)
    finally:
        item.obj = test


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


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test starts with the core in English and leaves it so, whatever language it switched to."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


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
    corrupted. The app collects on the GUI thread only (ui/platform/gc_on_gui_thread.py); tests do the same,
    after each test."""
    gc.disable()
    yield
    gc.collect()
