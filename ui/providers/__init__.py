"""The GUI registry: each provider's account fields, campaign page and template-field source, by provider key.

An unknown key is an error, never another provider's form.
"""

from __future__ import annotations

from desktop.accounts.repository import Account
from desktop.providers import spec
from ui.providers import bizphone, nxcloud, vbot
from ui.providers.base import ProviderUi

PROVIDER_UIS: tuple[ProviderUi, ...] = (vbot.UI, nxcloud.UI, bizphone.UI)
_BY_KEY = {ui.key: ui for ui in PROVIDER_UIS}


class UnknownProviderUi(LookupError):
    """No GUI is registered for this provider key."""


def provider_ui(key: str) -> ProviderUi:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UnknownProviderUi(f"No GUI is registered for the provider {key!r} (ui/providers/__init__.py)") from None


def provider_name(key: str) -> str:
    """The provider's short name, as messages say it ("NXCLOUD")."""
    return spec(provider_ui(key).key).name


def account_label(account: Account) -> str:
    """An account as pickers and questions name it: its name, with the provider's when the name lacks it."""
    name = account.provider_name
    return account.name if name in account.name else f"{account.name} ({name})"


def provider_long_name(key: str) -> str:
    """The provider's name as lists show it ("NXCLOUD Callbot")."""
    return spec(provider_ui(key).key).long_name
