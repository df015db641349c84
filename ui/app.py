"""Composition root: parse the command line, claim the data folder, open the core services, run the window on one
qasync loop.

One app per data folder (ui/platform/single_instance.py): a second start asks the running window to come forward
and exits 0 (1 when that app does not answer), before it opens the database or looks for a crash. A damaged, empty
or missing database is said in a dialog that offers its last automatic backup (ui/dialogs/damaged_store.py).

Shutdown follows the pattern that works with qasync + httpx (docs/architecture.md): the app does not quit when the last
window closes; that event only ends ``_run``, which then cancels owned tasks and closes clients while the loop
is still alive, and only then does the loop stop.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# The Qt-free core before PySide6: PySide6's import hook reads the source of every module imported after it, which
# for the core's few hundred modules (the providers, httpx) was a tenth of a second before the first frame.
from desktop import APP_ID, APP_NAME, __version__, backups
from desktop.crash import CrashGuard
from desktop.errors import AutocallError
from desktop.paths import AppPaths, use_private_umask
from desktop.secrets import SecretStore
from desktop.services import Services, prepare_folders
from desktop.store import ServerError, StoreDamaged, StoreError, choose_url, database_url, folder_error, sqlite_url

# isort: split
import qasync
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QStyleFactory

from ui.dialogs.crash import install_excepthook
from ui.i18n import chosen_language, use_language
from ui.main_window import MainWindow
from ui.platform.first_paint import first_paint
from ui.platform.gc_on_gui_thread import GuiThreadGarbageCollector
from ui.platform.gil import favour_the_loop
from ui.platform.identity import announce_identity
from ui.platform.resources import light_palette, stylesheet
from ui.platform.sigterm import TerminationSignal
from ui.platform.single_instance import SingleInstance
from ui.session import Session

if TYPE_CHECKING:
    from desktop.demo import DemoEnvironment

log = logging.getLogger(__name__)

SMOKE_SECONDS = 1.0


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="autocall-desk", description=f"{APP_NAME} {__version__}")
    parser.add_argument("--demo", action="store_true",
                        help="use the built-in simulator (the default until you add an account of your own)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="keep all state (database, logs, cache) under DIR")
    parser.add_argument("--smoke", action="store_true",
                        help="open the main window, run about one second, exit 0 (installer smoke test)")
    parser.add_argument("--version", action="version", version=f"autocall-desk {__version__}")
    # Hidden developer flag: checks inside a frozen build that keyring backends and media decoding survived.
    parser.add_argument("--self-check", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    announce_identity(app)
    app.setStyle(QStyleFactory.create("Fusion"))
    app.styleHints().setColorScheme(Qt.ColorScheme.Light)  # one light look on dark desktops too (readable text)
    app.setPalette(light_palette())
    app.setStyleSheet(stylesheet())
    use_language(app, chosen_language())  # the system's until the data folder's choice is read (main)
    return app


async def _run(app: QApplication, services: Services, args: argparse.Namespace, previous_crash: str | None,
               instance: SingleInstance) -> int:
    closed = asyncio.Event()
    app.lastWindowClosed.connect(closed.set)
    collector = GuiThreadGarbageCollector(app)  # before any worker thread starts
    favour_the_loop()
    wants_demo = args.demo or not services.accounts.has_real_accounts()
    session = Session(services)
    window = MainWindow(session)
    window.show()
    instance.showRequested.connect(window.come_forward)
    termination = TerminationSignal(window.close_without_asking)  # no question: a logout cannot answer it
    loop = asyncio.get_running_loop()
    if args.smoke:
        loop.call_later(SMOKE_SECONDS, window.close)
    await first_paint(window)  # what follows is not needed to show the window: it starts once the window is up
    instance.listen()  # a second start asking before this keeps asking until it is answered
    if wants_demo:
        services.accounts.ensure_demo_accounts()  # the providers' registry loads here, after the first frame
        window.reload_accounts()
    session.restore_active_account()
    await loop.run_in_executor(None, lambda: services.secrets.is_usable)  # keyring's discovery, off the window
    window.build_shown_tab()
    demo = None
    if wants_demo:
        demo = await loop.run_in_executor(None, _start_demo)
        session.use_demo(demo)
    session.check_active_connection_on_change()
    session.receiver.apply()  # the notification receiver, if the Notifications preferences turn it on
    if session.receiver.problem:
        window.statusBar().showMessage(session.receiver.problem, 60_000)
    window.check_interrupted()
    if previous_crash:
        window.report_previous_crash(previous_crash)
    collector.start_up_done()  # what start-up built lives as long as the app: no later collection walks it
    log.info("Window open")
    await closed.wait()
    termination.restore()
    collector.deleteLater()
    session.receiver.stop()
    session.live.close()
    await services.aclose()
    if demo is not None:
        demo.stop()
    return 0


def _start_demo() -> DemoEnvironment:
    """The demo provider (the simulator) served in this process; imported here, as it is not needed to start."""
    from desktop.demo import DemoEnvironment

    return DemoEnvironment.start()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_check:
        from ui.platform.self_check import run as self_check

        return self_check()
    use_private_umask()  # what the app writes (exports, logs, the database) is the user's alone
    paths = AppPaths.under(args.data_dir) if args.data_dir else AppPaths.default()
    app = create_application(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)
    instance = SingleInstance(paths.data_dir)
    try:
        prepare_folders(paths)  # a read-only folder or a full disk is said in words, before the lock is tried
        if not instance.claim(listen=False):
            return refuse_second_start(instance, quiet=args.smoke)
        services = open_services(paths)
    except (AutocallError, OSError) as exc:
        instance.release()
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    if services is None:
        instance.release()
        return 1
    use_language(app, chosen_language(services.preferences))  # View → Language, before any window is built
    install_excepthook()
    guard = CrashGuard(paths.fault_file)
    previous_crash = guard.previous_crash()
    guard.start()
    log.info("%s %s starting (demo=%s, smoke=%s)", APP_NAME, __version__, args.demo, args.smoke)
    try:
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            code = runner.run(_run(app, services, args, previous_crash, instance))
    except StoreError as exc:  # the data failed under the open window: say why before it goes, never silently
        log.error("Stopped: %s", exc)
        services.store.close()
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    finally:
        guard.stop()
        instance.release()
    log.info("%s closed cleanly", APP_NAME)
    return code


def open_services(paths: AppPaths) -> Services | None:
    """The core services over ``paths``. A damaged, empty or missing database is said in a dialog offering its last
    sound backup, restored when the operator chooses it; a team database that cannot be opened, in one that takes
    the password the server refused and offers to try again or to use this computer's own data. None when the
    operator quits instead. The dialogs load only when one is needed."""
    url: str | None = None  # None: the chosen database (AUTOCALL_DATABASE_URL, Preferences, this computer's own)
    while True:
        try:
            return Services.open(paths, url=url)
        except ServerError as refused:
            from ui.dialogs.database_unavailable import Choice, DatabaseUnavailableDialog

            log.error("%s", refused)
            wanted = database_url(paths, url)
            dialog = DatabaseUnavailableDialog(refused, wanted)
            dialog.exec()
            if dialog.choice == Choice.QUIT:
                return None
            if dialog.choice == Choice.LOCAL:
                choose_url(paths, None)
                url = sqlite_url(paths.database)
            elif (password := dialog.password()) is not None:
                SecretStore().set_database_password(wanted, password)
        except StoreDamaged as damaged:
            from ui.dialogs.damaged_store import DamagedStoreDialog

            log.error("%s", damaged)
            choice = DamagedStoreDialog(damaged).exec()
            if choice != DamagedStoreDialog.DialogCode.Accepted or damaged.backup is None:
                return None
            try:
                aside = backups.restore(damaged.database, damaged.backup.path)
            except OSError as exc:
                raise folder_error(exc, paths.data_dir) from exc
            log.warning("Restored the backup %s; the damaged database was kept as %s", damaged.backup.path, aside)


def refuse_second_start(instance: SingleInstance, *, quiet: bool = False) -> int:
    """Another app runs on this data folder: ask it to show its window and say so. 0 when it answered; 1 when it
    did not, after saying so in a message box too (unless ``quiet``: the smoke run has nobody to click it)."""
    folder = str(instance.data_dir)
    if instance.ask_running_to_show():
        print(QCoreApplication.translate(
            "SingleInstance", "Autocall Desk is already running with this data folder ({folder}); its window was "
            "brought to the front.").format(folder=folder))
        return 0
    message = QCoreApplication.translate(
        "SingleInstance", "Autocall Desk is already running with this data folder ({folder}), but it did not answer. "
        "If no Autocall Desk window is open, it may still be closing: wait a minute and start it again. If it "
        "stays like this, end Autocall Desk in the task manager, then start it again.").format(folder=folder)
    print(message, file=sys.stderr)
    if not quiet:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, QMessageBox.StandardButton.Ok)
        box.setObjectName("alreadyRunningBox")
        box.exec()
    return 1
