"""The rotating log file's handler, in a module of its own so logging.handlers is imported only when a file opens."""

from __future__ import annotations

import logging
import logging.handlers


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file. A line it cannot write (a full disk) is dropped: logging's default prints a
    traceback on stderr, which would reach the person at the terminal."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass
