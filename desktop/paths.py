"""Where the app keeps its state.

One object decides every location so that ``--data-dir`` can move *all* state (database, logs, cache) in one
place, which is what tests and the installer smoke test rely on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_ID


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path
    log_dir: Path
    cache_dir: Path

    @classmethod
    def default(cls) -> "AppPaths":
        """The platform's per-user directories (XDG on Linux, AppData on Windows, ~/Library on macOS)."""
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

    def ensure(self) -> "AppPaths":
        for folder in (self.data_dir, self.log_dir, self.cache_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self
