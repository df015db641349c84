"""NXCLOUD Callbot: signature checks, documented retCodes, task states, paging, signed callbacks, audio."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from desktop.simulator import Simulator, SimulatorConfig
from desktop.simulator.config import DEMO_LENIENT, lenient
from desktop.simulator.nxcloud_sign import signature
from tests.helpers.simulator import (
    NX_SECRET,
    START,
    Receiver,
    client_for,
    make_sim,
    nx,
    nx_headers,
    nx_order,
    nx_task,
    wav_seconds,
)

HOOKS = {"orderCallbackUrl": "http://hooks.test/nx/order", "callCallbackUrl": "http://hooks.test/nx/call"}
PING = "/nxcloud/callcentre/api/v3/ping"


async def test_signature_checks(client: httpx.AsyncClient) -> None:
    raw = json.dumps({"productID": "callbot", "data": "x"}).encode()

    async def ping(headers: dict) -> int:
        reply = await client.post(PING, content=raw, headers=headers)
        return reply.json()["code"]

    assert await ping(nx_headers(raw)) == 0
    assert await ping(nx_headers(raw, algorithm="SHA256")) == 0
    assert await ping(nx_headers(raw, sign=None)) == 6001
    assert await ping(nx_headers(raw, createTs=None)) == 6001
    assert await ping(nx_headers(raw, sign="0" * 32)) == 6
    assert await ping(nx_headers(raw, sign=nx_headers(raw)["sign"].lower())) == 6  # must be upper case
    assert await ping({**nx_headers(raw), "algorithm": "SHA1"}) == 6
    assert await ping(nx_headers(raw, createTs="1")) == 6  # far outside the allowed skew
    assert await ping(nx_headers(raw, uuid="someone-else")) == 6002
    # Signed over different bytes than were sent.
    assert await ping(nx_headers(json.dumps({"productID": "callbot", "data": "y"}).encode())) == 6


async def test_responses_are_signed_the_same_way(client: httpx.AsyncClient) -> None:
    raw = json.dumps({"productID": "callbot", "data": "echo"}).encode()
    reply = await client.post(PING, content=raw, headers=nx_headers(raw, algorithm="SHA256", request_id="abc"))
    h = reply.headers
    assert h["requestID"] == "abc" and h["algorithm"] == "SHA256" and reply.json()["data"] == "echo"
    assert h["sign"] == signature(NX_SECRET, reply.content, h["createTs"], "abc", h["uuid"], "SHA256")


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda b: b.pop("sceneID"), 2),
        (lambda b: b["taskCreateSetting"].pop("maxCall"), 2),
        (lambda b: b["callInfoList"]["callList"][0].pop("orderID"), 2),
        (lambda b: b["taskCreateSetting"].update(startupType="3"), 3),
        (lambda b: b["taskCreateSetting"].update(dialAtWeekDay="mon"), 3),
        (lambda b: b["funcFlag"].update(taskKeep="no"), 3),
        (lambda b: b.update(productID="other"), 4),
        (lambda b: b["taskCreateSetting"].update(startupType=9), 4),
        (lambda b: b["taskCreateSetting"].update(dialAtUpHour="24"), 4),
        (lambda b: b.update(sceneID="nope"), 4),
        (lambda b: b.update(sceneID="1001", funcFlag={**b["funcFlag"], "wholeTTS": False}), 4),
        (lambda b: b["callInfoList"].update(callCallbackUrl="ftp://x"), 4),
        (lambda b: b.update(sceneID=1002), 3),  # a string, as seed 002 types it
        (lambda b: b["callInfoList"]["callList"][0].update(params=[{"name": 1, "value": "x"}]), 3),
        (lambda b: b["funcFlag"].update(smsEnable=True, smsFuncFlag=[{"smsID": "S", "intentID": [11],
                                                                       "intentName": []}]), 3),
        (lambda b: b["taskCreateSetting"].update(manualCallSetting={"dispatchType": 1, "ratioCallRate": 1,
                                                                    "predictCallRate": 0}), 2),
        (lambda b: b["taskCreateSetting"].update(manualCallSetting={"agentGroup": "G", "dispatchType": 2,
                                                                    "ratioCallRate": 1, "predictCallRate": 0}), 4),
        # seed 002: the callback URLs are Required and of URL type; the seed's own placeholder is no URL
        (lambda b: b["taskCreateSetting"].update(taskCallbackUrl=""), 4),
        (lambda b: b["callInfoList"].update(orderCallbackUrl=""), 4),
        (lambda b: b["callInfoList"].update(callCallbackUrl=""), 4),
        (lambda b: b["callInfoList"].update(callCallbackUrl="string"), 4),
        # the seed gives an empty weekday/hour list no meaning, and SMS needs its sending conditions
        (lambda b: b["taskCreateSetting"].update(dialAtDownHour=""), 4),
        (lambda b: b["funcFlag"].update(smsEnable=True, smsFuncFlag=[]), 4),
        (lambda b: b.update(sceneID="9001"), 6003),
        (lambda b: b["callInfoList"].update(callList=[nx_order(f"o{i}", "84900000000") for i in range(1001)]), 4001),
    ],
)
async def test_create_and_call_error_codes(client: httpx.AsyncClient, mutate, code: int) -> None:
    body = nx_task("t1", [nx_order("o1", "84912345678")])
    mutate(body)
    assert (await nx(client, "createAndCall", body))["retCode"] == code


@pytest.mark.parametrize(("switch", "mutate"), [
    ("nxcloud_lenient_empty_callback_urls", lambda b: (b["taskCreateSetting"].update(taskCallbackUrl=""),
                                                       b["callInfoList"].update(orderCallbackUrl="",
                                                                                callCallbackUrl=""))),
    ("nxcloud_lenient_empty_dial_lists", lambda b: b["taskCreateSetting"].update(dialAtUpHour="")),
    ("nxcloud_lenient_sms_without_rules", lambda b: b["funcFlag"].update(smsEnable=True, smsFuncFlag=[])),
])
async def test_each_lenient_switch_grants_only_its_reading(switch: str, mutate) -> None:
    """Refused by default; accepted with the named switch on (and only that one)."""
    body = nx_task("t1", [nx_order("o1", "84912345678")])
    mutate(body)
    async with client_for(make_sim()) as strict, client_for(make_sim(**{switch: True})) as lenient:
        assert (await nx(strict, "createAndCall", body))["retCode"] == 4
        assert (await nx(lenient, "createAndCall", body))["retCode"] == 0


async def test_malformed_json_and_gzip(client: httpx.AsyncClient, sim: Simulator) -> None:
    raw = b"{not json"
    reply = await client.post("/nxcloud/callcentre/api/v3/createAndCall", content=raw, headers=nx_headers(raw))
    assert reply.json()["retCode"] == 3
    task = nx_task("t1", [])
    task["funcFlag"]["taskKeep"] = True  # otherwise the task completes as soon as its one call ends
    await nx(client, "createTask", task)
    body = json.dumps({"productID": "callbot", "userTaskID": "t1", "callInfoList": {
        **HOOKS, "callList": [nx_order("g1", "84912345678")]}}).encode()
    reply = await client.post("/nxcloud/callcentre/api/v3/importBatchCall", content=gzip.compress(body),
                              headers={**nx_headers(body), "Content-Encoding": "gzip"})
    assert reply.json()["successCount"] == 1
    busy = await nx(client, "importBatchCall", json.loads(body))
    assert busy["retCode"] == 1001
    sim.advance(10)
    again = json.loads(body)
    again["callInfoList"]["callList"][0]["orderID"] = "g2"
    assert (await nx(client, "importBatchCall", again))["retCode"] == 0


async def test_per_number_problems_go_to_err_list(client: httpx.AsyncClient, sim: Simulator) -> None:
    orders = [
        nx_order("a", "84912345678", [{"name": "name", "value": "An"}, {"name": "amount", "value": "5"}]),
        nx_order("b", "+84912345678", [{"name": "name", "value": "B"}, {"name": "amount", "value": "5"}]),
        nx_order("c", "84912345679", [{"name": "name", "value": "C"}]),
        nx_order("a", "84912345670", [{"name": "name", "value": "A"}, {"name": "amount", "value": "1"}]),
    ]
    reply = await nx(client, "createAndCall", nx_task("t1", orders, scene="1001"))
    assert (reply["totalCount"], reply["successCount"]) == (4, 1)
    assert [e["errMsg"].split(":")[0] for e in reply["errList"]] == [
        "invalid userPhone", "missing params", "orderID already exists"]
    again = await nx(client, "createAndCall", nx_task("t1", []))
    assert again["retCode"] == 4  # userTaskID already exists
    added = await nx(client, "addBatchCall", {"productID": "callbot", "userTaskID": "t1", "callInfoList": {
        **HOOKS, "callList": [nx_order("a", "84912345678")]}})
    assert added["successCount"] == 0 and added["errList"][0]["errMsg"] == "orderID already exists"
    assert sim.ledger.duplicates() == [] and len(sim.ledger.duplicates(include_refused=True)) == 1


async def test_task_states_follow_startup_type_and_operations(client: httpx.AsyncClient, sim: Simulator) -> None:
    await nx(client, "createAndCall", nx_task("manual", [nx_order("m1", "84911111111")], startupType=1))
    await nx(client, "createAndCall", nx_task("scheduled", [nx_order("s1", "84922222222")], startupType=2,
                                              startupAt=int(START) + 600))
    await nx(client, "createAndCall", nx_task("now", [nx_order("n1", "84933333333")], startupType=3))

    async def states() -> dict:
        reply = await nx(client, "listTask", {"productID": "callbot", "page": 1, "size": 10})
        return {t["userTaskID"]: t["taskStatus"] for t in reply["taskData"]}

    assert await states() == {"manual": 1, "scheduled": 1, "now": 2}
    sim.advance(601)
    assert (await states())["scheduled"] == 2
    started = await nx(client, "mgrTaskStatus", {"productID": "callbot", "userTaskID": "manual", "taskOperate": 1})
    assert started["taskStatus"] == 2
    paused = await nx(client, "mgrTaskStatus", {"productID": "callbot", "userTaskID": "manual", "taskOperate": 2})
    assert paused["taskStatus"] == 5
    assert (await nx(client, "updateTask", {"productID": "callbot", "userTaskID": "now"}))["retCode"] == 1
    assert (await nx(client, "updateTask", {"productID": "callbot", "userTaskID": "manual"}))["taskStatus"] == 5
    ended = await nx(client, "mgrTaskStatus", {"productID": "callbot", "userTaskID": "manual", "taskOperate": 3})
    assert ended["taskStatus"] == 4  # completed with a number never dialled
    assert (await nx(client, "mgrTaskStatus", {"productID": "callbot", "userTaskID": "manual",
                                               "taskOperate": 1}))["retCode"] == 1
    assert (await nx(client, "mgrTaskStatus", {"productID": "callbot", "userTaskID": "now",
                                               "taskOperate": 7}))["retCode"] == 4
    sim.advance(3600)
    assert await states() == {"manual": 4, "scheduled": 3, "now": 3}
    filtered = await nx(client, "listTask", {"productID": "callbot", "page": 1, "size": 10,
                                             "queryConditions": {"taskStatus": [3], "taskName": ["sched"]}})
    assert [t["userTaskID"] for t in filtered["taskData"]] == ["scheduled"]


async def test_calling_window_holds_calls_until_it_opens(client: httpx.AsyncClient, sim: Simulator) -> None:
    # START is Monday 00:00 UTC = 07:00 in UTC+7; only Tuesday 09:30-10:00 local is open.
    body = nx_task("w", [nx_order("w1", "84911111111")], dialAtWeekDay="2", dialAtUpHour="", dialAtDownHour="9")
    body["taskCreateSetting"]["dialAtUpHour"] = "0"
    body["taskCreateSetting"]["dialAtWeekDay"] = "2"
    await nx(client, "createAndCall", body)
    sim.advance(23 * 3600)  # Tuesday 06:00 local: still closed (up-hour 0 was at 00:00-00:30 local)
    detail = await nx(client, "listOrderDetail", {"productID": "callbot", "userTaskID": "w", "orderList": ["w1"]})
    starts = [c["callStartTs"] for c in detail["orderDetailList"][0]["callInfoDetailList"]]
    assert starts == [] or all(s >= START + 17 * 3600 for s in starts)
    calls = await nx(client, "listCall", {"productID": "callbot", "userTaskID": "w", "page": 1, "size": 10})
    opened = START + 17 * 3600  # Tuesday 00:00 local
    assert all(opened <= c["callStartTs"] < opened + 1800 for c in calls["callList"])
    assert calls["totalCount"] == 1


async def test_stop_order_is_irreversible(client: httpx.AsyncClient, sim: Simulator) -> None:
    orders = [nx_order(f"o{i}", f"8491111111{i}") for i in range(4)]
    await nx(client, "createAndCall", nx_task("t", orders, maxCall=1))
    stop = await nx(client, "stopOrder", {"productID": "callbot", "userTaskID": "t", "orderIDs": ["o3", "zz"]})
    assert (stop["totalCount"], stop["successCount"], stop["errList"][0]["orderID"]) == (2, 1, "zz")
    again = await nx(client, "stopOrder", {"productID": "callbot", "userTaskID": "t", "orderIDs": ["o3"]})
    assert again["errList"][0]["errMsg"] == "order already stopped"
    sim.advance(3600)
    listed = await nx(client, "listOrder", {"productID": "callbot", "userTaskID": "t", "page": 1, "size": 10})
    by_id = {o["orderID"]: o for o in listed["orderList"]}
    assert by_id["o3"]["finish"] and by_id["o3"]["callInfoDetail"] is None
    assert all(by_id[f"o{i}"]["callInfoDetail"]["callStatus"] in (1, 2, 3, 4, 5) for i in range(3))
    paged = await nx(client, "listOrder", {"productID": "callbot", "userTaskID": "t", "page": 2, "size": 3})
    assert [o["orderID"] for o in paged["orderList"]] == ["o3"] and paged["totalCount"] == 4
    too_many = await nx(client, "listOrderDetail", {"productID": "callbot", "userTaskID": "t",
                                                    "orderList": [str(i) for i in range(501)]})
    assert too_many["retCode"] == 4001


async def test_round_redial_dials_unanswered_orders_once_more() -> None:
    sim = make_sim(outcome_mix={"no_answer": 1.0})
    async with client_for(sim) as client:
        body = nx_task("r", [nx_order("r1", "84911111111")])
        body["funcFlag"]["roundRedial"] = True
        await nx(client, "createAndCall", body)
        sim.advance(3600)
        calls = await nx(client, "listCall", {"productID": "callbot", "userTaskID": "r", "page": 1, "size": 10})
    assert [c["callStatus"] for c in calls["callList"]] == [2, 2]
    assert calls["callList"][1]["callStartTs"] >= calls["callList"][0]["callEndTs"] + 60
    assert len(sim.ledger) == 1


async def test_callbacks_are_signed_and_audio_is_served(client: httpx.AsyncClient, sim: Simulator) -> None:
    orders = [nx_order(f"c{i}", f"8491234567{i}") for i in range(5)]
    await nx(client, "createAndCall", nx_task("cb", orders))
    sim.advance(3600)
    receiver = Receiver()
    await sim.deliver_webhooks(receiver.client)
    for request in receiver.requests:
        h = request.headers
        assert h["sign"] == signature(NX_SECRET, request.content, h["createTs"], h["requestID"], h["uuid"], "MD5")
    tasks = receiver.payloads("/nx/task")
    assert [t["taskStatus"] for t in tasks] == [2, 3] and tasks[-1]["taskStat"]["finishRate"] == 1.0
    calls = receiver.payloads("/nx/call")
    orders_done = receiver.payloads("/nx/order")
    expected = [f"c{i}" for i in range(5)]
    assert sorted(c["orderID"] for c in calls) == sorted(o["orderID"] for o in orders_done) == expected
    assert all(o["callbackType"] == "2" and o["finish"] for o in orders_done)
    for call in calls:
        url = call["callInfoDetail"]["callAudioUrl"]
        if call["callInfoDetail"]["callStatus"] == 1:
            audio = await client.get(url)
            assert audio.headers["content-type"] == "audio/wav"
            assert abs(wav_seconds(audio.content) - call["callInfoDetail"]["callDuration"]) <= 0.25
        else:
            assert url == ""
    exported = await nx(client, "exportBatchCall", {"productID": "callbot", "userTaskID": "cb"})
    assert exported["totalCount"] == 5


@pytest.mark.parametrize("code", [1, 5, 5001, 7])
async def test_system_codes_through_code_faults(client: httpx.AsyncClient, sim: Simulator, code: int) -> None:
    sim.faults.add("/nxcloud/callcentre/api/v3/listTask", "code", code, count=1)
    assert (await nx(client, "listTask", {"productID": "callbot"}))["retCode"] == code
    assert (await nx(client, "listTask", {"productID": "callbot"}))["retCode"] == 0


def test_lenient_switches_are_named_and_the_demo_names_its_own() -> None:
    assert SimulatorConfig().nxcloud_lenient_empty_callback_urls is False  # strict unless named
    assert lenient(SimulatorConfig(), DEMO_LENIENT).nxcloud_lenient_empty_callback_urls is True
    with pytest.raises(ValueError, match="no lenient switch"):
        lenient(SimulatorConfig(), ("speed",))
