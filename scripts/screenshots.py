"""Render the main window offscreen to the PNGs the README shows, so the pictures stay current.

Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [OUT_DIR]   (or: make screenshots)
Each shot uses a fresh temporary data folder with the demo accounts, exactly as a first start looks.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop.demo import DemoEnvironment  # noqa: E402
from desktop.paths import AppPaths  # noqa: E402
from desktop.providers import BatchRequest, Contact, new_key  # noqa: E402
from desktop.secrets import MemoryKeyring  # noqa: E402
from desktop.services import Services  # noqa: E402
from desktop.simulator import SimulatorConfig  # noqa: E402
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


def render_history(out_dir: Path) -> Path:
    """The History tab on the demo VBot account: 45 simulated calls, the first recorded one in the player."""
    import qasync

    app = create_application(sys.argv[:1])
    path = out_dir / "history-tab.png"
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(AppPaths.under(Path(tmp)), keyring_backend=MemoryKeyring())  # logs go here first
        demo = DemoEnvironment.start(SimulatorConfig(manual_clock=True, seed=8))
        vbot = next(a for a in services.accounts.ensure_demo_accounts() if a.provider == "vbot")
        session = Session(services, demo)
        window = MainWindow(session)
        window.resize(1280, 800)

        async def show() -> None:
            people = [Contact(new_key(), f"09123{i:05d}", f"Nguyễn Thị Hương {i}",
                              {"customer_name": f"Nguyễn Thị Hương {i}", "order_id": f"ĐH{i}"}) for i in range(45)]
            async with session.accounts.client_for(vbot) as client:
                await client.launch_batch(BatchRequest("shot", new_key(), "CONFIRM_ORDER", people, caller="0812345678"))
            demo.running.simulator.advance(900)
            session.set_active_account(vbot)
            window.show()
            window.show_tab("historyTab")
            tab = window.history_tab
            tab.date_to.setDateTime(tab.date_to.dateTime().addDays(1))  # the simulator's clock runs ahead
            tab.search()
            while services.tasks.running():
                await asyncio.sleep(0.05)
            row = next(r for r, call in enumerate(tab.model.calls) if call.recording_ref)
            tab.table.selectRow(row)
            tab.play_call(tab.model.calls[row])
            while services.tasks.running() or tab.player.player.position() < 1500:
                await asyncio.sleep(0.05)
            window.grab().save(str(path))
            window.close()
            await services.aclose()

        asyncio.set_event_loop(loop := qasync.QEventLoop(app))
        loop.run_until_complete(show())
        demo.stop()
    return path


def render_contacts(out_dir: Path) -> Path:
    """The Contacts tab with the sample list imported on the demo VBot account, mapped to its template NHAC_NO."""
    import qasync

    app = create_application(sys.argv[:1])
    path = out_dir / "contacts-tab.png"
    sample = Path(__file__).resolve().parent.parent / "resources" / "samples" / "contacts-sample.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(AppPaths.under(Path(tmp)), keyring_backend=MemoryKeyring())
        demo = DemoEnvironment.start()
        vbot = next(a for a in services.accounts.ensure_demo_accounts() if a.provider == "vbot")
        session = Session(services, demo)
        window = MainWindow(session)
        window.resize(1280, 800)

        async def show() -> None:
            session.set_active_account(vbot)
            window.show()
            window.show_tab("contactsTab")
            tab = window.contacts_tab
            tab.import_file(sample)
            while services.tasks.running() or tab.fields_panel.template_combo.count() == 0:
                await asyncio.sleep(0.05)
            tab.fields_panel.choose_template("NHAC_NO")
            while services.tasks.running() or not tab.fields_panel.fields:
                await asyncio.sleep(0.05)
            window.grab().save(str(path))
            window.close()
            await services.aclose()

        asyncio.set_event_loop(loop := qasync.QEventLoop(app))
        loop.run_until_complete(show())
        loop.close()  # stops the loop's worker threads (the import ran on them) before Qt goes away
        demo.stop()
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs"
    target.mkdir(parents=True, exist_ok=True)
    for path in [*render(target), render_history(target), render_contacts(target)]:
        print(path)
