"""The providers' own example requests (seeds/) are accepted by the matching endpoints.

Bodies are copied from the seed files verbatim, except seed 002 (NXCLOUD), whose sample holds type
placeholders ("string", 0): those are replaced by plausible values of the same type, keeping its shape,
including the ``params`` entry with null name and value.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from desktop.simulator import Simulator
from tests.helpers.simulator import BIZ_HEADERS, nx, vbot_headers, wav_seconds

SEED_003_ITEM = json.loads((Path(__file__).parents[1] / "providers" / "seeds" / "003_vbot_history_response.json")
                           .read_text(encoding="utf-8"))["data"][0]
SEED_000_CAMPAIGN = {
    "vbotId": "44634xxxx",
    "groupCode": "PR20230307144xxxxx",
    "campaignId": 2932,
    "name": "campaign_name_new",
    "phones": [{"fields": [{"key": "phone", "value": "0366255xxx"}, {"key": "name", "value": "Nguyen Van x"}]}],
}
SEED_001_INSERT = {
    "vbot_id": "123", "project_code": "PROJ_001", "phone": "0912345678", "hotline_code": "0812345678",
    "template_code": "CONFIRM_ORDER", "max_time": -1, "max_waiting_time": 30, "external_call_id": "EXT_CALL_001",
    "datas": {"customer_name": "Nguyễn Văn A", "order_id": "ORD_12345"},
}
SEED_001_LIST = {
    "vbot_id": "123", "project_code": "PROJ_001", "hotline_code": "0812345678", "template_code": "CONFIRM_ORDER",
    "phoneInfos": [
        {"phone": "0912345678", "name": "Nguyễn Văn A", "customerUid": "CUST_001"},
        {"phone": "0987654321", "name": "Trần Thị B", "customerUid": "CUST_002"},
    ],
}
SEED_001_FIELDS = [
    {"id": 1, "cfname": "Tên khách hàng", "cfkey": "customer_name", "description": "Tên khách hàng để xưng hô",
     "cftype": "text", "isRequired": True},
    {"id": 2, "cfname": "Mã đơn hàng", "cfkey": "order_id", "description": "Mã đơn hàng cần xác nhận",
     "cftype": "text", "isRequired": False},
]
SEED_002_CREATE_AND_CALL = {
    "productID": "callbot",
    "userTaskID": "7c4a8d09-ca37-4f1b-9a41-seed002",
    "sceneID": "1002",
    "taskCreateSetting": {
        "strategyName": "", "startupType": 1, "startupAt": 0, "zoneSecond": 0, "dialAtWeekDay": "1,2,3,4,5",
        "dialAtUpHour": "9,10,11", "dialAtDownHour": "9,10", "maxCall": 0, "taskName": "seed 002",
        "taskCallbackUrl": "http://hooks.test/nx/task", "maxRingTime": 0, "routeID": "",
        "manualCallSetting": {"agentGroup": "G1", "dispatchType": 0, "ratioCallRate": 0, "predictCallRate": 0},
    },
    "funcFlag": {
        "taskKeep": False, "roundRedial": False, "wholeTTS": False, "smsEnable": False,
        "smsFuncFlag": [{"smsID": "sms-1", "intentID": ["11"], "intentName": ["Will pay"]}], "phoneEncrypt": True,
    },
    "callInfoList": {
        "orderCallbackUrl": "http://hooks.test/nx/order",
        "callCallbackUrl": "http://hooks.test/nx/call",
        "callList": [{"orderID": "order-seed-002", "userPhone": "8615600000000", "other": "pass-through",
                      "userName": "", "customerName": "", "params": [{"name": None, "value": None}]}],
    },
}
SEED_004_CALL = {
    "requestId": "request_10",
    "destinations": [
        {"phone": "+84917660247", "caller": "+6582674904",
         "properties": {"name": "Alex", "dueDate": "August 20th, 2020", "amount": "200,000$"}},
        {"phone": "+84912860330", "caller": "+6582674904",
         "properties": {"name": "Alex", "dueDate": "August 20th, 2020", "amount": "200,000$"}},
    ],
    "enableCallRecording": True,
    "callFlow": {"steps": [
        {"name": "play", "message": {"msg": "thanks {{name}}", "lang": "en", "gender": "male"}},
        {"name": "gather",
         "message": {"msg": "Dear Mr {{name}}, the amount of {{amount}} will be due on {{dueDate}}"},
         "branches": [
             {"digit": "1", "default": "false", "callFlow": {"steps": [
                 {"name": "gather", "message": {"msg": "message need to play", "lang": "en", "gender": "female"},
                  "branches": [{"default": "true", "callFlow": {"steps": [
                      {"name": "play", "message": {"msg": "msg need to play"}}]}}]}]}},
             {"digit": "0", "default": "true", "callFlow": {"steps": [
                 {"name": "transfer", "destination": "Ext:1000"}]}},
         ]},
    ]},
}


async def test_seed_000_legacy_campaign_is_created(client: httpx.AsyncClient) -> None:
    headers = await vbot_headers(client)
    reply = await client.post("/vbot/v2.0/api/campaign/create", json=SEED_000_CAMPAIGN, headers=headers)
    body = reply.json()
    assert reply.status_code == 200 and body["status"] == 1 and body["error"] == 0
    assert isinstance(body["data"], int) and body["data"] > 0


async def test_seed_001_requests_are_accepted(client: httpx.AsyncClient, sim: Simulator) -> None:
    headers = await vbot_headers(client)
    single = await client.post("/vbot/v2.0/api/campaignCall/callConfirm/insert", json=SEED_001_INSERT, headers=headers)
    assert single.status_code == 200
    assert single.json()["data"]["phone"] == "0912345678" and single.json()["data"]["status"] == "pending"
    batch = await client.post(
        "/vbot/v2.0/api/campaignCall/callConfirm/insertListPhone", json=SEED_001_LIST, headers=headers
    )
    assert batch.json()["data"]["phone_count"] == 2 and batch.json()["data"]["status"] == "processing"
    fields = await client.get(
        "/vbot/v2.0/api/campaignCall/callConfirm/getCustomFieldInScript",
        params={"vbot_id": "123", "project_code": "PROJ_001", "template_script_code": "CONFIRM_ORDER"},
        headers=headers,
    )
    assert fields.json()["data"] == SEED_001_FIELDS
    assert [e.idempotency_key for e in sim.ledger.entries("vbot")][0] == "EXT_CALL_001"


async def test_seed_002_create_and_call_is_accepted(client: httpx.AsyncClient) -> None:
    reply = await nx(client, "createAndCall", SEED_002_CREATE_AND_CALL)
    assert reply["retCode"] == 0, reply
    assert reply["totalCount"] == 1 and reply["successCount"] == 1 and reply["errList"] == []
    assert reply["taskID"] and reply["responseID"]


async def test_seed_002_verbatim_is_refused_for_its_placeholders(client: httpx.AsyncClient) -> None:
    """Sent unchanged, seed 002's sample holds "string" where the seed requires a URL: a strict reading refuses it
    (retCode 4, naming the field), as NXCLOUD may."""
    seed = Path(__file__).parents[1] / "providers" / "seeds" / "002_nxcloud_create_and_call_request.json"
    reply = await nx(client, "createAndCall", json.loads(seed.read_text(encoding="utf-8")))
    assert reply["retCode"] == 4 and "CallbackUrl" in reply["retMsg"], reply


async def test_seed_003_history_queries_and_recording(client: httpx.AsyncClient, sim: Simulator) -> None:
    headers = await vbot_headers(client)
    inserted = await client.post("/vbot/v2.0/api/campaignCall/callConfirm/insert", json=SEED_001_INSERT,
                                 headers=headers)
    placed_id = inserted.json()["data"]["call_id"]
    sim.advance(600)  # within the token's 899 s
    base = {"vbot_id": "123", "project_code": "PROJ_001", "phone": "0912345678"}
    listed = await client.get("/vbot/v2.0/api/crm/historycall/getAll", params={**base, "page": 1, "size": 10},
                              headers=headers)
    ranged = await client.get(
        "/vbot/v2.0/api/crm/historycall/getAll",
        params={**base, "from": int(sim.now() - 7200) * 1000, "to": int(sim.now()) * 1000, "page": 1, "size": 10},
        headers=headers,
    )
    count = await client.get("/vbot/v2.0/api/crm/historycall/countAll", params=base, headers=headers)
    ranged_count = await client.get(
        "/vbot/v2.0/api/crm/historycall/countAll",
        params={**base, "from": int(sim.now() - 7200) * 1000, "to": int(sim.now()) * 1000}, headers=headers,
    )
    assert listed.json()["error"] == 0 and len(listed.json()["data"]) == 1
    assert ranged.json()["data"] == listed.json()["data"]
    assert count.json()["data"] == ranged_count.json()["data"] == 1
    item = listed.json()["data"][0]
    assert item["external_call_id"] == "EXT_CALL_001" and item["date_create"].count("/") == 2
    assert set(item) == set(SEED_003_ITEM), "exactly seed 003's fields: no invented trans_id"
    assert item["group_id"] != placed_id
    if item["record_file"]:  # the trans_id record/{trans_id} takes (vbot_record_file)
        assert item["record_file"] == [placed_id]
    record = await client.get(f"/vbot/v2.0/api/crm/historycall/record/{placed_id}", headers=headers)
    if item["record_file"]:
        assert record.headers["content-type"] == "audio/wav" and wav_seconds(record.content) > 0
    else:
        assert record.status_code == 404 and record.json()["error"] == 404


async def test_seed_004_robo_call_is_queued(client: httpx.AsyncClient) -> None:
    reply = await client.post("/bizphone/v1/call", json=SEED_004_CALL, headers=BIZ_HEADERS)
    body = reply.json()
    assert reply.status_code == 200 and body["status"] == "submitted" and body["requestId"] == "request_10"
    assert [d["destination"] for d in body["details"]] == ["+84917660247", "+84912860330"]
