"""Serving an ASGI app over real TCP (the simulator, the notification receiver): the listening socket is bound
before the server starts, so the address (an OS-chosen port by default) is known at once and connections made
before uvicorn is ready simply wait in the listen backlog."""

from __future__ import annotations

import socket

LOOPBACK = ("127.0.0.1", "::1", "localhost")


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
