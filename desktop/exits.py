"""The ``autocall`` command's exit codes, defined once, and which code each error the core raises gives.

A scheduled job (cron, Task Scheduler) reads the code; a person reads the one line on stderr. The README's
"Headless" section lists the same table.
"""

from __future__ import annotations

import errno
import functools
import sys
from enum import IntEnum

from desktop.errors import AutocallError, Cancelled
from desktop.i18n import _


class Exit(IntEnum):
    """What a run of ``autocall`` ended with."""

    OK = 0  # done
    USAGE = 1  # the command line is wrong: unknown option, missing argument, a demo account without --demo-url
    INPUT = 2  # a file, id or value given is wrong: unknown account/list/campaign, unreadable file, bad JSON
    PROVIDER = 3  # the provider refused the request or could not be reached
    STORAGE = 4  # the data folder or its database: damaged, newer, read-only, disk full; a database server that
    # cannot be reached, refuses the login, lacks the database or the permission (one sentence saying what to do)
    KEYRING = 5  # no usable system keyring, or it is locked
    NOT_SENT = 6  # nothing was sent: the preflight found blocking problems, --yes was missing, or the engine refused
    PAUSED = 7  # dispatch paused before the end (the reason is printed); `campaign resume` continues
    UNSETTLED = 8  # some contacts await confirmation from the provider's records; `campaign resume` later
    DAMAGED = 9  # the database is damaged, empty or missing beside its backups; the line names the backup to restore
    NOBODY = 10  # campaign redial: no contact qualifies for another round (the line says why the others do not)
    HELD = 11  # another desk or the server runs this campaign now (the line names it); nothing was sent or changed
    INTERNAL = 70  # an unexpected error: one line on stderr, the details in the log file
    INTERRUPTED = 130  # interrupted (Ctrl-C); the journal keeps every contact safe for `campaign resume`


class UsageError(AutocallError):
    """The command line cannot be carried out as given; the message says what to add or change."""


class InputError(AutocallError):
    """Something the command was given (an id, a file, a value) is wrong; the message names it."""


class NotSent(AutocallError):
    """The command deliberately sent nothing (blocking preflight, no confirmation)."""


class Paused(AutocallError):
    """Dispatch paused before the end; the message is its reason."""


class Unsettled(AutocallError):
    """Dispatch ended with contacts whose fate only the provider's records can settle."""


@functools.cache
def _codes() -> tuple[tuple[type[BaseException], Exit], ...]:
    """Most specific first: the first class an error is an instance of decides its code. The error classes are
    imported when an error needs its code, so a command starts without every package of the app."""
    import sqlite3

    from desktop.accounts.repository import AccountInUse, AccountNameTaken
    from desktop.backups import BackupError
    from desktop.campaigns.export import ExportError
    from desktop.campaigns.lease import LeaseHeld
    from desktop.campaigns.repository import CampaignNotFound
    from desktop.campaigns.rounds import NobodyToCall
    from desktop.campaigns.service import LaunchRefused
    from desktop.contacts.errors import ContactsError
    from desktop.providers.errors import ProviderError
    from desktop.secrets import SecretStoreError
    from desktop.settings import InvalidPreference
    from desktop.store import ConstraintViolation, DatabaseUrlError, StoreDamaged, StoreError
    from desktop.tasks import AlreadyRunning

    return (
        (Cancelled, Exit.INTERRUPTED),
        (UsageError, Exit.USAGE),
        (StoreDamaged, Exit.DAMAGED),
        (DatabaseUrlError, Exit.USAGE),
        (StoreError, Exit.STORAGE),
        (BackupError, Exit.STORAGE),
        (SecretStoreError, Exit.KEYRING),
        (ProviderError, Exit.PROVIDER),
        (NotSent, Exit.NOT_SENT),
        (Paused, Exit.PAUSED),
        (Unsettled, Exit.UNSETTLED),
        (LeaseHeld, Exit.HELD),
        (LaunchRefused, Exit.NOT_SENT),
        (NobodyToCall, Exit.NOBODY),
        (AlreadyRunning, Exit.NOT_SENT),
        (InputError, Exit.INPUT),
        (ContactsError, Exit.INPUT),
        (CampaignNotFound, Exit.INPUT),
        (AccountNameTaken, Exit.INPUT),
        (AccountInUse, Exit.INPUT),
        (InvalidPreference, Exit.INPUT),
        (ExportError, Exit.INPUT),
        (AutocallError, Exit.INPUT),
        (sqlite3.Error, Exit.STORAGE),
        (ConstraintViolation, Exit.STORAGE),
        (OSError, Exit.STORAGE),
        (KeyboardInterrupt, Exit.INTERRUPTED),
    )


def exit_code(error: BaseException) -> Exit:
    """The code a command ends with when ``error`` stops it (:attr:`Exit.INTERNAL` for anything unforeseen)."""
    for kind, code in _codes():
        if isinstance(error, kind):
            return code
    return Exit.INTERNAL


def _is_sqlite_error(error: BaseException) -> bool:
    """Whether ``error`` is sqlite3's, without importing sqlite3: an error of sqlite3's means it is loaded."""
    sqlite3 = sys.modules.get("sqlite3")
    return sqlite3 is not None and isinstance(error, sqlite3.Error)


def sentence(error: BaseException) -> str:
    """The one line a person reads for ``error``: the core's own sentence, or plain words for a system error."""
    if isinstance(error, AutocallError):
        return str(error)
    if isinstance(error, KeyboardInterrupt):
        return _("Interrupted; nothing half-done is lost (`campaign resume` goes on sending where it stopped).")
    if _is_sqlite_error(error):
        if "full" in str(error):
            return _("The disk holding the data folder is full: free some space and run the command again.")
        if "readonly" in str(error):
            return _("The database is read-only: choose a data folder you can write to, or fix its permissions.")
        return _("The database could not be used ({error}). Restore it from a backup or choose another data "
                 "folder.").format(error=error)
    if isinstance(error, OSError):
        where = f" ({error.filename})" if error.filename else ""
        if error.errno == errno.ENOSPC:
            return _("The disk is full{where}: free some space and run the command again.").format(where=where)
        if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return _("Permission denied{where}: choose a folder you can write to, or fix its permissions.").format(
                where=where)
        return f"{error.strerror or error}{where}."
    return _("Something unexpected went wrong ({kind}); the details are in the log file. Please report it.").format(
        kind=type(error).__name__)
