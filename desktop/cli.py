"""The ``autocall`` command (also ``python -m desktop``): headless subcommands over the same core as the app.

Each subcommand lives beside the code it drives and exposes ``register(subparsers)``, which adds its parser
and sets ``func`` (called with the parsed args, returning an exit code). Add one by naming its module below.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from desktop import __version__

# Modules that provide a ``register(subparsers)`` function, in the order they appear in ``--help``.
SUBCOMMAND_MODULES: tuple[str, ...] = ("desktop.contacts.cli", "desktop.simulator.cli", "desktop.campaigns.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autocall", description="Autocall Desk command-line tools (headless)."
    )
    parser.add_argument("--version", action="version", version=f"autocall {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in SUBCOMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    return int(args.func(args) or 0)
