"""The window's garbage collector: what start-up built is left out of later collections, and a full collection
runs only once the oldest generation grew by a quarter (CPython's own rule) and, while the process is busy, waits
for a quiet tick unless the oldest generation doubled; the middle one is collected once many objects reached it,
and a young one too large to walk at once is left out."""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable

from ui.platform.gc_on_gui_thread import (
    BUSY_GROWTH,
    FULL_GROWTH,
    MIDDLE_OBJECTS,
    GuiThreadGarbageCollector,
    generation_size,
)


def generations_collected(action: Callable[[], None]) -> list[int]:
    seen: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            seen.append(info["generation"])

    gc.callbacks.append(note)
    try:
        action()
    finally:
        gc.callbacks.remove(note)
    return seen


def promote() -> None:
    """Move what is alive into the oldest generation through as many young collections as make a full one due by
    count."""
    for _ in range(gc.get_threshold()[2] + 1):
        gc.collect(1)


def promote_and_check(collector: GuiThreadGarbageCollector) -> list[int]:
    promote()
    return generations_collected(collector.check)


def busy_check(collector: GuiThreadGarbageCollector) -> list[int]:
    """A tick after more than a young generation's worth of new objects."""
    young = [[] for _ in range(gc.get_threshold()[0] + 100)]
    seen = generations_collected(collector.check)
    assert young
    return seen


def test_what_start_up_built_is_left_out_of_later_collections(qtbot) -> None:
    collector = GuiThreadGarbageCollector()
    built = {"start-up": [1, 2]}
    try:
        collector.start_up_done()
        assert gc.get_freeze_count() > 0
        assert not any(o is built for o in gc.get_objects())  # in no generation: no collection walks it
    finally:
        gc.unfreeze()


def test_a_full_collection_waits_until_the_oldest_generation_grew_by_a_quarter(qtbot) -> None:
    collector = GuiThreadGarbageCollector()
    kept = [[] for _ in range(20_000)]
    assert 2 in promote_and_check(collector)  # the first one is due: nothing was kept before
    old = len(gc.get_objects(generation=2))
    few = [[] for _ in range(int(old * FULL_GROWTH / 10))]
    assert 2 not in promote_and_check(collector)  # grown by a tenth of a quarter: not worth a full pass
    many = [[] for _ in range(int(old * FULL_GROWTH))]
    assert 2 in promote_and_check(collector)
    assert len(kept) + len(few) + len(many) > 0


def test_while_the_process_is_busy_a_full_collection_waits_for_a_quiet_tick_unless_the_oldest_doubled(qtbot) -> None:
    collector = GuiThreadGarbageCollector()
    kept = [[[] for _ in range(20_000)]]
    assert 2 in promote_and_check(collector)
    kept.append([[] for _ in range(int(len(gc.get_objects(generation=2)) * (FULL_GROWTH + BUSY_GROWTH) / 2))])
    promote()
    assert 2 not in busy_check(collector)  # due, but busy: it waits
    assert 2 in generations_collected(collector.check)  # the next quiet tick
    kept.append([[] for _ in range(int(len(gc.get_objects(generation=2)) * BUSY_GROWTH * 1.1))])
    promote()
    assert 2 in busy_check(collector)  # busy, but the oldest generation more than doubled


def test_the_middle_generation_is_collected_once_young_collections_moved_many_objects_into_it(qtbot) -> None:
    """Fewer young collections than CPython waits for, but a large structure built meanwhile: the middle generation's
    turn comes when what reached it passed MIDDLE_OBJECTS, so no walk of it grows long."""
    collector = GuiThreadGarbageCollector()
    gc.collect()  # every count nought: no collection is due but the ones built below
    kept, seen = [], []
    for _ in range(5):
        kept.append([[] for _ in range(MIDDLE_OBJECTS // 4 + 100)])
        seen += generations_collected(collector.check)
    assert seen == [0, 0, 0, 0, 1] and gc.get_threshold()[1] > 4
    assert len(kept) == 5


def test_a_young_generation_larger_than_the_middle_limit_is_left_out_unwalked(qtbot) -> None:
    """Rows read for a tab, built at once: no collection walks them (it would find no garbage); they are left out."""
    collector = GuiThreadGarbageCollector()
    gc.collect()
    left_out = gc.get_freeze_count()
    try:
        built = [[] for _ in range(MIDDLE_OBJECTS + 1_000)]
        assert generations_collected(collector.check) == []
        assert gc.get_freeze_count() > left_out + MIDDLE_OBJECTS and not any(o is built for o in gc.get_objects())
    finally:
        gc.unfreeze()


def test_weighing_a_generation_never_breaks_a_tuple_another_thread_is_filling() -> None:
    """A worker builds tuples from generators (as keyring's discovery does on a thread at start-up) while the window's
    collector weighs generations: with ``len(gc.get_objects(g))`` the worker met SystemError within a few dozen
    weighings; never with generation_size."""
    failures: list[BaseException] = []
    done = threading.Event()

    def fill_tuples() -> None:
        while not done.is_set():
            try:
                tuple(n for n in range(200))
            except SystemError as exc:
                failures.append(exc)
                return

    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0001)  # switch threads as often as CPython lets them
    worker = threading.Thread(target=fill_tuples)
    worker.start()
    try:
        sizes = [generation_size(generation) for _ in range(250) for generation in (0, 2)]
    finally:
        done.set()
        worker.join()
        sys.setswitchinterval(interval)
    assert failures == []
    assert all(size >= 0 for size in sizes) and max(sizes) > 0
