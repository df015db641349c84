"""VBot Open API (v2 and v3): everything that is VBot's lives in this folder; SPEC is its registry entry."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.i18n import N_
from desktop.providers.base import ProviderSpec
from desktop.providers.vbot.client import VBotClient
from desktop.providers.vbot.notifications import TOKEN, VBotNotifications
from desktop.providers.vbot.options import VBotCampaignSettings
from desktop.providers.vbot.settings import VBOT_HOSTS, VBotSettings
from desktop.providers.vbot.statuses import VBOT_DISPOSITION_WORDS

REASON_FOREIGN = N_("VBot dials Vietnamese numbers only")


def dial(e164: str) -> str:
    """VBot dials Vietnamese domestic numbers: ``+84912…`` → ``0912…`` (other numbers stay E.164)."""
    return "0" + e164[3:] if e164.startswith("+84") else e164


def refuses(e164: str) -> str:
    return "" if e164.startswith("+84") else REASON_FOREIGN


def demo(urls: Mapping[str, str], credentials: Mapping[str, str]) -> tuple[VBotSettings, dict[str, str]]:
    settings = VBotSettings(base_url=urls["vbot_v3"], api_generation="v3")
    return settings, {"api_key": credentials["vbot_api_key"]}


SPEC = ProviderSpec(
    key="vbot", name="VBot", long_name="VBot", settings=VBotSettings, options=VBotCampaignSettings,
    client=VBotClient, dial=dial, refuses=refuses, secret_names=("password", "api_key", TOKEN),
    demo=demo, outcome_words=VBOT_DISPOSITION_WORDS, notifications=VBotNotifications,
)

__all__ = ["SPEC", "VBOT_HOSTS", "VBotCampaignSettings", "VBotClient", "VBotSettings"]
