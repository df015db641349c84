"""Logging: one rotating file per user, with secrets redacted before anything is written.

The redaction runs in a ``logging.Filter`` attached to every handler we install, so a secret that slips into a
log call anywhere (an httpx debug line with headers, an exception text with a request body) is masked on its
way out rather than relying on every caller to remember.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from collections import deque
from collections.abc import Callable
from pathlib import Path

MASK = "***"

# Header names and field names whose values are secrets, matched case-insensitively in the common shapes they
# take in log text: `Name: value`, `name=value`, `"name": "value"`, `'name': 'value'`.
SECRET_NAMES = (
    "authorization",
    "x-api-key",
    "x-credential-api-key",
    "sign",
    "secretkey",
    "secret_key",
    "secret",
    "password",
    "passwd",
    "access_token",
    "refresh_token",
    "token",
    "api_key",
    "apikey",
)
_NAMES = "|".join(re.escape(n) for n in sorted(SECRET_NAMES, key=len, reverse=True))
_PATTERNS = (
    # "name": "value"  /  'name': 'value'
    re.compile(rf"""(?i)(["'](?:{_NAMES})["']\s*:\s*)(["'])(.*?)(\2)"""),
    # (b'name', b'value') as httpcore logs header tuples
    re.compile(rf"""(?i)(\(b?["'](?:{_NAMES})["'],\s*b?)(["'])(.*?)(\2)"""),
    # Name: value  (header lines; value runs to end of line or a comma)
    re.compile(rf"""(?i)(\b(?:{_NAMES})\s*:\s*)()([^\s,;"'][^,;\n"']*)()"""),
    # name=value  (form bodies, query strings)
    re.compile(rf"""(?i)(\b(?:{_NAMES})=)()([^&\s,;"']+)()"""),
)


class Redactor:
    """Masks secret-looking fields and any exact secret strings it has been told about."""

    def __init__(self) -> None:
        self._known: set[str] = set()

    def register(self, secret: str | None) -> None:
        """Mask this exact value wherever it appears, whatever field it is in (short values are ignored)."""
        if secret and len(secret) >= 4:
            self._known.add(secret)

    def __call__(self, text: str) -> str:
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}{MASK}{m.group(4)}", text)
        for secret in sorted(self._known, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text


REDACTOR = Redactor()


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message through the redactor (args are merged in first)."""

    def __init__(self, redactor: Redactor = REDACTOR) -> None:
        super().__init__()
        self._redact = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg = self._redact(message)
        record.args = None
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        return True


class TailHandler(logging.Handler):
    """Keeps the last lines in memory and tells a listener, for the in-app log view."""

    def __init__(self, capacity: int = 2000) -> None:
        super().__init__()
        self.lines: deque[str] = deque(maxlen=capacity)
        self._listeners: list[Callable[[str], None]] = []

    def subscribe(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[str], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record)
        self.lines.append(line)
        for listener in list(self._listeners):
            listener(line)


class LogFileHandler(logging.handlers.RotatingFileHandler):
    """The rotating log file. A line it cannot write (a full disk) is dropped: logging's default prints a
    traceback on stderr, which would reach the person at the terminal."""

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass


FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_INSTALLED: list[logging.Handler] = []


def setup_logging(log_file: Path, level: int = logging.INFO) -> TailHandler:
    """Install the rotating file handler and the in-memory tail on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in _INSTALLED:
        root.removeHandler(handler)
        handler.close()
    _INSTALLED.clear()
    log_file.parent.mkdir(parents=True, exist_ok=True)
    file_handler = LogFileHandler(
        log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    tail = TailHandler()
    for handler in (file_handler, tail):
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
        _INSTALLED.append(handler)
    root.setLevel(level)
    # httpx logs every request at INFO; its URLs are fine (secrets are in headers and bodies) but noisy.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    return tail
