"""The window's garbage collector: what start-up built is left out of later collections, and a full collection
runs only once the oldest generation grew by a quarter (CPython's own rule)."""

from __future__ import annotations

import gc
from collections.abc import Callable

from ui.platform.gc_on_gui_thread import FULL_GROWTH, GuiThreadGarbageCollector


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


def promote_and_check(collector: GuiThreadGarbageCollector) -> list[int]:
    """Move what is alive into the oldest generation through as many young collections as make a full one due by
    count, then let the collector decide."""
    for _ in range(gc.get_threshold()[2] + 1):
        gc.collect(1)
    return generations_collected(collector.check)


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
