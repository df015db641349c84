"""VBot: token lifecycle, every documented error code, lists, CDR, history paging, recordings, webhooks."""

from __future__ import annotations

import httpx
import pytest

from desktop.simulator import Simulator
from tests.helpers.simulator import (
    ACCOUNT,
    V3_HEADERS,
    Receiver,
    client_for,
    make_sim,
    vbot_headers,
    vbot_token,
    wav_seconds,
)

INSERT = "/vbot/v2.0/api/campaignCall/callConfirm/insert"
HISTORY = "/vbot/v2.0/api/crm/historycall/getAll"
#: Seed 000's "Auto Call History" status table.
LEGACY_STATUSES = {100, -100, 104, 101, 102, 103, 105, 106, 200, 2, 3, 4}
V3_LIST = "/vbot/v3.0/m-auto-call/api/call/create-list-phone"


def insert_body(phone: str = "0912345678", **changes: object) -> dict:
    body = {**ACCOUNT, "phone": phone, "hotline_code": "0812345678", "template_code": "CONFIRM_ORDER",
            "external_call_id": "ext1", "datas": {"customer_name": "Nguyễn Văn A"}}
    body.update(changes)
    return body


async def test_token_expires_and_refresh_grant_replaces_it(client: httpx.AsyncClient, sim: Simulator) -> None:
    first = await vbot_token(client)
    assert first["token_type"] == "bearer" and first["expires_in"] == 899
    sim.advance(900)
    expired = await client.get("/vbot/v2.0/api/hotline/getAll", params=ACCOUNT,
                               headers={"Authorization": f"Bearer {first['access_token']}"})
    assert expired.status_code == 401 and expired.json()["error"] == 401
    refreshed = await client.post("/vbot/v2.0/token",
                                  data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert refreshed.status_code == 200 and refreshed.json()["refresh_token"] != first["refresh_token"]
    again = await client.post("/vbot/v2.0/token",
                              data={"grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"
    ok = await client.get("/vbot/v2.0/api/hotline/getAll", params=ACCOUNT,
                          headers={"Authorization": f"Bearer {refreshed.json()['access_token']}"})
    assert ok.status_code == 200 and "hotline_type" not in ok.json()["data"][0]


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "password", "username": "demo", "password": "wrong"}, "invalid_grant"),
        ({"grant_type": "password", "username": "demo"}, "invalid_request"),
        ({"grant_type": "client_credentials"}, "unsupported_grant_type"),
    ],
)
async def test_token_failures(client: httpx.AsyncClient, form: dict, error: str) -> None:
    reply = await client.post("/vbot/v2.0/token", data=form)
    assert reply.status_code == 400 and reply.json()["error"] == error


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"phone": "912345678"}, -1),
        ({"vbot_id": None}, -1),
        ({"datas": {"order_id": "x"}}, -1),  # required customer_name missing
        ({"vbot_id": "999"}, 403),
        ({"hotline_code": "0277777777"}, 403),
        ({"template_code": "OLD_NOTICE"}, 403),
        ({"hotline_code": "0000000000"}, 404),
        ({"template_code": "NOPE"}, 404),
        ({"hotline_code": "0899999999"}, 500),
    ],
)
async def test_insert_error_codes(client: httpx.AsyncClient, sim: Simulator, changes: dict, code: int) -> None:
    body = {k: v for k, v in insert_body(**changes).items() if v is not None}
    reply = await client.post(INSERT, json=body, headers=await vbot_headers(client))
    assert reply.json()["error"] == code and reply.json()["status"] == 0
    assert reply.status_code == (400 if code == -1 else code)
    assert len(sim.ledger) == 0


async def test_bad_bearer_is_401(client: httpx.AsyncClient) -> None:
    reply = await client.post(INSERT, json=insert_body(), headers={"Authorization": "Bearer nope"})
    assert reply.status_code == 401 and reply.json()["error"] == 401


async def test_repeated_external_call_id_is_dialled_unless_deduplication_is_on() -> None:
    for dedupe, expected in ((False, [0, 0]), (True, [0, 409])):
        sim = make_sim(vbot_dedupe_external_call_id=dedupe)
        async with client_for(sim) as client:
            headers = await vbot_headers(client)
            codes = [(await client.post(INSERT, json=insert_body(), headers=headers)).json()["error"] for _ in range(2)]
        assert codes == expected
        assert len(sim.ledger.duplicates()) == (0 if dedupe else 1)


async def test_v3_key_and_list_limits(client: httpx.AsyncClient, sim: Simulator) -> None:
    body = {"hotline_code": "0812345678", "template_code": "KHAO_SAT"}
    six = [{"phone": f"091234567{i}", "external_call_id": f"e{i}"} for i in range(6)]
    too_many = await client.post(V3_LIST, json={**body, "phone_infos": six}, headers=V3_HEADERS)
    assert too_many.json() == {"status": 500, "msg": too_many.json()["msg"], "errorCode": 403, "data": None}
    null = await client.post(V3_LIST, json={**body, "phone_infos": None}, headers=V3_HEADERS)
    assert null.json()["errorCode"] == -1
    bad_id = await client.post(V3_LIST, headers=V3_HEADERS, json={
        **body, "phone_infos": [{"phone": "0912345670", "external_call_id": "EXT_1"}]})
    assert bad_id.json()["errorCode"] == -1
    # Six entries but five distinct phones: the repeat is dropped, the first occurrence kept.
    five = six[:5] + [{"phone": "0912345670", "external_call_id": "dup"}]
    ok = await client.post(V3_LIST, json={**body, "phone_infos": five}, headers=V3_HEADERS)
    assert ok.json() == {"status": 200, "msg": "success", "errorCode": 0, "data": True}
    assert [e.idempotency_key for e in sim.ledger.entries()] == ["e0", "e1", "e2", "e3", "e4"]
    wrong_key = await client.post(V3_LIST, json=body, headers={"X-API-Key": "wrong"})
    assert wrong_key.status_code == 401
    cdr_wrong_key = await client.get("/vbot/v3.0/m-auto-call/api/cdr/get-all", headers={"X-API-Key": "wrong"})
    assert cdr_wrong_key.status_code == 409 and cdr_wrong_key.json()["error"] == 409
    not_allowed = await client.get("/vbot/v3.0/m-auto-call/api/cdr/get-all", params={"bot_id": "OTHER"},
                                   headers=V3_HEADERS)
    assert not_allowed.json()["errorCode"] == 803


async def test_templates_hotlines_and_fields(client: httpx.AsyncClient) -> None:
    headers = await vbot_headers(client)
    active = await client.get("/vbot/v2.0/api/campaignCall/templateScript/getAll",
                              params={**ACCOUNT, "status": 1}, headers=headers)
    count = await client.get("/vbot/v2.0/api/campaignCall/templateScript/countAll",
                             params={**ACCOUNT, "status": 1}, headers=headers)
    assert {t["code"] for t in active.json()["data"]} == {"CONFIRM_ORDER", "NHAC_NO", "KHAO_SAT"}
    assert count.json()["data"] == 3
    fields = await client.get("/vbot/v3.0/api/campaignCall/callConfirm/getCustomFieldInScript",
                              params={"template_script_code": "NHAC_NO"}, headers=V3_HEADERS)
    assert [(f["cfname"], f["isRequired"]) for f in fields.json()["data"]] == [
        ("Họ và tên", True), ("Số tiền", True), ("Hạn thanh toán", False)]
    missing = await client.get("/vbot/v3.0/api/campaignCall/callConfirm/getCustomFieldInScript",
                               params={"template_script_code": "NOPE"}, headers=V3_HEADERS)
    assert missing.status_code == 404
    hotlines = await client.get("/vbot/v3.0/api/hotline/getAll", headers=V3_HEADERS)
    assert {h["hotline_type"] for h in hotlines.json()["data"]} == {"HOTLINE", "ALIAS"}
    v3_templates = await client.get("/vbot/v3.0/m-auto-call/api/template-script/count", headers=V3_HEADERS)
    assert v3_templates.json()["data"] == 4


async def test_legacy_campaign_errors(client: httpx.AsyncClient) -> None:
    headers = await vbot_headers(client)
    base = {"vbotId": "1", "groupCode": "g", "name": "n",
            "phones": [{"fields": [{"key": "phone", "value": "0912345678"}]}]}
    missing = await client.post("/vbot/v2.0/api/campaign/create", json={**base, "phones": []}, headers=headers)
    unknown = await client.post("/vbot/v2.0/api/campaign/create", json={**base, "campaignId": 1}, headers=headers)
    assert (missing.status_code, missing.json()["error"], missing.json()["data"]) == (500, 201, "-1")
    assert (unknown.status_code, unknown.json()["error"]) == (500, 400)


async def test_cdr_history_and_recordings_agree(client: httpx.AsyncClient, sim: Simulator) -> None:
    headers = await vbot_headers(client)
    for i in range(12):
        reply = await client.post(INSERT, json=insert_body(phone=f"09123456{i:02d}", external_call_id=f"x{i}"),
                                  headers=headers)
        assert reply.json()["error"] == 0
    sim.advance(400)
    history = []
    for page in (1, 2, 3):
        reply = await client.get("/vbot/v2.0/api/crm/historycall/getAll",
                                 params={**ACCOUNT, "page": page, "size": 5}, headers=headers)
        history += reply.json()["data"]
    cdr = (await client.get("/vbot/v2.0/api/campaignCall/cdr/getAll", params={**ACCOUNT, "size": 50},
                            headers=headers)).json()["data"]
    assert sorted(h["external_call_id"] for h in history) == sorted(c["external_call_id"] for c in cdr)
    assert len(history) == 12
    answered = (await client.get("/vbot/v2.0/api/campaignCall/cdr/countAll",
                                 params={**ACCOUNT, "disposition": "ANSWER"}, headers=headers)).json()["data"]
    assert answered == sum(1 for c in cdr if c["disposition"] == "ANSWER")
    for item in cdr:
        record = await client.get(f"/vbot/v2.0/api/crm/historycall/record/{item['trans_id']}", headers=headers)
        if item["is_record"]:
            assert record.headers["content-type"] == "audio/wav"
            assert abs(wav_seconds(record.content) - item["billsec"]) <= 0.25
        else:
            assert record.status_code == 404
    v3 = (await client.get("/vbot/v3.0/m-auto-call/api/cdr/get-all", params={"size": 50}, headers=V3_HEADERS)).json()
    assert {c["transId"] for c in v3["data"]} == {c["trans_id"] for c in cdr}
    unknown = await client.get("/vbot/v2.0/api/crm/historycall/record/nope", headers=headers)
    assert unknown.status_code == 404


async def test_webhooks_carry_the_auth_header(client: httpx.AsyncClient, sim: Simulator) -> None:
    headers = await vbot_headers(client)
    for i in range(6):
        await client.post(INSERT, json=insert_body(phone=f"09000000{i:02d}", external_call_id=f"w{i}"), headers=headers)
    receiver = Receiver()
    assert await sim.deliver_webhooks(receiver.client) == []  # nothing has ended yet
    sim.advance(400)
    await sim.deliver_webhooks(receiver.client)
    logs = [p["data"] for p in receiver.payloads() if p.get("event") == "AUTO_CALL_LOG"]
    recordings = [p["data"] for p in receiver.payloads() if p.get("event") == "AUTO_CALL_RECORDING"]
    assert sorted(p["externalCallId"] for p in logs) == [f"w{i}" for i in range(6)]
    assert {r["transId"] for r in recordings} == {p["transId"] for p in logs if p["billsec"] > 0}
    assert all(r.headers["authorization"] == "demo-webhook-secret" for r in receiver.requests)
    assert all(str(r.url) == "http://hooks.test/vbot" for r in receiver.requests)


async def test_failed_webhooks_are_retried_then_given_up(client: httpx.AsyncClient, sim: Simulator) -> None:
    await client.post(INSERT, json=insert_body(), headers=await vbot_headers(client))
    sim.advance(400)
    receiver = Receiver(status=503)
    for _ in range(3):
        await sim.deliver_webhooks(receiver.client)
        sim.advance(10)
    assert sim.outbox.pending() == 0
    assert all(d.attempts == 3 and not d.delivered for d in sim.outbox.finished)
    assert len(receiver.requests) == 3 * len(sim.outbox.finished)


async def test_legacy_campaign_calls_report_the_old_status_codes(client: httpx.AsyncClient, sim: Simulator) -> None:
    headers = await vbot_headers(client)
    phones = [{"fields": [{"key": "phone", "value": "0366255xxx"}]},
              {"fields": [{"key": "phone", "value": "0912345678"}, {"key": "name", "value": "Lan"}]}]
    body = {"vbot_id": "123", "project_code": "PROJ_001", "campaignID": 2933, "name": "c", "phones": phones}
    campaign_id = (await client.post("/vbot/v2.0/api/campaign/create", json=body, headers=headers)).json()["data"]
    sim.advance(400)
    receiver = Receiver()
    await sim.deliver_webhooks(receiver.client)
    by_phone = {p["phone"]: p for p in receiver.payloads() if p.get("event_data") == "AUTO_CALL"}
    assert by_phone["0366255xxx"]["status"] == 101  # undefined phone number
    assert by_phone["0912345678"]["status"] in LEGACY_STATUSES
    assert {p["campaign_id"] for p in by_phone.values()} == {campaign_id}


async def test_history_items_carry_exactly_seed_003s_fields(client: httpx.AsyncClient, sim: Simulator) -> None:
    headers = await vbot_headers(client)
    placed = (await client.post(INSERT, json=insert_body(), headers=headers)).json()["data"]["call_id"]
    sim.advance(400)
    (item,) = (await client.get(HISTORY, params={**ACCOUNT, "page": 1}, headers=headers)).json()["data"]
    assert "trans_id" not in item and item["group_id"] != placed
    assert item["record_file"] in ([], [placed])  # the trans_id record/{trans_id} takes
    sim.config.vbot_record_file = "url"
    (item,) = (await client.get(HISTORY, params={**ACCOUNT, "page": 1}, headers=headers)).json()["data"]
    assert item["record_file"] in ([], [f"http://sim.test/vbot/v2.0/api/crm/historycall/record/{placed}"])


async def test_page_zero_is_refused_unless_the_lenient_reading_is_chosen(client: httpx.AsyncClient,
                                                                         sim: Simulator) -> None:
    """Seed 003 does not say where pages start: strictly they count from 1 (vbot_lenient_page_zero reads 0 as 1)."""
    headers = await vbot_headers(client)
    await client.post(INSERT, json=insert_body(), headers=headers)
    sim.advance(400)
    strict = await client.get(HISTORY, params={**ACCOUNT, "page": 0, "size": 10}, headers=headers)
    assert strict.status_code == 400 and strict.json()["error"] == -1 and "from 1" in strict.json()["message"]
    sim.config.vbot_lenient_page_zero = True
    lenient = await client.get(HISTORY, params={**ACCOUNT, "page": 0, "size": 10}, headers=headers)
    first = await client.get(HISTORY, params={**ACCOUNT, "page": 1, "size": 10}, headers=headers)
    assert lenient.json()["data"] == first.json()["data"] and len(first.json()["data"]) == 1


async def test_the_seed_000_call_history_webhook_is_sent_for_every_call(client: httpx.AsyncClient,
                                                                        sim: Simulator) -> None:
    headers = await vbot_headers(client)
    for i in range(4):
        await client.post(INSERT, json=insert_body(phone=f"09000001{i:02d}", external_call_id=f"h{i}"), headers=headers)
    sim.advance(400)
    receiver = Receiver()
    await sim.deliver_webhooks(receiver.client)
    history = [p for p in receiver.payloads() if p.get("event_data") == "CALL_HISTORY"]
    seed_000 = {"status", "data", "hotline_number", "date_create", "time_call", "type_call", "caller", "callee",
                "postage", "source", "event_data", "disposition", "record_file", "message", "error"}
    assert len(history) == 4 and all(set(p) == seed_000 for p in history)
    assert all(p["type_call"] in ("CALLIN", "CALLOUT", "MISSCALL") and p["disposition"].isupper() for p in history)
    assert sorted(p["data"][0]["external_call_id"] for p in history) == [f"h{i}" for i in range(4)]


async def test_legacy_campaigns_report_every_seed_000_status() -> None:
    """Seed 000's "Auto Call History" table has twelve codes; a large enough legacy list reports each of them."""
    sim = make_sim(outcome_mix={"answered": 0.2, "no_answer": 0.2, "busy": 0.1, "rejected": 0.2, "failed": 0.3})
    async with client_for(sim) as client:
        await _every_legacy_status(client, sim)


async def _every_legacy_status(client: httpx.AsyncClient, sim: Simulator) -> None:
    headers = await vbot_headers(client)
    phones = [{"fields": [{"key": "phone", "value": f"0912{i:06d}"}, {"key": "description", "value": "mô tả"}]}
              for i in range(120)] + [{"fields": [{"key": "phone", "value": "0366255xxx"}]}]
    body = {"vbot_id": "123", "project_code": "PROJ_001", "campaignID": 2933, "name": "c", "phones": phones}
    reply = await client.post("/vbot/v2.0/api/campaign/create", json=body, headers=headers)
    assert reply.json()["status"] == 1
    sim.advance(600)
    receiver = Receiver()
    await sim.deliver_webhooks(receiver.client)
    legacy = [p for p in receiver.payloads() if p.get("event_data") == "AUTO_CALL"]
    assert {p["status"] for p in legacy} == LEGACY_STATUSES
    assert {p["description"] for p in legacy if p["phone"] != "0366255xxx"} == {"mô tả"}
    cancelled = {p["phone"] for p in legacy if p["status"] == 4}
    history = (await client.get(HISTORY, params={**ACCOUNT, "size": 200}, headers=await vbot_headers(client))).json()
    assert {i["callee"][0]["phone"] for i in history["data"] if i["disposition"] == "cancel"} == cancelled


async def test_the_legacy_campaign_is_a_v2_request(client: httpx.AsyncClient) -> None:
    """Seed 000 authorises it with a Bearer token: there is no legacy campaign under v3."""
    body = {"vbot_id": "123", "project_code": "PROJ_001", "campaignID": 2932, "name": "c",
            "phones": [{"fields": [{"key": "phone", "value": "0912345678"}]}]}
    reply = await client.post("/vbot/v3.0/api/campaign/create", json=body, headers=V3_HEADERS)
    assert reply.status_code in (404, 405)


async def test_number_call_must_be_an_integer(client: httpx.AsyncClient) -> None:
    phones = [{"fields": [{"key": "phone", "value": "0912345678"}, {"key": "numberCall", "value": "twice"}]}]
    body = {"vbot_id": "123", "project_code": "PROJ_001", "campaignID": 2932, "name": "c", "phones": phones}
    reply = await client.post("/vbot/v2.0/api/campaign/create", json=body, headers=await vbot_headers(client))
    assert reply.status_code == 500 and reply.json()["data"] == "-1" and reply.json()["error"] == 201
