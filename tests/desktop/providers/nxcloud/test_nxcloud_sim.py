"""NXCLOUD adapter against the simulator, in process (ASGI) and over real loopback HTTP."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.providers import create_client
from desktop.providers.base import BatchFailed, BatchHandle, BatchRequest, Contact, Level, TaskState, new_key
from desktop.providers.errors import AuthError, BadResponseError, ConfigError, RequestRejectedError
from desktop.providers.nxcloud import NxCampaignSettings, NxCloudSettings
from desktop.providers.nxcloud.client import NxCloudClient
from desktop.providers.nxcloud.options import SmsRule
from desktop.providers.status import Outcome
from tests.desktop.providers.nxcloud.conftest import EMPTY_CALLBACKS
from tests.helpers.providers import SimEnv

SCENE = "1003"  # the simulator's "Xác nhận giao hàng" scene, one variable: name


def nx(env: SimEnv, secret: str | None = None, **settings: object) -> NxCloudClient:
    values = {"base_url": env.urls["nxcloud"], "uuid": env.creds["nxcloud_uuid"], "min_interval": 0} | settings
    client = create_client(NxCloudSettings(**values), {"secret_key": secret or env.creds["nxcloud_secret_key"]},
                           env.transport, timing=env.clock.timing)
    assert isinstance(client, NxCloudClient)
    return client


def contacts(n: int) -> list[Contact]:
    return [Contact(new_key(), f"+84912345{i:03d}", f"Khách {i}", {"name": f"Khách {i}"}) for i in range(n)]


async def test_task_lifecycle_poll_and_recording(env: SimEnv, tmp_path: Path) -> None:
    people = contacts(6)
    task = new_key()
    async with nx(env) as client:
        assert "NXCLOUD" in (await client.check_connection()).message
        first = await client.launch_batch(BatchRequest(task, new_key(), SCENE, people[:3]))
        more = await client.launch_batch(BatchRequest(task, new_key(), SCENE, people[3:], first=False))
        paused_reply = await client.pause(task)
        paused = await client.task_state(task)
        resumed = await client.resume(task)
        env.advance(24 * 3600)  # through the default calling window (8–12, 13–17 Vietnam time), whatever the hour
        statuses = await client.poll(BatchHandle(task, SCENE, people))
        answered = [s for s in statuses if s.recording_ref]
        saved = await client.download_recording(answered[0].recording_ref, tmp_path / "a.wav") if answered else None
    assert len(first.accepted) == 3 and len(more.accepted) == 3 and task in first.provider_refs
    assert env.transport.paths("createAndCall") and env.transport.paths("addBatchCall")
    assert paused is TaskState.PAUSED and paused_reply is TaskState.PAUSED and resumed is TaskState.RUNNING
    assert all(s.final and "termSipCode=" in s.raw_status for s in statuses)
    assert answered and saved is not None and saved.size > 0
    assert sorted(e.idempotency_key for e in env.sim.ledger.entries("nxcloud", dialled_only=True)) == sorted(
        c.key for c in people)
    assert env.sim.ledger.duplicates() == []


async def test_with_notifications_off_the_callback_addresses_go_empty_and_the_preflight_says_so(env: SimEnv) -> None:
    """Seed 002 requires the three callback URLs; without a notification address they are sent as "" and the
    preflight says plainly that results come by polling only and what is sent."""
    options = NxCampaignSettings(scene_id=SCENE, variables=("name",))
    async with nx(env) as client:
        items = await options.preflight_items(client, datetime.now(UTC))
        task = new_key()
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, contacts(2), options=options))
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, contacts(2), first=False, options=options))
    (item,) = [i for i in items if i.key == "results"]
    assert item.level is Level.WARNING
    assert item.title == "NXCLOUD will not tell this app about results: the app asks for them instead"
    assert "taskCallbackUrl, orderCallbackUrl, callCallbackUrl" in item.detail and "sent empty" in item.detail
    created, added = (json.loads(r.content) for r in env.transport.requests if b"callInfoList" in r.content)
    assert created["taskCreateSetting"]["taskCallbackUrl"] == ""
    for sent in (created, added):
        info = sent["callInfoList"]
        assert (info["orderCallbackUrl"], info["callCallbackUrl"]) == ("", "")


async def test_with_a_notification_address_every_task_and_order_carries_it_and_the_strict_simulator_accepts(
        make_env) -> None:
    """The client's ``notify_url`` (public URL + the account's route) is sent as all three callback URLs, so
    the seed-strict simulator takes the task, and the preflight names the address."""
    env = make_env()
    url = "https://calls.example.vn/hooks/nxcloud/7"
    options = NxCampaignSettings(scene_id=SCENE, variables=("name",))
    async with nx(env) as client:
        client.notify_url = url
        items = await options.preflight_items(client, datetime.now(UTC))
        task = new_key()
        first = await client.launch_batch(BatchRequest(task, new_key(), SCENE, contacts(2), options=options))
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, contacts(2), first=False, options=options))
    (item,) = [i for i in items if i.key == "results"]
    assert item.level is Level.OK and url in item.detail
    assert len(first.accepted) == 2
    created, added = (json.loads(r.content) for r in env.transport.requests if b"callInfoList" in r.content)
    assert created["taskCreateSetting"]["taskCallbackUrl"] == url
    for sent in (created, added):
        info = sent["callInfoList"]
        assert (info["orderCallbackUrl"], info["callCallbackUrl"]) == (url, url)


async def test_the_account_callstatus_table_wins_over_the_sip_code(env: SimEnv) -> None:
    """The account's callStatus table (the form's text) decides before termSipCode: every simulated final
    callStatus (1-5) is mapped to "cancelled", which no SIP code of the simulator gives."""
    people = contacts(2)
    task = new_key()
    table = ", ".join(f"{value}=cancelled" for value in range(1, 6))
    async with nx(env, call_statuses=table) as client:
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, people))
        env.advance(24 * 3600)  # through the default calling window (8–12, 13–17 Vietnam time), whatever the hour
        statuses = await client.poll(BatchHandle(task, SCENE, people))
    assert [s.outcome for s in statuses] == [Outcome.CANCELLED] * 2
    assert all(s.raw_status.startswith("callStatus=") for s in statuses)


async def test_list_too_long_shrinks_the_chunk(make_env) -> None:
    env = make_env(nxcloud_max_call_list=3, **EMPTY_CALLBACKS)
    people = contacts(10)
    async with nx(env, max_chunk=8) as client:
        result = await client.launch_batch(BatchRequest(new_key(), new_key(), SCENE, people))
    assert sorted(result.accepted) == sorted(c.key for c in people)
    sizes = [len(json.loads(r.content)["callInfoList"]["callList"]) for r in env.transport.requests]
    assert sizes[:2] == [8, 4] and max(sizes[2:]) <= 3
    assert env.sim.ledger.duplicates() == []


@pytest.mark.parametrize(("secret", "uuid", "code"), [("wrong-secret", None, 6), (None, "no-such-uuid", 6002)])
async def test_refused_credentials(env: SimEnv, secret: str | None, uuid: str | None, code: int) -> None:
    settings = {"uuid": uuid} if uuid else {}
    async with nx(env, secret, **settings) as client:
        with pytest.raises(AuthError) as caught:
            await client.check_connection()
    assert caught.value.code == code and "Accounts" in str(caught.value)


async def test_documented_refusals(env: SimEnv) -> None:
    async with nx(env) as client:
        with pytest.raises(BatchFailed) as caught:
            await client.launch_batch(BatchRequest(new_key(), new_key(), "no-such-scene", contacts(1)))
    assert isinstance(caught.value.error, RequestRejectedError) and caught.value.sent == "refused"
    assert caught.value.code == 4 and "scene" in str(caught.value)


async def test_busy_is_retried(env: SimEnv) -> None:
    env.sim.faults.add("/nxcloud/callcentre/api/v3/listTask", "code", 7, count=2)
    async with nx(env) as client:
        await client.check_connection()
    assert len(env.transport.paths("listTask")) == 3 and len(env.clock.sleeps) == 2


@pytest.mark.parametrize(("kind", "arg"), [("throttle", 2), ("error", 503)])
async def test_throttle_and_server_errors_are_retried_for_keyed_writes(env: SimEnv, kind: str, arg: int) -> None:
    env.sim.faults.add("/nxcloud/callcentre/api/v3/createAndCall", kind, arg, count=1)
    people = contacts(2)
    async with nx(env) as client:
        result = await client.launch_batch(BatchRequest(new_key(), new_key(), SCENE, people))
    assert len(result.accepted) == 2 and len(env.transport.paths("createAndCall")) == 2
    assert env.clock.sleeps == ([2.0] if kind == "throttle" else [0.375])
    assert env.sim.ledger.duplicates() == []


async def test_a_dropped_create_is_resent_without_double_dialling(env: SimEnv) -> None:
    env.sim.faults.add("/nxcloud/callcentre/api/v3/createAndCall", "drop", count=1)
    people = contacts(3)
    async with nx(env) as client:
        result = await client.launch_batch(BatchRequest(new_key(), new_key(), SCENE, people))
    assert sorted(result.accepted) == sorted(c.key for c in people)
    assert len(env.transport.paths("createAndCall")) == 2
    assert env.sim.ledger.duplicates() == []


async def test_complete(env: SimEnv) -> None:
    people = contacts(3)
    task = new_key()
    async with nx(env) as client:
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, people))
        stopped = await client.stop(task)
        state = await client.task_state(task)
        unknown = await client.task_state(new_key())
    assert state in (TaskState.COMPLETED, TaskState.FAILED) and stopped is state
    assert unknown is None


async def test_malformed_json_is_a_bad_response(env: SimEnv) -> None:
    env.sim.faults.add("/nxcloud/callcentre/api/v3/listTask", "malformed")
    async with nx(env) as client:
        with pytest.raises(BadResponseError):
            await client.check_connection()


EVERY_OPTION = NxCampaignSettings(
    scene_id=SCENE, variables=("name",), strategy_name="Fast lane", startup_type="manual", max_call=7,
    max_ring_time=25, route_id="R-9", task_keep=False, round_redial=True, whole_tts=True, phone_encrypt=True,
    sms_enable=True, sms_rules=(SmsRule("SMS-1", ("11",), ("Will pay",)), SmsRule("SMS-2", ("13",))),
    aicc=True, agent_group="G-1", dispatch_type=3, predict_call_rate=1.5, order_other="june-batch")


async def test_every_option_reaches_the_simulator_as_set(env: SimEnv) -> None:
    task = new_key()
    async with nx(env) as client:
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, contacts(2), options=EVERY_OPTION,
                                               campaign_name="June reminders"))
    received = env.sim.nxcloud.tasks[task]
    setting = received.setting
    assert (setting["strategyName"], setting["startupType"], setting["maxCall"], setting["maxRingTime"],
            setting["routeID"], setting["taskName"]) == ("Fast lane", 1, 7, 25, "R-9", "June reminders")
    assert setting["manualCallSetting"] == {"agentGroup": "G-1", "dispatchType": 3, "ratioCallRate": 0.0,
                                            "predictCallRate": 1.5}
    assert received.func_flag == {
        "taskKeep": False, "roundRedial": True, "wholeTTS": True, "smsEnable": True, "phoneEncrypt": True,
        "smsFuncFlag": [{"smsID": "SMS-1", "intentID": ["11"], "intentName": ["Will pay"]},
                        {"smsID": "SMS-2", "intentID": ["13"], "intentName": []}]}
    assert [o.other for o in received.orders.values()] == ["june-batch"] * 2


async def test_the_defaults_on_the_wire(env: SimEnv) -> None:
    """No AICC block, no SMS rule, taskKeep on (batches arrive over time), a named task keeps its name."""
    task = new_key()
    options = NxCampaignSettings(scene_id=SCENE, variables=("name",), task_name="Own name")
    async with nx(env) as client:
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, contacts(1), options=options,
                                               campaign_name="Campaign name"))
    received = env.sim.nxcloud.tasks[task]
    assert "manualCallSetting" not in received.setting and received.setting["taskName"] == "Own name"
    assert received.func_flag["taskKeep"] is True and received.func_flag["smsFuncFlag"] == []
    assert received.func_flag["smsEnable"] is False


@pytest.mark.parametrize(("keep", "complete", "completed"), [(True, True, True), (True, False, False),
                                                              (False, True, False)])
async def test_finishing_follows_task_keep_and_the_app_rule(env: SimEnv, keep: bool, complete: bool,
                                                            completed: bool) -> None:
    """The app completes a task only when NXCLOUD was asked to keep it open and the campaign's rule says so."""
    task = new_key()
    options = NxCampaignSettings(scene_id=SCENE, variables=("name",), task_keep=keep, complete_when_done=complete)
    async with nx(env) as client:
        await client.launch_batch(BatchRequest(task, new_key(), SCENE, contacts(1), options=options))
        await client.finish(task, options)
    assert bool(env.transport.paths("mgrTaskStatus")) is completed


async def test_sms_without_a_rule_is_refused_before_anything_is_sent(env: SimEnv) -> None:
    options = NxCampaignSettings(scene_id=SCENE, variables=("name",), sms_enable=True)
    async with nx(env) as client:
        with pytest.raises(ConfigError) as caught:
            await client.launch_batch(BatchRequest(new_key(), new_key(), SCENE, contacts(1), options=options))
    assert "SMS rule" in str(caught.value) and not env.transport.paths("createAndCall")


async def test_the_strict_simulator_refuses_the_empty_callback_urls_the_app_sends(make_env) -> None:
    """Seed 002 requires the callback URLs: only the lenient reading (the demo's) accepts the app's ""."""
    env = make_env()
    async with nx(env) as client:
        with pytest.raises(BatchFailed) as caught:
            await client.launch_batch(BatchRequest(new_key(), new_key(), SCENE, contacts(1)))
    assert caught.value.code == 4 and "CallbackUrl" in str(caught.value)
    assert env.sim.ledger.entries("nxcloud") == []
