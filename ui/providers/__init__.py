"""The GUI registry: each provider's account fields, campaign page and template-field source, by provider key.

An unknown key is an error, never another provider's form.
"""

from __future__ import annotations

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


def provider_long_name(key: str) -> str:
    """The provider's name as lists show it ("NXCLOUD Callbot")."""
    return spec(provider_ui(key).key).long_name
