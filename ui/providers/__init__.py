"""The GUI registry: each provider's account fields, campaign page and template-field source, by provider key.

An unknown key is an error, never another provider's form.
"""

from __future__ import annotations

from desktop.accounts import PROVIDER_NAMES
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
    """The provider's name as messages say it."""
    # MERGE: return desktop.providers.spec(key).name (wt-prov's registry), and drop accounts.PROVIDER_NAMES here.
    return PROVIDER_NAMES[provider_ui(key).key]
