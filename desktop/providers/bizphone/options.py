"""A BizPhone campaign: the call flow (its messages' ``{{placeholders}}`` are the template fields), caller ID and
recording."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from desktop.i18n import _
from desktop.providers.base import CampaignOptions, CheckItem, Level, TemplateField, fields_from_names
from desktop.providers.bizphone.wire import ANY_ACCOUNT, CallFlow, FlowRules

if TYPE_CHECKING:
    from desktop.providers.base import ProviderClient

#: A ``{{key}}`` placeholder in a BizPhone message (the flow editor highlights the same ones).
PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")


def placeholders(text: str) -> list[str]:
    """The ``{{key}}`` names in a BizPhone message, in order of first use."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text or "")))


@dataclass(frozen=True, kw_only=True)
class BizPhoneCampaignSettings(CampaignOptions):
    provider: ClassVar[str] = "bizphone"
    caller_id: str = ""  # E.164; "" = the account's default
    enable_recording: bool = False
    call_flow: Mapping[str, Any] = field(default_factory=dict)  # BizPhone's callFlow JSON: {"steps": [...]}
    flow_name: str = ""  # the saved flow it came from (the mapping scope)

    @property
    def mapping_scope_key(self) -> str:
        return self.flow_name or "flow"

    @property
    def caller(self) -> str | None:
        return self.caller_id or None

    def flow(self) -> CallFlow:
        return CallFlow.from_json(dict(self.call_flow), provider="bizphone")

    @classmethod
    async def suggested(cls, client: ProviderClient, *, demo: bool) -> BizPhoneCampaignSettings:
        """On the demo account, a one-step flow that greets the contact by ``{{name}}``; elsewhere no flow (the
        preflight then asks for one)."""
        if not demo:
            return cls()
        return cls(flow_name="greeting", call_flow={"steps": [
            {"name": "play", "message": {"msg": "Xin chào {{name}}, đây là cuộc gọi thử từ Autocall Desk."}}]})

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BizPhoneCampaignSettings:
        """Also BizPhone's own request format (seed 004): ``callFlow`` and ``enableCallRecording``; its
        ``requestId`` and ``destinations`` are made per batch, so they are not read."""
        aliases = {"callFlow": "call_flow", "enableCallRecording": "enable_recording"}
        data = {aliases.get(key, key): value for key, value in data.items()
                if key not in aliases or aliases[key] not in data}
        return super().from_json(data)

    @classmethod
    def json_keys(cls) -> frozenset[str]:
        return super().json_keys() | {"callFlow", "enableCallRecording"}

    def static_fields(self) -> list[TemplateField]:
        return fields_from_names(name for text in _messages(self.call_flow) for name in placeholders(text))

    def problems(self) -> list[str]:
        """What no account would accept; what this account refuses is a preflight item (it knows the account)."""
        return self._flow_problems(ANY_ACCOUNT)

    async def preflight_items(self, client: ProviderClient, now: datetime) -> list[CheckItem]:
        """The flow against the account's reading of what seed 004 leaves open (``FlowRules``)."""
        from desktop.providers.bizphone.client import BizPhoneClient  # the client imports this module

        rules = client.rules if isinstance(client, BizPhoneClient) else ANY_ACCOUNT
        extra = [p for p in self._flow_problems(rules) if p not in self.problems()]
        items = [CheckItem("settings", Level.BLOCKING, _("Campaign settings incomplete"), p) for p in extra]
        return items + await super().preflight_items(client, now)

    def _flow_problems(self, rules: FlowRules) -> list[str]:
        if not self.call_flow:
            return [_("Build or choose a BizPhone call flow.")]
        try:
            self.flow().check(rules)
        except Exception as exc:  # BadResponseError / InvalidRequestError: both say what is wrong
            return [str(exc)]
        return []


def _messages(flow: Any) -> Iterator[str]:
    """Every ``message.msg`` in a call-flow tree (branches nest flows)."""
    for step in (flow or {}).get("steps", []) if isinstance(flow, Mapping) else []:
        message = step.get("message") if isinstance(step, Mapping) else None
        if isinstance(message, Mapping) and isinstance(message.get("msg"), str):
            yield message["msg"]
        for branch in step.get("branches", []) if isinstance(step, Mapping) else []:
            yield from _messages(branch.get("callFlow") if isinstance(branch, Mapping) else None)
