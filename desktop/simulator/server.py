"""Serving the simulator over real loopback HTTP: in the foreground (the CLI) or in a background thread
(the app's demo mode and end-to-end tests); the socket comes from :mod:`desktop.serving`.
"""

from __future__ import annotations

from types import TracebackType

import uvicorn

from desktop.serving import ServerThread
from desktop.simulator.app import Simulator
from desktop.simulator.config import SimulatorConfig


def make_server(simulator: Simulator) -> uvicorn.Server:
    config = uvicorn.Config(
        simulator.app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1, access_log=False,
        http="h11",  # the test double's HTTP stays as it was checked, whichever parser the receiver uses
    )
    return uvicorn.Server(config)


class RunningSimulator:
    """A simulator served on ``host`` (loopback by default) in a background thread until ``stop()``."""

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        simulator: Simulator | None = None,
    ) -> None:
        self.simulator = simulator or Simulator(config)
        self.host = host
        self.port = port
        self._serving = ServerThread("simulator-server")
        self.url = ""

    def start(self) -> RunningSimulator:
        self.url, self.port = self._serving.start(make_server(self.simulator), self.host, self.port)
        return self

    def stop(self) -> None:
        self._serving.stop()

    @property
    def busy(self) -> bool:
        """Whether a client is connected or a request is still being carried out (also one whose client is gone)."""
        server = self._serving.server
        state = server.server_state if server is not None else None
        return bool(state and (state.connections or state.tasks))

    @property
    def base_urls(self) -> dict[str, str]:
        return self.simulator.base_urls(self.url)

    @property
    def credentials(self) -> dict[str, str]:
        return self.simulator.credentials

    def __enter__(self) -> RunningSimulator:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
