"""The ``autocall`` command (also ``python -m desktop``): headless subcommands over the same core as the app.

Each subcommand lives beside the code it drives and exposes ``register(subparsers)``, which adds its parser
and sets ``func`` (called with the parsed args, returning an exit code). Add one by naming it and its module below.
A command line that names a command imports only that command's module, so ``autocall check`` starts without the
simulator's or the receiver's; help and a mistyped command import them all.

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
from desktop.i18n import LANGUAGES, N_, _, ngettext, set_language, system_language
from desktop.logs import log_on_first_record
from desktop.paths import AppPaths, use_private_umask

log = logging.getLogger(__name__)

# Each command and the module whose ``register(subparsers)`` adds it, in the order they appear in ``--help``.
SUBCOMMANDS: dict[str, str] = {
    "accounts": "desktop.accounts.cli",
    "check": "desktop.contacts.check", "contacts": "desktop.contacts.cli", "dnc": "desktop.contacts.cli",
    "simulator": "desktop.simulator.cli",
    "campaign": "desktop.campaigns.cli",
    "receiver": "desktop.notifications.cli",
    "serve": "desktop.server.cli",
    "store": "desktop.store_cli", "db": "desktop.store_cli",
}

#: argparse's own words (help headings, its error messages), listed so `make messages` extracts them: argparse looks
#: each up through its module's ``_`` and ``ngettext`` when it says it, and those are the core's (below).
ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"), N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"), N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"), N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)
argparse._ = _  # type: ignore[attr-defined]
argparse.ngettext = ngettext  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse with the usage exit code of desktop/exits.py (argparse's own 2 means 'bad input' here)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(Exit.USAGE, f"{self.prog}: {message}\n")


def choose_language(argv: Sequence[str] | None) -> str:
    """The language of the command's words: ``--lang``, else ``AUTOCALL_LANG``, else the system's."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGUAGES)
    chosen = early.parse_known_args(argv)[0].lang or os.environ.get("AUTOCALL_LANG", "")
    return chosen if chosen in LANGUAGES else system_language()


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for ``argv``: with the named command's module only, or every module when none is named."""
    parser = _options(_Parser(prog="autocall", description=_("Autocall Desk on the command line, without a window. "
                                                             "Exit codes: {codes}.").format(
        codes=", ".join(f"{code.value} {code.name.lower()}" for code in Exit))))
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    named = _named_command(argv)
    for module_name in dict.fromkeys([SUBCOMMANDS[named]] if named in SUBCOMMANDS else SUBCOMMANDS.values()):
        importlib.import_module(module_name).register(subparsers)
    return parser


def _options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The options that come before the command."""
    parser.add_argument("--version", action="version", version=f"autocall {__version__}",
                        help=_("show the program's version and exit"))
    parser.add_argument("--lang", choices=LANGUAGES,
                        help=_("the language of messages and saved files: vi or en (default: AUTOCALL_LANG, "
                               "else the system's)"))
    parser.add_argument("--data-dir", type=Path, help=_("the app's data folder (default: the app's own)"))
    parser.add_argument("--database", metavar="URL",
                        help=_("the database: sqlite:///FILE or postgresql://USER@SERVER:PORT/DATABASE (default: "
                               "AUTOCALL_DATABASE_URL, else the one chosen in Preferences)"))
    parser.add_argument("--json", action="store_true", help=_("print one JSON object instead of text"))
    parser.add_argument("--demo-url", help=_("the running practice server the demo accounts use "
                                             "(`autocall simulator`)"))
    return parser


def _named_command(argv: Sequence[str] | None) -> str | None:
    """The command ``argv`` names: its first word that is neither an option nor an option's value."""
    try:
        _, rest = _options(argparse.ArgumentParser(add_help=False, exit_on_error=False)).parse_known_args(
            sys.argv[1:] if argv is None else argv)
    except argparse.ArgumentError:
        return None  # the full parser says what is wrong
    return next((word for word in rest if not word.startswith("-")), None)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:  # the reader of stdout left: nothing more to say, and no traceback at exit either
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return Exit.INTERRUPTED


def _run(argv: Sequence[str] | None) -> int:
    use_private_umask()  # what the command writes (exports, logs, the database) is the user's alone
    set_language(choose_language(argv))  # before the parser: its help is translated too
    parser = build_parser(argv)
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
    """Log to the data folder's log file, looked up when the first line is logged; a folder that cannot take it is
    reported by the command itself."""
    log_on_first_record(lambda: AppPaths.chosen(getattr(args, "data_dir", None)).log_file)
