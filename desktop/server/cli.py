"""``autocall serve``: the headless service for a server, until SIGTERM or Ctrl+C (then exit 0).

    autocall serve [--database URL] [--health HOST:PORT] [--receiver HOST:PORT] [--credentials DIR]

It sends and polls every campaign that is being sent or calling (resuming what a stopped process left, after checking
unsettled batches with the provider), starts scheduled rounds when their time comes, follows redial rules, and
receives the providers' notifications for every account. ``/healthz`` and ``/readyz`` answer JSON on the health
address (this computer only by default). Logs are one JSON object per line on stdout. On SIGTERM it takes no new
work, lets each batch being sent finish and be recorded, and exits; the next start resumes those campaigns.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import socket
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import keyring
import uvicorn

from desktop.campaigns import lease
from desktop.campaigns.requests import RequestFollower
from desktop.changes import open_feed
from desktop.errors import AutocallError
from desktop.exits import Exit, InputError
from desktop.headless import Headless, add_common
from desktop.i18n import _
from desktop.notifications.inbox import Inbox
from desktop.notifications.receiver import Receiver, RunningReceiver, endpoints
from desktop.server.credentials import FolderKeyring
from desktop.server.health import Check, health_app
from desktop.server.jsonlog import event, log_json_lines
from desktop.server.scheduler import SCAN_SECONDS, Scheduler
from desktop.serving import ServerThread
from desktop.settings import NOTIFY_HOST, NOTIFY_PORT, Preferences
from desktop.store import MIGRATIONS, Store

log = logging.getLogger(__name__)
T = TypeVar("T")

HEALTH = ("127.0.0.1", 8790)
_CONNECT_TIMEOUT = 1.0  # seconds the readiness check waits for the receiver to accept a connection
#: Seconds the start waits for the change feed to listen before saying it serves (it listens later otherwise).
FEED_WAIT_SECONDS = 10.0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help=_("run campaigns, scheduled rounds, redial rules and the notification "
                                                   "receiver as a service (until stopped)"),
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common(parser)
    parser.add_argument("--health", type=address, default=HEALTH, metavar="HOST:PORT",
                        help=_("where /healthz and /readyz answer (default {host}:{port}: this computer only)").format(
                            host=HEALTH[0], port=HEALTH[1]))
    parser.add_argument("--receiver", type=address, metavar="HOST:PORT",
                        help=_("where the providers' notifications are received (default: the address and port of the "
                               "Notifications preferences)"))
    parser.add_argument("--credentials", type=Path, metavar="DIR",
                        help=_("read the database password and the accounts' secrets from files in DIR instead of the "
                               "system keyring (default: $CREDENTIALS_DIRECTORY, which systemd sets; see "
                               "docs/team-mode-server.md)"))
    parser.add_argument("--scan-every", type=seconds, default=SCAN_SECONDS, metavar="SECONDS",
                        help=_("how often to look for new work (default {seconds:g})").format(seconds=SCAN_SECONDS))
    parser.set_defaults(func=run)


def address(text: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6; port 0: any free one) as a pair."""
    host, sep, port = text.rpartition(":")
    host = host.strip("[]")
    if not (sep and host and port.isdigit() and int(port) < 65_536):
        raise argparse.ArgumentTypeError(_("expected HOST:PORT, such as 127.0.0.1:8790, not {text!r}").format(
            text=text))
    return host, int(port)


def seconds(text: str) -> float:
    """A number of seconds of at least 0.1 (a scan more often than that would only keep the database busy)."""
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value >= 0.1:
        raise argparse.ArgumentTypeError(_("expected a number of seconds of at least 0.1, not {text!r}").format(
            text=text))
    return value


def run(args: argparse.Namespace) -> int:
    lease.set_kind("server")  # desks show "the server … is running this campaign"
    stop_asked: list[int] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: stop_asked.append(signum))  # until the loop runs
    handler = log_json_lines()
    files = FolderKeyring.from_environment(args.credentials)
    if files is not None:  # a server has no desktop keyring: its service manager hands the secrets over as files
        keyring.set_keyring(files)
        event(log, "secrets.files", "secrets are read from files", folder=str(files.folder or ""),
              database_password=str(files.database_password_file or ""))
    try:
        with Headless.open(args) as headless:
            asyncio.run(_serve(headless, args, stop_asked))
    finally:
        logging.getLogger().removeHandler(handler)
        signal.signal(signal.SIGTERM, previous)
    return Exit.OK


#: Changes that may give the server work: a campaign launched, resumed or scheduled, or a lease given up (None: the
#: feed was cut off and anything may have changed).
WAKING_TABLES = frozenset({None, "campaigns", "campaign_leases"})


async def _serve(headless: Headless, args: argparse.Namespace, stop_asked: list[int]) -> None:
    store = headless.store
    scheduler = Scheduler(headless.campaigns, scan_seconds=args.scan_every)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, scheduler.stop)
    if stop_asked:
        scheduler.stop()
    preferences = Preferences(store)
    host, port = args.receiver or (preferences.get(NOTIFY_HOST), preferences.get(NOTIFY_PORT))
    routes = endpoints(headless.accounts)
    receiving = Receiver(Inbox(store), routes)
    receiver = RunningReceiver(receiving, host, port)
    _listen(receiver.start, host, port)
    health = ServerThread("health")
    feed = open_feed(store)  # a desk's launch or resume wakes the scan at once (PostgreSQL; nothing on SQLite)
    feed.subscribe(lambda change: scheduler.wake() if change.table in WAKING_TABLES else None)
    requests = RequestFollower(headless.campaigns, scheduler.send)  # a desk's Pause, Cancel or Resume
    requests.follow(feed, loop)
    feed.subscribe(lambda change: loop.call_soon_threadsafe(_new_accounts, headless, receiving)
                   if change.table in (None, "accounts") else None)
    feed.start()
    try:
        checks: dict[str, Check] = {"database": lambda: _database(store), "schema": lambda: _schema(store),
                                    "receiver": lambda: _accepting(host, receiver.port),
                                    "server": lambda: "stopping" if scheduler.stopping else None}
        config = uvicorn.Config(health_app(checks, scheduler.status), log_config=None, lifespan="off",
                                access_log=False, server_header=False, timeout_graceful_shutdown=1)
        health_url, _port = _listen(lambda: health.start(uvicorn.Server(config), *args.health), *args.health)
        _uvicorn_logs_to_root()
        if feed.live:  # "serving" once the desks' changes are heard (an account added, a pause asked)
            await asyncio.to_thread(feed.listening.wait, FEED_WAIT_SECONDS)
        event(log, "server.started", "serving", health=health_url, receiver=receiver.url,
              database=store.url, schema=store.version,
              endpoints=[{"account": e.account_id, "provider": e.provider, "path": e.path} for e in routes])
        await scheduler.run()
    finally:
        feed.close()
        requests.close()
        health.stop()
        receiver.stop()


def _new_accounts(headless: Headless, receiving: Receiver) -> None:
    """Accounts added on a desk since the server started get their notification routes (their secrets are read when
    used, from the credentials folder or the keyring)."""
    known = {endpoint.account_id for endpoint in receiving.endpoints}
    try:
        added = [endpoint for endpoint in endpoints(headless.accounts) if endpoint.account_id not in known]
    except AutocallError as exc:  # the database did not answer: the next change of the accounts reads them again
        event(log, "accounts.failed", str(exc), level=logging.WARNING)
        return
    for endpoint in added:
        receiving.add(endpoint)
        event(log, "account.added", "notifications for an account added since the start are received",
              account=endpoint.account_id, provider=endpoint.provider, path=endpoint.path)


def _listen(start: Callable[[], T], host: str, port: int) -> T:
    """``start()``, an address that cannot be used said as an input error."""
    try:
        return start()
    except OSError as exc:
        raise InputError(_("Cannot listen on {host} port {port}: {value}. Choose another address, or stop what uses "
                           "it.").format(host=host, port=port, value=exc.strerror or exc)) from exc


def _database(store: Store) -> str | None:
    """None when the database answers (an error that it does not is the check's verdict)."""
    store.query_one("SELECT 1")
    return None


def _schema(store: Store) -> str | None:
    """None when the database's schema is the one this version writes."""
    if store.version == len(MIGRATIONS):
        return None
    return f"the database's schema is version {store.version}, this server's is {len(MIGRATIONS)}"


def _accepting(host: str, port: int) -> str | None:
    """None when something accepts connections on ``host``:``port`` (any address: this computer's loopback)."""
    target = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    try:
        with socket.create_connection((target, port), timeout=_CONNECT_TIMEOUT):
            return None
    except OSError as exc:
        return f"the notification receiver does not answer on {target}:{port}: {exc.strerror or exc}"


def _uvicorn_logs_to_root() -> None:
    """uvicorn configures its own loggers (plain text on stderr) when a server is made: send them to the JSON lines."""
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
