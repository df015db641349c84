"""Render the app offscreen to the PNGs the README shows, so the pictures stay current: every shot in every
language, docs/<language>/<file> (docs/vi/main-window.png, docs/en/main-window.png).

Usage: make screenshots  (runs it with a private keyring: scripts/with-private-keyring.sh)
       scripts/screenshots.py [FOLDER] [FILE ...] [--language vi] [--size 1024x700]  (some shots, another size)
Every shot starts as a first start looks: a fresh data folder, the demo accounts, the simulator in-process, the
language set before the window is built (as ui/app.py does). A full run removes pictures no shot makes any more.
A shot is an async function that drives the real window into the state to show; add one to SHOTS.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import gc
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import qasync

from desktop.accounts.repository import Account
from desktop.demo import DemoEnvironment
from desktop.i18n import LANGUAGES
from desktop.paths import AppPaths
from desktop.providers.base import BatchRequest, Contact, new_key
from desktop.services import Services
from desktop.settings import LANGUAGE
from desktop.simulator import SimulatorConfig
from ui.app import create_application
from ui.i18n import use_language
from ui.main_window import MainWindow
from ui.platform.gc_on_gui_thread import GuiThreadGarbageCollector
from ui.session import Session

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "samples" / "contacts-sample.xlsx"


@dataclass
class Stage:
    """What a shot works with: the live window on a fresh demo setup."""

    session: Session
    window: MainWindow
    demo: DemoEnvironment

    def demo_account(self, provider: str) -> Account:
        return next(a for a in self.session.services.accounts.list() if a.is_demo and a.provider == provider)

    async def settle(self, until: Callable[[], object] = lambda: True) -> None:
        """Let background tasks finish and ``until`` become true."""
        while self.session.services.tasks.running() or not until():
            await asyncio.sleep(0.05)


async def main_window(stage: Stage) -> None:
    stage.session.restore_active_account()


async def accounts_tab(stage: Stage) -> None:
    stage.session.set_active_account(stage.demo_account("vbot"))
    tab = stage.window.accounts_tab
    tab.start_new("nxcloud")
    tab.form.name.setText("Tổng đài Hà Nội")
    tab.save()  # shows the inline checks on what is still missing


async def contacts_tab(stage: Stage) -> None:
    """The sample list imported on the demo VBot account, mapped to its template NHAC_NO."""
    stage.session.set_active_account(stage.demo_account("vbot"))
    stage.window.show_tab("contactsTab")
    tab = stage.window.contacts_tab
    tab.import_file(SAMPLE)
    await stage.settle(lambda: tab.fields_panel.sources["vbot"].template_combo.count())
    tab.fields_panel.sources["vbot"].choose_template("NHAC_NO")
    await stage.settle(lambda: tab.fields_panel.fields)


async def history_tab(stage: Stage) -> None:
    """45 simulated calls on the demo VBot account, the first recorded one playing."""
    vbot = stage.demo_account("vbot")
    people = [Contact(new_key(), f"09123{i:05d}", f"Nguyễn Thị Hương {i}",
                      {"customer_name": f"Nguyễn Thị Hương {i}", "order_id": f"ĐH{i}"}) for i in range(45)]
    async with stage.session.accounts.client_for(vbot) as client:
        await client.launch_batch(BatchRequest("shot", new_key(), "CONFIRM_ORDER", people, caller="0812345678"))
    stage.demo.running.simulator.advance(900)
    stage.session.set_active_account(vbot)
    stage.window.show_tab("historyTab")
    tab = stage.window.history_tab
    tab.date_to.setDateTime(tab.date_to.dateTime().addDays(1))  # the simulator's clock runs ahead
    tab.search()
    await stage.settle()
    row = next(r for r, call in enumerate(tab.model.calls) if call.recording_ref)
    tab.table.selectRow(row)
    tab.play_call(tab.model.calls[row])
    await stage.settle(lambda: tab.player.player.position() >= 1500)


async def _campaign_on(stage: Stage, provider: str, name: str) -> None:
    """The sample list saved (mapped to NHAC_NO) and a new campaign on ``provider``'s demo account."""
    stage.session.set_active_account(stage.demo_account("vbot"))
    await contacts_tab(stage)
    stage.window.contacts_tab.save_list("Khách hàng tháng 6")
    await stage.settle()
    stage.session.set_active_account(stage.demo_account(provider))
    stage.window.show_tab("campaignsTab")
    tab = stage.window.campaigns_tab
    tab.new_campaign()
    tab.form.name.setText(name)


async def campaigns_tab(stage: Stage) -> None:
    """A VBot batch campaign on NHAC_NO, pickers filled from the demo provider."""
    await _campaign_on(stage, "vbot", "Nhắc nợ tháng 6")
    await stage.settle(lambda: stage.window.campaigns_tab.form.page_for("vbot").template.count())
    stage.window.campaigns_tab.form.page_for("vbot").choose("NHAC_NO", "02873001234")


async def campaigns_nxcloud(stage: Stage) -> None:
    """An NXCLOUD campaign with the office-hours calling window."""
    await _campaign_on(stage, "nxcloud", "Nhắc thanh toán — NXCLOUD")
    page = stage.window.campaigns_tab.form.page_for("nxcloud")
    page.scene.setText("1001")
    page.variables.setText("name, amount")


async def campaigns_bizphone(stage: Stage) -> None:
    """A BizPhone call flow: a greeting, then press 1 for an agent, anything else hears a goodbye."""
    await _campaign_on(stage, "bizphone", "Xác nhận giao hàng — BizPhone")
    editor = stage.window.campaigns_tab.form.page_for("bizphone").flow
    editor.set_flow_json({"steps": [
        {"name": "play", "message": {"msg": "Xin chào {{Họ và tên}}, đơn hàng của quý khách sẽ giao hôm nay."}},
        {"name": "gather", "message": {"msg": "Bấm phím 1 để gặp nhân viên."}, "branches": [
            {"digit": "1", "default": "false",
             "callFlow": {"steps": [{"name": "transfer", "destination": "Ext:1000"}]}},
            {"default": "true", "callFlow": {"steps": [{"name": "play", "message": {"msg": "Cảm ơn quý khách."}}]}}]},
    ]}, "giao-hang")
    editor.tree.setCurrentItem(editor.tree.topLevelItem(1))


async def monitor_tab(stage: Stage) -> None:
    """An NXCLOUD campaign of 400 contacts part-way through: counters, the chart over a dozen polls, a call's
    details. Watching is stopped at the end so the shot can settle (a poller runs until every call is final)."""
    import csv
    import tempfile

    from desktop.contacts.importer import import_file
    from desktop.contacts.repository import ContactRepository, SavedMapping, mapping_scope
    from desktop.providers.nxcloud import NxCampaignSettings
    from desktop.providers.nxcloud.calling_window import ALL_DAYS, ALL_SLOTS, CallingWindow

    store = stage.session.services.store
    for key, value in (("poll_fast_seconds", 0.1), ("poll_slow_seconds", 0.2)):
        store.set_setting(f"campaigns.{key}", value)
    family, given = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"], ["Văn An", "Thị Bình", "Minh Châu", "Thu Hà"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "khach-hang.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["Họ và tên", "Số điện thoại", "Số tiền nợ"])
            for i in range(400):
                writer.writerow([f"{family[i % 6]} {given[i % 4]}", f"09{12000000 + i * 7919:08d}", 150000 + i * 1000])
        report = import_file(path)
    contacts = ContactRepository(store)
    list_id = contacts.save_list(report, "Khách hàng tháng 6")
    contacts.save_mapping(mapping_scope("nxcloud", "1003"), SavedMapping(fields={"name": "Họ và tên"}))
    service = stage.session.campaigns
    campaign = service.create("Nhắc nợ tháng 6", stage.demo_account("nxcloud"), list_id, NxCampaignSettings(
        scene_id="1003", variables=("name",), max_call=40, window=CallingWindow(ALL_DAYS, ALL_SLOTS)))
    await service.launch(campaign, await service.preflight(campaign))
    stage.session.set_active_account(stage.demo_account("nxcloud"))
    stage.window.show_tab("monitorTab")
    stage.session.campaignLaunched.emit(campaign.id)
    tab = stage.window.monitor_tab
    for _ in range(14):
        stage.demo.running.simulator.advance(12)
        await asyncio.sleep(0.4)
    row = next(r for r in range(tab.model.rowCount()) if tab.model.row(r).outcome == "answered")
    tab.table.selectRow(row)
    tab.stop_watching()


@dataclass(frozen=True)
class Shot:
    file: str
    action: Callable[[Stage], Awaitable[None]]
    size: tuple[int, int] = (1280, 800)
    simulator: SimulatorConfig | None = None


SHOTS = [
    Shot("main-window.png", main_window),
    Shot("main-window-1920.png", main_window, size=(1920, 1080)),
    Shot("accounts-tab.png", accounts_tab),
    Shot("contacts-tab.png", contacts_tab),
    Shot("history-tab.png", history_tab, simulator=SimulatorConfig(manual_clock=True, seed=8)),
    Shot("monitor-tab.png", monitor_tab, simulator=SimulatorConfig(manual_clock=True, seed=8)),
    Shot("campaigns-tab.png", campaigns_tab),
    Shot("campaigns-nxcloud.png", campaigns_nxcloud),
    Shot("campaigns-bizphone.png", campaigns_bizphone),
]


def render(shot: Shot, out_dir: Path, language: str) -> Path:
    """``shot`` in ``language`` (desktop/i18n.py LANGUAGES), saved as ``out_dir/shot.file``."""
    app = create_application(sys.argv[:1])
    collector = GuiThreadGarbageCollector(app)  # as the app does: Qt objects are never collected off this thread
    path = out_dir / shot.file
    with tempfile.TemporaryDirectory() as tmp:
        services = Services.open(AppPaths.under(Path(tmp)))  # the system keyring, as a user has it
        services.preferences.set(LANGUAGE, language)  # as chosen in View → Language
        use_language(app, language)  # catalogues and QLocale's default, before any window is built (ui/app.py)
        services.accounts.ensure_demo_accounts()
        demo = DemoEnvironment.start(shot.simulator)
        session = Session(services, demo)
        session.check_active_connection_on_change()  # as ui/app.py wires it
        window = MainWindow(session)
        window.resize(*shot.size)
        window.show()
        window.build_shown_tab()  # as ui/app.py does once the first frame is painted
        stage = Stage(session, window, demo)

        async def take() -> None:
            await shot.action(stage)
            await stage.settle()
            app.processEvents()
            window.grab().save(str(path))
            window.close()
            await services.aclose()

        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        loop.run_until_complete(take())
        loop.close()  # stops the loop's worker threads before Qt goes away
        demo.stop()
    collector.deleteLater()
    gc.collect()  # this shot's windows go now, on this thread
    return path


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "docs", help="one sub-folder per language")
    parser.add_argument("files", nargs="*", help="only these shots (default: all, and stale pictures removed)")
    parser.add_argument("--language", choices=LANGUAGES, action="append", help="only this language (repeatable)")
    parser.add_argument("--size", type=_size, help="WIDTHxHEIGHT instead of each shot's own size")
    args = parser.parse_args(argv)
    full_run = not args.files and not args.language and not args.size
    for language in args.language or LANGUAGES:
        out_dir = args.folder / language
        out_dir.mkdir(parents=True, exist_ok=True)
        for shot in SHOTS:
            if not args.files or shot.file in args.files:
                print(render(dataclasses.replace(shot, size=args.size or shot.size), out_dir, language))
        if full_run:
            for stale in set(out_dir.glob("*.png")) - {out_dir / shot.file for shot in SHOTS}:
                stale.unlink()
                print(f"removed {stale}")


if __name__ == "__main__":
    main(sys.argv[1:])
