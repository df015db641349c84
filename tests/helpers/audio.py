"""Real audio for tests: a short WAV tone written with the standard library."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

import pytest

#: For a test that plays audio: pytest-qt's Qt message capture is off. The capture is a Python handler, so a warning
#: Qt's FFmpeg thread logs needs the GIL, which the GUI thread holds while it waits inside QMediaPlayer.stop() for
#: that same thread: the two wait for each other for ever. (The app installs no Python message handler.)
PLAYS_AUDIO = pytest.mark.no_qt_log


def write_tone(path: Path, seconds: float = 1.0, rate: int = 8000, hz: float = 440.0) -> Path:
    frames = int(seconds * rate)
    samples = (int(12000 * math.sin(2 * math.pi * hz * i / rate)) for i in range(frames))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return path
