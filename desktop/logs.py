"""Logging: one rotating file per user, with secrets redacted before anything is written.

The redaction runs in a ``logging.Filter`` attached to every handler we install, so a secret that slips into a
log call anywhere (an httpx debug line with headers, an exception text with a request body) is masked on its
way out rather than relying on every caller to remember. A command opens its log file when its first record
comes (:func:`log_on_first_record`), so one that logs nothing starts without looking up its folder.
"""

from __future__ import annotations

import logging
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


FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_INSTALLED: list[logging.Handler] = []


def setup_logging(log_file: Path, level: int = logging.INFO) -> TailHandler:
    """Install the rotating file handler and the in-memory tail on the root logger (idempotent)."""
    _uninstall()
    tail = TailHandler()
    _install((_file_handler(log_file), tail), level)
    return tail


def log_on_first_record(log_file: Callable[[], Path], level: int = logging.INFO) -> None:
    """Log to the file ``log_file()`` names, looked up and opened when the first record comes (idempotent, as
    :func:`setup_logging`); a file that cannot be opened then drops the records."""
    _uninstall()
    _install((_FileOnFirstRecord(log_file),), level)


class _FileOnFirstRecord(logging.Handler):
    """Stands for the log file until a record comes, then opens it and hands it each record."""

    def __init__(self, log_file: Callable[[], Path]) -> None:
        super().__init__()
        self._log_file = log_file
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            try:
                self._file = _file_handler(self._log_file())
            except OSError:  # a folder that cannot take it is reported by the command itself
                self._file = logging.NullHandler()
            self._file.setFormatter(self.formatter)
        self._file.handle(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass  # as LogFileHandler's: no traceback on the person's terminal for a line the log could not take

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def _file_handler(log_file: Path) -> logging.Handler:
    """The rotating log file, its folder created; logging.handlers is imported only when a log file is opened."""
    from desktop.logfile import LogFileHandler

    log_file.parent.mkdir(parents=True, exist_ok=True)
    return LogFileHandler(log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8")


def _uninstall() -> None:
    """Take the handlers this module installed off the root logger, and close them."""
    root = logging.getLogger()
    for handler in _INSTALLED:
        root.removeHandler(handler)
        handler.close()
    _INSTALLED.clear()


def _install(handlers: tuple[logging.Handler, ...], level: int) -> None:
    """Put ``handlers`` on the root logger, each formatting with :data:`FORMAT` and redacting secrets."""
    root = logging.getLogger()
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
        _INSTALLED.append(handler)
    root.setLevel(level)
    # httpx logs every request at INFO; its URLs are fine (secrets are in headers and bodies) but noisy.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
