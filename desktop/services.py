"""The core services one running app (or one test) uses, built in one place.

The UI's composition root (ui/app.py) builds a :class:`Services`, hands it to the main window, and closes it
before the event loop ends. Tests build one on a temporary data directory the same way.
"""

from __future__ import annotations

import functools
import logging
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.accounts.repository import AccountRepository
from desktop.logs import TailHandler, setup_logging
from desktop.paths import AppPaths
from desktop.secrets import SecretStore
from desktop.settings import BACKUPS_KEPT, Preferences
from desktop.store import Store, database_url, folder_error, open_database
from desktop.tasks import TaskOwner

if TYPE_CHECKING:
    import keyring.backend

    from desktop.contacts.repository import ContactRepository

log = logging.getLogger(__name__)


def prepare_folders(paths: AppPaths) -> None:
    """Create the app's folders (private to the user) and prove the data folder takes a new file; one that cannot
    (read-only, full disk, not a folder) is a :class:`~desktop.store.StoreError` in words, before anything starts."""
    try:
        paths.ensure()
        probe = paths.data_dir / f".write-test-{os.urandom(16).hex()}"  # not uuid: it imports platform
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise folder_error(exc, paths.data_dir) from exc


def open_store(paths: AppPaths, url: str | None = None, secrets: SecretStore | None = None) -> Store:
    """The store at ``url``, else at ``AUTOCALL_DATABASE_URL``, else the one chosen for the data folder (its SQLite
    file unless Preferences chose another; desktop.store.database_url), after the daily backup when one is due
    (SQLite only). ``secrets`` holds a PostgreSQL server's password."""
    store = open_database(database_url(paths, url), secrets)
    try:
        store.back_up_if_due(Preferences(store).get(BACKUPS_KEPT))
    except BaseException:
        store.close()
        raise
    return store


@dataclass
class Services:
    paths: AppPaths
    store: Store
    secrets: SecretStore
    log_tail: TailHandler
    tasks: TaskOwner = field(default_factory=TaskOwner)
    # Built once over the store; every tab uses these instead of building its own.
    preferences: Preferences = field(init=False)
    accounts: AccountRepository = field(init=False)

    def __post_init__(self) -> None:
        self.preferences = Preferences(self.store)
        self.accounts = AccountRepository(self.store)

    @functools.cached_property
    def contacts(self) -> ContactRepository:
        """Built when first asked for: the importer and the phone rules it loads are not needed before then."""
        from desktop.contacts.repository import ContactRepository

        return ContactRepository(self.store)

    @classmethod
    def open(cls, paths: AppPaths, keyring_backend: keyring.backend.KeyringBackend | None = None,
             url: str | None = None) -> "Services":
        """Open the data folder (:func:`prepare_folders`) and the store (``url``, else as :func:`open_store` finds
        it), taking the daily backup when it is due."""
        prepare_folders(paths)
        try:
            tail = setup_logging(paths.log_file)
        except OSError as exc:
            raise folder_error(exc, paths.log_dir) from exc
        secrets = SecretStore(keyring_backend)
        store = open_store(paths, url, secrets)
        log.info("Data folder %s, database %s (schema %d)", paths.data_dir, store.url, store.version)
        return cls(paths=paths, store=store, secrets=secrets, log_tail=tail)

    async def aclose(self) -> None:
        """Cancel every background task, then close the store; call before the event loop ends."""
        await self.tasks.cancel_all()
        self.store.close()
