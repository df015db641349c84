"""VBot adapter against the simulator, in process (ASGI) and over real loopback HTTP."""

from __future__ import annotations

import importlib.abc
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.providers import create_client
from desktop.providers.base import BatchFailed, BatchHandle, BatchRequest, Contact, new_key
from desktop.providers.errors import (
    AuthError,
    BadResponseError,
    ErrorKind,
    RequestRejectedError,
    ServerError,
    UnreachableError,
)
from desktop.providers.status import Outcome
from desktop.providers.vbot import VBotCampaignSettings, VBotSettings
from desktop.providers.vbot.client import VBotClient
from desktop.providers.vbot.wire import LegacyCampaignRequest
from tests.helpers.providers import SimEnv

TEMPLATE, HOTLINE = "CONFIRM_ORDER", "0812345678"


def vbot(env: SimEnv, gen: str = "v3", **secrets: str) -> VBotClient:
    creds = env.creds
    settings = VBotSettings(api_generation=gen, base_url=env.urls[f"vbot_{gen}"], username=creds["vbot_username"],
                            vbot_id=creds["vbot_id"], project_code=creds["vbot_project_code"], min_interval=0)
    values = {"api_key": creds["vbot_api_key"], "password": creds["vbot_password"]} | secrets
    client = create_client(settings, values, env.transport, timing=env.clock.timing)
    assert isinstance(client, VBotClient)
    return client


def contacts(n: int) -> list[Contact]:
    return [Contact(new_key(), f"+84912345{i:03d}", f"Khách {i}", {"customer_name": f"Khách {i}", "order_id": f"O{i}"})
            for i in range(n)]


def batch(people: list[Contact]) -> BatchRequest:
    return BatchRequest("campaign1", new_key(), TEMPLATE, people, caller=HOTLINE)


def handle(people: list[Contact]) -> BatchHandle:
    return BatchHandle("campaign1", TEMPLATE, people, since=datetime.now(UTC) - timedelta(minutes=5))


async def test_v3_catalogue(env: SimEnv) -> None:
    async with vbot(env) as client:
        info = await client.check_connection()
        templates = await client.list_templates()
        hotlines = await client.list_hotlines()
        fields = await client.get_custom_fields(TEMPLATE)
    assert "Connected to VBot" in info.message
    assert TEMPLATE in [t.code for t in templates] and all(t.raw for t in templates)
    assert HOTLINE in [h.code for h in hotlines]
    assert {f.key for f in fields} >= {"customer_name"}
    assert env.transport.requests[0].headers["X-API-Key"] == env.creds["vbot_api_key"]


class ImportWatch(importlib.abc.MetaPathFinder):
    """Notes every module name the import system is asked to find (first in ``sys.meta_path``, finds nothing)."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def find_spec(self, fullname: str, path: object, target: object = None) -> None:
        self.names.append(fullname)


@pytest.mark.parametrize("make_env", ["loopback"], indirect=True)
async def test_a_request_does_not_search_the_import_path(env: SimEnv) -> None:
    """httpcore asks for sniffio in every lock and event it sets up; without it installed (pyproject says why),
    each request searched every folder on sys.path several times, on the loop that draws the window."""
    watch = ImportWatch()
    async with vbot(env) as client:
        await client.launch_batch(batch(contacts(5)))  # the first request may import what it needs once
        sys.meta_path.insert(0, watch)
        try:
            result = await client.launch_batch(batch(contacts(5)))
            await client.list_templates()
        finally:
            sys.meta_path.remove(watch)
    assert len(result.accepted) == 5
    assert watch.names == []


async def test_v3_batch_in_lists_of_five_then_poll_and_recording(env: SimEnv, tmp_path: Path) -> None:
    people = contacts(7)
    async with vbot(env) as client:
        result = await client.launch_batch(batch(people))
        env.advance(900)
        statuses = await client.poll(handle(people))
        recorded = [s for s in statuses if s.recording_ref]
        saved = (await client.download_recording(recorded[0].recording_ref, tmp_path / "call.audio")
                 if recorded else None)
    assert sorted(result.accepted) == sorted(c.key for c in people) and not result.errors
    assert len(env.transport.paths("create-list-phone")) == 2
    entries = env.sim.ledger.entries("vbot")
    assert sorted(e.idempotency_key for e in entries) == sorted(c.key for c in people)
    assert env.sim.ledger.duplicates() == []
    assert all(s.final and s.outcome is not Outcome.UNKNOWN and s.raw_status and s.raw for s in statuses)
    assert recorded, "the simulator's outcome mix answers some of 7 calls"
    assert saved is not None and saved.size == saved.path.stat().st_size > 0


async def test_v3_repeated_phone_goes_in_separate_lists(env: SimEnv) -> None:
    """VBot keeps only the first of a list's repeated phones; both calls must still be placed."""
    fields = {"customer_name": "A"}
    twin = [Contact(new_key(), "0912345678", fields=fields), Contact(new_key(), "+84912345678", fields=fields)]
    async with vbot(env) as client:
        result = await client.launch_batch(batch(twin))
    assert len(result.accepted) == 2 and len(env.transport.paths("create-list-phone")) == 2
    assert len(env.sim.ledger.entries("vbot")) == 2


async def test_v3_refused_api_key(env: SimEnv) -> None:
    async with vbot(env, api_key="not-the-key") as client:
        with pytest.raises(AuthError) as caught:
            await client.check_connection()
    assert str(caught.value) == "The API key was refused by VBot — check it in Accounts."
    assert caught.value.kind is ErrorKind.AUTH


async def test_v3_documented_refusals_are_per_contact(env: SimEnv) -> None:
    bad_template = BatchRequest("c", new_key(), "NO_SUCH_TEMPLATE", contacts(2), caller=HOTLINE)
    invalid = [Contact("Not-Valid-Key!", "0912345678"), Contact(new_key(), "12")]
    async with vbot(env) as client:
        refused = await client.launch_batch(bad_template)
        local = await client.launch_batch(batch(invalid))
    assert not refused.accepted and len(refused.errors) == 2
    assert all(e.code is not None and "VBot" in e.message for e in refused.errors)
    assert [e.key for e in local.errors] == ["Not-Valid-Key!", invalid[1].key]
    assert env.sim.ledger.entries("vbot") == []


async def test_v2_sign_in_refresh_before_expiry_and_history(env: SimEnv) -> None:
    people = contacts(2)
    async with vbot(env, "v2") as client:
        result = await client.launch_batch(batch(people))
        env.advance(850)  # inside the last minute of the 899 s token
        await client.list_hotlines()
        env.advance(300)
        statuses = await client.poll(handle(people))
    grants = [r.content.decode() for r in env.transport.requests if r.url.path.endswith("/token")]
    assert [g.split("grant_type=")[1].split("&")[0] for g in grants] == ["password", "refresh_token"]
    assert len(result.accepted) == 2 and len(env.transport.paths("callConfirm/insert")) == 2
    assert all(s.final and s.raw_status.startswith("disposition=") for s in statuses)
    assert env.sim.ledger.duplicates() == []


async def test_v2_signs_in_again_after_a_401(env: SimEnv) -> None:
    async with vbot(env, "v2") as client:
        await client.list_hotlines()
        env.sim.advance(10 * 24 * 3600)  # the provider forgets the session; our clock does not know
        hotlines = await client.list_hotlines()
    assert hotlines
    grants = [r for r in env.transport.requests if r.url.path.endswith("/token")]
    assert len(grants) == 2
    assert b"grant_type=password" in grants[-1].content


async def test_v2_refused_password(env: SimEnv) -> None:
    async with vbot(env, "v2", password="wrong") as client:
        with pytest.raises(AuthError, match="user name or password"):
            await client.check_connection()


async def test_throttled_read_waits_retry_after(env: SimEnv) -> None:
    env.sim.faults.add("/vbot/v3.0/api/hotline/getAll", "throttle", 3, count=1)
    async with vbot(env) as client:
        assert await client.list_hotlines()
    assert env.clock.sleeps == [3.0]


async def test_server_errors_are_retried_for_reads(env: SimEnv) -> None:
    env.sim.faults.add("/vbot/v3.0/api/hotline/getAll", "error", 503, count=2)
    async with vbot(env) as client:
        assert await client.list_hotlines()
    assert len(env.transport.paths("hotline/getAll")) == 3


async def test_a_failed_write_is_not_resent(env: SimEnv) -> None:
    env.sim.faults.add("/vbot/v3.0/m-auto-call/api/call/create-list-phone", "error", 502, count=1)
    people = contacts(3)
    async with vbot(env) as client:
        with pytest.raises(BatchFailed) as caught:
            await client.launch_batch(batch(people))
    assert isinstance(caught.value.error, ServerError) and caught.value.sent == "unknown"
    assert caught.value.partial is not None and caught.value.partial.accepted == []
    assert len(env.transport.paths("create-list-phone")) == 1


async def test_a_dropped_write_is_not_resent_and_poll_finds_it(env: SimEnv) -> None:
    env.sim.faults.add("/vbot/v3.0/m-auto-call/api/call/create-list-phone", "drop", count=1)
    people = contacts(2)
    async with vbot(env) as client:
        with pytest.raises(BatchFailed, match="dropped the connection") as caught:
            await client.launch_batch(batch(people))
        assert isinstance(caught.value.error, UnreachableError)
        env.advance(900)
        statuses = await client.poll(handle(people))
    assert len(env.transport.paths("create-list-phone")) == 1
    assert env.sim.ledger.duplicates() == []
    assert all(s.final for s in statuses), "the dropped batch did go through; reconcile finds every call"


def legacy_batch(people: list[Contact], source: int) -> BatchRequest:
    return BatchRequest("campaign1", new_key(), TEMPLATE, people,
                        options=VBotCampaignSettings(mode="legacy", legacy_campaign_id=source))


async def test_a_legacy_refusal_on_http_500_is_refused_with_vbots_reason(env: SimEnv) -> None:
    """Seed 000: a failed /api/campaign/create is HTTP 500 with data "-1" and a msg: nothing was created."""
    people = contacts(3)
    async with vbot(env, "v2") as client:
        result = await client.launch_batch(legacy_batch(people, 9999))  # no such template campaign
    assert result.accepted == [] and [e.key for e in result.errors] == [c.key for c in people]
    assert all("Template campaign 9999 not found" in e.message and e.code == 400 for e in result.errors)
    assert [c for c in env.sim.vbot.campaigns if "source" in c] == []
    assert len(env.transport.paths("api/campaign/create")) == 1


async def test_a_legacy_refusal_is_a_provider_error_whose_sent_is_refused(env: SimEnv) -> None:
    request = LegacyCampaignRequest(vbotId=env.creds["vbot_id"], groupCode=env.creds["vbot_project_code"],
                                    campaignId=2932, name="empty", phones=[])
    async with vbot(env, "v2") as client:
        with pytest.raises(RequestRejectedError) as caught:
            await client.create_legacy_campaign(request)
    assert caught.value.sent == "refused" and caught.value.code == 201
    assert str(caught.value).startswith("VBot refused the legacy campaign and created nothing: Invalid parameter")


async def test_a_legacy_server_failure_without_the_refusal_body_stays_unknown(env: SimEnv) -> None:
    env.sim.faults.add("/vbot/v2.0/api/campaign/create", "error", 500, count=1)  # a plain-text 500
    people = contacts(2)
    async with vbot(env, "v2") as client:
        with pytest.raises(ServerError, match="VBot may have created it") as caught:
            await client.launch_batch(legacy_batch(people, 2932))
    assert caught.value.sent == "unknown"
    assert len(env.transport.paths("api/campaign/create")) == 1


async def test_malformed_json_is_a_bad_response(env: SimEnv) -> None:
    env.sim.faults.add("/vbot/v3.0/api/hotline/getAll", "malformed")
    async with vbot(env) as client:
        with pytest.raises(BadResponseError, match="does not understand"):
            await client.list_hotlines()


@pytest.mark.parametrize("make_env", ["asgi"], indirect=True)
@pytest.mark.parametrize("gen", ["v3", "v2"])
async def test_more_calls_than_any_page_cap_are_all_found(make_env, gen: str) -> None:
    """A poll pages through VBot's records until they end: 5,200 calls are 52 pages of 100 (the old cap was 50)."""
    env = make_env()
    people = [Contact(new_key(), f"+8491{i:07d}", "", {"customer_name": "A"}) for i in range(5_200)]
    async with vbot(env, gen) as client:
        result = await client.launch_batch(batch(people))
        env.advance(5 * 86_400)
        statuses = await client.poll(handle(people))
    assert len(result.accepted) == 5_200
    assert all(s.final and s.raw is not None for s in statuses), "every call found in VBot's records"
    if gen == "v3":  # (v2's history says "chanunavail" for a rejected number: no answer, by the document's words)
        decided = {p.external_call_id: str(p.call.outcome) for p in env.sim.vbot.calls}
        assert [str(s.outcome) for s in statuses] == [decided[c.key] for c in people]
    reads = "cdr/get-all" if gen == "v3" else "historycall/getAll"
    assert len(env.transport.paths(reads)) == 53  # 52 full pages, then an empty one
