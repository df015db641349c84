"""``/healthz`` and ``/readyz``: what a supervisor (systemd, Docker, a load balancer) asks the server.

``/healthz`` answers 200 while the process serves at all. ``/readyz`` answers 200 only when every check passes (the
database answers, its schema is the one this version knows, the notification receiver is up, the server is not
stopping) and 503 otherwise; both answer JSON, the readiness with each check's verdict in words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

#: A readiness check: None when it passes, else why not (a short sentence).
Check = Callable[[], str | None]


def health_app(checks: Mapping[str, Check], status: Callable[[], dict[str, Any]] = dict) -> Starlette:
    """The endpoints over ``checks`` (run in order on each ``/readyz``); ``status`` adds what the server is doing."""

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok"})

    def readyz(request: Request) -> JSONResponse:  # sync: starlette runs it on a worker thread (checks may block)
        verdicts = {name: _verdict(check) for name, check in checks.items()}
        ready = all(v == "ok" for v in verdicts.values())
        return JSONResponse({"ready": ready, "checks": verdicts, **status()}, status_code=200 if ready else 503)

    return Starlette(routes=[Route("/healthz", healthz), Route("/readyz", readyz)])


def _verdict(check: Check) -> str:
    try:
        problem = check()
    except Exception as exc:  # a check that fails is the answer, not a crash of the endpoint
        problem = str(exc) or type(exc).__name__
    return problem or "ok"
