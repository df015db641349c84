"""Faults on demand: per endpoint, from a spec or the in-process API, in-process and over real HTTP."""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from desktop.simulator import RunningSimulator, Simulator
from desktop.simulator.faults import DroppedConnection, Faults
from tests.helpers.simulator import BIZ_HEADERS, biz_request, make_sim
from tests.helpers.support import wait_until

CALL = "/bizphone/v1/call"


async def test_latency_error_and_throttle(client: httpx.AsyncClient, sim: Simulator) -> None:
    sim.faults.load("/bizphone/*=latency:0.05;/bizphone/v1/call=error:502#1;/bizphone/v1/status/*=throttle:7")
    started = time.monotonic()
    failed = await client.post(CALL, json=biz_request("a", ["+84917660247"]), headers=BIZ_HEADERS)
    assert failed.status_code == 502 and time.monotonic() - started >= 0.05
    assert len(sim.ledger) == 0  # a 5xx fault refuses the request before it takes effect
    ok = await client.post(CALL, json=biz_request("a", ["+84917660247"]), headers=BIZ_HEADERS)
    assert ok.status_code == 200
    throttled = await client.get("/bizphone/v1/status/a", headers=BIZ_HEADERS)
    assert throttled.status_code == 429 and throttled.headers["Retry-After"] == "7"
    assert (await client.get("/_sim/ledger")).status_code == 200  # control endpoints are never faulted


async def test_malformed_json_still_places_the_call(client: httpx.AsyncClient, sim: Simulator) -> None:
    sim.faults.add(CALL, "malformed")
    reply = await client.post(CALL, json=biz_request("m", ["+84917660247"]), headers=BIZ_HEADERS)
    assert reply.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        reply.json()
    assert [e.idempotency_key for e in sim.ledger.entries()] == ["m"]


async def test_hang_never_answers(client: httpx.AsyncClient, sim: Simulator) -> None:
    sim.faults.add("/vbot/*", "hang")
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(client.post("/vbot/v2.0/token", data={}), timeout=0.1)


async def test_drop_in_process_raises_after_the_request_took_effect(sim: Simulator) -> None:
    sim.faults.add(CALL, "drop")
    transport = httpx.ASGITransport(app=sim.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as client:
        with pytest.raises(DroppedConnection):
            await client.post(CALL, json=biz_request("d", ["+84917660247"]), headers=BIZ_HEADERS)
    assert len(sim.ledger) == 1


async def test_code_fault_uses_each_providers_envelope(client: httpx.AsyncClient, sim: Simulator) -> None:
    sim.faults.load("/vbot/v2.0/api/*=code:500;/vbot/v3.0/m-auto-call/*=code:500")
    classic = await client.get("/vbot/v2.0/api/hotline/getAll")
    modern = await client.post("/vbot/v3.0/m-auto-call/api/call/create", json={})
    assert (classic.status_code, classic.json()["error"]) == (500, 500)
    assert (modern.json()["status"], modern.json()["errorCode"]) == (500, 500)


def test_rate_count_and_spec_errors() -> None:
    faults = Faults(seed=1)
    rule = faults.add("/x", "error", rate=0.5)
    fired = sum(bool(faults.firing("/x")) for _ in range(400))
    assert 150 < fired < 250 and rule.fired == fired
    faults.clear()
    faults.load("/y=throttle#2")
    assert [bool(faults.firing("/y")) for _ in range(3)] == [True, True, False]
    for spec in ("/x", "/x=explode", "/x=latency", "/x=code"):
        with pytest.raises(ValueError):
            faults.load(spec)


async def test_faults_over_http_control(client: httpx.AsyncClient, sim: Simulator) -> None:
    added = await client.post("/_sim/faults", content="/bizphone/*=error:503")
    assert added.json()["rules"][0]["kind"] == "error"
    assert (await client.post("/_sim/faults", content="nonsense")).status_code == 400
    assert (await client.get("/bizphone/v1/status/x", headers=BIZ_HEADERS)).status_code == 503
    await client.delete("/_sim/faults")
    assert sim.faults.rules == []


async def test_drop_and_hang_over_real_http() -> None:
    with RunningSimulator(make_sim().config) as running:
        running.simulator.faults.load(f"{CALL}=drop;/bizphone/v1/status/*=hang")
        async with httpx.AsyncClient(base_url=running.url, timeout=30) as client:  # a loaded machine is slow
            with pytest.raises(httpx.RemoteProtocolError):
                await client.post(CALL, json=biz_request("d", ["+84917660247"]), headers=BIZ_HEADERS)
            with pytest.raises(httpx.ReadTimeout):  # connected, then no answer ever comes
                await client.get("/bizphone/v1/status/d", headers=BIZ_HEADERS, timeout=httpx.Timeout(30, read=0.3))
        assert [e.idempotency_key for e in running.simulator.ledger.entries()] == ["d"]


async def test_a_request_under_latency_is_carried_out_after_its_client_went_away() -> None:
    """Latency delays a request that has arrived: like a real provider, the simulator still carries it out when the
    client is gone (killed, timed out) before the answer, which is the case where resending blindly dials twice."""
    with RunningSimulator(make_sim().config) as running:
        running.simulator.faults.add(CALL, "latency", 2.0)  # long enough to see it under way on a loaded machine
        async with httpx.AsyncClient(base_url=running.url, timeout=httpx.Timeout(30, read=0.05)) as client:
            with pytest.raises(httpx.ReadTimeout):
                await client.post(CALL, json=biz_request("gone", ["+84917660247"]), headers=BIZ_HEADERS)
        assert running.busy and len(running.simulator.ledger) == 0  # still under way
        await wait_until(lambda: not running.busy, timeout=30, message="the request carried out")
        assert [e.idempotency_key for e in running.simulator.ledger.entries()] == ["gone"]
