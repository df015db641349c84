"""A BizPhone account: default caller ID and region, request size, recording."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from desktop.providers.settings import ProviderSettings, SecretField


@dataclass(frozen=True, kw_only=True)
class BizPhoneSettings(ProviderSettings):
    provider: ClassVar[str] = "bizphone"
    default_caller_id: str = ""  # shown to the callee; E.164
    default_region: str = "VN"  # for numbers imported without a country code
    max_batch_size: int = 100  # destinations per /call request (the provider's limit is undocumented)
    enable_call_recording: bool = False

    def secret_fields(self) -> tuple[SecretField, ...]:
        return (SecretField("api_key", "API key"),)
