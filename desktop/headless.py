"""What every headless subcommand shares: the common options, the data folder opened safely, the services built
over it, and output as text or one JSON object.

A subcommand module adds its parsers with :func:`add_common` and, in its ``func``, opens the data folder with
``with Headless.open(args) as headless:``. Errors are not caught here: ``desktop.cli.main`` turns every error into
one line and an exit code (desktop/exits.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from desktop.accounts.repository import Account
from desktop.accounts.service import AccountService, DemoBackend
from desktop.campaigns.service import CampaignService
from desktop.contacts.repository import ContactRepository
from desktop.exits import InputError, UsageError
from desktop.i18n import LANGUAGES, N_, _
from desktop.paths import AppPaths
from desktop.providers.settings import ProviderSettings
from desktop.secrets import SecretStore
from desktop.services import open_store, prepare_folders
from desktop.store import Store
from desktop.tasks import TaskOwner


def add_common(parser: argparse.ArgumentParser) -> None:
    """``--data-dir``, ``--database``, ``--json``, ``--demo-url`` (used by the commands that reach a demo account,
    accepted by all so a script can pass the same options everywhere) and ``--lang`` (read before parsing:
    desktop.cli).

    They are suppressed when absent, so the same options given before the command name still count."""
    parser.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS,
                        help=_("the app's data folder (default: the app's own, as the window uses)"))
    parser.add_argument("--database", metavar="URL", default=argparse.SUPPRESS,
                        help=_("the database: sqlite:///FILE or postgresql://USER@SERVER:PORT/DATABASE (default: "
                               "AUTOCALL_DATABASE_URL, else the one chosen in Preferences, else the data folder's "
                               "own); a server's password is taken from the system keyring"))
    parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print one JSON object instead of text"))
    parser.add_argument("--demo-url", default=argparse.SUPPRESS,
                        help=_("the running practice server the demo accounts use (`autocall simulator` prints it)"))
    parser.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("the language of messages and saved files: vi or en (default: AUTOCALL_LANG, else the "
                               "system's)"))


def paths_for(args: argparse.Namespace) -> AppPaths:
    """The data folder a command works on: ``--data-dir``, or the app's own."""
    return AppPaths.chosen(getattr(args, "data_dir", None))


def emit(args: argparse.Namespace, data: dict[str, Any], text: str) -> None:
    """One JSON object (``--json``, keys sorted) or the text for a person, on stdout."""
    if getattr(args, "json", False):
        print(json.dumps(data, ensure_ascii=False, sort_keys=True), flush=True)
    elif text:
        print(text, flush=True)


_NO_DEMO = N_("This is a demo account: add --demo-url URL, the address `autocall simulator` prints.")


class _NoDemo:
    """The demo backend when no --demo-url was given: using a demo account says how to name the simulator."""

    def settings_for(self, provider: str) -> ProviderSettings:
        raise UsageError(_(_NO_DEMO))

    def secrets_for(self, provider: str) -> dict[str, str]:
        raise UsageError(_(_NO_DEMO))


class Headless:
    """One command's view of the data folder: the store, and the services over it built on first use."""

    def __init__(self, paths: AppPaths, store: Store, demo_url: str | None) -> None:
        self.paths = paths
        self.store = store
        self.demo_url = demo_url
        self._demo: DemoBackend = _NoDemo()
        if demo_url:  # the simulator's modules load only for --demo-url, before any command's event loop runs
            from desktop.demo import DemoEnvironment

            self._demo = DemoEnvironment.at(demo_url)
        self.contacts = ContactRepository(store)
        self._accounts: AccountService | None = None
        self._campaigns: CampaignService | None = None

    @classmethod
    def open(cls, args: argparse.Namespace) -> "Headless":
        """Open the data folder named by ``args``, refusing a folder that cannot be written (a read-only folder
        would otherwise fail half-way through a command), and take the daily backup when it is due."""
        paths = paths_for(args)
        prepare_folders(paths)
        return cls(paths, open_store(paths, getattr(args, "database", None)), getattr(args, "demo_url", None))

    def __enter__(self) -> "Headless":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.store.close()

    @property
    def accounts(self) -> AccountService:
        if self._accounts is None:
            self._accounts = AccountService(self.store, SecretStore(), self._demo)
        return self._accounts

    @property
    def campaigns(self) -> CampaignService:
        if self._campaigns is None:
            self._campaigns = CampaignService(self.store, self.accounts, TaskOwner())
        return self._campaigns

    def account(self, name_or_id: str) -> Account:
        """The account with this id, or else this exact name (case-insensitive)."""
        found = self.accounts.repository.list()
        for account in found:
            if str(account.id) == name_or_id.strip():
                return account
        for account in found:
            if account.name.casefold() == name_or_id.strip().casefold():
                return account
        names = ", ".join(f"{a.id} “{a.name}”" for a in found) or _("none yet (`autocall accounts demo` adds the demo)")
        raise InputError(_("No account is called or numbered “{name_or_id}”. Accounts: {names}.").format(
                             name_or_id=name_or_id, names=names))

    def list_columns(self, list_id: int) -> tuple[str, list[str]]:
        """A saved contact list's name and its column names; an unknown id is an input error."""
        row = self.store.query_one("SELECT name, columns FROM contact_lists WHERE id = ?", (list_id,))
        if row is None:
            raise InputError(_("There is no contact list {list_id}: `autocall contacts list` shows the saved lists.")
                             .format(
                                 list_id=list_id))
        return row["name"], json.loads(row["columns"])


def note(command: str, text: str) -> None:
    """A line for a person on stderr that is not an error (e.g. settings keys that were not used)."""
    print(_("autocall {command}: note: {text}").format(command=command, text=text), file=sys.stderr, flush=True)
