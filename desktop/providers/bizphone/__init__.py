"""BizPhone Robo call (B3Networks): everything that is BizPhone's lives in this folder; SPEC is its registry entry."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.providers.base import ProviderSpec
from desktop.providers.bizphone.client import BizPhoneClient
from desktop.providers.bizphone.options import PLACEHOLDER, BizPhoneCampaignSettings, placeholders
from desktop.providers.bizphone.settings import BizPhoneSettings
from desktop.providers.bizphone.wire import MAX_MESSAGE, CallFlow


def dial(e164: str) -> str:
    """BizPhone dials E.164 as it is."""
    return e164


def demo(urls: Mapping[str, str], credentials: Mapping[str, str]) -> tuple[BizPhoneSettings, dict[str, str]]:
    return (BizPhoneSettings(base_url=urls["bizphone"], default_caller_id="+842473001234"),
            {"api_key": credentials["bizphone_api_key"]})


SPEC = ProviderSpec(
    key="bizphone", name="BizPhone", long_name="BizPhone Robo call", settings=BizPhoneSettings,
    options=BizPhoneCampaignSettings, client=BizPhoneClient, dial=dial, secret_names=("api_key",), demo=demo,
)

__all__ = ["MAX_MESSAGE", "PLACEHOLDER", "SPEC", "BizPhoneCampaignSettings", "BizPhoneClient", "BizPhoneSettings",
           "CallFlow", "placeholders"]
