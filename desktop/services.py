"""The core services one running app (or one test) uses, built in one place.

The UI's composition root (ui/app.py) builds a :class:`Services`, hands it to the main window, and closes it
before the event loop ends. Tests build one on a temporary data directory the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import keyring.backend

from desktop.accounts import AccountRepository
from desktop.logs import TailHandler, setup_logging
from desktop.paths import AppPaths
from desktop.secrets import SecretStore
from desktop.settings import Preferences
from desktop.store import Store
from desktop.tasks import TaskOwner

log = logging.getLogger(__name__)


@dataclass
class Services:
    paths: AppPaths
    store: Store
    secrets: SecretStore
    log_tail: TailHandler
    preferences: Preferences
    tasks: TaskOwner = field(default_factory=TaskOwner)

    @property
    def accounts(self) -> AccountRepository:
        return AccountRepository(self.store)

    @classmethod
    def open(cls, paths: AppPaths, keyring_backend: keyring.backend.KeyringBackend | None = None) -> "Services":
        paths.ensure()
        tail = setup_logging(paths.log_file)
        store = Store(paths.database)
        log.info("Data folder %s (schema %d)", paths.data_dir, store.version)
        return cls(paths=paths, store=store, secrets=SecretStore(keyring_backend), log_tail=tail,
                   preferences=Preferences(store))

    async def aclose(self) -> None:
        """Cancel every background task, then close the store; call before the event loop ends."""
        await self.tasks.cancel_all()
        self.store.close()
