"""Per-provider campaign settings: JSON for the store, the providers' batch options, template fields, problems."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from desktop.campaigns.plan import BatchPlan, batch_size
from desktop.providers import spec
from desktop.providers.bizphone import BizPhoneCampaignSettings
from desktop.providers.nxcloud import NxCampaignSettings
from desktop.providers.nxcloud.calling_window import CallingWindow
from desktop.providers.vbot import VBotCampaignSettings
from desktop.settings import BATCH_SIZE, BREAKER_THRESHOLD, EngineSettings, Preferences
from desktop.store import Store

FLOW = {"steps": [
    {"name": "gather", "message": {"msg": "Chào {{name}}, bấm 1 để xác nhận đơn {{order_id}}"},
     "branches": [{"digit": "1", "default": "false",
                   "callFlow": {"steps": [{"name": "play", "message": {"msg": "Cảm ơn {{name}}"}}]}},
                  {"default": "true", "callFlow": {"steps": [{"name": "transfer", "destination": "Ext:1000"}]}}]},
]}
AT = datetime(2026, 6, 1, 3, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("settings", [
    VBotCampaignSettings(mode="single", template_code="NHAC_NO", hotline_code="0812345678", max_time=90,
                         max_waiting_time=25, field_map={"ho_ten": "Họ tên"}),
    NxCampaignSettings(scene_id="1001", strategy_name="fast", startup_type="scheduled", startup_at=1_780_000_000,
                       window=CallingWindow(frozenset({1, 3}), frozenset({20, 21}), "Asia/Bangkok"), max_call=9,
                       max_ring_time=25, route_id="R1", round_redial=True, sms_enable=True, phone_encrypt=True,
                       variables=("name", "amount"), skip_called_before=False),
    BizPhoneCampaignSettings(caller_id="+842473001234", enable_recording=True, call_flow=FLOW, flow_name="confirm"),
])
def test_settings_round_trip_through_json(settings) -> None:
    assert spec(settings.provider).options.from_json(settings.to_json()) == settings


def test_unknown_keys_from_a_newer_app_are_ignored() -> None:
    stored = {"template_code": "X", "future": 1}
    assert spec("vbot").options.from_json(stored) == VBotCampaignSettings(template_code="X")


def test_nxcloud_options_carry_every_field() -> None:
    settings = NxCampaignSettings(scene_id="1001", strategy_name="fast", startup_type="scheduled",
                                  startup_at=1_780_000_000, max_call=9, max_ring_time=25, route_id="R1",
                                  round_redial=True, sms_enable=True, phone_encrypt=True, whole_tts=False,
                                  variables=("name",), task_name="June")
    task, flags = settings.task_setting(AT).to_json(), settings.func_flag().to_json()
    assert task["startupType"] == 2 and task["startupAt"] == 1_780_000_000 and task["zoneSecond"] == 25200
    assert (task["maxCall"], task["maxRingTime"], task["routeID"], task["strategyName"], task["taskName"]) == (
        9, 25, "R1", "fast", "June")
    assert task["dialAtUpHour"] == "8,9,10,11,13,14,15,16" and task["dialAtDownHour"] == "8,9,10,13,14,15,16"
    # wholeTTS is forced on when the scene has variables; the task is kept open while batches arrive
    assert flags["wholeTTS"] and flags["taskKeep"] and flags["roundRedial"] and flags["smsEnable"]
    assert flags["phoneEncrypt"]


def test_template_fields_without_asking_the_provider() -> None:
    assert [f.key for f in BizPhoneCampaignSettings(call_flow=FLOW).static_fields()] == ["name", "order_id"]
    assert [f.key for f in NxCampaignSettings(variables=("name", "amount")).static_fields()] == ["name", "amount"]
    assert VBotCampaignSettings(template_code="X").static_fields() is None  # VBot: getCustomFieldInScript
    options = BizPhoneCampaignSettings(call_flow=FLOW, enable_recording=True)
    assert options.enable_recording and options.flow().to_json()["steps"][0]["name"] == "gather"


def test_problems_that_block_a_launch() -> None:
    assert VBotCampaignSettings(mode="legacy", template_code="X").problems() == [
        "Enter the ID of the VBot template campaign the legacy mode clones."]
    legacy = VBotCampaignSettings(mode="legacy", template_code="X", legacy_campaign_id=2932)
    assert legacy.problems() == [] and "cannot be retried safely" in legacy.warnings()[0]
    assert "scene" in NxCampaignSettings().problems()[0]
    assert any("no open slot" in p for p in NxCampaignSettings(
        scene_id="1", window=CallingWindow(frozenset(), frozenset())).problems())
    assert BizPhoneCampaignSettings().problems() == ["Build or choose a BizPhone call flow."]
    bad = BizPhoneCampaignSettings(call_flow={"steps": [{"name": "transfer", "destination": " "}]})
    assert "destination" in bad.problems()[0]


def test_batch_sizes_and_engine_settings(tmp_path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    preferences = Preferences(store)
    engine = EngineSettings.read(preferences)
    assert engine == EngineSettings(batch_sizes={"vbot": 0, "nxcloud": 0, "bizphone": 0})
    assert batch_size(VBotCampaignSettings(), engine, 5) == 5
    assert batch_size(VBotCampaignSettings(mode="single"), engine, 5) == 1
    preferences.set(BATCH_SIZE, 40, "bizphone")
    preferences.set(BREAKER_THRESHOLD, 0.2)
    engine = EngineSettings.read(preferences)
    assert batch_size(BizPhoneCampaignSettings(), engine, 100) == 40
    assert batch_size(BizPhoneCampaignSettings(), engine, 25) == 25  # never above the client's request size
    assert engine.breaker_threshold == 0.2
    assert BREAKER_THRESHOLD in preferences.shown()
    assert BREAKER_THRESHOLD.label == "Share of failed calls that pauses sending"
    assert BatchPlan(12, 5).batches == 3 and "12 contact(s) sent in 3 group(s)" in BatchPlan(12, 5).describe()
    store.close()
