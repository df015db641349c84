"""``autocall store …``: the database's automatic backups, and bringing one back.

    autocall store backups [--data-dir DIR] [--json]        # newest first: when, why, size, file
    autocall store restore FILE [--data-dir DIR] [--json]   # FILE: a path, or a name in the backups folder

Restoring verifies the backup first and keeps the current database aside (renamed ``.damaged-<time>``, never
deleted). It works on a damaged database, so it does not open the store before; it refuses while the window is open
on the same data folder.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from desktop import backups
from desktop.exits import Exit, InputError, UsageError
from desktop.headless import add_common, emit, paths_for
from desktop.i18n import _
from desktop.store import Store, StoreError, database_url, engine_of, folder_error


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("store", help=_("list the database's automatic backups; restore one"),
                                   description=__doc__.split("\n\n")[0])
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listed = actions.add_parser("backups", help=_("the automatic backups, newest first"))
    add_common(listed)
    listed.set_defaults(func=run_backups)
    restore = actions.add_parser("restore", help=_("put a backup in place of the database (the current one is kept "
                                                   "aside)"))
    restore.add_argument("file", metavar="FILE", help=_("the backup: a path, or a file name in the backups folder"))
    add_common(restore)
    restore.set_defaults(func=run_restore)


def refuse_server_database(args: argparse.Namespace) -> None:
    """Backups here are of the data folder's database file; a PostgreSQL database is backed up by its server."""
    url = database_url(paths_for(args), getattr(args, "database", None))
    if engine_of(url) != "sqlite":
        raise UsageError(_("The database {url} is on a PostgreSQL server: its backups are the server's (pg_dump, or "
                           "the host's snapshots). `autocall store` keeps the backups of a database file on this "
                           "computer.").format(url=url))


def run_backups(args: argparse.Namespace) -> int:
    refuse_server_database(args)
    database = paths_for(args).database
    found = backups.listed(database)
    lines = [_("Backups of {database}, kept in {folder} (newest first):").format(
                 database=database, folder=backups.folder(database))]
    lines += [f"{b.taken_at:%Y-%m-%d %H:%M} UTC\t{b.reason}\t{b.size / 1_000_000:.1f} MB\t{b.path}" for b in found]
    if not found:
        lines.append(_("None yet: one is taken every day the app or a command opens the database, and before "
                       "upgrades."))
    emit(args, {"database": str(database), "folder": str(backups.folder(database)),
                "backups": [b.to_json() for b in found]}, "\n".join(lines))
    return Exit.OK


def run_restore(args: argparse.Namespace) -> int:
    refuse_server_database(args)
    paths = paths_for(args)
    chosen = Path(args.file)
    if not chosen.exists() and (backups.folder(paths.database) / chosen).exists():
        chosen = backups.folder(paths.database) / chosen
    if not chosen.is_file():
        raise InputError(_("There is no backup {file}: `autocall store backups` lists them.").format(file=args.file))
    if window_holds(paths.lock_file):
        raise StoreError(_("Autocall Desk is open on {data_dir}: close it, then restore the backup.").format(
                             data_dir=paths.data_dir))
    try:
        paths.ensure()
        aside = backups.restore(paths.database, chosen)
    except OSError as exc:
        raise folder_error(exc, paths.data_dir) from exc
    Store(paths.database).close()  # opens as the app will: upgrades an older backup, sets the permissions
    kept = _(" The previous database was kept as {aside}.").format(aside=aside) if aside else ""
    emit(args, {"database": str(paths.database), "restored": str(chosen), "kept_aside": str(aside) if aside else None},
         _("Restored {chosen} as {database}.{kept}").format(chosen=chosen, database=paths.database, kept=kept))
    return Exit.OK


def window_holds(lock_file: Path) -> bool:
    """Whether a running window holds its data folder: Qt's lock file keeps an ``flock`` while its owner lives.
    Always False on Windows, where an open database cannot be renamed, so a restore then fails without harm."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        handle = os.open(lock_file, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(handle)  # closing releases the shared lock just taken
    return False
