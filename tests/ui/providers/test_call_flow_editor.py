"""The BizPhone call-flow editor: seed 004's example round-trips through the tree unchanged (same JSON, same
text), its "key 0 that is also the default" branch included; a gather without a default branch is refused or, on
an account that allows it, sent as it is with a warning that says so; the account's keys reach the key picker."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.accounts.repository import Account
from desktop.providers.bizphone import CallFlow
from desktop.services import Services
from ui.providers.bizphone import BizPhonePage
from ui.providers.call_flow_editor import CallFlowEditor, FlowItem
from ui.session import Session

SEED = json.loads((Path(__file__).parents[2] / "desktop" / "providers" / "seeds" / "004_bizphone_call_request.json")
                  .read_text("utf-8"))
FLOW = SEED["callFlow"]


def editor(qtbot, services: Services) -> CallFlowEditor:
    widget = CallFlowEditor(services.preferences)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def test_the_seed_example_round_trips_through_the_editor(qtbot, services: Services) -> None:
    flow = editor(qtbot, services)
    flow.set_flow_json(FLOW, "seed-004")
    assert flow.flow_json() == FLOW
    assert json.dumps(flow.flow_json(), indent=2) == json.dumps(FLOW, indent=2), "same keys in the same order"
    assert flow.preview.toPlainText() == json.dumps(FLOW, ensure_ascii=False, indent=2)
    assert flow.problems() == [] and flow.problem.text() == "The flow is valid."
    assert flow.save_flow() and flow.load_flow("seed-004") and flow.flow_json() == FLOW
    gather = flow.tree.topLevelItem(1)
    key_0 = gather.child(1)
    assert key_0.text(0) == "Key 0 — also the default"
    flow.tree.setCurrentItem(key_0)
    assert flow.digit.currentData() == "0" and flow.default.isChecked()
    assert CallFlow.from_json(flow.flow_json()).to_json() == FLOW  # the model writes what the editor writes


def test_moving_the_default_between_branches_keeps_their_keys(qtbot, services: Services) -> None:
    flow = editor(qtbot, services)
    flow.set_flow_json(FLOW)
    gather = flow.tree.topLevelItem(1)
    flow.tree.setCurrentItem(gather.child(1))
    flow.default.setChecked(False)
    assert "needs a default branch" in flow.problem.text() and flow.problem.state == "error"
    flow.tree.setCurrentItem(gather.child(0))
    flow.default.setChecked(True)
    branches = flow.flow_json()["steps"][1]["branches"]
    assert [(b["digit"], b["default"]) for b in branches] == [("1", "true"), ("0", "false")]
    assert flow.problems() == []


def test_a_gather_without_default_is_sent_as_it_is_where_the_account_allows_it(qtbot, services: Services) -> None:
    session = Session(services)
    page = BizPhonePage(session)
    qtbot.addWidget(page)
    flow = page.flow
    flow.set_flow_json(FLOW)
    flow.tree.setCurrentItem(flow.tree.topLevelItem(1).child(1))
    flow.default.setChecked(False)
    assert flow.problem.state == "error"
    page.set_account(Account("Biz", "bizphone", {"base_url": "https://biz.example/v1", "star_hash_keys": "yes",
                                                 "optional_default_branch": "yes"}))
    assert flow.problems() == [] and flow.problem.state == "warning"
    assert "has no default branch and is sent without one" in flow.problem.text()
    assert [b["default"] for b in flow.flow_json()["steps"][1]["branches"]] == ["false", "false"]
    assert [flow.digit.itemData(i) for i in range(flow.digit.count())][-2:] == ["*", "#"]
    flow.digit.setCurrentIndex(flow.digit.findData("#"))
    assert flow.flow_json()["steps"][1]["branches"][1]["digit"] == "#" and flow.problems() == []
    page.set_account(Account("Biz", "bizphone", {"base_url": "https://biz.example/v1"}))
    assert flow.problems() == ["A BizPhone gather step needs a default branch for no or another key (this account "
                               "requires one; see Accounts)."]


def test_voice_values_are_sent_only_when_set(qtbot, services: Services) -> None:
    flow = editor(qtbot, services)
    flow.set_flow_json({"steps": [{"name": "play", "message": {"msg": "hi", "lang": "fr", "pitch": 5}}]})
    assert flow.flow_json() == {"steps": [{"name": "play", "message": {"msg": "hi", "lang": "fr", "pitch": 5}}]}
    assert flow.lang.currentText() == "fr" and flow.rate.text() == "Default (5)"
    flow.rate.setValue(7)
    flow.pitch.setValue(-1)
    assert flow.flow_json()["steps"][0]["message"] == {"msg": "hi", "lang": "fr", "rate": 7}
    flow.lang.setEditText("vi-VN")
    assert flow.flow_json()["steps"][0]["message"]["lang"] == "vi-VN"
    flow.lang.setCurrentIndex(flow.lang.findData(""))
    assert "lang" not in flow.flow_json()["steps"][0]["message"]
    flow.lang.setCurrentIndex(flow.lang.findData("en"))
    assert flow.flow_json()["steps"][0]["message"]["lang"] == "en" and flow.lang.count() == 3
    assert isinstance(flow.tree.topLevelItem(0), FlowItem)


def test_an_empty_branch_is_named_in_plain_words_until_a_step_is_added(qtbot, services: Services) -> None:
    flow = editor(qtbot, services)
    flow.add("play")
    flow.message.setPlainText("Xin chào.")
    flow.tree.setCurrentItem(flow.tree.topLevelItem(0))
    flow.add("gather")
    flow.message.setPlainText("Bấm 1 để gặp nhân viên.")
    flow.tree.setCurrentItem(flow.tree.topLevelItem(1).child(0))
    flow.add("transfer")
    expected = ("After the question “Bấm 1 để gặp nhân viên.”, the choice “No or another key (default)” has no next "
                "step.")
    assert flow.problems()[0].startswith(expected)
    assert flow.problem.text().startswith(expected)  # not "needs at least one step": the tree has three
    default = flow.tree.topLevelItem(1).child(1)
    assert default.foreground(0).color().name() == "#b3261e" and "Nothing happens" in default.toolTip(0)
    flow.tree.setCurrentItem(default)
    flow.add("play")
    assert default.toolTip(0) == ""
    flow.message.setPlainText("Cảm ơn quý khách.")
    assert flow.problems() == [] and flow.problem.text() == "The flow is valid."
