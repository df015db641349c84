"""``autocall accounts …``: the accounts in a data folder, and the demo accounts a headless run can use.

    autocall accounts demo [--data-dir DIR] [--json]   # one demo account per provider, created once; prints them
    autocall accounts list [--data-dir DIR] [--json]

Accounts with real credentials are added in the app (their secrets go to the system keyring).
"""

from __future__ import annotations

import argparse

from desktop.accounts.repository import Account, AccountRepository
from desktop.exits import Exit
from desktop.headless import Headless, add_common, emit
from desktop.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("accounts", help=_("list the accounts; add the demo accounts"),
                                   description=_("The accounts in a data folder, and the demo accounts a command "
                                                 "can use."))
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    demo = actions.add_parser("demo", help=_("create the demo accounts if missing (one per provider) and print them"))
    add_common(demo)
    demo.set_defaults(func=run_demo)
    listed = actions.add_parser("list", help=_("every account: id, provider, name"))
    add_common(listed)
    listed.set_defaults(func=run_list)


def _json(account: Account) -> dict:
    return {"id": account.id, "name": account.name, "provider": account.provider, "demo": account.is_demo}


def _show(args: argparse.Namespace, accounts: list[Account]) -> None:
    text = "\n".join("\t".join((str(a.id), a.provider, _("demo") if a.is_demo else _("real"), a.name))
                     for a in accounts)
    emit(args, {"accounts": [_json(a) for a in accounts]}, text or _("No accounts yet."))


def run_demo(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        _show(args, AccountRepository(headless.store).ensure_demo_accounts())
    return Exit.OK


def run_list(args: argparse.Namespace) -> int:
    with Headless.open(args) as headless:
        _show(args, AccountRepository(headless.store).list())
    return Exit.OK
