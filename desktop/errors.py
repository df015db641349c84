"""The root of every error the app reports to a person: ``str()`` is the operator's sentence, so the UI catches
:class:`AutocallError` alone and shows it as is."""

from __future__ import annotations

from desktop.i18n import _


class AutocallError(Exception):
    """Root of every error the app reports to a person; ``str()`` is the operator's sentence."""


class Cancelled(AutocallError):
    """The person (or shutdown) cancelled a long job; nothing is reported as a failure."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("This was cancelled; nothing was changed."))
