"""Recordings: real, playable WAV files made on demand, the same bytes for the same call every time.

VBot's record_file samples end in ``.mp3``, but the format is [UNDOC] and the client is told to honour
``Content-Type``; the simulator serves 16-bit mono PCM WAV as ``audio/wav`` so no encoder is needed and any
player (QtMultimedia included) decodes it. Nothing is stored: the sound is rebuilt from the call id.
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
import wave
from functools import lru_cache

CONTENT_TYPE = "audio/wav"
_SYLLABLE_SECONDS = 0.25
_PITCHES = (180.0, 210.0, 240.0, 270.0, 300.0, 330.0, 0.0)  # 0.0 is a pause between "words"


@lru_cache(maxsize=32)
def _syllable(pitch: float, sample_rate: int) -> bytes:
    """A quarter second of a voiced tone with a soft attack and decay (or silence), as PCM frames."""
    count = int(sample_rate * _SYLLABLE_SECONDS)
    if pitch == 0.0:
        return b"\x00\x00" * count
    frames = []
    for i in range(count):
        envelope = math.sin(math.pi * i / count)
        value = envelope * (0.6 * math.sin(2 * math.pi * pitch * i / sample_rate)
                            + 0.2 * math.sin(4 * math.pi * pitch * i / sample_rate))
        frames.append(int(value * 12000))
    return struct.pack(f"<{count}h", *frames)


def render_wav(key: str, seconds: float, sample_rate: int = 8000) -> bytes:
    """A WAV of ``seconds`` length whose "speech" pattern is derived from ``key``."""
    syllables = max(1, round(seconds / _SYLLABLE_SECONDS))
    digest = hashlib.sha256(key.encode()).digest()
    pattern = [_PITCHES[digest[i % len(digest)] % len(_PITCHES)] for i in range(len(digest))]
    frames = b"".join(_syllable(pattern[i % len(pattern)], sample_rate) for i in range(syllables))
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(frames)
    return buffer.getvalue()
