"""Call recordings kept on disk in the user cache directory, with a size cap (least recently used goes first).

Why a cache of our own rather than httpx's or the OS's: recordings come from several places (VBot's
``historycall/record/{trans_id}`` behind a bearer token or API key, VBot webhook ``recordUrl``, NXCLOUD
``callAudioUrl``) and each must be fetched through the account's authenticated client. The cache therefore takes
a *fetch* function that streams one recording to a path (a provider client's ``download_recording``) and
guarantees that two plays of the same call download once, even when the second starts while the first is
still downloading.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import mimetypes
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 500 * 1024 * 1024
_EXTENSIONS = {"audio/mpeg": ".mp3", "audio/mp3": ".mp3", "audio/wav": ".wav", "audio/x-wav": ".wav",
               "audio/wave": ".wav", "audio/ogg": ".ogg"}


@dataclass(frozen=True)
class CachedRecording:
    path: Path
    content_type: str
    from_cache: bool  # True when no download was needed


class Fetched(Protocol):
    """What a fetch function reports back; the providers' ``Download`` fits."""

    content_type: str


Fetch = Callable[[Path], Awaitable[Fetched]]


class RecordingCache:
    def __init__(self, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self._in_flight: dict[str, asyncio.Future[CachedRecording]] = {}

    @staticmethod
    def cache_key(account_id: int | None, ref: str) -> str:
        """A file-name-safe key for one account's recording reference (a trans_id or a URL)."""
        return hashlib.sha256(f"{account_id}:{ref}".encode()).hexdigest()[:40]

    def lookup(self, key: str) -> Path | None:
        matches = sorted(self.root.glob(f"{key}.*")) if self.root.exists() else []
        return next((p for p in matches if not p.name.endswith(".part")), None)

    async def get(self, key: str, fetch: Fetch) -> CachedRecording:
        """The recording's local file, downloading it through ``fetch`` only if it is not cached yet."""
        cached = self.lookup(key)
        if cached is not None:
            _touch(cached)
            return CachedRecording(cached, _content_type(cached), from_cache=True)
        if key in self._in_flight:  # someone is already downloading it: share that download
            result = await asyncio.shield(self._in_flight[key])
            return CachedRecording(result.path, result.content_type, from_cache=True)
        future: asyncio.Future[CachedRecording] = asyncio.get_running_loop().create_future()
        self._in_flight[key] = future
        try:
            result = await self._download(key, fetch)
            future.set_result(result)
            return result
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # mark retrieved: a waiter may not exist
            raise
        finally:
            del self._in_flight[key]

    async def _download(self, key: str, fetch: Fetch) -> CachedRecording:
        self.root.mkdir(parents=True, exist_ok=True)
        partial = self.root / f"{key}.part"
        try:
            fetched = await fetch(partial)
        except BaseException:
            partial.unlink(missing_ok=True)  # never leave half a file that looks cached
            raise
        content_type = (fetched.content_type or "").split(";")[0].strip().lower()
        final = self.root / f"{key}{extension_for(content_type)}"
        partial.replace(final)
        self.evict(keep=final)
        return CachedRecording(final, content_type or _content_type(final), from_cache=False)

    def size(self) -> int:
        return sum(p.stat().st_size for p in self._files())

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Remove least recently used files until the cache fits its cap (never the one just added)."""
        files = sorted(self._files(), key=lambda p: p.stat().st_mtime)
        total = sum(p.stat().st_size for p in files)
        removed = []
        for path in files:
            if total <= self.max_bytes:
                break
            if path == keep:
                continue
            total -= path.stat().st_size
            path.unlink(missing_ok=True)
            removed.append(path)
        if removed:
            log.info("Recording cache: removed %d old recordings to stay under %d MB", len(removed),
                     self.max_bytes // (1024 * 1024))
        return removed

    def _files(self) -> list[Path]:
        if not self.root.exists():
            return []
        return [p for p in self.root.iterdir() if p.is_file() and not p.name.endswith(".part")]


def extension_for(content_type: str) -> str:
    """The file extension for a recording's content type (``.bin`` when unknown, so it is still kept)."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    return _EXTENSIONS.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"


def _touch(path: Path) -> None:
    """Mark as recently used (modification time is what eviction orders by; atime is often disabled)."""
    now = time.time()
    os.utime(path, (now, now))


def _content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    return next((ct for ct, ext in _EXTENSIONS.items() if ext == suffix), "application/octet-stream")
