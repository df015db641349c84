"""Demo mode: the simulator served in-process on loopback, and the settings the demo accounts use to reach it.

This module is where the simulator and the provider clients meet; neither imports the other (DESIGN.md), so
the mapping from the simulator's addresses and demo credentials to account settings lives only here.
"""

from __future__ import annotations

import logging

from desktop.providers.settings import BizPhoneSettings, NxCloudSettings, ProviderSettings, VBotSettings
from desktop.simulator import RunningSimulator, SimulatorConfig

log = logging.getLogger(__name__)


class DemoEnvironment:
    def __init__(self, running: RunningSimulator) -> None:
        self.running = running

    @classmethod
    def start(cls, config: SimulatorConfig | None = None) -> "DemoEnvironment":
        running = RunningSimulator(config).start()
        log.info("Demo provider (simulator) serving on %s", running.url)
        return cls(running)

    def stop(self) -> None:
        self.running.stop()

    def settings_for(self, provider: str) -> ProviderSettings:
        urls = self.running.base_urls
        credentials = self.running.credentials
        if provider == "vbot":
            # vbot_id/project_code: only the legacy campaign request needs them on v3.
            return VBotSettings(base_url=urls["vbot_v3"], api_generation="v3", vbot_id=credentials["vbot_id"],
                                project_code=credentials["vbot_project_code"])
        if provider == "nxcloud":
            return NxCloudSettings(base_url=urls["nxcloud"], uuid=credentials["nxcloud_uuid"])
        return BizPhoneSettings(base_url=urls["bizphone"], default_caller_id="+842473001234")

    def secrets_for(self, provider: str) -> dict[str, str]:
        credentials = self.running.credentials
        return {
            "vbot": {"api_key": credentials["vbot_api_key"]},
            "nxcloud": {"secret_key": credentials["nxcloud_secret_key"]},
            "bizphone": {"api_key": credentials["bizphone_api_key"]},
        }[provider]
