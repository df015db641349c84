"""What start-up builds in a long-running process (the window, ``autocall receiver``) is moved out of the cyclic
garbage collector's reach once start-up is done: it lives as long as the process, and a full collection would
otherwise walk all of it while holding the GIL (the window's loop and the receiver's replies wait meanwhile)."""

from __future__ import annotations

import gc


def freeze_start_up() -> None:
    """Collect what start-up left as garbage, then leave every object alive now out of later collections (one of
    them that later becomes garbage in a reference cycle is never freed: start-up objects do not)."""
    gc.collect()
    gc.freeze()
