"""Errors the Contacts tab shows as they are: each message says what happened and what the operator can do.

Everything that can go wrong with a file the user picked is a :class:`ContactsError`; the UI shows ``str(exc)``
in a message box and ``autocall check`` prints it on one line. Anything else escaping the engine is a bug.
"""

from __future__ import annotations

from desktop.errors import AutocallError
from desktop.i18n import _


class ContactsError(AutocallError):
    """A problem with the user's file or choices, worded for the user."""


class UnreadableFileError(ContactsError):
    """The file is missing, damaged, or not a spreadsheet or text file we can read."""


class PasswordProtectedError(UnreadableFileError):
    """The workbook is encrypted; we never ask for passwords, the user saves an unprotected copy."""


class FileTooLargeError(ContactsError):
    """The file, its decompressed contents or its row count exceed the configured limits."""


class SheetNotFoundError(ContactsError):
    """The requested sheet is not in the workbook."""


class MappingError(ContactsError):
    """The column mapping cannot be used (no phone column, or a column that is not in the file)."""


class ListInUseError(ContactsError):
    """A campaign was made from the list: its calls and exports read the list's contacts, so the list stays."""

    def __init__(self, name: str, campaigns: list[str]) -> None:
        super().__init__(_("“{name}” cannot be deleted: the campaign(s) {join} were made from it, and their results "
                           "and exports read its contacts.").format(name=name, join=', '.join(campaigns)))
        self.campaigns = campaigns

