"""A BizPhone account: default caller ID and region, request size, and the account's reading of what seed 004
leaves open (gather keys, default branches, transfer destinations, the concurrent-call-limit step status); each
is listed in docs/providers.md with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from desktop.i18n import _, decimal
from desktop.providers.bizphone.wire import FlowRules
from desktop.providers.errors import ConfigError
from desktop.providers.settings import ProviderSettings, SecretField

#: How ``error_concurrent_call_limit_reache`` is read: the call waits for a free line (polled on) or it failed.
LIMIT_QUEUED = "queued"
LIMIT_FAILED = "failed"


@dataclass(frozen=True, kw_only=True)
class BizPhoneSettings(ProviderSettings):
    provider: ClassVar[str] = "bizphone"
    default_caller_id: str = ""  # shown to the callee; E.164
    default_region: str = "VN"  # for numbers imported without a country code
    max_batch_size: int = 100  # destinations per /call request (the provider's limit is undocumented)
    # The account form stores choices as text: "yes"/"no".
    star_hash_keys: str = "no"  # gather keys * and # besides 0-9
    optional_default_branch: str = "no"  # a gather may have no default branch
    phone_transfers: str = "no"  # transfer to an E.164 number besides Ext:<number>
    concurrent_limit: str = LIMIT_QUEUED  # LIMIT_QUEUED or LIMIT_FAILED
    # A call still waiting for a free line this long after its batch was sent is given up as "unknown".
    queued_limit_hours: float = 24.0

    def __post_init__(self) -> None:
        try:
            hours = decimal(self.queued_limit_hours)
        except (TypeError, ValueError):
            hours = 0.0
        if not hours > 0:
            raise ConfigError(_("The BizPhone waiting limit must be a number of hours above 0."), provider="bizphone")
        object.__setattr__(self, "queued_limit_hours", hours)
        if self.concurrent_limit not in (LIMIT_QUEUED, LIMIT_FAILED):
            raise ConfigError(_("The BizPhone concurrent-call-limit reading must be queued or failed."),
                              provider="bizphone")

    def secret_fields(self) -> tuple[SecretField, ...]:
        return (SecretField("api_key", _("API key")),)

    def flow_rules(self) -> FlowRules:
        return FlowRules(star_hash_keys=self.star_hash_keys == "yes",
                         optional_default_branch=self.optional_default_branch == "yes",
                         phone_transfers=self.phone_transfers == "yes")
