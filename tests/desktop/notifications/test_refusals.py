"""What the receiver refuses, over real loopback HTTP: forged (bad header, bad signature, another account's uuid),
replayed (an old createTs, a repeated requestID), oversized, malformed, non-JSON and too frequent requests are
answered 4xx, counted per account and reason, and never stored; out-of-order and repeated notifications are
harmless; and a seeded fuzz over the JSON shapes never breaks the receiver nor touches a row it does not name."""

from __future__ import annotations

import json
import random
import time
import uuid

import httpx
import pytest

from desktop.i18n import shown
from desktop.notifications.receiver import RateLimit, Receiver, RunningReceiver
from desktop.providers.base import Outcome
from desktop.providers.vbot.notifications import HEADER, TOKEN
from desktop.simulator.config import DEMO_CREDENTIALS
from desktop.simulator.nxcloud_sign import signature
from tests.desktop.notifications.conftest import Rx
from tests.helpers.campaigns import ON_BOTH_ENGINES

pytestmark = ON_BOTH_ENGINES

NX_UUID, NX_SECRET = DEMO_CREDENTIALS["nxcloud_uuid"], DEMO_CREDENTIALS["nxcloud_secret_key"]


def token(rx: Rx) -> str:
    return rx.env.accounts.secrets.get(rx.endpoint("vbot").account_id, TOKEN) or ""


def vbot_post(rx: Rx, payload: object, *, header: str | None = "", raw: bytes | None = None,
              content_type: str = "application/json") -> httpx.Response:
    headers = {"Content-Type": content_type}
    if header is not None:
        headers[HEADER] = header or token(rx)
    body = raw if raw is not None else json.dumps(payload).encode()
    return rx.http.post(rx.url("vbot"), content=body, headers=headers)


def nx_headers(body: bytes, *, created: float | None = None, request_id: str | None = None,
               secret: str = NX_SECRET, account_uuid: str = NX_UUID) -> dict[str, str]:
    request_id = request_id or uuid.uuid4().hex
    create_ts = str(int(created if created is not None else time.time()))
    return {"Content-Type": "application/json", "requestID": request_id, "uuid": account_uuid,
            "createTs": create_ts, "sign": signature(secret, body, create_ts, request_id, account_uuid)}


def nx_post(rx: Rx, payload: object, *, raw: bytes | None = None, **signing: object) -> httpx.Response:
    body = raw if raw is not None else json.dumps(payload).encode()
    return rx.http.post(rx.url("nxcloud"), content=body, headers=nx_headers(body, **signing))  # type: ignore[arg-type]


def refusals(rx: Rx) -> dict[tuple[str, str], int]:
    provider = {e.account_id: e.provider for e in rx.running.receiver.endpoints}
    return {(provider[r["account_id"]], shown(r["reason"])): r["count"]
            for r in rx.env.store.query("SELECT account_id, reason, count FROM notification_refusals")}


def stored(rx: Rx) -> int:
    return rx.env.store.query_one("SELECT count(*) AS n FROM notification_events")["n"]


def auto_call_log(key: str, disposition: str, trans_id: str) -> dict:
    return {"event": "AUTO_CALL_LOG", "data": {"phone": "0910000001", "disposition": disposition, "billsec": 12,
                                               "duration": 20, "postage": 800.0, "transId": trans_id,
                                               "externalCallId": key, "callCollectedData": "[]"}}


def test_forged_replayed_oversized_malformed_and_non_json_requests_are_refused_counted_and_not_stored(
        rx: Rx) -> None:
    order = {"callbackType": "2", "orderID": "nothing", "finish": True}
    replies = {
        "vbot no header": vbot_post(rx, {"event": "AUTO_CALL_LOG"}, header=None).status_code,
        "vbot wrong header": vbot_post(rx, {"event": "AUTO_CALL_LOG"}, header="guess").status_code,
        "nx bad sign": nx_post(rx, order, secret="not-the-secret").status_code,
        "nx other uuid": nx_post(rx, order, account_uuid="someone-else").status_code,
        "nx unsigned": rx.http.post(rx.url("nxcloud"), json=order).status_code,
        "nx old createTs": nx_post(rx, order, created=time.time() - 3600).status_code,
        "vbot oversized": vbot_post(rx, None, raw=b'{"x": "' + b"a" * 70_000 + b'"}').status_code,
        "vbot malformed": vbot_post(rx, None, raw=b'{"event": ').status_code,
        "nx malformed": nx_post(rx, None, raw=b"[1, 2").status_code,
        "vbot form": vbot_post(rx, None, raw=b"a=1", content_type="application/x-www-form-urlencoded").status_code,
        "unknown route": rx.http.post(rx.running.url + "/vbot/999", json={}).status_code,
    }
    assert replies == {"vbot no header": 401, "vbot wrong header": 403, "nx bad sign": 403, "nx other uuid": 403,
                       "nx unsigned": 401, "nx old createTs": 403, "vbot oversized": 413, "vbot malformed": 400,
                       "nx malformed": 400, "vbot form": 415, "unknown route": 404}
    assert refusals(rx) == {
        ("vbot", f"no {HEADER} header"): 1, ("vbot", f"wrong {HEADER} value"): 1, ("vbot", "body too large"): 1,
        ("vbot", "malformed JSON"): 1, ("vbot", "not a JSON content type"): 1,
        ("nxcloud", "bad signature"): 1, ("nxcloud", "another account's uuid"): 1,
        ("nxcloud", "unsigned (requestID, uuid, createTs or sign missing)"): 1,
        ("nxcloud", "createTs outside the replay window"): 1, ("nxcloud", "malformed JSON"): 1,
    }
    assert stored(rx) == 0


def test_a_repeated_request_id_is_refused_and_a_signed_reply_comes_back(rx: Rx) -> None:
    body = json.dumps({"callbackType": 1, "userTaskID": "t1", "taskStatus": 2}).encode()
    headers = nx_headers(body, request_id="once")
    first = rx.http.post(rx.url("nxcloud"), content=body, headers=headers)
    again = rx.http.post(rx.url("nxcloud"), content=body, headers=headers)
    assert (first.status_code, again.status_code) == (200, 403)
    assert refusals(rx) == {("nxcloud", "repeated requestID"): 1} and stored(rx) == 1
    reply = first.headers
    assert reply["uuid"] == NX_UUID and reply["sign"] == signature(NX_SECRET, first.content, reply["createTs"],
                                                                   reply["requestID"], NX_UUID)


def test_too_many_requests_from_one_source_are_refused(rx: Rx) -> None:
    heard = []
    receiver = Receiver(rx.running.receiver.inbox, rx.running.receiver.endpoints, rate=RateLimit(rate=0.001, burst=3),
                        on_received=lambda endpoint, received: heard.append((endpoint.provider, received.changed)))
    with RunningReceiver(receiver) as running:
        path = rx.endpoint("vbot").path
        codes = [rx.http.post(running.url + path, json={"event": "PING", "n": n}, headers={HEADER: token(rx)})
                 .status_code for n in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert refusals(rx) == {("vbot", "rate limited"): 2}
    assert heard == [("vbot", [])] * 3  # each stored event is announced (none named a call)


async def test_repeated_and_out_of_order_notifications_never_undo_a_final_outcome(rx: Rx) -> None:
    campaign = rx.env.campaign("vbot", 2)
    check = await rx.env.service.preflight(campaign)
    await rx.env.service.launch(campaign, check)
    first, second = (r["idem_key"] for r in rx.env.store.query(
        "SELECT idem_key FROM calls WHERE campaign_id = ? ORDER BY id", (campaign.id,)))

    def outcome(key: str) -> str:
        return rx.env.store.query_one("SELECT outcome FROM calls WHERE idem_key = ?", (key,))["outcome"]

    answered = vbot_post(rx, auto_call_log(first, "ANSWER", "t-1"))
    assert answered.json() == {"ok": True, "duplicate": False} and outcome(first) == "answered"
    assert vbot_post(rx, auto_call_log(first, "ANSWER", "t-1")).json() == {"ok": True, "duplicate": True}
    assert vbot_post(rx, auto_call_log(first, "processing", "t-0")).status_code == 200  # earlier state, later
    assert outcome(first) == "answered"
    assert vbot_post(rx, auto_call_log(first, "BUSY", "t-2")).status_code == 200  # another final, later
    assert outcome(first) == "answered"

    vbot_post(rx, auto_call_log(second, "processing", "u-0"))
    assert outcome(second) == "dialing"
    vbot_post(rx, auto_call_log(second, "NOANSWER", "u-1"))
    assert outcome(second) == "no_answer"
    assert stored(rx) == 5  # every authentic, distinct event once; the repeat was not stored again


async def test_a_key_of_another_accounts_campaign_is_stored_but_touches_no_row(rx: Rx) -> None:
    campaign = rx.env.campaign("nxcloud", 1)
    await rx.env.service.launch(campaign, await rx.env.service.preflight(campaign))
    row = rx.env.store.query_one("SELECT idem_key, outcome FROM calls WHERE campaign_id = ?", (campaign.id,))
    assert vbot_post(rx, auto_call_log(row["idem_key"], "ANSWER", "t-9")).json() == {"ok": True, "duplicate": False}
    after = rx.env.store.query_one("SELECT outcome FROM calls WHERE campaign_id = ?", (campaign.id,))
    assert after["outcome"] == row["outcome"] != "answered"
    assert [r["applied"] for r in rx.env.store.query("SELECT applied FROM notification_events")] == [0]


async def test_an_nxcloud_call_callback_arriving_after_its_order_is_final_changes_nothing(rx: Rx) -> None:
    campaign = rx.env.campaign("nxcloud", 1)
    await rx.env.service.launch(campaign, await rx.env.service.preflight(campaign))
    key = rx.env.store.query_one("SELECT idem_key FROM calls WHERE campaign_id = ?", (campaign.id,))["idem_key"]

    def row() -> tuple:
        found = rx.env.store.query_one("SELECT outcome, recording, trans_id FROM calls WHERE idem_key = ?", (key,))
        return tuple(found)

    order = {"callbackType": "2", "orderID": key, "userTaskID": campaign.key, "finish": True,
             "callInfoDetail": {"callID": "c2", "termSipCode": "200", "hangupCause": "NORMAL_CLEARING",
                                "callAnswerTs": 1767571230, "callDuration": 31, "callAudioUrl": "https://nx.test/c2"}}
    first_attempt = {"callbackType": 3, "orderID": key, "userTaskID": campaign.key, "finish": False,
                     "callInfoDetail": {"callID": "c1", "termSipCode": "486", "hangupCause": "USER_BUSY"}}
    assert nx_post(rx, order).status_code == 200
    assert row() == ("answered", "https://nx.test/c2", "c2")
    assert nx_post(rx, first_attempt).status_code == 200  # the first, busy attempt (redialled), reported late
    assert nx_post(rx, order).json() == {"ok": True, "duplicate": True}  # resent with a new requestID
    assert row() == ("answered", "https://nx.test/c2", "c2")
    assert stored(rx) == 2


@pytest.mark.parametrize("provider", ["vbot", "nxcloud"])
async def test_fuzzed_json_shapes_never_break_the_receiver_and_leave_rows_valid(rx: Rx, provider: str) -> None:
    """Authentic bodies of random shape, some naming the campaign's real keys and phones: every one is answered
    200 and stored at most once, and every row still holds a known outcome and stays sent."""
    campaign = rx.env.campaign(provider, 3)
    await rx.env.service.launch(campaign, await rx.env.service.preflight(campaign))
    rows = rx.env.store.query("SELECT idem_key, phone FROM calls WHERE campaign_id = ?", (campaign.id,))
    rng = random.Random(18)
    names = ["event", "data", "transId", "externalCallId", "disposition", "phone", "callee", "type_call",
             "event_data", "campaign_id", "status", "time_call", "record_file", "callbackType", "orderID",
             "finish", "callInfoDetail", "termSipCode", "hangupCause", "callStatus", "autoCallLog", "callAudioUrl",
             "recordUrl", "callCollectedData", "billsec", "userPhone", "callAnswerTs"]
    words = ["AUTO_CALL_LOG", "AUTO_CALL_COMPLETE", "AUTO_CALL_RECORDING", "CALL_HISTORY", "CALLOUT", "ANSWER",
             "BUSY", "processing", "NORMAL_CLEARING", "2", "3", "1", "200", "486", "", "[]", "{}", "null",
             *(r["idem_key"] for r in rows), *(r["phone"] for r in rows), *("0" + r["phone"][3:] for r in rows)]

    def value(depth: int) -> object:
        kind = rng.randrange(8 if depth < 3 else 5)
        if kind in (0, 4):
            return rng.choice(words)
        if kind == 1:
            return rng.choice([0, 1, 2, 3, 4, -100, 200, 486, 1.5, 10**20, -1])
        if kind == 2:
            return rng.choice([True, False, None])
        if kind == 3:
            return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(6)))
        if kind in (5, 6):
            return {rng.choice(names): value(depth + 1) for _ in range(rng.randrange(7))}
        return [value(depth + 1) for _ in range(rng.randrange(4))]

    codes, bodies = set(), set()
    for _ in range(200):
        payload = value(0) if rng.random() < 0.2 else {rng.choice(names): value(1) for _ in range(rng.randrange(9))}
        reply = vbot_post(rx, payload) if provider == "vbot" else nx_post(rx, payload)
        codes.add(reply.status_code)
        bodies.add(json.dumps(payload))
    assert codes == {200}
    assert 0 < stored(rx) <= len(bodies) and refusals(rx) == {}
    after = rx.env.store.query("SELECT outcome, dispatch FROM calls WHERE campaign_id = ?", (campaign.id,))
    assert all(r["outcome"] in set(Outcome) and r["dispatch"] == "sent" for r in after)
