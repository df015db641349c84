"""Save many calls' recordings into a folder (a campaign's, or the calls History lists), with progress and cancel.

Files are named ``<phone>_<YYYYmmdd-HHMMSS>_<transid>.<ext>`` so they sort by customer and time in any file
manager and can be matched back to the provider's records; an existing file is never overwritten (`` (2)`` is
added instead). One call's failure (no recording, a 404, a dropped connection) is noted and the rest continue.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.accounts.repository import Account
from desktop.providers.base import CallRecording, ProviderClient
from desktop.providers.errors import ProviderError
from desktop.recordings.source import NoRecordingError, RecordingSource

log = logging.getLogger(__name__)

CONCURRENCY = 3  # recordings fetched at once: a few, to stay polite to the provider and keep each fast
_UNSAFE = re.compile(r"[^0-9A-Za-z+]+")


@dataclass
class BulkProgress:
    total: int
    saved: int = 0
    failed: int = 0

    @property
    def finished(self) -> int:
        return self.saved + self.failed


@dataclass
class BulkSummary:
    total: int
    saved: list[Path] = field(default_factory=list)
    failures: list[tuple[CallRecording, Exception]] = field(default_factory=list)  # the call and why
    cancelled: bool = False


def file_stem(call: CallRecording) -> str:
    """``<phone>_<YYYYmmdd-HHMMSS>_<transid>``, with anything a file system could object to replaced by ``-``."""
    moment = call.time.strftime("%Y%m%d-%H%M%S") if call.time else "unknown-time"
    return "_".join((_safe(call.phone) or "unknown-phone", moment, _safe(call.trans_id) or "no-id"))


def _safe(text: str) -> str:
    return _UNSAFE.sub("-", text or "").strip("-")[:64]


class BulkDownload:
    """One run over ``calls``: ``await run(on_progress)`` gives the summary; ``cancel()`` stops it (what was saved
    stays, a recording being fetched is dropped, the rest are not started)."""

    def __init__(
        self, source: RecordingSource, account: Account, calls: Sequence[CallRecording], folder: Path,
        *, concurrency: int = CONCURRENCY,
    ) -> None:
        self.source = source
        self.account = account
        self.calls = list(calls)
        self.folder = Path(folder)
        self.concurrency = concurrency
        self.summary = BulkSummary(len(self.calls))
        self._claimed: set[Path] = set()
        self._workers: list[asyncio.Task[None]] = []

    async def run(self, on_progress: Callable[[BulkProgress], None] | None = None) -> BulkSummary:
        progress = BulkProgress(len(self.calls))
        report = on_progress or (lambda _: None)
        report(progress)
        pending = iter(enumerate(self.calls))
        await asyncio.to_thread(self.folder.mkdir, parents=True, exist_ok=True)
        async with self.source.client(self.account) as client:
            self._workers = [asyncio.create_task(self._work(pending, client, progress, report))
                             for _ in range(min(self.concurrency, len(self.calls)))]
            try:
                await asyncio.gather(*self._workers)
            except asyncio.CancelledError:
                if not self.summary.cancelled:  # the run itself was cancelled (the window closed): pass it on
                    raise
        return self.summary

    def cancel(self) -> None:
        self.summary.cancelled = True
        for worker in self._workers:
            worker.cancel()

    async def _work(self, pending: Iterator[tuple[int, CallRecording]], client: ProviderClient,
                    progress: BulkProgress, report: Callable[[BulkProgress], None]) -> None:
        for index, call in pending:
            if self.summary.cancelled:
                return
            try:
                self.summary.saved.append(await self._save(index, call, client))
                progress.saved += 1
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # one call's failure must not stop the others; the summary says why
                if not isinstance(exc, (NoRecordingError, ProviderError, OSError)):
                    log.error("Unexpected failure saving the recording of %s", call.trans_id, exc_info=exc)
                self.summary.failures.append((call, exc))
                progress.failed += 1
            report(progress)

    async def _save(self, index: int, call: CallRecording, client: ProviderClient) -> Path:
        stem = file_stem(call)
        partial = self.folder / f".{index}-{stem}.downloading"  # hidden, and unique even for twin rows
        try:
            extension = await self.source.save(self.account, call.recording_ref, partial, call_id=call.trans_id,
                                               client=client)
            return await asyncio.to_thread(self._keep, partial, stem, extension)
        finally:
            partial.unlink(missing_ok=True)

    def _keep(self, partial: Path, stem: str, extension: str) -> Path:
        """Rename the finished file to its first free name (never over an existing file)."""
        target = self.folder / f"{stem}{extension}"
        copy = 2
        while target in self._claimed or target.exists():
            target = self.folder / f"{stem} ({copy}){extension}"
            copy += 1
        self._claimed.add(target)
        partial.rename(target)
        return target

