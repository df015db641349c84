"""Accounts as a user manages them: settings in the store, secrets in the keyring, a provider client on demand.

Kept apart from :mod:`desktop.accounts.repository` (the plain repository) so that opening the store never loads the
provider clients; importing it loads no provider interface either (the window's first frame needs none).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

from desktop.accounts.repository import Account, AccountRepository
from desktop.i18n import _
from desktop.providers import PROVIDERS, create_client, spec
from desktop.providers.errors import ConfigError

if TYPE_CHECKING:
    import httpx

    from desktop.providers.base import ConnectionInfo, ProviderClient
    from desktop.providers.settings import ProviderSettings
    from desktop.secrets import SecretStore
    from desktop.store import Store


class DemoBackend(Protocol):
    """What the demo accounts need from the running simulator (desktop/demo.py provides it)."""

    def settings_for(self, provider: str) -> ProviderSettings: ...

    def secrets_for(self, provider: str) -> dict[str, str]: ...


class AccountService:
    """Accounts as a user manages them: settings in the store, secrets in the keyring, a client on demand.

    Demo accounts have no stored settings or secrets of their own: they resolve to the in-process simulator,
    whose address changes with every start.
    """

    def __init__(self, store: Store, secrets: SecretStore, demo: DemoBackend | None = None) -> None:
        self.repository = AccountRepository(store)
        self.secrets = secrets
        self.demo = demo

    def settings_for(self, account: Account) -> ProviderSettings:
        if account.is_demo:
            if self.demo is None:
                raise ConfigError(_("The demo provider is not running. Start Autocall Desk with --demo."),
                                  provider=account.provider)
            return self.demo.settings_for(account.provider)
        return spec(account.provider).settings.from_config(account.config)

    def secrets_for(self, account: Account) -> dict[str, str]:
        """The account's secrets by field name; a missing one is simply absent (the client says what is needed)."""
        if account.is_demo:
            return self.demo.secrets_for(account.provider) if self.demo else {}
        found = {}
        for secret in self.settings_for(account).secret_fields():
            value = self.secrets.get(account.id, secret.name)
            if value:
                found[secret.name] = value
        return found

    def save(self, account: Account, settings: ProviderSettings, secrets: Mapping[str, str]) -> Account:
        """Store the settings, then put each non-empty secret in the keyring (an empty one keeps the old value)."""
        if account.is_demo:
            raise ValueError(_("demo accounts cannot be edited"))
        account.provider = settings.provider
        account.config = settings.to_config()
        self.repository.save(account)
        for name, value in secrets.items():
            if value:
                self.secrets.set(account.id, name, value)
        return account

    def duplicate(self, account: Account, new_name: str) -> Account:
        copy = Account(name=new_name, provider=account.provider, config=dict(account.config))
        if account.is_demo:
            copy.config = {}
        return self.save(copy, spec(copy.provider).settings.from_config(copy.config),
                         {} if account.is_demo else self.secrets_for(account))

    def delete(self, account: Account) -> None:
        """Remove the account and every keyring item it may have (for any API generation it ever used)."""
        if account.is_demo:
            raise ValueError(_("demo accounts cannot be deleted"))
        for name in all_secret_names():
            self.secrets.delete(account.id, name)
        self.repository.delete(account.id)

    def client_for(self, account: Account, *, transport: httpx.AsyncBaseTransport | None = None) -> ProviderClient:
        return create_client(self.settings_for(account), self.secrets_for(account), transport=transport)

    async def test_connection(self, account: Account) -> ConnectionInfo:
        """The provider's cheapest authenticated call; raises a ProviderError whose text says what to do."""
        async with self.client_for(account) as client:
            return await client.check_connection()


def all_secret_names() -> tuple[str, ...]:
    """Every secret name any provider's settings can ask for, so deleting an account leaves nothing behind."""
    return tuple(dict.fromkeys(name for provider in PROVIDERS for name in provider.secret_names))
