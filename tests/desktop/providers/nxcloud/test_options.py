"""NXCLOUD's one validator for its campaign options, its account's callStatus table, and its reply counts."""

from __future__ import annotations

import pytest

from desktop.i18n import set_language
from desktop.providers.errors import ConfigError
from desktop.providers.nxcloud import NxCampaignSettings, NxCloudSettings
from desktop.providers.nxcloud.calling_window import ALL_DAYS, CallingWindow
from desktop.providers.nxcloud.client import check_counts
from desktop.providers.nxcloud.options import SmsRule
from desktop.providers.nxcloud.settings import call_statuses_text, parse_call_statuses
from desktop.providers.nxcloud.wire import CreateAndCallResponse


def test_call_status_text_is_read_as_a_table() -> None:
    assert parse_call_statuses("1=answered, 2 = no_answer\n3=Busy") == {"1": "answered", "2": "no_answer",
                                                                         "3": "busy"}
    assert parse_call_statuses("") == {}
    assert NxCloudSettings(call_statuses="7=failed").call_status_map == {"7": "failed"}


def test_call_results_may_be_written_in_words_of_either_language() -> None:
    set_language("vi")
    try:
        assert parse_call_statuses("1=nghe máy, 2=No answer, 3=MÁY BẬN") == {"1": "answered", "2": "no_answer",
                                                                              "3": "busy"}
        assert call_statuses_text({"1": "answered", "2": "no_answer"}) == "1=Nghe máy, 2=Không nghe máy"
    finally:
        set_language("en")


@pytest.mark.parametrize(("text", "words"), [("1 answered", "number=result"), ("1=happy", "not a result"),
                                             ("1=busy, 1=failed", "given twice"), ("=busy", "number=result"),
                                             ("1=unknown", "not a result")])
def test_a_bad_call_status_table_is_refused_in_words(text: str, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        NxCloudSettings(call_statuses=text)
    assert words in str(caught.value)


def test_a_table_stored_as_a_mapping_is_read_as_text() -> None:
    stored = NxCloudSettings.from_config({"uuid": "u", "call_status_map": {"1": "answered", "2": "busy"}})
    assert stored.call_statuses == "1=answered, 2=busy"


@pytest.mark.parametrize(("options", "words"), [
    (NxCampaignSettings(sms_enable=True), "Add at least one SMS rule"),
    (NxCampaignSettings(sms_enable=True, sms_rules=(SmsRule("", ("11",)),)), "SMS template ID"),
    (NxCampaignSettings(sms_enable=True, sms_rules=(SmsRule("S1"),)), "at least one intent"),
    (NxCampaignSettings(sms_enable=True, sms_rules=(SmsRule("S1", ("11",)), SmsRule("S2", ("11",)))),
     "already in an earlier rule"),
    (NxCampaignSettings(aicc=True), "agent group"),
    (NxCampaignSettings(aicc=True, agent_group="G", dispatch_type=1), "ratioCallRate"),
    (NxCampaignSettings(aicc=True, agent_group="G", dispatch_type=3), "predictCallRate"),
    (NxCampaignSettings(aicc=True, agent_group="G", dispatch_type=2), "dispatchType 0, 1 or 3"),
])
def test_what_seed_002_does_not_allow_is_a_problem(options: NxCampaignSettings, words: str) -> None:
    problems = options.wire_problems()
    assert any(words in p for p in problems), problems
    assert set(problems) <= set(options.problems())


def test_sms_rules_are_sent_only_with_sms_on_and_round_trip() -> None:
    rules = (SmsRule("S1", ("11", "12"), ("Will pay",)),)
    on = NxCampaignSettings(sms_enable=True, sms_rules=rules)
    assert NxCampaignSettings.from_json(on.to_json()) == on
    assert on.func_flag().to_json()["smsFuncFlag"] == [{"smsID": "S1", "intentID": ["11", "12"],
                                                        "intentName": ["Will pay"]}]
    assert NxCampaignSettings(sms_rules=rules).func_flag().to_json()["smsFuncFlag"] == []


@pytest.mark.parametrize(("stored_keep", "complete"), [(False, True), (True, False)])
def test_options_stored_before_the_app_rule_keep_their_behaviour(stored_keep: bool, complete: bool) -> None:
    """taskKeep used to be sent on always, ``task_keep`` meaning "do not complete the task"."""
    options = NxCampaignSettings.from_json({"scene_id": "1", "task_keep": stored_keep})
    assert options.task_keep is True and options.complete_when_done is complete


def test_turning_task_keep_off_is_warned_about() -> None:
    assert any("taskKeep off" in w for w in NxCampaignSettings(task_keep=False).warnings())
    assert NxCampaignSettings().warnings() == []


def test_reply_counts_that_disagree_with_err_list_are_logged(caplog: pytest.LogCaptureFixture) -> None:
    """createAndCall's totalCount/successCount are read against what was sent and what errList refuses."""
    agreeing = CreateAndCallResponse.from_json({"retCode": 0, "totalCount": 3, "successCount": 2,
                                                "errList": [{"phone": "849", "errMsg": "bad"}]})
    check_counts(agreeing, sent=3, refused=1)
    assert caplog.records == []
    silent = CreateAndCallResponse.from_json({"retCode": 0, "responseID": "R1", "totalCount": 3, "successCount": 0,
                                              "errList": []})
    check_counts(silent, sent=3, refused=0)
    assert "took 0 numbers" in caplog.text and "R1" in caplog.text


@pytest.mark.parametrize(("slots", "blocked"), [({18}, True), ({19, 21}, True), ({18, 19}, False), ({16, 27}, False)])
def test_a_window_that_would_send_an_empty_hour_list_is_a_problem(slots: set[int], blocked: bool) -> None:
    """dialAtUpHour (slots h:00) and dialAtDownHour (h:30) are both required; seed 002 gives "" no meaning."""
    options = NxCampaignSettings(scene_id="1", window=CallingWindow(ALL_DAYS, frozenset(slots)))
    assert any("dialAtUpHour or dialAtDownHour" in p for p in options.wire_problems()) is blocked
