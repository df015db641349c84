"""Crash bookkeeping that needs no GUI: the faulthandler file, the 'previous hard crash' check, report text.

A hard crash (segfault, abort) kills the process before Python can say anything, so ``faulthandler`` writes to a
file that stays open. A marker file exists while the app runs and is removed on a clean exit; finding it at the
next start, together with a non-empty fault file, is how we know the last run died.
"""

from __future__ import annotations

import faulthandler
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from desktop import __version__
from desktop.i18n import _
from desktop.logs import REDACTOR


@dataclass
class CrashGuard:
    fault_file: Path
    _stream: IO[str] | None = None

    @property
    def _running_marker(self) -> Path:
        return self.fault_file.with_name("running.marker")

    def previous_crash(self) -> str | None:
        """The previous run's fault log if it ended without a clean exit, else None."""
        if not self._running_marker.exists():
            return None
        text = self.fault_file.read_text(encoding="utf-8", errors="replace") if self.fault_file.exists() else ""
        return text.strip() or _("The previous session ended unexpectedly (no details were recorded).")

    def start(self) -> None:
        """Begin a run: archive the old fault log, open a new one for faulthandler, set the marker."""
        self.fault_file.parent.mkdir(parents=True, exist_ok=True)
        if self.fault_file.exists() and self.fault_file.stat().st_size:
            self.fault_file.replace(self.fault_file.with_suffix(".previous.log"))
        self._stream = open(self.fault_file, "w", encoding="utf-8")  # noqa: SIM115 - must stay open for faulthandler
        faulthandler.enable(self._stream)
        self._running_marker.write_text(str(__version__), encoding="utf-8")

    def stop(self) -> None:
        """A clean exit: no crash to report next time."""
        if self._stream:
            faulthandler.disable()
            self._stream.close()
            self._stream = None
        self._running_marker.unlink(missing_ok=True)


def crash_report(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """A copyable report: version, platform, traceback — with secrets masked."""
    import platform  # here, not at start-up: its import compiles a dozen patterns the first frame does without

    lines = [
        f"Autocall Desk {__version__}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        "",
        *traceback.format_exception(exc_type, exc, tb),
    ]
    return REDACTOR("\n".join(line.rstrip("\n") for line in lines))
