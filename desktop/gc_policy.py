"""The cyclic garbage collector's rules for the house.

What start-up builds in a long-running process (the window, ``autocall receiver``) is moved out of the collector's
reach once start-up is done: it lives as long as the process, and a full collection would otherwise walk all of it
while holding the GIL (the window's loop and the receiver's replies wait meanwhile). A command that builds one large
structure without cycles (``autocall check``'s rows) pauses the collector meanwhile: it would walk the growing
structure again and again and find no garbage. While a large campaign is polled, what each poll round starts with
(the calls it asks about, the rows the window shows) is left out the same way, and taken back in once polling ends;
so is a large structure the window's collector finds just built (ui/platform/gc_on_gui_thread.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_start_up() -> None:
    """Collect what start-up left as garbage, then leave every object alive now out of later collections (one of
    them that later becomes garbage in a reference cycle is never freed: start-up objects do not)."""
    gc.collect()
    gc.freeze()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block (a process-wide switch: for commands, never the window's threads);
    what the block built is then left out of later collections, so none walks it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def keep_out_while_polling() -> None:
    """A poll round over a large campaign starts: leave everything now tracked out of later collections, which would
    otherwise walk the round's calls and the shown rows again and again while the window waits (no collection
    first: the young generations hold the round's calls just built). Objects freed by their reference count are
    freed as usual; garbage in a reference cycle waits for :func:`take_back_after_polling`."""
    gc.freeze()


def take_back_after_polling() -> None:
    """Polling a large campaign ended: one full collection over everything frees what became cyclic garbage while it
    was left out, then what is alive is left out again (as after start-up)."""
    gc.unfreeze()
    freeze_start_up()
