"""``autocall simulator``: serve all three providers' APIs on loopback until interrupted.

At start it prints exactly one JSON line on stdout, ``{"root", "base_urls", "credentials"}``, so a script
or test can read where to connect and how to log in; everything else goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.serving import bind, root_url
from desktop.simulator.app import Simulator
from desktop.simulator.config import DEMO_LENIENT, SimulatorConfig, lenient
from desktop.simulator.server import make_server


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulator",
        help=_("serve the VBot, NXCLOUD and BizPhone APIs on this computer (demo mode and tests)"),
        description=_("A practice server: serves the three providers' APIs on this computer until interrupted. At "
                      "start it prints exactly one JSON line (root, base_urls, credentials), so a script or test can "
                      "read where to connect and how to sign in; everything else goes to the error output."),
    )
    parser.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default: this computer only)"))
    parser.add_argument("--port", type=int, default=0, help=_("port (default 0: the system chooses)"))
    parser.add_argument("--speed", type=float, default=1.0, help=_("simulated seconds per real second"))
    parser.add_argument("--seed", type=int, default=0, help=_("seed for call results and faults"))
    parser.add_argument("--faults", default="", help=_("fault rules: GLOB=KIND[:ARG][@RATE][#COUNT];..."))
    parser.add_argument("--webhook-url", default=None, help=_("where VBot webhooks are sent"))
    parser.add_argument(
        "--webhook-auth", default=None, metavar="'NAME: VALUE'",
        help=_("header VBot webhooks carry (default 'Authorization: demo-webhook-secret')"),
    )
    parser.add_argument(
        "--lenient", action="append", default=None, metavar="SWITCH",
        help=_("turn on a lenient reading of a provider document (a <provider>_lenient_<rule> field of the "
               "simulator's config; repeatable). Default: the demo's, {switches}").format(
                   switches=", ".join(DEMO_LENIENT)),
    )
    parser.add_argument("--strict", action="store_true", help=_("no lenient reading at all, not even the demo's"))
    # Every command takes these: the data folder only receives the log; the one line is JSON anyway.
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=_("where the log file goes"))
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=_("(always JSON)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = SimulatorConfig(seed=args.seed, speed=args.speed, webhook_url=args.webhook_url, faults=args.faults)
    if args.webhook_auth:
        name, _colon, value = args.webhook_auth.partition(":")
        config.webhook_auth_header = (name.strip(), value.strip())
    try:
        lenient(config, () if args.strict else tuple(args.lenient or DEMO_LENIENT))
        simulator = Simulator(config)
    except ValueError as exc:
        raise AutocallError(str(exc)) from exc  # a bad --faults or --seed: an input problem (exit 2)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        print(f"autocall simulator: warning: listening on {args.host}, not loopback", file=sys.stderr)
    sock = bind(args.host, args.port)
    root = root_url(sock)
    line = {"root": root, "base_urls": simulator.base_urls(root), "credentials": simulator.credentials}
    print(json.dumps(line), flush=True)
    # uvicorn shuts down gracefully on Ctrl-C, then re-raises it: that is the normal way out, not an error.
    with contextlib.suppress(KeyboardInterrupt):
        make_server(simulator).run(sockets=[sock])
    return 0
