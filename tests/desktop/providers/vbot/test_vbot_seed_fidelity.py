"""VBot as seeds 001 and 003 say, against the simulator over ASGI and loopback HTTP: recordings fetched from
``record_file`` as it is given (a trans_id or a URL; credentials only to VBot's own address), no trans_id guessed
from another field, one outcome vocabulary, talk time as the duration, pasted phone filters, and 404s in VBot's
words."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from desktop.providers import create_client
from desktop.providers.base import BatchRequest, Contact, new_key
from desktop.providers.errors import AuthError, ConfigError, InvalidRequestError, NotFoundError
from desktop.providers.vbot import SPEC, VBotSettings
from desktop.providers.vbot.client import VBotClient
from tests.desktop.providers.vbot.test_vbot_sim import HOTLINE, TEMPLATE, contacts, handle, vbot
from tests.helpers.providers import SimEnv

CALLS = 8


async def history_after_calls(env: SimEnv, client: VBotClient, people: list[Contact]) -> None:
    await client.launch_batch(BatchRequest("campaign1", new_key(), TEMPLATE, people, caller=HOTLINE))
    env.advance(600)


def auth_of(request: httpx.Request) -> str | None:
    return request.headers.get("authorization") or request.headers.get("x-api-key")


@pytest.mark.parametrize("gen", ["v3", "v2"])
async def test_history_plays_record_file_by_trans_id_with_the_accounts_credentials(env: SimEnv, gen: str,
                                                                                   tmp_path: Path) -> None:
    async with vbot(env, gen) as client:
        await history_after_calls(env, client, contacts(CALLS))
        calls = await client.history_calls(1, 50)
        recorded = [c for c in calls if c.recording_ref]
        assert recorded, "the simulator's outcome mix records some of 8 calls"
        saved = await client.download_recording(recorded[0].recording_ref, tmp_path / "call.audio")
    assert all(c.trans_id == "" for c in calls), "seed 003 names no trans_id and group_id is not one"
    assert {c.item.group_id for c in calls}.isdisjoint(c.recording_ref for c in recorded)
    fetch = env.transport.requests[-1]
    assert fetch.url.path.endswith(f"/api/crm/historycall/record/{recorded[0].recording_ref}")
    assert auth_of(fetch) and saved.size > 0


async def test_a_record_file_url_on_vbots_host_is_fetched_with_credentials(make_env, tmp_path: Path) -> None:
    env = make_env(vbot_record_file="url")
    async with vbot(env) as client:
        await history_after_calls(env, client, contacts(CALLS))
        call = next(c for c in await client.history_calls(1, 50) if c.recording_ref)
        await client.download_recording(call.recording_ref, tmp_path / "call.audio")
    assert call.recording_ref.startswith(env.urls["vbot_v3"].rsplit("/vbot/", 1)[0])
    assert str(env.transport.requests[-1].url) == call.recording_ref and auth_of(env.transport.requests[-1])


async def test_a_record_file_on_another_host_never_gets_the_credentials(make_env, tmp_path: Path) -> None:
    env = make_env(vbot_record_file="url")
    root = env.urls["vbot_v3"].rsplit("/vbot/", 1)[0]
    env.sim.config.vbot_record_host = root.replace("127.0.0.1", "localhost")  # another origin, same simulator
    async with vbot(env) as client:
        await history_after_calls(env, client, contacts(CALLS))
        call = next(c for c in await client.history_calls(1, 50) if c.recording_ref)
        with pytest.raises(AuthError) as caught:
            await client.download_recording(call.recording_ref, tmp_path / "call.audio")
    fetch = env.transport.requests[-1]
    assert fetch.url.host == "localhost" and auth_of(fetch) is None
    assert "refused to send it without credentials" in str(caught.value)
    assert "API key was refused" not in str(caught.value)


@pytest.mark.parametrize("gen", ["v3", "v2"])
async def test_campaign_rows_have_talk_time_and_the_one_vocabulary(env: SimEnv, gen: str) -> None:
    """v2 reads call history, v3 the CDR: both give talk time as the duration (History's "Talk time") and say the
    disposition with seed 003's meaning, from the table History uses."""
    people = contacts(CALLS)
    async with vbot(env, gen) as client:
        await history_after_calls(env, client, people)
        statuses = await client.poll(handle(people))
    talk = {p.external_call_id: p.call.billsec for p in env.sim.vbot.calls}
    assert all(s.duration == pytest.approx(talk[s.key]) for s in statuses)
    words = SPEC.outcome_words
    for status in statuses:
        disposition = status.raw_status.split(";")[0].removeprefix("disposition=")
        word = disposition.split(" (")[0].lower()
        assert word not in words or disposition.endswith(f"({words[word]})")
    assert any("(Answered)" in s.raw_status for s in statuses)


def test_seed_003_meanings() -> None:
    words = SPEC.outcome_words
    assert words["torture"] == words["congestion"] == "Network error" and words["dontcall"] == "Recipient declined"
    assert words["more"] == words["noanswer"] == "No answer"
    seed_003 = ("misscall answer busy noanswer cancel congestion chanunavail dontcall torture invalidargs "
                "someoneanswered logout botivr more").split()
    assert list(words) == seed_003


@pytest.mark.parametrize("typed", ["+84 912 345 003", "84912345003", "0912.345.003", " 0912345003 "])
async def test_a_pasted_phone_filter_is_sent_as_09xxxxxxxx(env: SimEnv, typed: str) -> None:
    async with vbot(env) as client:
        await history_after_calls(env, client, contacts(CALLS))
        count = await client.history_count(phone=typed)
        calls = await client.history_calls(1, 20, phone=typed)
    assert count == len(calls) == 1 and calls[0].callee == "0912345003"
    assert {r.url.params["phone"] for r in env.transport.requests if "historycall" in r.url.path} == {"0912345003"}


async def test_a_phone_filter_that_is_no_vietnamese_number_is_said_in_words(env: SimEnv) -> None:
    async with vbot(env) as client:
        with pytest.raises(InvalidRequestError, match="is not a Vietnamese phone number"):
            await client.history_count(phone="+1 415 555 0100")


@pytest.mark.parametrize("gen", ["v3", "v2"])
async def test_a_404_says_what_vbot_did_not_find(env: SimEnv, gen: str) -> None:
    async with vbot(env, gen) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.get_custom_fields("NO_SUCH_TEMPLATE")
    assert str(caught.value) == "VBot could not find this template: Không tìm thấy kịch bản NO_SUCH_TEMPLATE."


async def test_only_a_404_that_is_not_vbots_points_at_the_address(env: SimEnv) -> None:
    env.urls["vbot_v3"] = env.urls["vbot_v3"].replace("/vbot/", "/not-vbot/")
    async with vbot(env) as client:
        with pytest.raises(NotFoundError, match="check the API address in Accounts"):
            await client.list_hotlines()



async def test_a_v2_account_without_its_vbot_id_and_project_code_is_refused_in_words(env: SimEnv) -> None:
    settings = VBotSettings(api_generation="v2", base_url=env.urls["vbot_v2"], username="demo")
    with pytest.raises(ConfigError, match="VBot ID and project code"):
        create_client(settings, {"password": "x"}, env.transport)
