"""Bulk download of recordings into a folder, against the simulator: named files, never overwritten, one failure
does not stop the rest, and cancel stops the run."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from desktop.accounts.service import AccountService
from desktop.demo import DemoEnvironment
from desktop.history import HistoryFilter, HistoryQuery
from desktop.providers.base import CallRecording
from desktop.providers.errors import NotFoundError
from desktop.recordings.bulk import BulkDownload, BulkProgress, file_stem
from desktop.recordings.cache import RecordingCache
from desktop.recordings.source import NoRecordingError, RecordingSource
from desktop.services import Services
from tests.helpers.calls import phones, place_calls, vbot_demo


@pytest.fixture
def accounts(services: Services, calls_demo: DemoEnvironment) -> AccountService:
    return AccountService(services.store, services.secrets, calls_demo)


@pytest.fixture
def source(accounts: AccountService, tmp_path: Path) -> RecordingSource:
    return RecordingSource(accounts, RecordingCache(tmp_path / "cache"))


async def recordings(services: Services, accounts: AccountService, calls_demo: DemoEnvironment, count: int
                     ) -> list[CallRecording]:
    account = vbot_demo(services)
    await place_calls(accounts, account, calls_demo, phones(count))
    async with accounts.client_for(account) as client:
        calls = await HistoryQuery(HistoryFilter()).all(client)
    return [c.recording() for c in calls if c.recording_ref]


def test_file_names_are_sanitised() -> None:
    call = CallRecording("+84 912/345:678", datetime(2026, 11, 21, 9, 30, 5), "abc/../x", "ref")
    assert file_stem(call) == "+84-912-345-678_20261121-093005_abc-x"
    assert file_stem(CallRecording("", None, "", None)) == "unknown-phone_unknown-time_no-id"


async def test_saves_named_files_and_continues_past_failures(
        services: Services, accounts: AccountService, calls_demo: DemoEnvironment, source: RecordingSource,
        tmp_path: Path) -> None:
    good = (await recordings(services, accounts, calls_demo, 6))[:3]
    missing = CallRecording("0912000111", datetime(2026, 1, 2, 3, 4, 5), "nosuchcall", "nosuchcall")
    unrecorded = CallRecording("0912000222", None, "t2", None)
    folder = tmp_path / "out"
    folder.mkdir()
    existing = folder / f"{file_stem(good[0])}.wav"
    existing.write_bytes(b"keep me")
    seen: list[tuple[int, int]] = []

    run = BulkDownload(source, vbot_demo(services), [good[0], missing, *good[1:], unrecorded], folder)
    summary = await run.run(lambda p: seen.append((p.finished, p.total)))

    assert len(summary.saved) == 3 and not summary.cancelled
    assert existing.read_bytes() == b"keep me"  # never overwritten: the new file got " (2)"
    assert folder / f"{file_stem(good[0])} (2).wav" in summary.saved
    for call in good[1:]:
        assert (folder / f"{file_stem(call)}.wav").read_bytes()[:4] == b"RIFF"
    reasons = {call.trans_id: type(exc) for call, exc in summary.failures}
    assert reasons == {"nosuchcall": NotFoundError, "t2": NoRecordingError}
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)
    assert sorted(p.name for p in folder.iterdir()) == sorted([existing.name] + [p.name for p in summary.saved])


async def test_cancel_stops_the_run(services: Services, accounts: AccountService, calls_demo: DemoEnvironment,
                                    source: RecordingSource, tmp_path: Path) -> None:
    calls = await recordings(services, accounts, calls_demo, 8)
    assert len(calls) >= 3
    run = BulkDownload(source, vbot_demo(services), calls, tmp_path / "out", concurrency=1)

    def cancel_after_first(progress: BulkProgress) -> None:
        if progress.saved == 1:
            run.cancel()

    summary = await run.run(cancel_after_first)
    assert summary.cancelled and len(summary.saved) == 1 and not summary.failures
    assert [p.name for p in (tmp_path / "out").iterdir()] == [summary.saved[0].name]  # no partial file left
