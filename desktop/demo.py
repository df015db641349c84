"""Demo mode: the simulator served in-process on loopback, and the settings the demo accounts use to reach it.

The simulator and the provider clients never import each other; each provider's SPEC says how its demo account
reaches the simulator (``ProviderSpec.demo``), and this module hands it the simulator's addresses and credentials.
"""

from __future__ import annotations

import logging

from desktop.providers import spec
from desktop.providers.errors import ConfigError
from desktop.providers.settings import ProviderSettings
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
        return self._demo(provider)[0]

    def secrets_for(self, provider: str) -> dict[str, str]:
        return self._demo(provider)[1]

    def _demo(self, provider: str) -> tuple[ProviderSettings, dict[str, str]]:
        demo = spec(provider).demo
        if demo is None:
            raise ConfigError(f"The demo provider does not simulate {spec(provider).name}.", provider=provider)
        return demo(self.running.base_urls, self.running.credentials)
