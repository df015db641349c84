"""An NXCLOUD account: UUID, signing algorithm, chunk size and the callStatus table."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

from desktop.providers.errors import ConfigError
from desktop.providers.settings import ProviderSettings, SecretField


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
