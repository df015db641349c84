"""The recording source against the simulator: one download per recording, served from the cache afterwards,
with a 404 and a call without a recording reported as such."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.accounts.service import AccountService
from desktop.demo import DemoEnvironment
from desktop.history import HistoryFilter, HistoryQuery
from desktop.providers.base import HistoryCall
from desktop.providers.errors import NotFoundError
from desktop.recordings.cache import RecordingCache
from desktop.recordings.source import NoRecordingError, RecordingSource
from desktop.services import Services
from desktop.settings import RECORDINGS_CACHE_MB
from tests.helpers.calls import Counting, phones, place_calls, vbot_demo


@pytest.fixture
def accounts(services: Services, calls_demo: DemoEnvironment) -> AccountService:
    return AccountService(services.store, services.secrets, calls_demo)


async def recorded_calls(services: Services, accounts: AccountService,
                         calls_demo: DemoEnvironment) -> list[HistoryCall]:
    account = vbot_demo(services)
    await place_calls(accounts, account, calls_demo, phones(6))
    async with accounts.client_for(account) as client:
        calls = await HistoryQuery(HistoryFilter()).all(client)
    return [c for c in calls if c.recording_ref]


async def test_second_fetch_comes_from_the_cache_without_a_request(
        services: Services, accounts: AccountService, calls_demo: DemoEnvironment, tmp_path: Path) -> None:
    call = (await recorded_calls(services, accounts, calls_demo))[0]
    transport = Counting()
    source = RecordingSource(accounts, RecordingCache(tmp_path / "cache"), transport=transport)
    account = vbot_demo(services)
    first = await source.fetch(account, call.recording_ref, call_id=call.trans_id or None)
    assert not first.from_cache
    assert transport.paths == [f"/vbot/v3.0/api/crm/historycall/record/{call.recording_ref}"]  # the trans_id
    assert first.path.suffix == ".wav" and first.path.read_bytes()[:4] == b"RIFF"
    # the same call by trans_id (as the Monitor tab knows it) is the same cached file: no request
    trans_id = call.recording_ref
    again = await source.fetch(account, trans_id, call_id=trans_id)
    assert again.from_cache and again.path == first.path and len(transport.paths) == 1


async def test_a_missing_recording_and_a_404(services: Services, accounts: AccountService, tmp_path: Path) -> None:
    source = RecordingSource(accounts, RecordingCache(tmp_path / "cache"))
    account = vbot_demo(services)
    with pytest.raises(NoRecordingError):
        await source.fetch(account, None, call_id="abc")
    with pytest.raises(NotFoundError):
        await source.fetch(account, "no-such-call")
    assert source.cache.size() == 0


async def test_save_copies_a_cached_recording(services: Services, accounts: AccountService, calls_demo: DemoEnvironment,
                                              tmp_path: Path) -> None:
    call = (await recorded_calls(services, accounts, calls_demo))[0]
    transport = Counting()
    source = RecordingSource(accounts, RecordingCache(tmp_path / "cache"), transport=transport)
    account = vbot_demo(services)
    cached = await source.fetch(account, call.recording_ref, call_id=call.trans_id)
    assert await source.save(account, call.recording_ref, tmp_path / "copy", call_id=call.trans_id) == ".wav"
    assert (tmp_path / "copy").read_bytes() == cached.path.read_bytes() and len(transport.paths) == 1


def test_the_cache_cap_comes_from_the_setting(services: Services, accounts: AccountService) -> None:
    assert RecordingSource.open(services.paths, services.preferences, accounts).cache.max_bytes == 500 * 1024 * 1024
    services.preferences.set(RECORDINGS_CACHE_MB, 20)
    source = RecordingSource.open(services.paths, services.preferences, accounts)
    assert source.cache.max_bytes == 20 * 1024 * 1024 and source.cache.root == services.paths.recordings_cache
