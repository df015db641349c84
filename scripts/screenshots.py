"""Render the main window offscreen to the PNGs the README shows, so the pictures stay current.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]   (or: make screenshots)
Each shot uses a fresh temporary data folder with the demo accounts, exactly as a first start looks.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.paths import AppPaths  # noqa: E402
from desktop.secrets import MemoryKeyring  # noqa: E402
from desktop.services import Services  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.session import Session  # noqa: E402

SIZES = {"main-window.png": (1280, 800), "main-window-1920.png": (1920, 1080)}


def render(out_dir: Path) -> list[Path]:
    app = create_application(sys.argv[:1])
    written = []
    for name, (width, height) in SIZES.items():
        with tempfile.TemporaryDirectory() as tmp:
            services = Services.open(AppPaths.under(Path(tmp)), keyring_backend=MemoryKeyring())
            services.accounts.ensure_demo_accounts()
            session = Session(services)
            window = MainWindow(session)
            session.restore_active_account()
            window.resize(width, height)
            window.show()
            app.processEvents()
            path = out_dir / name
            window.grab().save(str(path))
            written.append(path)
            window.close()
            services.store.close()
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs"
    target.mkdir(parents=True, exist_ok=True)
    for path in render(target):
        print(path)
