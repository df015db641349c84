"""NXCLOUD Callbot: everything that is NXCLOUD's lives in this folder; SPEC is its registry entry."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.providers.base import ProviderSpec
from desktop.providers.nxcloud.calling_window import CallingWindow
from desktop.providers.nxcloud.client import NxCloudClient
from desktop.providers.nxcloud.notifications import NxCloudNotifications
from desktop.providers.nxcloud.options import NxCampaignSettings
from desktop.providers.nxcloud.settings import NxCloudSettings


def dial(e164: str) -> str:
    """NXCLOUD's ``userPhone``: the country code and number, digits only."""
    return e164.lstrip("+")


def demo(urls: Mapping[str, str], credentials: Mapping[str, str]) -> tuple[NxCloudSettings, dict[str, str]]:
    return (NxCloudSettings(base_url=urls["nxcloud"], uuid=credentials["nxcloud_uuid"]),
            {"secret_key": credentials["nxcloud_secret_key"]})


SPEC = ProviderSpec(
    key="nxcloud", name="NXCLOUD", long_name="NXCLOUD Callbot", settings=NxCloudSettings,
    options=NxCampaignSettings, client=NxCloudClient, dial=dial, secret_names=("secret_key",), demo=demo,
    notifications=NxCloudNotifications,
)

__all__ = ["SPEC", "CallingWindow", "NxCampaignSettings", "NxCloudClient", "NxCloudSettings"]
