"""Automatic backups of the database: in ``backups/`` beside it, named by when (UTC) and why they were taken.

A backup is taken with SQLite's online backup API, so it is a consistent copy even while the app writes. Restoring
verifies the backup first (``PRAGMA quick_check``), copies it in, and keeps the file it replaces aside (renamed with
``.damaged-<time>``, with its ``-wal`` and ``-shm``): nothing is deleted but backups beyond the kept number.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.paths import make_private

FOLDER = "backups"
#: A daily backup is due at start when the newest one is older than this.
DAILY = timedelta(days=1)
#: SQLite's companions of a database file in WAL mode; they belong to it and move with it.
COMPANIONS = ("-wal", "-shm")
#: A half-written copy older than this was left by a killed process; a younger one may be another process's copy
#: under way (two processes starting on one data folder at once both take the daily backup).
STALE_PARTIAL = timedelta(minutes=10)
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})Z-(?P<reason>[a-z0-9-]+)\.sqlite3$")


class BackupError(AutocallError):
    """A backup could not be taken, verified or restored; the sentence says which file and why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: datetime  # UTC
    reason: str  # "daily", "before-v8" (before upgrading to schema 8)
    size: int  # bytes

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path), "taken_at": self.taken_at.isoformat(), "reason": self.reason,
                "bytes": self.size}


def folder(database: Path) -> Path:
    """Where the backups of ``database`` are kept: ``backups/`` in the same folder."""
    return Path(database).parent / FOLDER


def listed(database: Path) -> list[Backup]:
    """The backups of ``database``, newest first (files not named as this module names them are left out)."""
    found = []
    stem = Path(database).stem
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        for path in folder(database).iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == stem and path.is_file():
                taken_at = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
                found.append(Backup(path, taken_at, match["reason"], path.stat().st_size))
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)


def due(database: Path, now: datetime | None = None) -> bool:
    """Whether the daily backup is due: no backup yet, or the newest is older than :data:`DAILY`."""
    backups = listed(database)
    return not backups or (now or datetime.now(UTC)) - backups[0].taken_at >= DAILY


def take(source: sqlite3.Connection, database: Path, reason: str, now: datetime | None = None) -> Backup:
    """Copy the open database ``source`` (the file ``database``) into the backups folder, private to the user."""
    target_folder = folder(database)
    taken_at = (now or datetime.now(UTC)).replace(microsecond=0)
    path = target_folder / f"{Path(database).stem}-{taken_at.strftime(_STAMP)}Z-{reason}.sqlite3"
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")  # each process its own: they may copy at once
    target_folder.mkdir(exist_ok=True)
    make_private(target_folder)
    try:
        _copy(source, partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return Backup(path, taken_at, reason, path.stat().st_size)


def prune(database: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups (at least one is always kept), and copies a killed process left
    half-written (older than :data:`STALE_PARTIAL`); the deleted files."""
    old = [backup.path for backup in listed(database)[max(keep, 1):]]
    stale = (datetime.now(UTC) - STALE_PARTIAL).timestamp()
    old += sorted(path for path in folder(database).glob(f"{Path(database).stem}-*.sqlite3*.partial")
                  if _modified(path) < stale)
    for path in old:
        path.unlink(missing_ok=True)
    return old


def _modified(path: Path) -> float:
    """When ``path`` was last written (infinitely recent when it is already gone: another process finished it)."""
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")


def problems(db: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong with an open database (empty when it is sound)."""
    rows = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
    return [] if rows == ["ok"] else rows


def verify(path: Path) -> None:
    """Refuse a backup that is missing, damaged or not a database (:class:`BackupError`)."""
    if not Path(path).is_file() or Path(path).stat().st_size == 0:
        raise BackupError(_("The backup {path} does not exist or is empty.").format(path=path))
    try:
        with contextlib.closing(_open_read_only(path)) as db:
            found = problems(db)
    except sqlite3.DatabaseError as exc:  # too damaged to be checked at all
        found = [str(exc)]
    if found:
        raise BackupError(_("The backup {path} is damaged too ({found}); choose an older one.").format(
                              path=path, found=found[0]))


def newest_sound(database: Path) -> Backup | None:
    """The newest backup that passes :func:`verify`, or None."""
    for backup in listed(database):
        try:
            verify(backup.path)
        except BackupError:
            continue
        return backup
    return None


def restore(database: Path, backup: Path, now: datetime | None = None) -> Path | None:
    """Put ``backup`` in place of ``database`` after verifying it; the current file (if any) is renamed aside
    with its ``-wal`` and ``-shm``, never deleted. Returns the aside name. Nothing may have ``database`` open."""
    database, backup = Path(database), Path(backup)
    verify(backup)
    incoming = database.with_name(database.name + ".restoring")
    try:
        with contextlib.closing(_open_read_only(backup)) as source:
            _copy(source, incoming)
        aside = None
        if database.exists():
            stamp = (now or datetime.now(UTC)).strftime(_STAMP)
            aside = database.with_name(f"{database.name}.damaged-{stamp}Z")
            for suffix in ("", *COMPANIONS):
                if Path(f"{database}{suffix}").exists():
                    os.replace(f"{database}{suffix}", f"{aside}{suffix}")
                    make_private(Path(f"{aside}{suffix}"))
        os.replace(incoming, database)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    return aside


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup of ``source`` into a new file ``target``, flushed to disk and private to the user."""
    target.unlink(missing_ok=True)
    with contextlib.closing(sqlite3.connect(target)) as copy:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    make_private(target)
    with open(target, "rb+") as written:
        os.fsync(written.fileno())


def _open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
