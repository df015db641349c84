"""A thousand calls over the three providers: what each API reports afterwards agrees with the ledger,
nothing was dialled twice, and every recording decodes as audio of the call's billed length."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from desktop.simulator import Simulator
from tests.helpers.simulator import (
    ACCOUNT,
    BIZ_HEADERS,
    V3_HEADERS,
    biz_request,
    nx,
    nx_order,
    nx_task,
    vbot_headers,
    wav_seconds,
)

VBOT_SINGLE, VBOT_LIST, VBOT_V3 = 100, 100, 134  # 334 VBot calls
NX_CALLS, BIZ_CALLS = 333, 333


async def place_vbot(client: httpx.AsyncClient) -> None:
    headers = await vbot_headers(client)
    for i in range(VBOT_SINGLE):
        reply = await client.post("/vbot/v2.0/api/campaignCall/callConfirm/insert", headers=headers, json={
            **ACCOUNT, "phone": f"0912{i:06d}", "hotline_code": "0812345678", "template_code": "CONFIRM_ORDER",
            "external_call_id": f"single{i}", "datas": {"customer_name": f"Khách {i}"}})
        assert reply.json()["error"] == 0
    for batch in range(2):
        infos = [{"phone": f"0913{batch}{i:05d}", "name": f"Khách {i}"} for i in range(VBOT_LIST // 2)]
        reply = await client.post("/vbot/v2.0/api/campaignCall/callConfirm/insertListPhone", headers=headers, json={
            **ACCOUNT, "hotline_code": "0812345678", "template_code": "KHAO_SAT", "phoneInfos": infos})
        assert reply.json()["data"]["phone_count"] == VBOT_LIST // 2
    for start in range(0, VBOT_V3, 5):
        infos = [{"phone": f"0914{i:06d}", "external_call_id": f"v3call{i}", "datas": {"ho_ten": "A", "so_tien": "1"}}
                 for i in range(start, min(start + 5, VBOT_V3))]
        reply = await client.post("/vbot/v3.0/m-auto-call/api/call/create-list-phone", headers=V3_HEADERS, json={
            "hotline_code": "02873001234", "template_code": "NHAC_NO", "phone_infos": infos})
        assert reply.json()["errorCode"] == 0


async def place_nxcloud(client: httpx.AsyncClient) -> None:
    orders = [nx_order(f"order{i}", f"8491{i:07d}") for i in range(NX_CALLS)]
    task = nx_task("scale", orders[:200])
    created = await nx(client, "createAndCall", task)
    added = await nx(client, "addBatchCall", {"productID": "callbot", "userTaskID": "scale", "callInfoList": {
        **task["callInfoList"], "callList": orders[200:]}})
    assert created["successCount"] + added["successCount"] == NX_CALLS


async def place_bizphone(client: httpx.AsyncClient) -> list[str]:
    request_ids = []
    for start in range(0, BIZ_CALLS, 50):
        phones = [f"+8492{i:07d}" for i in range(start, min(start + 50, BIZ_CALLS))]
        request_ids.append(f"biz{start}")
        reply = await client.post("/bizphone/v1/call", json=biz_request(request_ids[-1], phones), headers=BIZ_HEADERS)
        assert reply.status_code == 200
    return request_ids


async def test_thousand_calls_agree_with_the_ledger(client: httpx.AsyncClient, sim: Simulator) -> None:
    await place_vbot(client)
    await place_nxcloud(client)
    request_ids = await place_bizphone(client)
    assert Counter(e.provider for e in sim.ledger.entries()) == {"vbot": 334, "nxcloud": 333, "bizphone": 333}
    assert sim.ledger.duplicates(include_refused=True) == []
    sim.advance(24 * 3600)

    # VBot: the CDR and the call history list exactly the ledger's calls; recordings play.
    headers = await vbot_headers(client)
    ledger_vbot = {e.call_id: e for e in sim.ledger.entries("vbot")}
    history, cdr = [], []
    for page in range(1, 5):
        params = {**ACCOUNT, "page": page, "size": 100}
        history += (await client.get("/vbot/v2.0/api/crm/historycall/getAll", params=params,
                                     headers=headers)).json()["data"]
        cdr += (await client.get("/vbot/v2.0/api/campaignCall/cdr/getAll", params=params,
                                 headers=headers)).json()["data"]
    assert len(history) == len(cdr) == 334 and {c["trans_id"] for c in cdr} == set(ledger_vbot)
    # seed 003's items name no trans_id; their record_file is the trans_id record/{trans_id} takes
    assert {f for h in history for f in h["record_file"]} == {c["trans_id"] for c in cdr if c["is_record"]}
    assert all(ledger_vbot[c["trans_id"]].phone == c["phone"] for c in cdr)
    assert all(c["external_call_id"] in ("", ledger_vbot[c["trans_id"]].idempotency_key) for c in cdr)
    count = await client.get("/vbot/v2.0/api/crm/historycall/countAll", params=ACCOUNT, headers=headers)
    assert count.json()["data"] == 334
    recorded = [c for c in cdr if c["is_record"]]
    recordings = await asyncio.gather(*(
        client.get(f"/vbot/v2.0/api/crm/historycall/record/{c['trans_id']}", headers=headers) for c in recorded))
    for item, audio in zip(recorded, recordings, strict=True):
        assert abs(wav_seconds(audio.content) - item["billsec"]) <= 0.25

    # NXCLOUD: every order finished, one per ledger entry, with its recordings.
    orders = []
    for page in range(1, 5):
        orders += (await nx(client, "listOrder", {"productID": "callbot", "userTaskID": "scale",
                                                  "page": page, "size": 100}))["orderList"]
    ledger_nx = {e.idempotency_key: e for e in sim.ledger.entries("nxcloud")}
    assert {o["orderID"] for o in orders} == set(ledger_nx) and all(o["finish"] for o in orders)
    assert all(o["userPhone"] == ledger_nx[o["orderID"]].phone for o in orders)
    urls = [o["callInfoDetail"]["callAudioUrl"] for o in orders if o["callInfoDetail"]["callAudioUrl"]]
    for audio in await asyncio.gather(*(client.get(url) for url in urls)):
        assert wav_seconds(audio.content) > 0
    task = (await nx(client, "listTask", {"productID": "callbot", "queryConditions": {"userTaskID": ["scale"]}}))
    assert task["taskData"][0]["taskStatus"] == 3 and task["taskData"][0]["taskStat"]["totalOrderCount"] == 333

    # BizPhone: every request completed, each destination once.
    destinations = []
    for request_id in request_ids:
        status = (await client.get(f"/bizphone/v1/status/{request_id}", headers=BIZ_HEADERS)).json()
        assert status["status"] == "completed"
        destinations += [(request_id, d["destination"]) for d in status["details"]]
    assert sorted(destinations) == sorted((e.idempotency_key, e.phone) for e in sim.ledger.entries("bizphone"))

    # The mix is the configured one, roughly: about 60 % answered.
    answered = sum(1 for c in cdr if c["disposition"] == "ANSWER") + len(urls)
    assert 0.5 < answered / 667 < 0.7
    assert (await client.get("/_sim/ledger")).json()["duplicates"] == []
