"""The window's loop shares one GIL with the worker threads that read the store, poll and journal: a worker running
Python keeps the GIL until the interpreter asks it to switch, and the loop waits that long each time it takes the GIL
back (after every Qt call that let go of it). :func:`favour_the_loop` shortens that wait from CPython's 5 ms."""

from __future__ import annotations

import sys

#: Seconds a thread running Python keeps the GIL while another waits for it (CPython's default: 0.005). In
#: bench/bench_dispatch_window.py (100,000 contacts) the loop had 17-75 gaps over 20 ms in eight runs with it, 75 and
#: 95 in two without; the longest gap was not shorter with it.
LOOP_SWITCH_INTERVAL = 0.001


def favour_the_loop() -> None:
    """Let the loop take the GIL back from a busy worker within :data:`LOOP_SWITCH_INTERVAL`."""
    sys.setswitchinterval(LOOP_SWITCH_INTERVAL)
