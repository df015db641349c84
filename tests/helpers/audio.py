"""Real audio for tests: a short WAV tone written with the standard library."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path


def write_tone(path: Path, seconds: float = 1.0, rate: int = 8000, hz: float = 440.0) -> Path:
    frames = int(seconds * rate)
    samples = (int(12000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(frames))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return path
