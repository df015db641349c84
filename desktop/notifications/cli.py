"""``autocall receiver``: receive the providers' notifications (VBot webhooks, NXCLOUD callbacks) without a window.

    autocall receiver [--data-dir DIR] [--host H] [--port P] [--show-secrets]   # until Ctrl+C or SIGTERM (exit 0)
    autocall receiver events [--data-dir DIR] [--json]                           # what arrived, what was refused

At start it prints one JSON line: the address it listens on and, per account, the URL its provider should call
and what to enter in the provider's console (a secret header value only with --show-secrets). Providers reach it
through the public address in front of it (a router's port forward, a reverse proxy or a tunnel).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
from datetime import datetime, timezone
from types import FrameType

from desktop.exits import Exit, InputError
from desktop.gc_policy import freeze_start_up
from desktop.headless import Headless, add_common, emit, note
from desktop.i18n import N_, _, shown
from desktop.notifications.inbox import Inbox
from desktop.notifications.receiver import Endpoint, Receiver, endpoints, make_server
from desktop.providers import PROVIDERS, spec
from desktop.serving import LOOPBACK, bind, root_url
from desktop.settings import NOTIFY_HOST, NOTIFY_PORT

HIDDEN = N_("(hidden: add --show-secrets to print it)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("receiver", help=_("receive VBot webhooks and NXCLOUD callbacks (until stopped)"),
                                   description=_("Receive the providers' notifications without a window, until "
                                                 "stopped. At start it prints one JSON line: the address it listens "
                                                 "on and, for each account, the address its provider should call and "
                                                 "what to enter in the provider's console."))
    add_common(parser)
    parser.add_argument("--host", default=NOTIFY_HOST.default,
                        help=_("address to listen on (default: this computer only)"))
    parser.add_argument("--port", type=int, default=NOTIFY_PORT.default,
                        help=_("port to listen on (default {default}, as in the window; 0: any free one)").format(
                                 default=NOTIFY_PORT.default))
    parser.add_argument("--show-secrets", action="store_true",
                        help=_("print the header values to paste into the providers' consoles"))
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    events = actions.add_parser("events", help=_("the notifications received and the attempts refused, newest first"))
    add_common(events)
    events.add_argument("--limit", type=int, default=100, help=_("how many events to list (default 100)"))
    events.set_defaults(func=run_events)


def _describe(endpoint: Endpoint, root: str, show_secrets: bool) -> dict:
    url = root + endpoint.path
    return {"account_id": endpoint.account_id, "account": endpoint.account_name, "provider": endpoint.provider,
            "url": url, "paste": {p.label: _(HIDDEN) if p.secret and not show_secrets else p.value
                                  for p in endpoint.channel.pastes(url)}}


def run(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        routes = endpoints(headless.accounts)
        receiver = Receiver(Inbox(headless.store), routes)
        try:
            sock = bind(args.host, args.port)
        except OSError as exc:
            raise InputError(_("Cannot listen on {host} port {port}: {value}. Choose another --port, or stop what "
                               "uses it.").format(host=args.host, port=args.port, value=exc.strerror or exc)) from exc
        if args.host not in LOOPBACK:
            note("receiver", _("listening on {host}: other computers can reach it, not only this one").format(
                                 host=args.host))
        if not routes:
            able = " and ".join(p.name for p in PROVIDERS if p.notifications)
            note("receiver", _("no account can receive notifications yet ({able} accounts can)").format(able=able))
        root = root_url(sock)
        server = make_server(receiver)

        def stop(signum: int, frame: FrameType | None) -> None:
            """SIGTERM asks the server to finish (also before it serves, and when uvicorn re-raises the signal
            after its own graceful shutdown); raising here instead could interrupt any line, a lock's included."""
            server.should_exit = True

        previous = signal.signal(signal.SIGTERM, stop)  # before the line: a script may stop us at once
        try:
            with contextlib.suppress(KeyboardInterrupt), sock:  # Ctrl+C ends it the same way
                line = {"listening": root, "endpoints": [_describe(e, root, args.show_secrets) for e in routes]}
                print(json.dumps(line, ensure_ascii=False), flush=True)
                freeze_start_up()  # what was set up serves until the end: no later collection walks it
                server.run(sockets=[sock])
        finally:
            signal.signal(signal.SIGTERM, previous)
    return Exit.OK


def _time(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, timezone.utc).isoformat(timespec="seconds")


def run_events(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        inbox = Inbox(headless.store)
        events, refusals = inbox.events(args.limit), inbox.refusals()
    data = {
        "events": [{"id": e.id, "account_id": e.account_id, "provider": e.provider, "kind": e.kind,
                    "dedupe_key": e.dedupe_key, "received_at": _time(e.received_at), "applied": e.applied,
                    "bytes": e.size} for e in events],
        "refused": [{"account_id": r.account_id, "reason": shown(r.reason), "count": r.count,
                     "first_at": _time(r.first_at), "last_at": _time(r.last_at)} for r in refusals],
    }
    lines = [_("{time}\taccount {account}\t{provider}\t{kind}\t{result}").format(
        time=_time(e.received_at), account=e.account_id, provider=spec(e.provider).name, kind=e.kind,
        result=_("applied") if e.applied else _("no call matched")) for e in events]
    lines += [_("refused\taccount {account}\t{count}×\t{reason}\tlast {time}").format(
        account=r.account_id, count=r.count, reason=shown(r.reason), time=_time(r.last_at)) for r in refusals]
    emit(args, data, "\n".join(lines) or _("Nothing has arrived yet."))
    return Exit.OK
