"""BizPhone Robo call: input validation, the organisation's concurrency queue, call flows in /status."""

from __future__ import annotations

import httpx
import pytest

from desktop.simulator import Simulator
from tests.helpers.simulator import BIZ_HEADERS, biz_request, client_for, make_sim

GATHER = {
    "name": "gather",
    "message": {"msg": "Press 1 to confirm"},
    "branches": [
        {"digit": "1", "default": "false", "callFlow": {"steps": [{"name": "transfer", "destination": "Ext:1000"}]}},
        {"digit": "2", "default": "true", "callFlow": {"steps": [{"name": "play", "message": {"msg": "Bye"}}]}},
    ],
}


def bad_flows() -> list[tuple[dict, str]]:
    gather_two_defaults = {**GATHER, "branches": [{**b, "default": "true"} for b in GATHER["branches"]]}
    gather_bad_digit = {**GATHER, "branches": [{**GATHER["branches"][0], "digit": "12"}, GATHER["branches"][1]]}
    return [
        (biz_request("r", ["+0917660247"]), "destinations[0].phone"),
        (biz_request("r", ["+84917660247"], [{"name": "say", "message": {"msg": "x"}}]), "steps[0].name"),
        (biz_request("r", ["+84917660247"], [{"name": "play", "message": {"msg": "x" * 1001}}]), "message.msg"),
        (biz_request("r", ["+84917660247"], [{"name": "play", "message": {"msg": "x", "gender": "robot"}}]), "gender"),
        (biz_request("r", ["+84917660247"], [gather_two_defaults]), "at most one default"),
        (biz_request("r", ["+84917660247"], [gather_bad_digit]), "digit"),
        (biz_request("r", ["+84917660247"], [{"name": "transfer", "destination": "desk"}]), "destination"),
        (biz_request("r", ["+84917660247"], []), "at least one step"),
        ({"destinations": [{"phone": "+84917660247"}], "callFlow": {"steps": [GATHER]}}, "requestId"),
    ]


@pytest.mark.parametrize(("body", "field"), bad_flows())
async def test_bad_input_is_400(client: httpx.AsyncClient, sim: Simulator, body: dict, field: str) -> None:
    reply = await client.post("/bizphone/v1/call", json=body, headers=BIZ_HEADERS)
    assert reply.status_code == 400 and reply.json()["status"] == "error"
    assert field in reply.json()["message"]
    assert len(sim.ledger) == 0


async def test_e164_allows_a_missing_plus_and_exactly_1000_characters(client: httpx.AsyncClient) -> None:
    body = biz_request("r", ["84917660247"], [{"name": "play", "message": {"msg": "x" * 1000}}])
    assert (await client.post("/bizphone/v1/call", json=body, headers=BIZ_HEADERS)).status_code == 200


async def test_key_and_unique_request_id(client: httpx.AsyncClient, sim: Simulator) -> None:
    body = biz_request("once", ["+84917660247"])
    assert (await client.post("/bizphone/v1/call", json=body)).status_code == 401
    assert (await client.post("/bizphone/v1/call", json=body, headers=BIZ_HEADERS)).status_code == 200
    repeat = await client.post("/bizphone/v1/call", json=body, headers=BIZ_HEADERS)
    assert repeat.status_code == 400 and "already exists" in repeat.json()["message"]
    assert sim.ledger.duplicates() == [] and len(sim.ledger.duplicates(include_refused=True)) == 1
    missing = await client.get("/bizphone/v1/status/nope", headers=BIZ_HEADERS)
    assert missing.status_code == 404


async def test_calls_queue_behind_free_capacity() -> None:
    sim = make_sim(bizphone_org_concurrency=6, bizphone_app_busy_channels=2, outcome_mix={"answered": 1.0})
    async with client_for(sim) as client:
        phones = [f"+8491766{i:04d}" for i in range(10)]
        await client.post("/bizphone/v1/call", json=biz_request("q", phones), headers=BIZ_HEADERS)
        sim.advance(1)
        status = (await client.get("/bizphone/v1/status/q", headers=BIZ_HEADERS)).json()
        states = [d["status"] for d in status["details"]]
        assert states.count("onProgress") == 4 and states.count("queued") == 6
        waiting = [d["callFlowSteps"][0]["info"]["status"] for d in status["details"] if d["status"] == "queued"]
        assert set(waiting) == {"error_concurrent_call_limit_reache"}
        assert status["status"] == "onProgress"
        sim.advance(3600)
        done = (await client.get("/bizphone/v1/status/q", headers=BIZ_HEADERS)).json()
    assert done["status"] == "completed" and {d["status"] for d in done["details"]} == {"completed"}


async def test_status_walks_the_call_flow_with_digits_and_transfers() -> None:
    sim = make_sim(outcome_mix={"answered": 1.0}, bizphone_press_probability=1.0)
    async with client_for(sim) as client:
        steps = [{"name": "play", "message": {"msg": "Hello {{name}}"}}, GATHER]
        phones = [f"+8491200{i:04d}" for i in range(6)]
        await client.post("/bizphone/v1/call", json=biz_request("flow", phones, steps), headers=BIZ_HEADERS)
        sim.advance(5000)
        status = (await client.get("/bizphone/v1/status/flow", headers=BIZ_HEADERS)).json()
    for detail in status["details"]:
        names = [s["stepName"] for s in detail["callFlowSteps"]]
        pressed = detail["callFlowSteps"][1]["info"]["userPressedDigits"]
        assert pressed in ("1", "2")
        if pressed == "1":
            assert names == ["play", "gather", "transfer"]
            assert detail["callFlowSteps"][2]["info"]["transfer_status"] in ("answered", "no_answer", "busy")
            assert detail["monitorData"][-1]["dest"] == f"{detail['destination']} 1000"
        else:
            assert names == ["play", "gather", "play"]
        assert {s["info"]["status"] for s in detail["callFlowSteps"]} == {"sucess_ok"}


async def test_unanswered_calls_report_why() -> None:
    sim = make_sim(outcome_mix={"busy": 1.0})
    async with client_for(sim) as client:
        await client.post("/bizphone/v1/call", json=biz_request("b", ["+84917660247"]), headers=BIZ_HEADERS)
        sim.advance(60)
        detail = (await client.get("/bizphone/v1/status/b", headers=BIZ_HEADERS)).json()["details"][0]
    assert detail["callFlowSteps"][0]["info"] == {
        "call_state": "ended", "call_status": "busy", "status": "error_busy", "userPressedDigits": "",
        "transfer_status": ""}
