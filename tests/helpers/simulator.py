"""Builders shared by the simulator tests: a manual-clock simulator, an in-process client, provider auth."""

from __future__ import annotations

import io
import json
import time
import wave

import httpx

from desktop.simulator import Simulator, SimulatorConfig
from desktop.simulator.nxcloud_sign import signature

START = 1767571200.0  # Monday 2026-01-05 00:00 UTC
WEBHOOK_URL = "http://hooks.test/vbot"
ACCOUNT = {"vbot_id": "123", "project_code": "PROJ_001"}
BIZ_HEADERS = {"x-credential-api-key": "demo-bizphone-api-key"}
V3_HEADERS = {"X-API-Key": "demo-vbot-api-key"}
NX_UUID, NX_SECRET = "demo-nx-uuid", "demo-nx-secret"
ALL_DAYS, ALL_HOURS = "1,2,3,4,5,6,7", ",".join(str(h) for h in range(24))  # NXCLOUD's always-open window


def make_sim(**overrides: object) -> Simulator:
    config = SimulatorConfig(manual_clock=True, start_time=START, webhook_url=WEBHOOK_URL)
    for name, value in overrides.items():
        setattr(config, name, value)
    return Simulator(config)


def client_for(sim: Simulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=sim.app), base_url="http://sim.test")


async def vbot_token(client: httpx.AsyncClient) -> dict:
    reply = await client.post(
        "/vbot/v2.0/token", data={"username": "demo", "password": "demo-password", "grant_type": "password"}
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


async def vbot_headers(client: httpx.AsyncClient) -> dict:
    return {"Authorization": f"Bearer {(await vbot_token(client))['access_token']}"}


def nx_headers(body: bytes, algorithm: str | None = None, request_id: str = "req-1", **replace: str) -> dict:
    create_ts = str(int(time.time()))
    headers = {
        "requestID": request_id,
        "uuid": NX_UUID,
        "createTs": create_ts,
        "sign": signature(NX_SECRET, body, create_ts, request_id, NX_UUID, algorithm or "MD5"),
    }
    if algorithm:
        headers["algorithm"] = algorithm
    headers.update(replace)
    return {k: v for k, v in headers.items() if v is not None}


async def nx(client: httpx.AsyncClient, operation: str, body: dict, **header_changes: str) -> dict:
    raw = json.dumps(body).encode()
    reply = await client.post(
        f"/nxcloud/callcentre/api/v3/{operation}", content=raw, headers=nx_headers(raw, **header_changes)
    )
    assert reply.status_code == 200, reply.text
    return reply.json()


def nx_task(user_task_id: str, orders: list[dict], scene: str = "1002", **setting: object) -> dict:
    """A complete createAndCall body; ``setting`` overrides taskCreateSetting fields."""
    return {
        "productID": "callbot",
        "userTaskID": user_task_id,
        "sceneID": scene,
        "taskCreateSetting": {
            "strategyName": "", "startupType": 3, "startupAt": 0, "zoneSecond": 25200,
            "dialAtWeekDay": ALL_DAYS, "dialAtUpHour": ALL_HOURS, "dialAtDownHour": ALL_HOURS, "maxCall": 50,
            "taskName": f"task {user_task_id}", "taskCallbackUrl": "http://hooks.test/nx/task",
            "maxRingTime": 30, "routeID": "", **setting,
        },
        "funcFlag": {"taskKeep": False, "roundRedial": False, "wholeTTS": True, "smsEnable": False,
                     "smsFuncFlag": [], "phoneEncrypt": False},
        "callInfoList": {"orderCallbackUrl": "http://hooks.test/nx/order",
                         "callCallbackUrl": "http://hooks.test/nx/call", "callList": orders},
    }


def nx_order(order_id: str, phone: str, params: list[dict] | None = None) -> dict:
    return {"orderID": order_id, "userPhone": phone, "other": f"ref-{order_id}", "userName": "",
            "customerName": "", "params": params or []}


def biz_request(request_id: str, phones: list[str], steps: list[dict] | None = None) -> dict:
    return {
        "requestId": request_id,
        "destinations": [{"phone": p, "caller": "+6582674904", "properties": {"name": "Alex"}} for p in phones],
        "enableCallRecording": True,
        "callFlow": {"steps": steps if steps is not None else [{"name": "play", "message": {"msg": "Hello {{name}}"}}]},
    }


class Receiver:
    """Collects the webhooks the simulator POSTs (an httpx MockTransport; answers ``status``)."""

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.requests: list[httpx.Request] = []
        self.client = httpx.AsyncClient(transport=httpx.MockTransport(self._handle))

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self.status)

    def payloads(self, url_part: str = "") -> list[dict]:
        return [json.loads(r.content) for r in self.requests if url_part in str(r.url)]


def wav_seconds(data: bytes) -> float:
    """Decode a WAV and return its duration; fails if it is not audio."""
    with wave.open(io.BytesIO(data)) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        frames = audio.readframes(audio.getnframes())
        assert len(frames) == audio.getnframes() * 2 and any(frames)
        return audio.getnframes() / audio.getframerate()
