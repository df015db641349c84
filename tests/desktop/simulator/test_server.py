"""Serving for real: RunningSimulator in a thread (demo mode) and the ``autocall simulator`` command."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx

from desktop.serving import bind
from desktop.simulator import RunningSimulator, SimulatorConfig

REPO = Path(__file__).resolve().parents[3]


class Hooks(ThreadingHTTPServer):
    """A loopback webhook receiver on an OS-chosen port."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, dict]] = []
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hooks.received.append((dict(self.headers), json.loads(body)))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


def test_running_simulator_serves_and_delivers_webhooks_in_the_background() -> None:
    hooks = Hooks()
    threading.Thread(target=hooks.serve_forever, daemon=True).start()
    config = SimulatorConfig(speed=2000.0, webhook_url=hooks.url, outcome_mix={"answered": 1.0}, tick_seconds=0.05)
    try:
        with RunningSimulator(config) as running:
            assert running.url.startswith("http://127.0.0.1:")
            base = running.base_urls["vbot_v3"]
            reply = httpx.post(f"{base}/m-auto-call/api/call/create",
                               headers={"X-API-Key": running.credentials["vbot_api_key"]},
                               json={"phone": "0912345678", "hotline_code": "0812345678", "template_code": "KHAO_SAT",
                                     "external_call_id": "bg1"})
            assert reply.json()["errorCode"] == 0
            deadline = time.monotonic() + 10
            while len(hooks.received) < 3 and time.monotonic() < deadline:
                time.sleep(0.02)
        events = {payload["event"]: (headers, payload["data"]) for headers, payload in hooks.received
                  if "event" in payload}  # seed 000's Call History webhook is flat, with no "event"
        assert events["AUTO_CALL_LOG"][1]["externalCallId"] == "bg1"
        assert events["AUTO_CALL_LOG"][0]["Authorization"] == "demo-webhook-secret"
        audio = events["AUTO_CALL_RECORDING"][1]["recordUrl"]
        assert audio.startswith(running.url)
    finally:
        hooks.shutdown()


def test_cli_prints_one_json_line_and_serves_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop", "simulator", "--port", "0", "--seed", "7", "--speed", "5"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        line = process.stdout.readline()  # the command prints it before serving; a hang here fails by timeout
        started = json.loads(line)
        assert set(started) == {"root", "base_urls", "credentials"}
        assert started["root"].startswith("http://127.0.0.1:")
        assert set(started["base_urls"]) == {"vbot_v2", "vbot_v3", "nxcloud", "bizphone"}
        creds = started["credentials"]
        assert {"vbot_username", "vbot_password", "vbot_api_key", "nxcloud_uuid", "nxcloud_secret_key",
                "bizphone_api_key"} <= set(creds)
        deadline = time.monotonic() + 10
        while True:
            try:
                token = httpx.post(f"{started['base_urls']['vbot_v2']}/token", data={
                    "grant_type": "password", "username": creds["vbot_username"], "password": creds["vbot_password"]})
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the simulator never answered"
                time.sleep(0.05)
        assert token.json()["token_type"] == "bearer"
    finally:
        process.send_signal(signal.SIGINT)
        rest, _ = process.communicate(timeout=10)
    assert rest == "" and process.returncode == 0


def test_cli_rejects_a_bad_fault_spec() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "simulator", "--faults", "/x=explode"],
        cwd=REPO, capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 2 and "unknown fault kind" in result.stderr and result.stdout == ""


def test_served_connections_send_small_replies_at_once() -> None:
    """Connections accepted on the simulator's socket have Nagle's algorithm off, as asyncio (and so uvicorn) sets
    it: otherwise each reply on a kept-alive connection waits for the client's delayed ACK."""

    async def accepted_nodelay() -> int:
        seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            seen.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        listening = bind()
        server = await asyncio.start_server(handle, sock=listening)
        async with server:
            _, writer = await asyncio.open_connection(*listening.getsockname()[:2])
            value = await asyncio.wait_for(seen, 10)
            writer.close()
        return value

    assert asyncio.run(accepted_nodelay()) != 0


def test_time_moved_from_another_thread_is_applied_on_the_serving_loop() -> None:
    """Request handlers change the providers' state on the server's loop; advance() from a test (or any other
    thread) must not walk that state at the same time (it once met an NXCLOUD task's orders mid-change)."""
    with RunningSimulator(SimulatorConfig(manual_clock=True)) as running:
        ran_on: list[int] = []
        real = running.simulator._sync_now

        def recorded() -> None:
            ran_on.append(threading.get_ident())
            real()

        running.simulator._sync_now = recorded
        running.simulator.advance(5.0)
        assert ran_on == [running._serving.thread.ident] != [threading.get_ident()]
