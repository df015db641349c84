"""Demo mode: the simulator served in-process on loopback, and the settings the demo accounts use to reach it.

The simulator and the provider clients never import each other; each provider's SPEC says how its demo account
reaches the simulator (``ProviderSpec.demo``), and this module hands it the simulator's addresses and credentials.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cached_property

import httpx

from desktop.i18n import _
from desktop.providers import spec
from desktop.providers.errors import ConfigError, UnreachableError
from desktop.providers.settings import ProviderSettings
from desktop.simulator import RunningSimulator, Simulator, SimulatorConfig
from desktop.simulator.config import DEMO_LENIENT, lenient

log = logging.getLogger(__name__)


class SimulatorAt:
    """A simulator served by another process (``autocall simulator``), seen as a RunningSimulator is: its addresses
    and credentials, asked of it the first time a demo account needs them."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.base_urls = Simulator.base_urls(self.url)

    @cached_property
    def credentials(self) -> dict[str, str]:
        try:
            reply = httpx.get(f"{self.url}/_sim/credentials", timeout=10)
            reply.raise_for_status()
            return dict(reply.json()["credentials"])
        except (httpx.HTTPError, ValueError, KeyError) as exc:
            raise UnreachableError(_("The demo provider does not answer at {url}: start it with `autocall simulator` "
                                     "and pass the URL it prints.").format(url=self.url), detail=str(exc)) from exc


class DemoEnvironment:
    def __init__(self, running: RunningSimulator | SimulatorAt) -> None:
        self.running = running

    @classmethod
    def at(cls, url: str) -> "DemoEnvironment":
        """The demo accounts pointed at a simulator someone else serves (the headless commands' --demo-url)."""
        return cls(SimulatorAt(url))

    @classmethod
    def start(cls, config: SimulatorConfig | None = None) -> "DemoEnvironment":
        """Serve the simulator with the demo's lenient readings on (``DEMO_LENIENT`` says which and why)."""
        running = RunningSimulator(lenient(config or SimulatorConfig(), DEMO_LENIENT)).start()
        log.info("Demo provider (simulator) serving on %s", running.url)
        return cls(running)

    def stop(self) -> None:
        self.running.stop()

    def notify(self, routes: Iterable[tuple[str, str, tuple[str, str] | None]]) -> list[str]:
        """Point the in-process simulator's webhooks at a running receiver: ``routes`` are (provider, URL of its demo
        account's route, header that route checks). Returns the providers now notifying it; a provider whose tasks
        carry their own callback URLs is reached through those, and a simulator served elsewhere is left as it is."""
        if not isinstance(self.running, RunningSimulator):
            return []
        simulator = self.running.simulator
        return [provider for provider, url, header in routes if simulator.notify_to(provider, url, header)]

    def settings_for(self, provider: str) -> ProviderSettings:
        return self._demo(provider)[0]

    def secrets_for(self, provider: str) -> dict[str, str]:
        return self._demo(provider)[1]

    def _demo(self, provider: str) -> tuple[ProviderSettings, dict[str, str]]:
        demo = spec(provider).demo
        if demo is None:
            raise ConfigError(_("The demo provider does not simulate {name}.").format(name=spec(provider).name),
                              provider=provider)
        return demo(self.running.base_urls, self.running.credentials)
