"""The store's lock: first come, first served, so a split write cannot keep a waiting reader out."""

from __future__ import annotations

import threading
import time

import pytest

from desktop.fair_lock import FairLock


def _wait_until_queued(lock: FairLock, waiting: int) -> None:
    deadline = time.monotonic() + 5
    while len(lock._queue) < waiting:
        assert time.monotonic() < deadline, "the other thread never asked for the lock"
        time.sleep(0.001)


def test_a_thread_asking_again_at_once_queues_behind_the_one_waiting() -> None:
    lock, order = FairLock(), []
    lock.acquire()

    def reader() -> None:
        with lock:
            order.append("reader")

    thread = threading.Thread(target=reader)
    thread.start()
    _wait_until_queued(lock, 1)
    lock.release()
    with lock:  # the writer's next transaction, asked for at once
        order.append("writer")
    thread.join(5)
    assert order == ["reader", "writer"]


def test_reentrant_for_its_holder_and_held_until_the_last_release() -> None:
    lock, got = FairLock(), threading.Event()
    with lock, lock:
        pass
    lock.acquire()
    lock.acquire()
    lock.release()
    thread = threading.Thread(target=lambda: (lock.acquire(), got.set(), lock.release()))
    thread.start()
    assert not got.wait(0.05)  # still held once
    lock.release()
    assert got.wait(5)
    thread.join(5)


def test_only_its_holder_releases_it() -> None:
    lock = FairLock()
    with pytest.raises(RuntimeError):
        lock.release()
    lock.acquire()
    errors = []

    def other() -> None:
        try:
            lock.release()
        except RuntimeError as exc:
            errors.append(exc)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join(5)
    assert errors
    lock.release()
