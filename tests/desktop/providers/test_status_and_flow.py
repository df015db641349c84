"""The one status vocabulary, and BizPhone's call-flow model."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from desktop.providers.bizphone import BizPhoneClient, BizPhoneSettings
from desktop.providers.bizphone import wire as bizphone
from desktop.providers.bizphone.statuses import BIZ_CALL_STATUS
from desktop.providers.bizphone.wire import Branch, CallFlow, GatherStep, Message, PlayStep, TransferStep
from desktop.providers.errors import InvalidRequestError
from desktop.providers.http import HttpLayer, Timing
from desktop.providers.nxcloud.statuses import NX_SIP
from desktop.providers.status import Outcome, StatusTable, resolve
from desktop.providers.vbot.statuses import VBOT_DISPOSITION, VBOT_LEGACY_STATUS, VBOT_SIP

SEEDS = Path(__file__).parent / "seeds"


@pytest.mark.parametrize(("table", "raw", "outcome"), [
    (VBOT_DISPOSITION, "answer", Outcome.ANSWERED),
    (VBOT_DISPOSITION, "ANSWER", Outcome.ANSWERED),
    (VBOT_DISPOSITION, "noanswer", Outcome.NO_ANSWER),
    (VBOT_DISPOSITION, "busy", Outcome.BUSY),
    (VBOT_DISPOSITION, "cancel", Outcome.CANCELLED),
    (VBOT_DISPOSITION, "congestion", Outcome.FAILED),
    (VBOT_DISPOSITION, "dontcall", Outcome.REJECTED),
    (VBOT_SIP, 486, Outcome.BUSY),
    (VBOT_SIP, "480", Outcome.NO_ANSWER),
    (VBOT_SIP, 402, Outcome.FAILED),
    (VBOT_LEGACY_STATUS, 200, Outcome.ANSWERED),
    (VBOT_LEGACY_STATUS, -100, Outcome.FAILED),
    (VBOT_LEGACY_STATUS, 106, Outcome.REJECTED),
    (VBOT_LEGACY_STATUS, 2, Outcome.NO_ANSWER),
    (NX_SIP, "487", Outcome.CANCELLED),
    (BIZ_CALL_STATUS, "answered", Outcome.ANSWERED),
])
def test_documented_values_map(table: StatusTable, raw: object, outcome: Outcome) -> None:
    assert table(raw) is outcome


def test_every_documented_vbot_disposition_is_mapped() -> None:
    documented = ("misscall answer busy noanswer cancel congestion chanunavail dontcall torture invalidargs "
                  "someoneanswered logout botivr more").split()
    assert all(VBOT_DISPOSITION.lookup(d) not in (None, Outcome.UNKNOWN) for d in documented)


def test_unseen_values_are_unknown_and_logged_once(caplog) -> None:
    table = StatusTable("vbot", "test-field", {"answer": Outcome.ANSWERED})
    with caplog.at_level(logging.WARNING, logger="desktop.providers.status"):
        assert table("teleported") is Outcome.UNKNOWN
        assert table("TELEPORTED") is Outcome.UNKNOWN
    assert caplog.text.count("teleported") == 1


def test_first_telling_field_wins_and_overrides_apply() -> None:
    assert resolve((VBOT_DISPOSITION, None), (VBOT_SIP, 486)) is Outcome.BUSY
    configured = StatusTable("nxcloud", "callStatus", {}).with_overrides({"3": "answered"})
    assert configured(3) is Outcome.ANSWERED
    assert Outcome.ANSWERED.is_final and not Outcome.RINGING.is_final


def seed_flow() -> CallFlow:
    """The document's example flow, built with the model."""
    return CallFlow(steps=[
        PlayStep(message=Message(msg="thanks {{name}}", lang="en", gender="male")),
        GatherStep(
            message=Message(msg="Dear Mr {{name}}, the amount of {{amount}} will be due on {{dueDate}}"),
            branches=[
                Branch(digit="1", default=False, call_flow=CallFlow(steps=[
                    GatherStep(
                        message=Message(msg="message need to play", lang="en", gender="female"),
                        branches=[Branch(default=True, call_flow=CallFlow(steps=[
                            PlayStep(message=Message(msg="msg need to play"))]))],
                    )
                ])),
                Branch(digit="0", default=True, call_flow=CallFlow(steps=[TransferStep(destination="Ext:1000")])),
            ],
        ),
    ])


def test_call_flow_serialises_exactly_like_the_documents_example() -> None:
    seed = json.loads((SEEDS / "004_bizphone_call_request.json").read_text(encoding="utf-8"))
    properties = {"name": "Alex", "dueDate": "August 20th, 2020", "amount": "200,000$"}
    request = bizphone.QueueCallRequest(
        request_id="request_10",
        destinations=[bizphone.Destination(phone=p, caller="+6582674904", properties=properties)
                      for p in ("+84917660247", "+84912860330")],
        enable_call_recording=True,
        call_flow=seed_flow(),
    )
    assert request.to_json() == seed
    assert json.dumps(request.to_json()) == json.dumps(seed), "same keys in the same order"
    seed_flow().check()


@pytest.mark.parametrize(("flow", "message"), [
    (CallFlow(steps=[]), "at least one step"),
    (CallFlow(steps=[PlayStep(message=Message(msg="x" * 1001))]), "at most 1000"),
    (CallFlow(steps=[PlayStep(message=Message(msg="hi", pitch=10))]), "pitch"),
    (CallFlow(steps=[GatherStep(message=Message(msg="hi"), branches=[])]), "at least one branch"),
    (CallFlow(steps=[GatherStep(message=Message(msg="hi"), branches=[
        Branch(digit="1", call_flow=CallFlow(steps=[PlayStep(message=Message(msg="a"))])),
        Branch(digit="1", call_flow=CallFlow(steps=[PlayStep(message=Message(msg="b"))]))])]), "same digit"),
    (CallFlow(steps=[GatherStep(message=Message(msg="hi"), branches=[
        Branch(digit="12", default=True, call_flow=CallFlow(steps=[PlayStep(message=Message(msg="a"))]))])]),
     "one key"),
    (CallFlow(steps=[GatherStep(message=Message(msg="hi"), branches=[
        Branch(digit="1", default=True, call_flow=CallFlow(steps=[TransferStep(destination=" ")]))])]),
     "destination"),
])
def test_invalid_flows_are_refused_with_a_reason(flow: CallFlow, message: str) -> None:
    with pytest.raises(InvalidRequestError, match=message):
        flow.check()


@pytest.mark.parametrize(("status", "call_state", "call_status", "step_status", "outcome"), [
    ("queued", "queued", "", "error_concurrent_call_limit_reache", Outcome.QUEUED),  # waiting for a free line
    (None, None, None, "error_concurrent_call_limit_reache", Outcome.QUEUED),
    ("onProgress", "ringing", "", "", Outcome.RINGING),
    ("onProgress", "ongoing", "answered", "sucess_ok", Outcome.IN_CALL),  # seed 004: answered, still talking
    ("completed", "ended", "answered", "sucess_ok", Outcome.ANSWERED),
    ("completed", "ended", "no_answer", "error_no_answer", Outcome.NO_ANSWER),
    ("completed", "ended", "", "error_concurrent_call_limit_reache", Outcome.UNKNOWN),  # over, but not how
])
def test_bizphone_call_is_final_only_once_it_has_ended(status, call_state, call_status, step_status,
                                                       outcome) -> None:
    detail = bizphone.CallDetail.from_json({"destination": "+84912345000", "status": status, "callFlowSteps": [
        {"stepName": "play", "info": {"call_state": call_state, "call_status": call_status, "status": step_status}}]})
    client = BizPhoneClient(BizPhoneSettings(base_url="https://biz.example/v1"), {"api_key": "k"},
                                     HttpLayer("bizphone", "https://biz.example/v1"), Timing())
    assert client._detail_status(detail, bizphone.StatusResponse()).outcome is outcome
