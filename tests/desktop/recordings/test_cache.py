from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.recordings.cache import RecordingCache


@dataclass
class Got:
    content_type: str


class Source:
    """Stands in for a provider download: writes bytes to the path it is given and counts the requests."""

    def __init__(self, payload: bytes = b"RIFF....WAVE" * 100, content_type: str = "audio/wav") -> None:
        self.payload = payload
        self.content_type = content_type
        self.requests = 0
        self.gate = asyncio.Event()
        self.gate.set()

    async def __call__(self, dest: Path) -> Got:
        self.requests += 1
        await self.gate.wait()
        dest.write_bytes(self.payload)
        return Got(self.content_type)


async def test_second_play_is_served_from_the_cache(tmp_path: Path) -> None:
    cache = RecordingCache(tmp_path)
    source = Source()
    first = await cache.get("k1", source)
    second = await cache.get("k1", source)
    assert source.requests == 1
    assert (first.from_cache, second.from_cache) == (False, True)
    assert first.path == second.path and first.path.suffix == ".wav"
    assert first.path.read_bytes() == source.payload


async def test_concurrent_plays_share_one_download(tmp_path: Path) -> None:
    cache = RecordingCache(tmp_path)
    source = Source(content_type="audio/mpeg")
    source.gate.clear()
    tasks = [asyncio.create_task(cache.get("k", source)) for _ in range(3)]
    await asyncio.sleep(0)
    source.gate.set()
    results = await asyncio.gather(*tasks)
    assert source.requests == 1
    assert {r.path for r in results} == {tmp_path / "k.mp3"}


async def test_failed_download_leaves_nothing_that_looks_cached(tmp_path: Path) -> None:
    cache = RecordingCache(tmp_path)

    async def broken(dest: Path) -> Got:
        dest.write_bytes(b"half")
        raise ConnectionError("dropped")

    with pytest.raises(ConnectionError):
        await cache.get("k", broken)
    assert list(tmp_path.iterdir()) == []
    assert (await cache.get("k", Source())).from_cache is False


async def test_least_recently_used_recordings_go_first(tmp_path: Path) -> None:
    cache = RecordingCache(tmp_path, max_bytes=2500)
    source = Source(payload=b"x" * 1000)
    for index, key in enumerate(("a", "b")):
        await cache.get(key, source)
        os.utime(tmp_path / f"{key}.wav", (1000 + index, 1000 + index))
    await cache.get("a", source)  # playing "a" again makes "b" the least recently used
    await cache.get("c", source)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.wav", "c.wav"]
    assert cache.size() <= 2500


def test_cache_keys_are_file_safe_and_distinct_per_account() -> None:
    url = "https://example.invalid/rec?id=1&token=x"
    assert RecordingCache.cache_key(1, url) != RecordingCache.cache_key(2, url)
    assert RecordingCache.cache_key(1, url).isalnum()
