"""An NXCLOUD account: UUID, signing algorithm, chunk size and the callStatus table."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

from desktop.i18n import _
from desktop.providers.errors import ConfigError
from desktop.providers.settings import ProviderSettings, SecretField
from desktop.providers.status import Outcome

#: The outcomes a callStatus value may be mapped to (``unknown`` is what an unmapped value already gives).
CALL_STATUS_OUTCOMES = tuple(o for o in Outcome if o is not Outcome.UNKNOWN)


def parse_call_statuses(text: str) -> dict[str, str]:
    """``"1=answered, 2=Không nghe máy"`` (commas or new lines; each outcome by its code or its words, see
    :meth:`Outcome.named`) → ``{"1": "answered", "2": "no_answer"}``; a malformed pair, an unknown outcome or a value
    given twice raises ConfigError in the operator's words."""
    found: dict[str, str] = {}
    for pair in (p.strip() for p in re.split(r"[,\n;]", text)):
        if not pair:
            continue
        value, equals, words = (part.strip() for part in pair.partition("="))
        if not equals or not value or not words:
            raise ConfigError(_("Write each NXCLOUD call result as number=result, e.g. {example} (not {pair!r}).")
                              .format(example=call_statuses_text({"1": Outcome.ANSWERED}), pair=pair),
                              provider="nxcloud")
        outcome = Outcome.named(words)
        if outcome not in CALL_STATUS_OUTCOMES:
            raise ConfigError(_("{outcome!r} is not a result: use one listed under “Call results” in Accounts.")
                              .format(outcome=words),
                              provider="nxcloud")
        if value in found:
            raise ConfigError(_("The NXCLOUD call result {value} is given twice.").format(value=value),
                              provider="nxcloud")
        found[value] = str(outcome)
    return found


def call_statuses_text(table: Mapping[str, str]) -> str:
    """A callStatus table in the current language's words: ``{"1": "no_answer"}`` → ``"1=Không nghe máy"``."""
    return ", ".join(f"{value}={Outcome(outcome).label}" for value, outcome in table.items())


@dataclass(frozen=True, kw_only=True)
class NxCloudSettings(ProviderSettings):
    provider: ClassVar[str] = "nxcloud"
    uuid: str = ""  # back-office → Developer; identifies the account, not secret
    algorithm: Literal["MD5", "SHA256"] = "MD5"
    max_chunk: int = 100  # callList items per request; halved on retCode 4001
    verify_response_signatures: bool = True
    #: callStatus value → outcome, as the operator writes it ("1=answered, 2=no_answer"). NXCLOUD's callStatus list
    #: is undocumented, so the default is empty: termSipCode and hangupCause decide (docs/providers.md).
    call_statuses: str = ""

    def __post_init__(self) -> None:
        if self.algorithm not in ("MD5", "SHA256"):
            raise ConfigError(_("The NXCLOUD signing algorithm must be MD5 or SHA256."), provider="nxcloud")
        if self.max_chunk < 1:
            raise ConfigError(_("The NXCLOUD chunk size must be at least 1."), provider="nxcloud")
        parse_call_statuses(self.call_statuses)

    @property
    def call_status_map(self) -> dict[str, str]:
        return parse_call_statuses(self.call_statuses)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Self:
        """Stored JSON; a table stored as a mapping (``call_status_map``) is read as the text the form edits."""
        legacy = config.get("call_status_map")
        if isinstance(legacy, Mapping) and not config.get("call_statuses"):
            config = {**config, "call_statuses": ", ".join(f"{k}={v}" for k, v in legacy.items())}
        return super().from_config(config)

    def secret_fields(self) -> tuple[SecretField, ...]:
        return (SecretField("secret_key", _("Secret key")),)

    def effective_base_url(self) -> str:
        return self.base_url or "https://nxbot.nxcloud.com"
