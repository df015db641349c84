"""Where the app keeps its state.

One object decides every location so that ``--data-dir`` can move *all* state (database, logs, cache) in one
place, which is what tests and the installer smoke test rely on.

The folders hold customers' names, numbers and debts, so on POSIX they are private to the user (0700, files 0600):
:meth:`AppPaths.ensure` tightens folders that are more open, and :func:`use_private_umask` makes every file the
process creates 0600.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from desktop import APP_ID

#: The lock file the running window holds in its data folder (ui/platform/single_instance.py).
LOCK_FILE = "autocall-desk.lock"
#: POSIX permission bits for the user's private folders and files.
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600


def use_private_umask() -> None:
    """Make every file and folder this process creates private to the user (umask 077); POSIX only."""
    if os.name == "posix":
        os.umask(0o077)


def make_private(path: Path) -> None:
    """Take group and other permissions away from ``path`` (0700 for a folder, 0600 for a file); POSIX only.

    A file system that cannot change permissions (FAT, a read-only mount) is left as it is: writing there is what
    decides whether the app can use it, and that is checked and said on its own."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if stat.S_IMODE(mode) & 0o077:
        with contextlib.suppress(OSError):
            path.chmod(PRIVATE_FOLDER if stat.S_ISDIR(mode) else PRIVATE_FILE)


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    cache_dir: Path

    @classmethod
    def default(cls) -> "AppPaths":
        """The platform's per-user directories (XDG on Linux, AppData on Windows, ~/Library on macOS); platformdirs
        is imported here, so a command that never needs them starts without it."""
        import platformdirs

        return cls(
            data_dir=Path(platformdirs.user_data_dir(APP_ID, appauthor=False)),
            log_dir=Path(platformdirs.user_log_dir(APP_ID, appauthor=False)),
            cache_dir=Path(platformdirs.user_cache_dir(APP_ID, appauthor=False)),
        )

    @classmethod
    def under(cls, root: Path) -> "AppPaths":
        """Everything below one folder: ``--data-dir DIR``."""
        root = Path(root)
        return cls(data_dir=root, log_dir=root / "logs", cache_dir=root / "cache")

    @classmethod
    def chosen(cls, data_dir: Path | None) -> "AppPaths":
        """A command's folders: everything below ``--data-dir`` when given, else the platform's."""
        return cls.under(data_dir) if data_dir else cls.default()

    @property
    def database(self) -> Path:
        return self.data_dir / "autocall.sqlite3"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "autocall.log"

    @property
    def fault_file(self) -> Path:
        """Where faulthandler writes a hard crash (segfault, abort) that Python itself cannot report."""
        return self.log_dir / "fault.log"

    @property
    def recordings_cache(self) -> Path:
        return self.cache_dir / "recordings"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / LOCK_FILE

    def ensure(self) -> "AppPaths":
        """Create the folders, private to the user (an existing folder open to others is tightened)."""
        for folder in (self.data_dir, self.log_dir, self.cache_dir):
            folder.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
            make_private(folder)
        return self
