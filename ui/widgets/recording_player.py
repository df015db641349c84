"""The recording player: play/pause, seek with elapsed and total time, speed, volume, Save as…, and keyboard
control (space toggles, ←/→ jump five seconds). It plays a local file; fetching and caching happen before
(desktop/recordings.py), so a failure to fetch and a failure to decode get their own clear messages."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSlider, QStyle, QVBoxLayout, QWidget

from ui.text import arg
from ui.widgets.file_dialogs import Ask, ask_path

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QMediaPlayer

    from desktop.settings import Preferences

SPEEDS = (1.0, 1.5, 2.0)
JUMP_MS = 5000


def format_ms(ms: int) -> str:
    seconds = max(ms, 0) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds < 3600 else \
        f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class RecordingPlayer(QWidget):
    errorShown = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, preferences: Preferences | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordingPlayer")
        self.preferences = preferences  # where "Save as…" opened last (None: always Documents)
        self._media: QMediaPlayer | None = None
        self._file: Path | None = None
        self._suggested_name = "recording"

        self.title = QLabel(self.tr("No recording selected"))
        self.title.setObjectName("playerTitle")
        self.title.setWordWrap(True)  # a long title or prompt takes two lines rather than widening the window
        self.message = QLabel()
        self.message.setObjectName("playerMessage")
        self.message.setWordWrap(True)
        self.message.hide()

        self.play_button = QPushButton()
        self.play_button.setObjectName("playPauseButton")
        self.play_button.setToolTip(self.tr("Play or pause (Space)"))
        self.play_button.clicked.connect(self.toggle)
        self.position = QSlider(Qt.Orientation.Horizontal)
        self.position.setObjectName("seekSlider")
        self.position.setAccessibleName(self.tr("Position"))
        self.position.sliderMoved.connect(lambda ms: self.player.setPosition(ms))
        self.elapsed = QLabel("0:00")
        self.elapsed.setObjectName("elapsedLabel")
        self.total = QLabel("0:00")
        self.total.setObjectName("totalLabel")
        self.speed = QComboBox()
        self.speed.setObjectName("speedCombo")
        self.speed.setAccessibleName(self.tr("Speed"))
        for rate in SPEEDS:
            self.speed.addItem(f"{rate:g}×", rate)
        self.speed.currentIndexChanged.connect(
            lambda i: self._media and self._media.setPlaybackRate(self.speed.itemData(i)))
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setObjectName("volumeSlider")
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMinimumWidth(60)
        self.volume.setMaximumWidth(110)
        self.volume.valueChanged.connect(lambda v: self._media and self.audio.setVolume(v / 100))
        self.save_button = QPushButton(self.tr("Save as…"))
        self.save_button.setObjectName("saveRecordingButton")
        self.save_button.clicked.connect(self.save_as)

        # The seek bar has a row of its own, so a narrow pane (the Monitor's details) never squeezes it to a stub.
        seek = QHBoxLayout()
        seek.addWidget(self.elapsed)
        seek.addWidget(self.position, 1)
        seek.addWidget(self.total)
        controls = QHBoxLayout()
        controls.addWidget(self.play_button)
        controls.addWidget(self.speed)
        controls.addWidget(QLabel(self.tr("Volume")))
        controls.addWidget(self.volume, 1)
        controls.addStretch()
        controls.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(seek)
        layout.addLayout(controls)
        layout.addWidget(self.message)

        for keys, slot in ((Qt.Key.Key_Space, self.toggle), (Qt.Key.Key_Left, lambda: self.jump(-JUMP_MS)),
                           (Qt.Key.Key_Right, lambda: self.jump(JUMP_MS))):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._set_enabled(False)
        self._update_play_button()

    # -- the media backend, created on first use ---------------------------------------------------------------
    @property
    def player(self) -> QMediaPlayer:
        """Created when first needed: importing QtMultimedia loads FFmpeg and probes the sound system, which
        costs time at start and prints notes on machines without PipeWire — not worth it until a call is played."""
        if self._media is None:
            from PySide6 import QtMultimedia

            self._media = QtMultimedia.QMediaPlayer(self)
            self.audio = QtMultimedia.QAudioOutput(self)
            self.audio.setVolume(self.volume.value() / 100)
            self._media.setAudioOutput(self.audio)
            self._media.setPlaybackRate(self.speed.currentData())
            self._media.durationChanged.connect(self._duration_changed)
            self._media.positionChanged.connect(self._position_changed)
            self._media.playbackStateChanged.connect(self._update_play_button)
            self._media.errorOccurred.connect(self._media_error)
            QCoreApplication.instance().aboutToQuit.connect(self.release)
        return self._media

    # -- what to play ---------------------------------------------------------------------------------------
    def load(self, path: Path, title: str, suggested_name: str = "recording") -> None:
        self.message.hide()
        self._file = Path(path)
        self._suggested_name = suggested_name
        self.title.setText(title)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        self._set_enabled(True)

    def release(self) -> None:
        """Stop playing and let go of the file, so the media backend's threads are idle before the window goes."""
        if self._media is not None:
            self._media.stop()
            self._media.setSource(QUrl())
        self._file = None

    def clear(self) -> None:
        """Nothing loaded, as at start: another call list is shown and this recording is not one of its calls."""
        self.release()
        self.message.hide()
        self.title.setText(self.tr("No recording selected"))
        self.position.setValue(0)
        self.elapsed.setText("0:00")
        self.total.setText("0:00")
        self._set_enabled(False)

    def show_problem(self, text: str) -> None:
        """Say why there is nothing to play (no recording, not found, could not download)."""
        self.release()
        self._set_enabled(False)
        self.message.setText(text)
        self.message.show()
        self.errorShown.emit(text)

    # -- controls -------------------------------------------------------------------------------------------
    def toggle(self) -> None:
        if self._file is None:
            return
        if self.player.playbackState() == self.player.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def jump(self, delta_ms: int) -> None:
        if self._file is not None:
            self.player.setPosition(max(0, min(self.player.duration(), self.player.position() + delta_ms)))

    def save_as(self) -> None:
        if self._file is None:
            return
        target, _ = ask_path(self, self.preferences, "recording", self.tr("Save recording"), Ask.SAVE,
                             name=f"{self._suggested_name}{self._file.suffix}",
                             filters=arg(self.tr("Audio files (*%1)"), self._file.suffix))
        if target is not None:
            self.save_to(target)

    def save_to(self, target: Path) -> None:
        try:
            shutil.copyfile(self._file, target)
        except OSError as exc:
            self.message.setText(arg(self.tr("The recording could not be saved: %1"), exc.strerror or str(exc)))
            self.message.show()

    # -- player feedback ------------------------------------------------------------------------------------
    def _duration_changed(self, duration: int) -> None:
        self.position.setRange(0, duration)
        self.total.setText(format_ms(duration))

    def _position_changed(self, position: int) -> None:
        if not self.position.isSliderDown():
            self.position.setValue(position)
        self.elapsed.setText(format_ms(position))

    def _update_play_button(self) -> None:
        playing = self._media is not None and self._media.playbackState() == self._media.PlaybackState.PlayingState
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _media_error(self, error: QMediaPlayer.Error, detail: str) -> None:
        if error == self.player.Error.NoError:
            return
        self.show_problem(
            self.tr("This recording could not be played: the file is damaged or in a format this computer "
                    "cannot decode. Try “Save as…” from the provider's website, or ask the provider for the file.")
        )

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.play_button, self.position, self.speed, self.save_button):
            widget.setEnabled(enabled)
