"""Peak memory of the running process, for the benchmarks' child processes."""

from __future__ import annotations

import re
from pathlib import Path


def peak_rss_mb() -> float:
    """This process's own peak resident memory (``VmHWM``), in MB.

    Not ``getrusage().ru_maxrss``: Linux carries that across ``exec``, so a child started by a large parent reports
    the parent's peak (a 13 MB child of a 313 MB parent reported 313 MB)."""
    status = Path("/proc/self/status").read_text()
    return round(int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.M).group(1)) / 1024, 1)
