"""The collector's rules while a large campaign is polled: what a round starts with is left out of collections, and
what became cyclic garbage meanwhile is freed once polling ends."""

from __future__ import annotations

import gc
import weakref

from desktop.gc_policy import keep_out_while_polling, take_back_after_polling


class Node:
    def __init__(self) -> None:
        self.me = self  # a reference cycle: only the cyclic collector frees it


def test_what_a_round_starts_with_is_left_out_until_polling_ends() -> None:
    alive = Node()
    gone = weakref.ref(alive)
    try:
        keep_out_while_polling()
        assert gc.get_freeze_count() > 0
        del alive
        gc.collect()
        assert gone() is not None  # left out: no collection walks it, not even a full one
        take_back_after_polling()
        assert gone() is None  # freed by the one full collection when polling ended
        assert gc.get_freeze_count() > 0  # what is alive is left out again, as after start-up
    finally:
        gc.unfreeze()
