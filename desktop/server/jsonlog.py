"""The server's logs: one JSON object per line on stdout, for journald, Docker and log shippers.

Each line has ``time`` (UTC, ISO 8601), ``level``, ``event`` (a dotted name such as ``dispatch.ended``; ``log`` for
lines the rest of the core writes), ``logger``, ``message`` and the fields a call passes in ``extra`` (``campaign``,
``state``…). The whole line goes through the log redactor, so a secret is masked wherever it slips in.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime, timezone
from typing import Any, TextIO

from pythonjsonlogger.json import JsonFormatter

from desktop.logs import REDACTOR, RedactingFilter

#: The ``event`` of a line whose caller named none.
DEFAULT_EVENT = "log"


class ServerFormatter(JsonFormatter):
    """python-json-logger's formatter with the server's field names, every line redacted as a whole."""

    def __init__(self) -> None:
        super().__init__("{asctime}{levelname}{name}{message}", style="{",
                         rename_fields={"asctime": "time", "levelname": "level", "name": "logger", "exc_info": "error"},
                         json_ensure_ascii=False)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802 - logging's name
        """UTC, ISO 8601 with microseconds: ``2026-12-01T19:09:38.519063+00:00``."""
        return datetime.fromtimestamp(record.created, timezone.utc).isoformat()

    def add_fields(self, log_record: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_record, record, message_dict)
        log_record.setdefault("event", DEFAULT_EVENT)

    def format(self, record: logging.LogRecord) -> str:
        return REDACTOR(super().format(record))


def log_json_lines(stream: TextIO = sys.stdout, level: int = logging.INFO) -> logging.Handler:
    """Add a handler writing JSON lines to ``stream`` on the root logger; returns it (remove it to stop)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(ServerFormatter())
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    return handler


def event(logger: logging.Logger, name: str, message: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Log ``message`` as event ``name`` with ``fields`` (JSON values: ids, states, counts, never secrets)."""
    logger.log(level, message, extra={"event": name, **fields})
