"""The window's side of damaged storage: the start-up dialog that offers the last backup (or quit), a read-only
data folder said in words at start, and a full disk said in the Preferences dialog, or in its own words when it
escapes a click, instead of a crash report."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from desktop import backups
from desktop.services import Services
from desktop.settings import MAX_ROWS
from desktop.store import Store, StoreDamaged, StoreFull
from tests.helpers.storage import (
    contact_count,
    digest,
    fill_up,
    filled_data_folder,
    overwrite_middle_pages,
    remount,
    tmpfs,
)
from ui import app
from ui.dialogs.crash import CrashDialog, install_excepthook
from ui.dialogs.damaged_store import DamagedStoreDialog
from ui.dialogs.preferences import PreferencesDialog

SHOTS = Path(os.environ.get("AUTOCALL_SHOTS", "/tmp/autocall-shots"))
ROOT = Path(__file__).resolve().parents[3]
#: The app on folder argv[1] whose first read at start meets damage the start-up check could not see (injected
#: where the campaigns tab reads the store); the message box prints what it would show.
DAMAGE_UNDER_THE_WINDOW = """
import sys
from pathlib import Path
from desktop.store import StoreDamaged
from ui import app
from ui.main_window import MainWindow

def damaged(self):
    raise StoreDamaged(Path(sys.argv[1]) / "autocall.sqlite3", "database disk image is malformed", None)

MainWindow.check_interrupted = damaged  # the first store read after the window is up
app.QMessageBox.critical = lambda _parent, _title, text: print("SAID:", text, flush=True)
sys.exit(app.main(["--data-dir", sys.argv[1]]))
"""


def damaged(tmp_path: Path, *, empty: bool = False) -> StoreDamaged:
    paths = filled_data_folder(tmp_path / "data")
    if empty:
        paths.database.write_bytes(b"")
    else:
        overwrite_middle_pages(paths.database)
    with pytest.raises(StoreDamaged) as refused:
        Store(paths.database)
    return refused.value


def shown_text(dialog: DamagedStoreDialog) -> str:
    return " ".join(label.text() for label in dialog.findChildren(QLabel))


def answer_with(button: str) -> None:
    """Click ``button`` in the modal dialog as soon as it shows (it runs its own event loop)."""
    def click() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, click)
            return
        dialog.findChild(QPushButton, button).click()

    QTimer.singleShot(0, click)


@pytest.fixture
def started_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """ui.app.main on the test's QApplication, left unstyled (the app's style would change later tests' window
    sizes); the process umask and the quit rule it sets are put back afterwards."""
    monkeypatch.setattr(app, "create_application", lambda _argv: QApplication.instance())
    umask, quits = os.umask(0o022), QApplication.quitOnLastWindowClosed()
    yield
    os.umask(umask)
    QApplication.setQuitOnLastWindowClosed(quits)


def test_the_dialog_says_what_happened_and_offers_the_backup(qtbot, tmp_path: Path) -> None:
    error = damaged(tmp_path)
    dialog = DamagedStoreDialog(error)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = shown_text(dialog)
    assert "found damage in its database and did not change anything" in labels
    assert str(error.database) in labels and "kept beside it under a new name, never deleted" in labels
    assert dialog.findChild(QPushButton, "openBackupButton").isDefault()
    assert dialog.findChild(QPushButton, "quitButton") is not None
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, height in ((1280, 800), (1024, 700)):
        dialog.adjustSize()
        assert dialog.width() <= width and dialog.height() <= height
        dialog.grab().save(str(SHOTS / f"damaged-store-{width}.png"))


def test_an_empty_database_with_no_backup_offers_only_to_quit(qtbot, tmp_path: Path) -> None:
    error = damaged(tmp_path, empty=True)
    for backup in backups.listed(error.database):
        backup.path.unlink()
    with pytest.raises(StoreDamaged) as again:
        Store(error.database)
    dialog = DamagedStoreDialog(again.value)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QPushButton, "openBackupButton") is None
    shown = shown_text(dialog)
    assert "exists but is empty (0 bytes)" in shown and "No automatic backup was found" in shown
    dialog.grab().save(str(SHOTS / "damaged-store-empty.png"))


def test_a_missing_database_is_said_with_how_to_start_with_no_data(qtbot, tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data", contacts=10)
    paths.database.unlink()
    with pytest.raises(StoreDamaged) as refused:
        Store(paths.database)
    dialog = DamagedStoreDialog(refused.value)
    qtbot.addWidget(dialog)
    shown = shown_text(dialog)
    assert "The database file is missing" in shown and f"move the folder {paths.data_dir / 'backups'} away" in shown
    assert "Opening it puts it back in place." in shown and "damaged file" not in shown
    assert dialog.findChild(QPushButton, "openBackupButton") is not None
    dialog.grab().save(str(SHOTS / "damaged-store-missing.png"))


def test_opening_the_backup_at_start_restores_it_and_keeps_the_damaged_file(qtbot, tmp_path: Path) -> None:
    error = damaged(tmp_path)
    damaged_bytes = digest(error.database)
    answer_with("openBackupButton")
    services = app.open_services(app.AppPaths.under(error.database.parent))
    try:
        assert isinstance(services, Services)
        assert services.store.query_one("SELECT count(*) FROM contacts")[0] == 3000
    finally:
        services.store.close()
    [aside] = error.database.parent.glob("autocall.sqlite3.damaged-*Z")
    assert digest(aside) == damaged_bytes


def test_quitting_at_start_changes_nothing(qtbot, tmp_path: Path) -> None:
    error = damaged(tmp_path)
    before = digest(error.database)
    answer_with("quitButton")
    assert app.open_services(app.AppPaths.under(error.database.parent)) is None
    assert digest(error.database) == before
    assert not list(error.database.parent.glob("*.damaged-*"))


def test_a_read_only_data_folder_is_said_in_words_at_start(qtbot, tmp_path: Path, monkeypatch,
                                                         started_app: None) -> None:
    said: list[str] = []
    monkeypatch.setattr(app.QMessageBox, "critical", lambda _parent, _title, text: said.append(text))
    with tmpfs(tmp_path / "disk", "4m") as disk:
        paths = filled_data_folder(disk / "data", contacts=20)
        remount(disk, "ro")
        try:
            assert app.main(["--data-dir", str(paths.data_dir)]) == 1
            assert os.umask(0o022) == 0o077  # the window made what it writes private, from the start
        finally:
            remount(disk, "rw")
        assert contact_count(paths.database) == 20
    assert said == [f"The data folder {paths.data_dir} is read-only: Autocall Desk cannot save anything there. "
                    "Make it writable, or choose another data folder, then try again."]


def test_a_full_disk_is_said_in_the_preferences_dialog_which_stays_open(qtbot, tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "3m") as disk:
        paths = filled_data_folder(disk / "data", contacts=100)
        services = Services.open(paths)
        try:
            dialog = PreferencesDialog(services.preferences)
            qtbot.addWidget(dialog)
            dialog.show()
            dialog.field(MAX_ROWS).setValue(1000)
            filler = fill_up(disk)
            dialog.accept()
            assert dialog.isVisible() and dialog.message.state == "error"
            assert "is full: free some space" in dialog.message.text()
            filler.unlink()
            dialog.accept()
            assert services.preferences.get(MAX_ROWS) == 1000
        finally:
            services.store.close()


def test_a_full_disk_under_a_click_is_said_in_words_not_as_a_crash(qtbot, tmp_path: Path, monkeypatch) -> None:
    """An error escaping a Qt slot reaches sys.excepthook; a storage one gets its sentence, not the crash report."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    with tmpfs(tmp_path / "disk", "3m") as disk:
        paths = filled_data_folder(disk / "data", contacts=100)
        store = Store(paths.database)
        filler = fill_up(disk)
        try:
            store.set_setting("window_geometry", "x" * 500_000)
        except StoreFull:
            sys.excepthook(*sys.exc_info())
        filler.unlink()
        store.close()
    boxes = [w for w in QApplication.topLevelWidgets() if w.objectName() == "storageProblemBox" and w.isVisible()]
    assert [box.text() for box in boxes] == [f"The disk holding the data folder ({paths.data_dir}) is full: free "
                                             "some space, then try again. What was saved before is kept."]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashDialog) and w.isVisible()]
    boxes[0].close()


def test_damage_met_under_the_open_window_is_said_before_it_closes(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", DAMAGE_UNDER_THE_WINDOW, str(tmp_path)], capture_output=True,
                          text=True, timeout=120, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(f"SAID: The database {tmp_path / 'autocall.sqlite3'} is damaged (database disk "
                                  "image is malformed)")
    assert "Traceback" not in done.stderr
    log = (tmp_path / "logs" / "autocall.log").read_text(encoding="utf-8")
    assert "Stopped: The database" in log and "closed cleanly" not in log
