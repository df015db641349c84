"""Account settings: the non-secret part is stored as the account's JSON config, secrets go to the keyring.

Each provider subclasses :class:`ProviderSettings` in its folder; secrets reach :func:`desktop.providers.create_client`
as a plain ``{name: value}`` mapping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from desktop.i18n import _
from desktop.providers.errors import ConfigError


@dataclass(frozen=True)
class SecretField:
    name: str  # key in the secrets mapping and in the keyring
    label: str  # what the form shows


@dataclass(frozen=True, kw_only=True)
class ProviderSettings:
    provider: ClassVar[str]
    #: None = the provider's documented default host (BizPhone has none: it must be set).
    base_url: str | None = None
    #: Plain http:// to a non-loopback host is refused unless this is set (e.g. a trusted lab gateway).
    allow_insecure_http: bool = False
    #: Seconds between request starts on this account (client-side pacing; no provider documents its limits).
    min_interval: float = 0.05

    def secret_fields(self) -> tuple[SecretField, ...]:
        raise NotImplementedError

    def effective_base_url(self) -> str:
        if not self.base_url:
            raise ConfigError(_("Enter the provider's API address (base URL) in Accounts."), provider=self.provider)
        return self.base_url

    def to_config(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Self:
        """Build from stored JSON, ignoring keys this version does not know (an older or newer app wrote them)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in config.items() if k in names})
