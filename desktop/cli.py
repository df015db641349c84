"""The ``autocall`` command (also ``python -m desktop``): headless subcommands over the same core as the app.

Each subcommand lives beside the code it drives and exposes ``register(subparsers)``, which adds its parser
and sets ``func`` (called with the parsed args, returning an exit code). Add one by naming its module below.

No traceback ever reaches the terminal: :func:`main` turns any error into one line on stderr and the exit code
``desktop.exits`` gives it; an unforeseen error also leaves its traceback in the data folder's log file. Output
piped into a reader that stops early (``| head``) ends the command quietly, as SIGPIPE ends other tools.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from desktop import __version__
from desktop.exits import Exit, exit_code, sentence
from desktop.headless import paths_for
from desktop.logs import setup_logging
from desktop.paths import use_private_umask

log = logging.getLogger(__name__)

# Modules that provide a ``register(subparsers)`` function, in the order they appear in ``--help``.
SUBCOMMAND_MODULES: tuple[str, ...] = ("desktop.accounts.cli", "desktop.contacts.cli", "desktop.simulator.cli",
                                       "desktop.campaigns.cli", "desktop.notifications.cli", "desktop.store_cli")


class _Parser(argparse.ArgumentParser):
    """argparse with the usage exit code of desktop/exits.py (argparse's own 2 means 'bad input' here)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(Exit.USAGE, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="autocall", description="Autocall Desk command-line tools (headless). Exit codes: "
                     + ", ".join(f"{code.value} {code.name.lower()}" for code in Exit) + ".")
    parser.add_argument("--version", action="version", version=f"autocall {__version__}")
    parser.add_argument("--data-dir", type=Path, help="the app's data folder (default: the app's own)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--demo-url", help="the running simulator the demo accounts use (`autocall simulator`)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:  # the reader of stdout left: nothing more to say, and no traceback at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.INTERRUPTED


def _run(argv: Sequence[str] | None) -> int:
    use_private_umask()  # what the command writes (exports, logs, the database) is the user's alone
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return Exit.USAGE
    command = " ".join(filter(None, (args.command, getattr(args, "action", None))))
    _log_to_data_folder(args)
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # a reader that left is seen here, inside the guard
        return code
    except BaseException as error:  # the last guard of every command: one line, a code, never a traceback
        if isinstance(error, (SystemExit, BrokenPipeError)):
            raise
        code = exit_code(error)
        if code is Exit.INTERNAL:
            log.exception("autocall %s failed", command)
        else:
            log.info("autocall %s stopped (exit %d): %s", command, code, sentence(error))
        print(f"autocall {command}: {sentence(error)}", file=sys.stderr, flush=True)
        return code


def _log_to_data_folder(args: argparse.Namespace) -> None:
    """Log to the data folder's log file; a folder that cannot take it is reported by the command itself."""
    try:
        setup_logging(paths_for(args).log_file)
    except OSError:
        logging.getLogger().addHandler(logging.NullHandler())
