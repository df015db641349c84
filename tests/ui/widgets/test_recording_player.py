from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from tests.helpers.audio import PLAYS_AUDIO, write_tone
from ui.widgets.recording_player import RecordingPlayer, format_ms


@PLAYS_AUDIO
def test_plays_a_recording_to_the_end(qtbot, tmp_path: Path) -> None:
    player = RecordingPlayer()
    qtbot.addWidget(player)
    player.show()
    path = write_tone(tmp_path / "call.wav", seconds=1.0)
    player.load(path, "0912 345 678 — 21/11/2026 09:30")
    qtbot.waitUntil(lambda: player.player.duration() > 0, timeout=5000)
    assert abs(player.player.duration() - 1000) < 50
    assert player.total.text() == "0:01"
    player.player.setPlaybackRate(4.0)
    with qtbot.waitSignal(player.player.mediaStatusChanged, timeout=10000,
                          check_params_cb=lambda s: s == QMediaPlayer.MediaStatus.EndOfMedia):
        qtbot.keyClick(player, Qt.Key.Key_Space)  # the keyboard shortcut starts playback
    assert player.position.value() >= player.player.duration() - 50


@PLAYS_AUDIO
def test_speed_choice_sets_the_playback_rate(qtbot, tmp_path: Path) -> None:
    player = RecordingPlayer()
    qtbot.addWidget(player)
    player.load(write_tone(tmp_path / "c.wav"), "call")
    player.speed.setCurrentIndex(2)
    assert player.player.playbackRate() == 2.0


@PLAYS_AUDIO  # the very failure under test logs "Could not open media" too
def test_a_file_that_does_not_decode_says_so(qtbot, tmp_path: Path) -> None:
    player = RecordingPlayer()
    qtbot.addWidget(player)
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(b"\x00\x01 definitely not audio " * 200)
    with qtbot.waitSignal(player.errorShown, timeout=10000) as blocker:
        player.load(bad, "broken")
    assert "could not be played" in blocker.args[0]
    assert not player.play_button.isEnabled()


@PLAYS_AUDIO
def test_save_as_copies_the_file(qtbot, tmp_path: Path) -> None:
    player = RecordingPlayer()
    qtbot.addWidget(player)
    source = write_tone(tmp_path / "c.wav", seconds=0.2)
    player.load(source, "call")
    player.save_to(tmp_path / "kept.wav")
    assert (tmp_path / "kept.wav").read_bytes() == source.read_bytes()


def test_time_format() -> None:
    assert [format_ms(0), format_ms(61_000), format_ms(3_725_000)] == ["0:00", "1:01", "1:02:05"]
