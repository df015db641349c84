"""``autocall store …``: the database's automatic backups, and bringing one back; ``autocall db …``: moving the data
into another database (the team's PostgreSQL).

    autocall store backups [--data-dir DIR] [--json]        # newest first: when, why, size, file
    autocall store restore FILE [--data-dir DIR] [--json]   # FILE: a path, or a name in the backups folder
    autocall db copy [--from URL] --to URL [--json]        # every table into an EMPTY database, counts verified
    autocall db password --url URL                         # asks for a database's password, keeps it in the keyring

Restoring verifies the backup first and keeps the current database aside (renamed ``.damaged-<time>``, never
deleted). It works on a damaged database, so it does not open the store before; it refuses while the window is open
on the same data folder.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import time
from pathlib import Path

from desktop import backups
from desktop.exits import Exit, InputError, UsageError
from desktop.headless import add_common, emit, paths_for
from desktop.i18n import _, number
from desktop.secrets import SecretStore
from desktop.store import Store, StoreError, database_url, engine_of, folder_error, refuse_password, sqlite_url
from desktop.store_copy import CopyMismatch, copy_url

#: How often a long copy says how far it is, on stderr.
PROGRESS_SECONDS = 2.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("store", help=_("list the database's automatic backups; restore one"),
                                   description=_("The database's automatic backups, and bringing one back."))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listed = actions.add_parser("backups", help=_("the automatic backups, newest first"))
    add_common(listed)
    listed.set_defaults(func=run_backups)
    restore = actions.add_parser("restore", help=_("put a backup in place of the database (the current one is kept "
                                                   "aside)"))
    restore.add_argument("file", metavar="FILE", help=_("the backup: a path, or a file name in the backups folder"))
    add_common(restore)
    restore.set_defaults(func=run_restore)

    database = subparsers.add_parser("db", help=_("move the data into another database (a team's PostgreSQL)"),
                                     description=_("Copy a desk's data into the team database, or back."))
    db_actions = database.add_subparsers(dest="action", metavar="ACTION", required=True)
    copy = db_actions.add_parser(
        "copy", help=_("copy every table into an empty database, keeping ids, and compare the counts"),
        description=_("Copy every table of one database into another that holds no data yet, in one transaction, "
                      "then compare each table's rows. URLs: sqlite:///PATH or postgresql://USER@HOST:PORT/NAME "
                      "(the password comes from the keyring, never from the URL)."))
    copy.add_argument("--from", dest="source", metavar="URL",
                      help=_("the database to copy (default: --database, else the data folder's own file)"))
    copy.add_argument("--to", dest="target", required=True, metavar="URL", help=_("the empty database to fill"))
    add_common(copy)
    copy.set_defaults(func=run_copy)
    password = db_actions.add_parser(
        "password", help=_("keep a team database's password in the system keyring"),
        description=_("Ask for the password of the database at URL (hidden; read from standard input when it is not "
                      "a terminal) and keep it in the system keyring, where the app and every command find it."))
    password.add_argument("--url", required=True, metavar="URL",
                          help=_("the database, without its password: postgresql://USER@SERVER:PORT/NAME"))
    add_common(password)
    password.set_defaults(func=run_password)


def refuse_server_database(args: argparse.Namespace) -> None:
    """Backups here are of the data folder's database file; a PostgreSQL database is backed up by its server."""
    url = database_url(paths_for(args), getattr(args, "database", None))
    if engine_of(url) != "sqlite":
        raise UsageError(_("The database {url} is on a PostgreSQL server: its backups are the server's (pg_dump, or "
                           "the host's snapshots). `autocall store` keeps the backups of a database file on this "
                           "computer.").format(url=url))


def _why(reason: str) -> str:
    """A backup's reason (the code in its file name) in words: "daily", "before-v8"."""
    if reason == "daily":
        return _("daily")
    if reason.startswith("before-v"):
        return _("before the upgrade to version {version}").format(version=reason.removeprefix("before-v"))
    return reason


def run_backups(args: argparse.Namespace) -> int:
    refuse_server_database(args)
    database = paths_for(args).database
    found = backups.listed(database)
    lines = [_("Backups of {database}, kept in {folder} (newest first):").format(
                 database=database, folder=backups.folder(database))]
    lines += [f"{b.taken_at:%Y-%m-%d %H:%M} UTC\t{_why(b.reason)}\t{number(round(b.size / 1_000_000, 1))} MB\t{b.path}"
              for b in found]
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


def run_copy(args: argparse.Namespace) -> int:
    shown = {"at": time.monotonic()}

    def progress(table: str, done: int, total: int) -> None:
        if done == total or time.monotonic() - shown["at"] >= PROGRESS_SECONDS:
            shown["at"] = time.monotonic()
            print(_("{table}: {done:,} of {total:,} rows").format(table=table, done=done, total=total),
                  file=sys.stderr, flush=True)

    paths = paths_for(args)
    source = args.source or getattr(args, "database", None) or sqlite_url(paths.database)
    if source == sqlite_url(paths.database) and window_holds(paths.lock_file):
        raise StoreError(_("Autocall Desk is open on {data_dir}: close it (its campaigns pause), then copy its data, "
                           "so no campaign is sent from the desk and from the team database at once.").format(
                             data_dir=paths.data_dir))
    try:
        report = copy_url(source, args.target, SecretStore(), progress=progress)
    except CopyMismatch as exc:
        emit(args, exc.report.to_json(), "\n".join(exc.report.lines()))
        raise
    emit(args, report.to_json(), "\n".join([
        *report.lines(),
        _("Copied {rows:,} rows from {source} to {target} in {seconds:.1f} s; every table's count matches.").format(
            rows=report.rows, source=report.source, target=report.target, seconds=report.seconds)]))
    return Exit.OK


def run_password(args: argparse.Namespace) -> int:
    url = refuse_password(args.url)
    if engine_of(url) != "postgresql":
        raise InputError(_("Only a team database (postgresql://…) has a password; “{url}” is a file.").format(url=url))
    if sys.stdin.isatty():
        given = getpass.getpass(_("Password of {url}: ").format(url=url))
    else:
        given = sys.stdin.readline().rstrip("\r\n")
    if not given:
        raise InputError(_("No password was given; nothing was saved."))
    secrets = SecretStore()
    secrets.set_database_password(url, given)
    emit(args, {"url": url, "keyring": secrets.backend_name},
         _("Saved the password of {url} in {keyring}.").format(url=url, keyring=secrets.backend_name))
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
