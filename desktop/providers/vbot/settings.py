"""A VBot account: API generation, v2 sign-in name and IDs, the default hotline."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from desktop.i18n import _
from desktop.providers.errors import ConfigError
from desktop.providers.settings import ProviderSettings, SecretField

VBOT_HOSTS = {"v2": "https://open-api-h01.vbot.vn/v2.0", "v3": "https://open-api-h01.vbot.vn/v3.0"}


@dataclass(frozen=True, kw_only=True)
class VBotSettings(ProviderSettings):
    provider: ClassVar[str] = "vbot"
    api_generation: Literal["v2", "v3"] = "v3"
    username: str = ""  # v2 sign-in name (not secret)
    vbot_id: str = ""  # v2: sent with every request
    project_code: str = ""  # v2: sent with every request
    #: Unit of call history ``from``/``to``: undocumented; the newer CDR APIs use milliseconds.
    history_time_unit: Literal["ms", "s"] = "ms"
    default_hotline: str = ""  # hotline_code used when a batch names none

    def __post_init__(self) -> None:
        if self.api_generation not in VBOT_HOSTS:
            raise ConfigError(_("Unknown VBot API generation {api_generation!r}: choose v2 or v3.").format(
                                  api_generation=self.api_generation), provider="vbot")
        if self.history_time_unit not in ("ms", "s"):
            raise ConfigError(_("The VBot history time unit must be 'ms' or 's'."), provider="vbot")

    def secret_fields(self) -> tuple[SecretField, ...]:
        if self.api_generation == "v2":
            return (SecretField("password", _("Password")),)
        return (SecretField("api_key", _("API key")),)

    def effective_base_url(self) -> str:
        return self.base_url or VBOT_HOSTS[self.api_generation]
