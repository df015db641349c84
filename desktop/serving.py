"""Serving an ASGI app over real TCP (the simulator, the notification receiver): the listening socket is bound
before the server starts, so the address (an OS-chosen port by default) is known at once and connections made
before uvicorn is ready simply wait in the listen backlog."""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

LOOPBACK = ("127.0.0.1", "::1", "localhost")
STARTUP_TIMEOUT = 10.0


def bind(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    """A listening TCP socket for uvicorn.

    The protocol is named explicitly: asyncio turns Nagle's algorithm off only on sockets whose ``proto`` is
    ``IPPROTO_TCP``, and accepted sockets inherit ``proto`` from this one. Left at 0, every reply on a kept-alive
    connection waited ~40 ms for the client's delayed ACK (headers and body go out as separate writes)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def root_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class ServerThread:
    """A uvicorn server run on a daemon thread until :meth:`stop`, on a socket bound first (:func:`bind`)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.server: uvicorn.Server | None = None
        self.thread: threading.Thread | None = None  # the serving thread, while it serves

    def start(self, server: uvicorn.Server, host: str, port: int) -> tuple[str, int]:
        """Serve ``server`` on ``host``:``port`` (0: any free port); its root URL and port once it accepts.
        OSError: the address cannot be bound; TimeoutError: the server did not come up."""
        sock = bind(host, port)
        self.server = server
        self.thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=self.name, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise TimeoutError(f"the {self.name} did not start")
            time.sleep(0.01)
        return root_url(sock), sock.getsockname()[1]

    def stop(self) -> None:
        if self.server is not None and self.thread is not None:
            self.server.should_exit = True
            self.thread.join(timeout=STARTUP_TIMEOUT)
        self.server = self.thread = None
