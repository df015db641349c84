"""Automatic backups (desktop/backups.py, Store.back_up_if_due), restoring one, `autocall store …`, and the
permissions of the data folder, the database and its backups."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop import backups
from desktop.exits import Exit
from desktop.paths import AppPaths
from desktop.services import open_store, prepare_folders
from desktop.settings import BACKUPS_KEPT, InvalidPreference, Preferences
from desktop.store import SCHEMA_VERSION, Store, StoreDamaged
from tests.helpers.storage import (
    add_contacts,
    contact_count,
    digest,
    filled_data_folder,
    overwrite_middle_pages,
    schema_at,
)

ROOT = Path(__file__).resolve().parents[2]
NOON = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
#: Takes the data folder's lock as the window does (QLockFile), then sleeps.
HOLD_LOCK = ("import sys, time; from PySide6.QtCore import QCoreApplication, QLockFile; "
             "app = QCoreApplication([]); lock = QLockFile(sys.argv[1]); assert lock.tryLock(0); "
             "print('locked', flush=True); time.sleep(120)")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def autocall(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    previous = os.umask(value)
    try:
        yield
    finally:
        os.umask(previous)


def test_one_backup_a_day_with_dated_names_and_the_kept_number_pruned(tmp_path: Path) -> None:
    store = Store(tmp_path / "autocall.sqlite3")
    add_contacts(store, 10)
    assert store.back_up_if_due(keep=3, now=NOON) is None  # a database made by this open has nothing to keep yet
    store.close()
    store = Store(tmp_path / "autocall.sqlite3")
    first = store.back_up_if_due(keep=3, now=NOON)
    assert first is not None and first.path.name == "autocall-20261201-120000Z-daily.sqlite3"
    assert first.path.parent == tmp_path / "backups"
    assert store.back_up_if_due(keep=3, now=NOON + timedelta(hours=23)) is None  # not a day old yet
    for day in range(1, 5):
        assert store.back_up_if_due(keep=3, now=NOON + timedelta(days=day)) is not None
    left_by_a_kill = tmp_path / "backups" / "autocall-20261201-110000Z-daily.sqlite3.partial"
    left_by_a_kill.write_bytes(b"half a copy")
    hour_ago = time.time() - 3600
    os.utime(left_by_a_kill, (hour_ago, hour_ago))
    under_way = tmp_path / "backups" / "autocall-20261206-115959Z-daily.sqlite3.4242.partial"  # another process's
    under_way.write_bytes(b"a copy being made")
    assert store.back_up_if_due(keep=3, now=NOON + timedelta(days=5)) is not None
    kept = backups.listed(store.path)
    assert [b.taken_at.day for b in kept] == [6, 5, 4]  # newest first, the oldest deleted
    assert not left_by_a_kill.exists() and under_way.exists()
    assert contact_count(kept[0].path) == 10
    store.close()


def test_the_kept_number_is_a_preference_with_a_minimum(tmp_path: Path) -> None:
    preferences = Preferences(Store(tmp_path / "autocall.sqlite3"))
    assert preferences.get(BACKUPS_KEPT) == 7
    with pytest.raises(InvalidPreference, match="at least 2|from 2"):
        preferences.set(BACKUPS_KEPT, 1)
    preferences.set(BACKUPS_KEPT, 2)
    preferences.store.close()
    paths = AppPaths.under(tmp_path)
    for day in range(4):
        store = Store(paths.database)
        store.back_up_if_due(keep=Preferences(store).get(BACKUPS_KEPT), now=NOON + timedelta(days=day))
        store.close()
    assert len(backups.listed(paths.database)) == 2


def test_a_backup_is_taken_before_migrating_and_holds_the_old_schema(tmp_path: Path) -> None:
    path = tmp_path / "autocall.sqlite3"
    with contextlib.closing(schema_at(path, 6)) as old:
        old.execute("INSERT INTO accounts(name, provider) VALUES ('Sales', 'vbot')")
        old.commit()
    Store(path).close()
    [before] = backups.listed(path)
    assert before.reason == f"before-v{SCHEMA_VERSION}"
    with contextlib.closing(sqlite3.connect(before.path)) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 6
        assert copy.execute("SELECT name FROM accounts").fetchall() == [("Sales",)]
    Store(path).close()
    assert len(backups.listed(path)) == 1  # no migration the second time, no second backup


def test_restoring_moves_the_damaged_file_and_its_wal_aside_and_never_applies_a_stale_wal(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path, contacts=30)
    [backup] = backups.listed(paths.database)
    paths.database.write_bytes(b"damaged")
    Path(f"{paths.database}-wal").write_bytes(b"a journal that belongs to the damaged file")
    aside = backups.restore(paths.database, backup.path, now=NOON)
    assert aside == paths.database.with_name("autocall.sqlite3.damaged-20261201-120000Z")
    assert aside.read_bytes() == b"damaged"
    assert Path(f"{aside}-wal").read_bytes() == b"a journal that belongs to the damaged file"
    assert not Path(f"{paths.database}-wal").exists()
    assert contact_count(paths.database) == 30


def test_the_data_folder_database_and_backups_are_private_and_an_open_folder_is_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    with umask(0o022):  # a permissive umask: the modes below come from the store, not from the test's umask
        paths = AppPaths.under(data)
        prepare_folders(paths)
        store = open_store(paths)
        add_contacts(store, 5)
        assert mode(data) == 0o700 and mode(paths.log_dir) == 0o700 and mode(paths.cache_dir) == 0o700
        assert mode(paths.database) == 0o600
        assert mode(Path(f"{paths.database}-wal")) == 0o600 and mode(Path(f"{paths.database}-shm")) == 0o600
        store.close()
        data.chmod(0o755)
        paths.database.chmod(0o644)
        prepare_folders(paths)
        open_store(paths).close()  # the second start: the daily backup
        [backup] = backups.listed(paths.database)
    assert mode(data) == 0o700 and mode(paths.database) == 0o600
    assert mode(backup.path.parent) == 0o700 and mode(backup.path) == 0o600


def test_a_file_system_without_permissions_is_used_as_it_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FAT (a USB stick) refuses chmod with EPERM; no mkfs.vfat here, so chmod refuses as FAT's does."""
    def refuse(path: Path, mode: int) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted", str(path))

    data = tmp_path / "stick"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    monkeypatch.setattr(Path, "chmod", refuse)
    paths = AppPaths.under(data)
    prepare_folders(paths)
    open_store(paths).close()
    assert mode(data) == 0o755 and paths.database.exists()


def test_the_command_line_creates_private_files(tmp_path: Path) -> None:
    with umask(0o022):
        result = autocall("accounts", "demo", "--data-dir", tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "data") == 0o700
    # Everything the command made (the database; the log file, which a command opens at its first line) is private,
    # created under the command's umask 077.
    made = list((tmp_path / "data").rglob("*"))
    assert any(path.suffix == ".sqlite3" for path in made)
    assert {path.name: mode(path) for path in made} == {
        path.name: 0o700 if path.is_dir() else 0o600 for path in made}


def test_store_backups_and_restore_on_the_command_line(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data")
    [backup] = backups.listed(paths.database)
    listed = autocall("store", "backups", "--data-dir", paths.data_dir, "--json")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["backups"] == [backup.to_json()]
    assert backup.path.name in autocall("store", "backups", "--data-dir", paths.data_dir).stdout

    overwrite_middle_pages(paths.database)
    damaged = digest(paths.database)
    refused = autocall("accounts", "list", "--data-dir", paths.data_dir)
    assert refused.returncode == Exit.DAMAGED
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert f"`autocall store restore {backup.path}`" in refused.stderr

    restored = autocall("store", "restore", backup.path.name, "--data-dir", paths.data_dir, "--json")
    assert restored.returncode == 0, restored.stderr
    answer = json.loads(restored.stdout)
    assert answer["restored"] == str(backup.path) and digest(Path(answer["kept_aside"])) == damaged
    assert autocall("accounts", "list", "--data-dir", paths.data_dir).returncode == 0
    assert contact_count(paths.database) == 3000


def test_restore_refuses_a_missing_file_and_a_folder_the_window_has_open(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data", contacts=5)
    [backup] = backups.listed(paths.database)
    missing = autocall("store", "restore", "nothing.sqlite3", "--data-dir", paths.data_dir)
    assert missing.returncode == Exit.INPUT and "`autocall store backups` lists them" in missing.stderr

    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(paths.lock_file)], stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        before = digest(paths.database)
        refused = autocall("store", "restore", backup.path, "--data-dir", paths.data_dir)
        assert refused.returncode == Exit.STORAGE and "close it, then restore" in refused.stderr
        assert digest(paths.database) == before
    finally:
        holder.kill()
        holder.wait()
    assert autocall("store", "restore", backup.path, "--data-dir", paths.data_dir).returncode == 0


def test_the_damage_message_names_no_backup_when_none_is_sound(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path, contacts=3000)
    [backup] = backups.listed(paths.database)
    overwrite_middle_pages(backup.path)
    overwrite_middle_pages(paths.database)
    with pytest.raises(StoreDamaged, match="No automatic backup was found") as refused:
        Store(paths.database)
    assert refused.value.backup is None
