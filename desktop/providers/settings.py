"""Per-provider account settings (non-secret, stored as the account's JSON config) and secret field names.

The Accounts tab builds its form from these dataclasses and ``secret_fields()``; secrets themselves go to the
keyring and reach :func:`desktop.providers.create_client` as a plain ``{name: value}`` mapping.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Self

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
            raise ConfigError("Enter the provider's API address (base URL) in Accounts.", provider=self.provider)
        return self.base_url

    def to_config(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Self:
        """Build from stored JSON, ignoring keys this version does not know (an older or newer app wrote them)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in config.items() if k in names})


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
            raise ConfigError(f"Unknown VBot API generation {self.api_generation!r}: choose v2 or v3.", provider="vbot")
        if self.history_time_unit not in ("ms", "s"):
            raise ConfigError("The VBot history time unit must be 'ms' or 's'.", provider="vbot")

    def secret_fields(self) -> tuple[SecretField, ...]:
        if self.api_generation == "v2":
            return (SecretField("password", "Password"),)
        return (SecretField("api_key", "API key"),)

    def effective_base_url(self) -> str:
        return self.base_url or VBOT_HOSTS[self.api_generation]


@dataclass(frozen=True, kw_only=True)
class NxCloudSettings(ProviderSettings):
    provider: ClassVar[str] = "nxcloud"
    uuid: str = ""  # back-office → Developer; identifies the account, not secret
    algorithm: Literal["MD5", "SHA256"] = "MD5"
    max_chunk: int = 100  # callList items per request; halved on retCode 4001
    verify_response_signatures: bool = True
    #: callStatus value → outcome name; NXCLOUD's callStatus list is undocumented, so it is configured here.
    call_status_map: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.algorithm not in ("MD5", "SHA256"):
            raise ConfigError("The NXCLOUD signing algorithm must be MD5 or SHA256.", provider="nxcloud")
        if self.max_chunk < 1:
            raise ConfigError("The NXCLOUD chunk size must be at least 1.", provider="nxcloud")

    def secret_fields(self) -> tuple[SecretField, ...]:
        return (SecretField("secret_key", "Secret key"),)

    def effective_base_url(self) -> str:
        return self.base_url or "https://nxbot.nxcloud.com"


@dataclass(frozen=True, kw_only=True)
class BizPhoneSettings(ProviderSettings):
    provider: ClassVar[str] = "bizphone"
    default_caller_id: str = ""  # shown to the callee; E.164
    default_region: str = "VN"  # for numbers imported without a country code
    max_batch_size: int = 100  # destinations per /call request (the provider's limit is undocumented)
    enable_call_recording: bool = False

    def secret_fields(self) -> tuple[SecretField, ...]:
        return (SecretField("api_key", "API key"),)


SETTINGS_TYPES: dict[str, type[ProviderSettings]] = {
    cls.provider: cls for cls in (VBotSettings, NxCloudSettings, BizPhoneSettings)
}
