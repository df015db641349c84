"""Waiting helpers: ``wait_until`` and ``wait_signal`` for async tests, ``until`` for tests that watch other processes
(import them: ``from tests.helpers.support import wait_until, wait_signal, until``)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest


async def wait_until(predicate: Callable[[], object], timeout: float = 10.0, message: str = "") -> None:
    """Poll ``predicate`` on the running loop until it is truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {message or predicate}")
        await asyncio.sleep(0.01)


def until(condition: Callable[[], object], what: str, timeout: float, *, note: Callable[[], object] = str) -> None:
    """Block until ``condition()`` holds (what another process wrote, the simulator's ledger); after ``timeout``
    seconds fail saying ``what`` was awaited and ``note()``."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {timeout} s waiting for {what}: {note()}"
        time.sleep(0.02)


async def wait_signal(signal: object, timeout: float = 10.0) -> tuple:
    """Await one emission of a Qt signal (connected to a future) and return its arguments."""
    future: asyncio.Future[tuple] = asyncio.get_running_loop().create_future()

    def fire(*args: object) -> None:
        if not future.done():
            future.set_result(args)

    signal.connect(fire)  # type: ignore[attr-defined]
    try:
        return await asyncio.wait_for(future, timeout)
    finally:
        signal.disconnect(fire)  # type: ignore[attr-defined]
