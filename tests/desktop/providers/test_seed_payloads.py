"""The documents' example payloads parse into the typed models and serialise back unchanged."""

from __future__ import annotations

import json
import typing
from pathlib import Path

import pytest

from desktop.providers.bizphone import wire as bizphone
from desktop.providers.models import JsonModel
from desktop.providers.nxcloud import wire as nxcloud
from desktop.providers.vbot import wire as vbot

SEEDS = Path(__file__).parent / "seeds"

CASES = [
    ("000_vbot_campaign_create_request.json", vbot.LegacyCampaignRequest),
    ("000_vbot_campaign_create_response.json", vbot.LegacyCampaignResponse),
    ("001_vbot_call_confirm_request.json", vbot.CallConfirmRequest),
    ("001_vbot_call_confirm_response.json", vbot.CallConfirmResponse),
    ("001_vbot_custom_fields_response.json", vbot.CustomFieldsResponse),
    ("002_nxcloud_create_and_call_request.json", nxcloud.CreateAndCallRequest),
    ("002_nxcloud_create_and_call_response.json", nxcloud.CreateAndCallResponse),
    ("003_vbot_history_response.json", vbot.HistoryResponse),
    ("003_vbot_history_count_response.json", vbot.CountResponse),
    ("004_bizphone_call_request.json", bizphone.QueueCallRequest),
    ("004_bizphone_status_response.json", bizphone.StatusResponse),
    ("004_bizphone_error_response.json", bizphone.ErrorResponse),
]


def load(name: str) -> dict:
    return json.loads((SEEDS / name).read_text(encoding="utf-8"))


#: Seeds of documented operations the app does not call (VBot's insertListPhone): no model reads them.
NOT_CALLED = {"001_vbot_insert_list_phone_request.json", "001_vbot_insert_list_phone_response.json"}


def test_every_seed_file_is_covered() -> None:
    assert {p.name for p in SEEDS.glob("*.json")} == {name for name, _ in CASES} | NOT_CALLED


@pytest.mark.parametrize(("name", "model"), CASES, ids=[c[0] for c in CASES])
def test_seed_parses_without_loss(name: str, model: type[JsonModel]) -> None:
    data = load(name)
    parsed = model.from_json(data)
    assert parsed.unmodelled() == {}, "every documented field has a typed home"
    assert parsed.to_json() == data
    assert parsed.raw is data


def test_parsed_values_are_typed() -> None:
    history = vbot.HistoryResponse.from_json(load("003_vbot_history_response.json"))
    assert history.data[0].callee[0].postage == 6.1
    assert history.data[0].record_file == ["sample string 1", "sample string 2"]
    fields = vbot.CustomFieldsResponse.from_json(load("001_vbot_custom_fields_response.json"))
    assert [(f.cfkey, f.isRequired) for f in fields.data] == [("customer_name", True), ("order_id", False)]
    task = nxcloud.CreateAndCallRequest.from_json(load("002_nxcloud_create_and_call_request.json"))
    assert task.task_create_setting.manual_call_setting.agent_group == "string"
    assert task.call_info_list.call_list[0].params[0].name is None
    flow = bizphone.QueueCallRequest.from_json(load("004_bizphone_call_request.json")).call_flow
    gather = flow.steps[1]
    assert isinstance(gather, bizphone.GatherStep)
    assert [(b.digit, b.default) for b in gather.branches] == [("1", False), ("0", True)]
    assert isinstance(gather.branches[1].call_flow.steps[0], bizphone.TransferStep)


def test_unknown_fields_survive_in_extra() -> None:
    data = {"hotline_code": "H1", "hotline_number": "1900", "brand_new_field": {"x": 1}}
    parsed = vbot.HotlineItem.from_json(data)
    assert parsed.unmodelled() == {"brand_new_field": {"x": 1}}
    assert parsed.to_json() == data


def test_types_are_analysed_once_per_model_not_per_item(monkeypatch) -> None:
    """Decoding is planned once per class: analysing field types for every item of a big reply was most of a
    BizPhone dispatch's CPU time."""
    reply = load("004_bizphone_status_response.json")
    bizphone.StatusResponse.from_json(reply)  # plans every class it holds
    analysed: list[object] = []
    get_origin = typing.get_origin
    monkeypatch.setattr(typing, "get_origin", lambda tp: analysed.append(tp) or get_origin(tp))
    parsed = bizphone.StatusResponse.from_json({**reply, "details": reply["details"] * 100})
    assert analysed == []
    assert len(parsed.details) == 100 * len(reply["details"]) and parsed.details[-1].to_json() == reply["details"][-1]
