"""Waiting helpers: ``wait_until`` and ``wait_signal`` for async tests, ``until`` for tests that watch other processes
(import them: ``from tests.helpers.support import wait_until, wait_signal, until``); ``free_port`` for a server that
must be given a port number."""

from __future__ import annotations

import asyncio
import random
import socket
import time
from collections.abc import Callable

import pytest

#: How long a wait lasts before the test fails: a deadline for a loaded machine (CI runs three tests at once on two
#: cores), never a measure of speed; a test about speed asserts the time it measured.
DEADLINE = 30.0


async def wait_until(predicate: Callable[[], object], timeout: float = DEADLINE, message: str = "") -> None:
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


async def wait_signal(signal: object, timeout: float = DEADLINE) -> tuple:
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


def free_port() -> int:
    """A loopback port free now, below the range the kernel hands out to outgoing connections (32768 and up on
    Linux): no connection made before the server listens on it can take it, as one could take a port the kernel
    chose (bind to port 0)."""
    for port in random.sample(range(20_000, 32_768), 100):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError("no free port between 20000 and 32767")
