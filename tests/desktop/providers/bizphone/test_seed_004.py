"""Seed 004 against the simulator over HTTP: its example sent unchanged, the simulator refusing what the document
does not allow (and accepting it only under the ``bizphone_lenient_*`` switch that names the reading), the account's
flow rules agreeing with it, and the account's reading of the concurrent-call-limit step status."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.providers import create_client
from desktop.providers.base import BatchHandle, BatchRequest, Contact
from desktop.providers.bizphone import BizPhoneCampaignSettings, BizPhoneClient, BizPhoneSettings
from desktop.providers.bizphone import wire as bizphone
from desktop.providers.errors import ConfigError, InvalidRequestError
from desktop.providers.http import HttpLayer, Timing
from desktop.providers.status import Outcome
from tests.helpers.providers import SimEnv

SEED = json.loads((Path(__file__).parents[1] / "seeds" / "004_bizphone_call_request.json").read_text("utf-8"))


def biz(env: SimEnv, **settings: object) -> BizPhoneClient:
    values = {"base_url": env.urls["bizphone"], "min_interval": 0} | settings
    client = create_client(BizPhoneSettings(**values), {"api_key": env.creds["bizphone_api_key"]},
                           env.transport, timing=env.clock.timing)
    assert isinstance(client, BizPhoneClient)
    return client


def seed_contacts() -> list[Contact]:
    return [Contact(f"key{i}", d["phone"], d["properties"]["name"], fields=dict(d["properties"]))
            for i, d in enumerate(SEED["destinations"])]


async def test_the_seed_example_is_sent_unchanged_and_accepted(env: SimEnv) -> None:
    """The seed's request, loaded as a campaign's settings and launched with its own destinations and requestId,
    reaches the simulator byte for byte (same JSON, same key order) and is queued."""
    options = BizPhoneCampaignSettings.from_json(SEED)
    assert options.problems() == []
    async with biz(env) as client:
        result = await client.launch_batch(BatchRequest("c", SEED["requestId"], "", seed_contacts(),
                                                        caller=SEED["destinations"][0]["caller"], options=options))
    sent = env.transport.requests[-1].content
    assert json.loads(sent) == SEED
    assert json.dumps(json.loads(sent)) == json.dumps(SEED), "same keys in the same order"
    assert result.accepted == ["key0", "key1"] and not result.errors
    assert [e.phone for e in env.sim.ledger.entries("bizphone")] == ["+84917660247", "+84912860330"]


def post(env: SimEnv, body: dict[str, Any]) -> httpx.Response:
    """The body straight to the simulator, over the test's transport (no client-side check in the way)."""
    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=env.transport) as http:
            return await http.post(env.urls["bizphone"].rstrip("/") + "/call", json=body,
                                   headers={"x-credential-api-key": env.creds["bizphone_api_key"]})
    return send()  # type: ignore[return-value]


def gather(body: dict[str, Any]) -> dict[str, Any]:
    return body["callFlow"]["steps"][1]


def with_star(body: dict[str, Any]) -> None:
    gather(body)["branches"][0]["digit"] = "*"


def without_default(body: dict[str, Any]) -> None:
    gather(body)["branches"][1]["default"] = "false"


def to_phone(body: dict[str, Any]) -> None:
    gather(body)["branches"][1]["callFlow"]["steps"][0]["destination"] = "+84912345678"


def boolean_default(body: dict[str, Any]) -> None:
    gather(body)["branches"][1]["default"] = True


@pytest.mark.parametrize(("change", "switch", "refusal"), [
    (with_star, "bizphone_lenient_star_hash_keys", '"0".."9"'),
    (without_default, "bizphone_lenient_no_default_branch", "a default branch"),
    (to_phone, "bizphone_lenient_phone_transfers", "Ext:<number>"),
    (boolean_default, "bizphone_lenient_boolean_default", '"true" or "false"'),
])
async def test_what_the_seed_leaves_open_is_refused_unless_its_switch_is_on(make_env, change, switch,
                                                                            refusal) -> None:
    body = copy.deepcopy(SEED)
    change(body)
    strict = await post(make_env(), body)
    lenient = await post(make_env(**{switch: True}), body)
    assert strict.status_code == 400 and refusal in strict.json()["message"]
    assert lenient.status_code == 200 and lenient.json()["status"] == "submitted"


@pytest.mark.parametrize(("change", "refusal"), [
    (lambda b: gather(b)["branches"][0].update(default="true"), "at most one default branch"),
    (lambda b: gather(b)["branches"][0].update(digit="0"), "appears twice"),
    (lambda b: gather(b)["branches"][0].pop("digit"), "needs a digit"),
    (lambda b: gather(b)["branches"][1]["callFlow"]["steps"][0].update(destination="sip:agent@pbx"), "Ext"),
])
async def test_the_simulator_refuses_what_no_reading_of_the_seed_allows(make_env, change, refusal) -> None:
    body = copy.deepcopy(SEED)
    change(body)
    lenient = {name: True for name in ("bizphone_lenient_star_hash_keys", "bizphone_lenient_no_default_branch",
                                       "bizphone_lenient_phone_transfers", "bizphone_lenient_boolean_default")}
    reply = await post(make_env(**lenient), body)
    assert reply.status_code == 400 and refusal in reply.json()["message"]


async def test_the_account_rules_agree_with_the_simulator(make_env) -> None:
    """By default the client refuses, before sending, what the strict simulator refuses; an account that allows
    * and #, no default branch and phone transfers sends them, and the simulator under those switches queues them."""
    body = copy.deepcopy(SEED)
    for change in (with_star, without_default, to_phone):
        change(body)
    options = BizPhoneCampaignSettings.from_json(body)
    strict_env = make_env()
    async with biz(strict_env) as client:
        with pytest.raises(InvalidRequestError, match="needs a default branch"):
            await client.launch_batch(BatchRequest("c", "r1", "", seed_contacts(), options=options))
        items = await options.preflight_items(client, datetime.now(timezone.utc))
        with pytest.raises(InvalidRequestError, match=r"digit '\*' must be one key 0–9 \(\* and # can be allowed"):
            options.flow().check(bizphone.FlowRules(optional_default_branch=True, phone_transfers=True))
    assert [(i.level, i.detail) for i in items if i.key == "settings"] == [
        ("blocking", "A BizPhone gather step needs a default branch for no or another key (this account requires "
                     "one; see Accounts).")]
    assert options.problems() == []  # some account may allow all of it
    assert strict_env.sim.ledger.entries("bizphone") == []
    lenient_env = make_env(bizphone_lenient_star_hash_keys=True, bizphone_lenient_no_default_branch=True,
                           bizphone_lenient_phone_transfers=True)
    async with biz(lenient_env, star_hash_keys="yes", optional_default_branch="yes", phone_transfers="yes") as client:
        result = await client.launch_batch(BatchRequest("c", "r2", "", seed_contacts(), options=options))
    assert json.loads(lenient_env.transport.requests[-1].content)["callFlow"] == body["callFlow"]
    assert result.accepted == ["key0", "key1"]


def at_limit(status: str = "queued", call_state: str = "queued") -> bizphone.CallDetail:
    return bizphone.CallDetail.from_json({"destination": "+84912345000", "status": status, "callFlowSteps": [
        {"stepName": "play", "info": {"call_state": call_state, "status": "error_concurrent_call_limit_reache"}}]})


def client_reading(**settings: object) -> BizPhoneClient:
    return BizPhoneClient(BizPhoneSettings(base_url="https://biz.example/v1", **settings), {"api_key": "k"},
                          HttpLayer("bizphone", "https://biz.example/v1"), Timing())


def test_the_concurrent_limit_status_is_read_as_the_account_says() -> None:
    """"Waiting" (the default) keeps the call live until ``queued_limit_hours`` after its batch was sent, then gives
    it up as unknown (final); "failed" makes it final at once, whatever the call state says."""
    now = datetime.now(timezone.utc)
    waiting = client_reading()
    assert waiting._detail_status(at_limit(), bizphone.StatusResponse(), now - timedelta(hours=23)).outcome \
        is Outcome.QUEUED
    given_up = waiting._detail_status(at_limit(), bizphone.StatusResponse(), now - timedelta(hours=25))
    assert given_up.outcome is Outcome.UNKNOWN and given_up.final
    short = client_reading(queued_limit_hours="0.5")
    assert short._detail_status(at_limit(), bizphone.StatusResponse(), now - timedelta(hours=1)).outcome \
        is Outcome.UNKNOWN
    failed = client_reading(concurrent_limit="failed")._detail_status(at_limit(), bizphone.StatusResponse(), now)
    assert failed.outcome is Outcome.FAILED and failed.final
    with pytest.raises(ConfigError, match="hours above 0"):
        BizPhoneSettings(queued_limit_hours="soon")


async def test_a_call_waiting_past_the_bound_stops_being_polled(make_env) -> None:
    """Over HTTP: 3 calls on 1 line; polled with a send time older than the bound, the two still waiting for a line
    are final ("unknown"), the one dialling is not."""
    env = make_env(bizphone_org_concurrency=1)
    people = [Contact(f"k{i}", f"091234500{i}", "") for i in range(3)]
    options = BizPhoneCampaignSettings.from_json({"callFlow": SEED["callFlow"]})
    async with biz(env, queued_limit_hours=1) as client:
        result = await client.launch_batch(BatchRequest("c", "waiting", "", people, options=options))
        env.advance(1)
        old = datetime.now(timezone.utc) - timedelta(hours=2)
        statuses = await client.poll(BatchHandle("c", "", people, result.provider_refs, since=old))
    assert [s.outcome for s in statuses].count(Outcome.UNKNOWN) == 2
    assert sum(not s.final for s in statuses) == 1


async def test_pressed_keys_and_the_transfer_destination_reach_the_raw_status(make_env) -> None:
    """``userPressedDigits`` and a ``monitorData`` destination other than the callee are kept with the status."""
    env = make_env(outcome_mix={"answered": 1.0}, bizphone_press_probability=1.0)
    flow = {"steps": [{"name": "gather", "message": {"msg": "Press 1"}, "branches": [
        {"digit": "1", "default": "true", "callFlow": {"steps": [{"name": "transfer", "destination": "Ext:1000"}]}}]}]}
    people = [Contact("k0", "0912345000", "")]
    async with biz(env) as client:
        result = await client.launch_batch(BatchRequest("c", "pressed", "", people,
                                                        options=BizPhoneCampaignSettings(call_flow=flow)))
        env.advance(3600)
        [status] = await client.poll(BatchHandle("c", "", people, result.provider_refs))
    assert "pressed=1" in status.raw_status and "monitor=+84912345000 1000" in status.raw_status
