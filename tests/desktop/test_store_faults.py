"""Damaged storage (issue 16 item 4): a database damaged in its middle, an empty one, a full disk and a read-only
folder. In each: nothing is lost, one clear message, and where the file is damaged the backup is offered and
restores. Full and read-only run on real tmpfs mounts made by the test (tests/helpers/storage.py)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import backups
from desktop.exits import Exit
from desktop.paths import AppPaths
from desktop.services import Services, open_store, prepare_folders
from desktop.store import SCHEMA_VERSION, Store, StoreDamaged, StoreError, StoreFull, StoreReadOnly
from tests.helpers.storage import (
    add_contacts,
    contact_count,
    digest,
    fill_up,
    filled_data_folder,
    overwrite_middle_pages,
    remount,
    tmpfs,
)

ROOT = Path(__file__).resolve().parents[2]


def test_damage_in_the_middle_is_found_at_start_and_the_backup_offered_restores_everything(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data")
    [backup] = backups.listed(paths.database)
    overwrite_middle_pages(paths.database)
    damaged_bytes = digest(paths.database)

    with pytest.raises(StoreDamaged) as refused:
        Services.open(paths)
    error = refused.value
    assert error.backup == backup and error.state == "damaged"
    assert f"The database {paths.database} is damaged" in str(error)
    assert f"autocall store restore {backup.path}" in str(error)
    assert digest(paths.database) == damaged_bytes  # refused, not repaired or replaced

    aside = backups.restore(paths.database, error.backup.path)
    assert aside is not None and digest(aside) == damaged_bytes  # kept aside, byte for byte
    services = Services.open(paths)
    try:
        assert services.store.query_one("SELECT count(*) FROM contacts")[0] == 3000
        assert services.accounts.list()[0].name == "Thu hồi nợ"
    finally:
        services.store.close()


def test_an_empty_database_file_is_refused_never_replaced_by_an_empty_database(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data", contacts=50)
    paths.database.write_bytes(b"")

    for _ in range(2):  # refusing does not write a schema over it: the second start finds the same empty file
        with pytest.raises(StoreDamaged, match="is empty .0 bytes. although it existed; it was not replaced") as err:
            Services.open(paths)
        assert paths.database.stat().st_size == 0
    assert err.value.state == "empty" and err.value.backup is not None

    backups.restore(paths.database, err.value.backup.path)
    assert contact_count(paths.database) == 50


def test_an_empty_database_with_no_backup_says_where_backups_would_be(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    prepare_folders(paths)
    paths.database.write_bytes(b"")
    with pytest.raises(StoreDamaged, match=f"No automatic backup was found in {backups.folder(paths.database)}"):
        Store(paths.database)
    assert paths.database.stat().st_size == 0


def test_a_missing_database_whose_backups_exist_is_refused_not_started_empty(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data", contacts=50)
    paths.database.unlink()
    with pytest.raises(StoreDamaged, match="is missing although its backups exist") as refused:
        Services.open(paths)
    assert refused.value.state == "missing" and refused.value.backup is not None
    assert f"move the folder {backups.folder(paths.database)} away" in str(refused.value)
    assert not paths.database.exists()  # no empty database was made in its place
    assert backups.restore(paths.database, refused.value.backup.path) is None  # nothing to keep aside
    assert contact_count(paths.database) == 50


def test_a_missing_database_with_no_sound_backup_starts_empty(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data")
    [backup] = backups.listed(paths.database)
    overwrite_middle_pages(backup.path)
    paths.database.unlink()
    Store(paths.database).close()  # nothing left to restore: a fresh database, the damaged backup untouched
    assert contact_count(paths.database) == 0 and backup.path.exists()


def test_a_database_that_cannot_be_read_is_refused_with_words(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path)
    prepare_folders(paths)
    paths.database.mkdir()  # root reads every file, so the unreadable one is a folder in its place
    with pytest.raises(StoreError, match="exists but cannot be read .Is a directory.; it was not replaced"):
        Store(paths.database)
    assert paths.database.is_dir()


def test_a_damaged_backup_is_not_offered_and_not_restored(tmp_path: Path) -> None:
    paths = filled_data_folder(tmp_path / "data")
    [good] = backups.listed(paths.database)
    store = Store(paths.database)
    add_contacts(store, 3000)
    newer = store.back_up_if_due(7, now=good.taken_at + backups.DAILY)
    store.close()
    assert newer is not None
    overwrite_middle_pages(newer.path)
    overwrite_middle_pages(paths.database)

    with pytest.raises(StoreDamaged) as refused:
        Store(paths.database)
    assert refused.value.backup == good  # the newest sound one, not the newest
    before = digest(paths.database)
    with pytest.raises(backups.BackupError, match="is damaged too"):
        backups.restore(paths.database, newer.path)
    assert digest(paths.database) == before and not list(paths.data_dir.glob("*.damaged-*"))


def test_a_full_disk_is_said_as_such_and_loses_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "3m") as disk:
        paths = filled_data_folder(disk / "data", contacts=500)
        store = open_store(paths)
        filler = fill_up(disk)
        with pytest.raises(StoreFull) as full:
            add_contacts(store, 20_000)
        assert str(full.value).startswith(f"The disk holding the data folder ({paths.data_dir}) is full: free some")
        assert "rollback" not in str(full.value)
        with pytest.raises(StoreFull):  # the next attempt says the same, the store still usable
            store.set_setting("window_geometry", "x" * 500_000)
        assert store.query_one("SELECT count(*) FROM contacts")[0] == 500
        store.close()

        filler.unlink()
        store = Store(paths.database)
        assert store.query_one("PRAGMA integrity_check")[0] == "ok"
        assert store.query_one("SELECT count(*) FROM contacts")[0] == 500
        store.close()


def test_starting_on_a_full_disk_says_so(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "2m") as disk:
        paths = filled_data_folder(disk / "data", contacts=100)
        for backup in backups.listed(paths.database):
            backup.path.unlink()  # the daily backup is due and has no room
        filler = fill_up(disk)
        with pytest.raises(StoreFull, match="is full: free some space"):
            Services.open(paths)
        filler.unlink()
        assert contact_count(paths.database) == 100


def test_a_read_only_folder_is_said_as_such_and_loses_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "4m") as disk:
        paths = filled_data_folder(disk / "data", contacts=200)
        remount(disk, "ro")
        try:
            with pytest.raises(StoreReadOnly) as read_only:
                Services.open(paths)
            assert str(read_only.value).startswith(f"The data folder {paths.data_dir} is read-only: ")
            assert "Errno" not in str(read_only.value)
            with pytest.raises(StoreReadOnly, match="is read-only"):
                Store(paths.database)
        finally:
            remount(disk, "rw")
        assert contact_count(paths.database) == 200


def test_other_database_errors_pass_through_as_they_are(tmp_path: Path) -> None:
    store = Store(tmp_path / "autocall.sqlite3")
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as db:
        db.execute("INSERT INTO accounts(name, provider) VALUES ('A', 'vbot')")
        db.execute("INSERT INTO accounts(name, provider) VALUES ('A', 'vbot')")
    with pytest.raises(sqlite3.OperationalError, match="no such table"):
        store.query("SELECT * FROM nowhere")
    assert store.version == SCHEMA_VERSION
    store.close()


def test_a_command_on_a_full_disk_says_so_in_one_line_with_exit_4(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "3m") as disk:
        paths = filled_data_folder(disk / "data", contacts=500)
        filler = fill_up(disk)
        result = subprocess.run([sys.executable, "-m", "desktop", "dnc", "add", "0912345678", "--data-dir",
                                 str(paths.data_dir)], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert result.returncode == Exit.STORAGE, result.stderr
        assert result.stderr == (f"autocall dnc add: The disk holding the data folder ({paths.data_dir}) is full: "
                                 "free some space, then try again. What was saved before is kept.\n")
        filler.unlink()
        assert contact_count(paths.database) == 500
