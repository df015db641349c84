"""Provider accounts as the store keeps them: a name, a provider and non-secret settings.

Secrets (passwords, API keys, secret keys) are never here; they are in the keyring under the account's id
(:mod:`desktop.secrets`). Demo accounts point at the built-in simulator and carry no secrets of their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.providers import PROVIDERS, spec
from desktop.store import IntegrityError, Store


class AccountNameTaken(AutocallError):
    """Another account already has this name (names are how people tell accounts apart)."""

    def __init__(self, name: str) -> None:
        super().__init__(_("Another account is already called “{name}”. Choose a different name.").format(name=name))
        self.name = name


class AccountInUse(AutocallError):
    """Campaigns refer to this account, so deleting it would orphan their results."""

    def __init__(self, account_id: int) -> None:
        super().__init__(_("This account has campaigns, so it cannot be deleted. Keep it, or delete its campaigns "
                           "first."))
        self.account_id = account_id


@dataclass
class Account:
    name: str
    provider: str
    config: dict[str, Any] = field(default_factory=dict)
    is_demo: bool = False
    id: int | None = None

    @property
    def provider_name(self) -> str:
        return spec(self.provider).long_name


class AccountRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def list(self) -> list[Account]:
        rows = self._store.query("SELECT * FROM accounts ORDER BY is_demo DESC, lower(name), id")
        return [_from_row(row) for row in rows]

    def get(self, account_id: int) -> Account | None:
        row = self._store.query_one("SELECT * FROM accounts WHERE id = ?", (account_id,))
        return _from_row(row) if row else None

    def save(self, account: Account) -> Account:
        """Insert (no id yet) or update; returns the account with its id. An unknown provider raises
        :class:`~desktop.providers.errors.UnknownProvider`."""
        spec(account.provider)
        config = json.dumps(account.config, ensure_ascii=False)
        try:
            self._write(account, config)
        except IntegrityError as exc:
            raise AccountNameTaken(account.name) from exc
        return account

    def _write(self, account: Account, config: str) -> None:
        with self._store.transaction() as db:
            if account.id is None:
                account.id = db.execute(
                    "INSERT INTO accounts(name, provider, config, is_demo) VALUES (?, ?, ?, ?) RETURNING id",
                    (account.name, account.provider, config, int(account.is_demo)),
                ).fetchone()[0]
            else:
                db.execute(
                    "UPDATE accounts SET name = ?, provider = ?, config = ? WHERE id = ?",
                    (account.name, account.provider, config, account.id),
                )

    def delete(self, account_id: int) -> None:
        try:
            with self._store.transaction() as db:
                db.execute("DELETE FROM accounts WHERE id = ?", (account_id,))
        except IntegrityError as exc:
            raise AccountInUse(account_id) from exc

    def has_real_accounts(self) -> bool:
        return self._store.query_one("SELECT 1 FROM accounts WHERE is_demo = 0 LIMIT 1") is not None

    def ensure_demo_accounts(self) -> list[Account]:
        """One demo account per provider, created once; they talk to the in-process simulator."""
        existing = {a.provider: a for a in self.list() if a.is_demo}
        for provider in PROVIDERS:
            if provider.key not in existing:
                existing[provider.key] = self.save(
                    Account(name=f"{provider.long_name} — demo", provider=provider.key, is_demo=True)
                )
        return [existing[p.key] for p in PROVIDERS]


def _from_row(row: Any) -> Account:
    return Account(
        id=row["id"],
        name=row["name"],
        provider=row["provider"],
        config=json.loads(row["config"]),
        is_demo=bool(row["is_demo"]),
    )

