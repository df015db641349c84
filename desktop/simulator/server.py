"""Serving the simulator over real loopback HTTP: in the foreground (the CLI) or in a background thread
(the app's demo mode and end-to-end tests); the socket comes from :mod:`desktop.serving`.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType

import uvicorn

from desktop.serving import bind, root_url
from desktop.simulator.app import Simulator
from desktop.simulator.config import SimulatorConfig

STARTUP_TIMEOUT = 10.0


def make_server(simulator: Simulator) -> uvicorn.Server:
    config = uvicorn.Config(
        simulator.app, log_level="warning", lifespan="on", timeout_graceful_shutdown=1, access_log=False
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
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def start(self) -> RunningSimulator:
        sock = bind(self.host, self.port)
        self.url = root_url(sock)
        self.port = sock.getsockname()[1]
        self._server = make_server(self.simulator)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="simulator-server", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the simulator server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=STARTUP_TIMEOUT)
        self._server = self._thread = None

    @property
    def busy(self) -> bool:
        """Whether a client is connected or a request is still being carried out (also one whose client is gone)."""
        state = self._server.server_state if self._server is not None else None
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
