"""A fourth provider that exists only in the tests, served by its own loopback server: it proves a provider is a
folder plus one registry entry (registered with :func:`desktop.providers.registered` by the ``fake_provider``
fixture in tests/helpers/fixtures.py)."""

from __future__ import annotations

import http.server
import json
import threading
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from desktop.phones import to_e164
from desktop.providers.base import (
    BatchFailed,
    BatchHandle,
    BatchRequest,
    BatchResult,
    CallStatus,
    CampaignOptions,
    ConnectionInfo,
    Evidence,
    Outcome,
    ProviderClient,
    ProviderSpec,
    SentBatch,
    TemplateField,
    fields_from_names,
    pending,
)
from desktop.providers.errors import ProviderError
from desktop.providers.http import HttpLayer, RetryMode, Timing, raise_for_http_status
from desktop.providers.settings import ProviderSettings, SecretField

FAKE = "fakecall"


class FakeServer:
    """The fake provider's own HTTP API on loopback: ``POST /calls`` queues calls by our keys, ``GET /calls`` says
    how they went (answered once they have been asked about once). ``drop_next_post`` takes a batch and then drops
    the connection without answering, as a lost reply does."""

    def __init__(self) -> None:
        self.calls: dict[str, dict] = {}
        self.posts = 0
        self.drop_next_post = False
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                if self.headers.get("x-token") != "secret-token":
                    return self._reply(401, {"error": "bad token"})
                server.posts += 1
                for call in body["calls"]:
                    server.calls.setdefault(call["key"], {"phone": call["phone"], "status": "queued", "asked": 0})
                if server.drop_next_post:
                    server.drop_next_post = False
                    self.close_connection = True
                    return
                self._reply(200, {"accepted": [c["key"] for c in body["calls"]]})

            def do_GET(self) -> None:
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                found = {}
                for key in query.get("key", []):
                    call = server.calls.get(key)
                    if call is not None:
                        call["asked"] += 1
                        call["status"] = "answered" if call["asked"] > 1 else "queued"
                        found[key] = call["status"]
                self._reply(200, {"calls": found})

            def _reply(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass(frozen=True, kw_only=True)
class FakeSettings(ProviderSettings):
    provider: ClassVar[str] = FAKE
    min_interval: float = 0.0

    def secret_fields(self) -> tuple[SecretField, ...]:
        return (SecretField("token", "Token"),)


@dataclass(frozen=True, kw_only=True)
class FakeCampaignSettings(CampaignOptions):
    provider: ClassVar[str] = FAKE
    greeting: str = "Xin chào {{name}}"

    def static_fields(self) -> list[TemplateField]:
        return fields_from_names(["name"])


class FakeClient(ProviderClient):
    provider = FAKE
    max_batch_size = 4

    def __init__(self, settings: FakeSettings, secrets: Mapping[str, str], http: HttpLayer, timing: Timing) -> None:
        super().__init__(http)
        self.token = secrets.get("token", "")

    async def check_connection(self) -> ConnectionInfo:
        await self._get([])
        return ConnectionInfo(self.provider, "Connected to the fake provider.")

    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        result = BatchResult()
        ready = await self.prepare(request.contacts, lambda c: to_e164(c.phone), result)
        payload = {"batch": request.batch_key, "calls": [{"key": c.key, "phone": p, **c.fields} for c, p in ready]}
        try:
            response = await self.http.send(
                lambda: self.http.build_request("POST", "calls", json=payload, headers={"x-token": self.token}),
                op="calls", mode=RetryMode.WRITE)
            raise_for_http_status(self.provider, response)
        except ProviderError as exc:
            raise BatchFailed(exc, result) from exc
        result.accepted += response.json()["accepted"]
        result.provider_refs.append(request.batch_key)
        return result

    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        found = await self._get([c.key for c in handle.contacts])
        outcomes = {"answered": Outcome.ANSWERED, "queued": Outcome.QUEUED}
        return [CallStatus(c.key, c.phone, outcomes[found[c.key]], f"status={found[c.key]}", raw=found[c.key])
                if c.key in found else pending(c) for c in handle.contacts]

    async def evidence(self, batch: SentBatch, *, now: float, skew: float, settle: float) -> Evidence:
        """The fake lists a call from the moment it takes it, so absence is proof."""
        statuses = await self.poll(BatchHandle(batch.campaign_key, "", batch.contacts))
        return Evidence({s.key for s in statuses if s.raw is not None}, True)

    async def _get(self, keys: list[str]) -> dict[str, str]:
        response = await self.http.send(lambda: self.http.build_request("GET", "calls", params={"key": keys}),
                                        op="calls", mode=RetryMode.READ)
        raise_for_http_status(self.provider, response)
        return response.json()["calls"]


FAKE_SPEC = ProviderSpec(key=FAKE, name="Fake", long_name="Fake provider (tests)", settings=FakeSettings,
                         options=FakeCampaignSettings, client=FakeClient, dial=lambda e164: e164,
                         secret_names=("token",))
