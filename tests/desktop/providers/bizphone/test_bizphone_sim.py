"""BizPhone adapter against the simulator, in process (ASGI) and over real loopback HTTP."""

from __future__ import annotations

import json

import pytest

from desktop import phones
from desktop.phones import E164, to_e164
from desktop.providers import create_client
from desktop.providers.base import BatchHandle, BatchRequest, Contact, RawJson, new_key
from desktop.providers.bizphone import BizPhoneCampaignSettings, BizPhoneClient, BizPhoneSettings
from desktop.providers.bizphone.wire import Branch, CallFlow, GatherStep, Message, PlayStep, TransferStep
from desktop.providers.errors import AuthError, BadResponseError, ConfigError, ErrorKind, NotFoundError, ServerError
from desktop.providers.status import Outcome
from tests.helpers.providers import SimEnv

FLOW = CallFlow(steps=[
    PlayStep(message=Message(msg="Xin chào {{name}}", lang="en", gender="female")),
    GatherStep(message=Message(msg="Press 1 to talk to us"), branches=[
        Branch(digit="1", call_flow=CallFlow(steps=[TransferStep(destination="Ext:1000")])),
        Branch(default=True, call_flow=CallFlow(steps=[PlayStep(message=Message(msg="Goodbye"))])),
    ]),
])


def biz(env: SimEnv, key: str | None = None, **settings: object) -> BizPhoneClient:
    values = {"base_url": env.urls["bizphone"], "default_caller_id": "+6582674904", "min_interval": 0} | settings
    client = create_client(BizPhoneSettings(**values), {"api_key": key or env.creds["bizphone_api_key"]},
                           env.transport, timing=env.clock.timing)
    assert isinstance(client, BizPhoneClient)
    return client


def contacts(n: int) -> list[Contact]:
    return [Contact(new_key(), f"0912345{i:03d}", f"Khách {i}") for i in range(n)]


def batch(people: list[Contact], key: str | None = None) -> BatchRequest:
    return BatchRequest("c", key or new_key(), "", people, options=BizPhoneCampaignSettings(call_flow=FLOW.to_json()))


async def test_queue_poll_until_final(env: SimEnv) -> None:
    people = contacts(4)
    async with biz(env, max_batch_size=3) as client:
        await client.check_connection()
        result = await client.launch_batch(batch(people))
        early = await client.poll(BatchHandle("c", "", people, result.provider_refs))
        env.advance(900)
        late = await client.poll(BatchHandle("c", "", people, result.provider_refs))
    assert len(result.accepted) == 4 and len(result.provider_refs) == 2
    sent = json.loads(env.transport.requests[1].content)
    assert sent["destinations"][0]["phone"] == "+84912345000", "E.164"
    assert sent["callFlow"] == FLOW.to_json()
    assert all(not s.final for s in early)
    assert all(s.final and s.raw_status for s in late)
    assert env.sim.ledger.duplicates() == []


async def test_proven_numbers_are_sent_as_stored_and_the_reply_kept_as_received(env: SimEnv, monkeypatch) -> None:
    """The journal's numbers are E164 (checked when imported): sent as they are; any other text is still read as a
    number of the account's region. The reply is kept as its text, for the journal to store without encoding it."""
    people = [Contact(new_key(), E164("+84912345001"), "An"), Contact(new_key(), "0912 345 002", "Bình")]
    parsed: list[str] = []
    monkeypatch.setattr(phones, "to_e164", lambda phone, region: parsed.append(phone) or to_e164(phone, region))
    async with biz(env) as client:
        result = await client.launch_batch(batch(people))
    assert result.accepted == [c.key for c in people] and parsed == ["0912 345 002"]
    sent = json.loads(env.transport.requests[0].content)
    assert [d["phone"] for d in sent["destinations"]] == ["+84912345001", "+84912345002"]
    assert isinstance(result.raw[0], RawJson) and json.loads(result.raw[0])["requestId"] == result.provider_refs[0]
    assert [d["destination"] for d in json.loads(result.raw[0])["details"]] == ["+84912345001", "+84912345002"]


async def test_refused_key(env: SimEnv) -> None:
    async with biz(env, "wrong-key") as client:
        with pytest.raises(AuthError, match="The API key was refused by BizPhone"):
            await client.check_connection()


async def test_bad_request_is_per_contact(env: SimEnv) -> None:
    env.sim.faults.add("/bizphone/v1/call", "code", 400, count=1)
    people = contacts(2)
    async with biz(env) as client:
        result = await client.launch_batch(batch(people))
        with pytest.raises(ConfigError, match="E.164"):
            await client.launch_batch(BatchRequest("c", new_key(), "", people, caller="not a number",
                                                   options=BizPhoneCampaignSettings(call_flow=FLOW.to_json())))
    assert not result.accepted and [e.key for e in result.errors] == [c.key for c in people]
    assert all("BizPhone refused the request" in e.message for e in result.errors)
    assert env.sim.ledger.entries("bizphone") == []


async def test_keyed_call_is_resent_after_5xx_and_drop_without_double_dialling(env: SimEnv) -> None:
    env.sim.faults.add("/bizphone/v1/call", "error", 503, count=1)
    async with biz(env) as client:
        first = await client.launch_batch(batch(contacts(2)))
        env.sim.faults.add("/bizphone/v1/call", "drop", count=1)
        second = await client.launch_batch(batch(contacts(2)))
    assert len(first.accepted) == 2 and len(second.accepted) == 2
    assert len(env.transport.paths("/call")) == 4
    assert env.sim.ledger.duplicates() == []


async def test_a_server_error_that_persists_says_what_to_do(env: SimEnv) -> None:
    env.sim.faults.add("/bizphone/v1/status/*", "error", 500)
    async with biz(env) as client:
        with pytest.raises(ServerError, match="try again in a few minutes"):
            await client.poll(BatchHandle("c", "", contacts(1), ["anything"]))
    assert len(env.transport.paths("/status/anything")) == 4


async def test_a_status_check_of_an_unknown_request_says_so_without_phone_advice(env: SimEnv) -> None:
    async with biz(env) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.poll(BatchHandle("c", "", contacts(1), ["lostrequest"]))
        connected = await client.check_connection()  # the same 404 still proves the key works
    message = str(caught.value)
    assert caught.value.kind is ErrorKind.NOT_FOUND and caught.value.code == 404
    assert message.startswith("BizPhone has no record of call request lostrequest (requestId lostrequest not found)")
    assert "phone number" not in message and "caller ID" not in message
    assert len(env.transport.paths("/status/lostrequest")) == 1  # a 404 is an answer, not a failure to retry
    assert connected.message == "Connected to BizPhone."


async def test_malformed_json_is_a_bad_response(env: SimEnv) -> None:
    env.sim.faults.add("/bizphone/v1/status/*", "malformed")
    async with biz(env) as client:
        with pytest.raises(BadResponseError):
            await client.poll(BatchHandle("c", "", contacts(1), ["anything"]))


async def test_calls_waiting_for_a_free_line_stay_queued_until_they_end(make_env) -> None:
    """20 destinations on 2 lines: the 18 waiting ones carry BizPhone's "concurrent call limit" step status, which
    says they wait for capacity, not that they failed — they must poll as queued (not final) until they end."""
    env = make_env(bizphone_org_concurrency=2)
    people = contacts(20)
    async with biz(env) as client:
        result = await client.launch_batch(batch(people))
        handle = BatchHandle("c", "", people, result.provider_refs)
        waiting = await client.poll(handle)
        env.advance(1)
        started = await client.poll(handle)
        env.advance(900 * 20)
        ended = await client.poll(handle)
    assert {s.outcome for s in waiting} == {Outcome.QUEUED}
    assert sum("error_concurrent_call_limit_reache" in s.raw_status for s in waiting) == 18
    assert [s.outcome for s in started].count(Outcome.QUEUED) == 18
    assert not any(s.final for s in started)
    decided = {d.phone: str(d.call.outcome) for d in env.sim.bizphone.requests[result.provider_refs[0]].destinations}
    assert [str(s.outcome) for s in ended] == [decided[f"+84{c.phone[1:]}"] for c in people]
    assert env.sim.ledger.duplicates() == [] and len(env.sim.ledger.entries("bizphone")) == 20
