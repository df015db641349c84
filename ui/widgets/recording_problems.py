"""Why a recording could not be played or saved, in words a supervisor can act on (History, Monitor, bulk saves)."""

from __future__ import annotations

from desktop.providers.errors import NotFoundError, ProviderError, TlsError, UnreachableError
from desktop.recordings.source import NoRecordingError
from desktop.secrets import SecretStoreError
from ui.text import arg, translate


def recording_problem(exc: BaseException) -> str:
    """One sentence for a failure of :class:`~desktop.recordings.source.RecordingSource` (or of saving its file)."""
    if isinstance(exc, NoRecordingError):
        return translate("RecordingProblem", "This call has no recording.")
    if isinstance(exc, NotFoundError):
        return translate("RecordingProblem", "The provider has no recording for this call. It may not have been "
                                             "recorded, or the provider no longer keeps it.")
    if isinstance(exc, (UnreachableError, TlsError)):
        return translate("RecordingProblem", "The provider could not be reached, so the recording was not "
                                             "downloaded. Check the internet connection and try again.")
    if isinstance(exc, (ProviderError, SecretStoreError)):
        return arg(translate("RecordingProblem", "The recording could not be downloaded: %1"), str(exc))
    if isinstance(exc, OSError):
        return arg(translate("RecordingProblem", "The recording could not be saved on this computer: %1"),
                   exc.strerror or str(exc))
    return translate("RecordingProblem", "The recording could not be fetched because of an unexpected problem "
                                         "(details are in the log file).")
