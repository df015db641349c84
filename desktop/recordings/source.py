"""Where every tab gets a call's recording: through the account's own provider client, via the disk cache.

Why one place: a recording reference is a VBot trans_id (``historycall/record/{trans_id}``), a VBot ``record_file``
or webhook ``recordUrl``, an NXCLOUD ``callAudioUrl`` or a simulator URL, and each must be fetched with the right
account's credentials (and only to that provider's host). Playing goes through :class:`RecordingCache`, so two
plays of one call download once; saving many into a folder (:mod:`desktop.recordings.bulk`) reuses a cached copy and
otherwise streams straight to the folder, so a big campaign does not push the supervisor's recent plays out.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.accounts.repository import Account
from desktop.accounts.service import AccountService
from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.paths import AppPaths
from desktop.providers.base import ProviderClient
from desktop.recordings.cache import CachedRecording, RecordingCache, extension_for
from desktop.settings import RECORDINGS_CACHE_MB, Preferences

if TYPE_CHECKING:
    import httpx

    from desktop.providers.base import Download


class NoRecordingError(AutocallError):
    """The call has no recording reference at all, so there is nothing to ask the provider for."""

    def __init__(self, call_id: str = "") -> None:
        super().__init__(_("This call has no recording."))
        self.call_id = call_id


class RecordingSource:
    def __init__(
        self, accounts: AccountService, cache: RecordingCache, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.accounts = accounts
        self.cache = cache
        self._transport = transport  # tests route (and count) requests through their own transport

    @classmethod
    def open(cls, paths: AppPaths, preferences: Preferences, accounts: AccountService) -> RecordingSource:
        """The app's source: cache in the user cache folder, capped by the recordings cache preference."""
        megabytes = preferences.get(RECORDINGS_CACHE_MB)
        return cls(accounts, RecordingCache(paths.recordings_cache, megabytes * 1024 * 1024))

    @asynccontextmanager
    async def client(self, account: Account) -> AsyncIterator[ProviderClient]:
        """One open client for several fetches (a bulk download), closed afterwards."""
        async with self.accounts.client_for(account, transport=self._transport) as client:
            yield client

    async def fetch(
        self, account: Account, ref: str | None, *, call_id: str | None = None, client: ProviderClient | None = None
    ) -> CachedRecording:
        """The recording as a local file to play, downloaded only if the cache does not have it.

        ``call_id`` (the trans_id when known) keys the cache, so a call played from History and from Monitor, one
        by URL and one by trans_id, is still one file. Raises :class:`NoRecordingError` for an empty reference
        and the provider's errors (``NotFoundError`` for a 404) as they are."""
        if not ref:
            raise NoRecordingError(call_id or "")
        key = self.cache.cache_key(account.id, call_id or ref)
        return await self.cache.get(key, lambda dest: self._download(account, ref, dest, client))

    async def save(
        self, account: Account, ref: str | None, dest: Path, *, call_id: str | None = None,
        client: ProviderClient | None = None,
    ) -> str:
        """Write the recording to ``dest`` and return the file extension it should have (from its content type).
        A cached copy is copied (off the event loop) instead of downloaded again."""
        if not ref:
            raise NoRecordingError(call_id or "")
        cached = self.cache.lookup(self.cache.cache_key(account.id, call_id or ref))
        if cached is not None:
            await asyncio.to_thread(shutil.copyfile, cached, dest)
            return cached.suffix
        saved = await self._download(account, ref, dest, client)
        return extension_for(saved.content_type)

    async def _download(self, account: Account, ref: str, dest: Path, client: ProviderClient | None) -> Download:
        if client is not None:
            return await client.download_recording(ref, dest)
        async with self.client(account) as own:
            return await own.download_recording(ref, dest)
