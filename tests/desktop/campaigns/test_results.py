"""Per-call answers against the simulator on every provider: what the store, the counters and the export say each
callee answered equals what the simulator decided (its ledger); the export's Summary sheet states the per-contact
sheet's own figures."""

from __future__ import annotations

import gettext
import json
import re
from collections import Counter

import openpyxl
import pytest

from desktop import i18n
from desktop.campaigns.results import answer_words, outcome_words
from desktop.providers.base import CallAnswer, Intent
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, PROVIDERS, REMINDER_FLOW, Env, decided_answers

pytestmark = ON_BOTH_ENGINES


async def finished_campaign(env: Env, provider: str, count: int):
    changes = {"call_flow": REMINDER_FLOW} if provider == "bizphone" else {}
    return await finish(env, env.campaign(provider, count, **changes))


async def finish(env: Env, campaign):
    await env.service.launch(campaign, await env.service.preflight(campaign))
    env.pass_time(ALL_CALLS_END)
    await env.service.start_monitoring(campaign)
    return env.service.get(campaign.id)


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_answers_and_their_counts_equal_what_the_simulator_decided(env: Env, tmp_path, provider: str) -> None:
    campaign = await finished_campaign(env, provider, 40)
    assert len(env.dialled(provider)) == 40
    decided = decided_answers(env, provider)
    # VBot's bot collects the script's fields from every answered call; the others' callees answer differently
    assert len(decided) >= (1 if provider == "vbot" else 2), decided

    stored = Counter(r.answer for r in env.service.rows(campaign) if r.answer)
    assert stored == decided
    assert env.service.counts(campaign).answers == dict(decided)  # the Monitor's counters

    path = tmp_path / "results.xlsx"
    assert await env.service.export(campaign, path, "xlsx") == 40
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Results"]
    rows = list(book["Results"].values)
    column = rows[0].index("Answer")
    assert Counter(r[column] for r in rows[1:] if r[column]) == Counter(
        {answer_words(k): n for k, n in decided.items()})


async def test_a_bizphone_answer_names_the_key_pressed_at_each_question(env: Env) -> None:
    campaign = await finished_campaign(env, "bizphone", 30)
    ledger = env.sim.ledger
    pressed = {e.phone: ledger.answer(e.call_id) for e in env.dialled("bizphone")}
    for call_id in [r.call_id for r in env.service.rows(campaign)]:
        details = env.service.repository.call_details(call_id)
        decision = pressed[details["phone"]]
        if decision is None:
            assert details["answer"] is None
            continue
        answer = CallAnswer.from_json(json.loads(details["answer"]))
        assert answer.pressed == decision.pressed  # "" where the callee pressed nothing before the retries ran out


async def test_an_nxcloud_answer_keeps_the_intent_level_and_tag(env: Env) -> None:
    campaign = await finished_campaign(env, "nxcloud", 20)
    answered = [env.service.repository.call_details(r.call_id) for r in env.service.rows(campaign)
                if r.outcome == "answered"]
    assert answered
    for details in answered:
        answer = CallAnswer.from_json(json.loads(details["answer"]))
        call = (details["raw"].get("callInfoDetailList") or [details["raw"].get("callInfoDetail")])[-1]
        intent = call["intents"][0]
        assert answer.intents == (Intent(intent["intentName"], intent["intentLevel"], intent["intentTag"]),)
        assert answer.talk_seconds == details["talk_seconds"] and answer.started_at == details["called_at"]


@pytest.mark.parametrize("provider", ["vbot", "nxcloud"])
async def test_the_summary_sheet_states_the_per_contact_sheets_figures(env: Env, tmp_path, provider: str) -> None:
    campaign = await finished_campaign(env, provider, 50)
    path = tmp_path / "results.xlsx"
    await env.service.export(campaign, path, "xlsx")
    figures = check_summary(openpyxl.load_workbook(path))
    assert figures["Contacts"] == 50 and 0 < figures["Answered"] < 50


async def test_an_export_of_two_rounds_has_one_row_per_contact_with_its_attempts_and_latest_outcome(
        env: Env, tmp_path) -> None:
    first = await finished_campaign(env, "vbot", 40)
    second = env.service.get(env.service.redial(first.id, ["no_answer", "busy", "failed"], delay_minutes=0))
    await finish(env, second)
    ledger = Counter(digits(e.phone) for e in env.dialled("vbot"))
    assert len(ledger) == 40 and 40 < sum(ledger.values()) < 80  # some were called twice
    latest = {}  # number -> its outcome in its latest round that called it
    for round_ in (first, second):
        latest |= {digits(phone): outcome_words(outcome, dispatch) for phone, outcome, dispatch in env.store.query(
            "SELECT phone, outcome, dispatch FROM calls WHERE campaign_id = ?", (round_.id,))}

    files = []
    for round_ in (first, second):  # from either round, the same merged file
        path = tmp_path / f"round{round_.round_no}.xlsx"
        assert await env.service.export(round_, path, "xlsx") == 40
        files.append(list(openpyxl.load_workbook(path)["Results"].values))
    assert files[0] == files[1]
    head = {name: i for i, name in enumerate(files[0][0])}
    rows = files[0][1:]
    assert sorted(digits(r[head["Number dialled"]]) for r in rows) == sorted(ledger)
    for row in rows:
        number = digits(row[head["Number dialled"]])
        assert row[head["Attempts"]] == ledger[number], number
        assert row[head["Outcome"]] == latest[number], number
        assert (row[head["Last call"]] > row[head["First call"]]) == (ledger[number] == 2)
    check_summary(openpyxl.load_workbook(tmp_path / "round2.xlsx"))


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)[-9:]


def check_summary(book: openpyxl.Workbook) -> dict:
    """Assert the Summary sheet states what the Results sheet holds (added up here on its own); its figures."""
    rows = list(book["Results"].values)
    head = {name: i for i, name in enumerate(rows[0])}
    contacts = rows[1:]

    def column(name: str) -> list:
        return [r[head[name]] for r in contacts]

    answered = [r for r in contacts if r[head["Outcome"]] == "Answered"]
    called = sum(1 for n in column("Attempts") if n)
    talks = [r[head["Talk time (s)"]] for r in answered if r[head["Talk time (s)"]] is not None]
    expected = {
        "Contacts": len(contacts), "Called": called, "Answered": len(answered),
        "Answer rate": len(answered) / called, "Average talk time (s)": round(sum(talks) / len(talks), 1),
        "Total cost": sum(c for c in column("Cost") if c),
    }
    summary = list(book["Summary"].values)
    figures = {label: value for label, value, *_ in summary[:len(expected)]}
    assert figures.keys() == expected.keys()
    for label, value in expected.items():
        assert figures[label] == pytest.approx(value), label

    def breakdown(title: str) -> dict:
        start = next(i for i, r in enumerate(summary) if r[0] == title) + 2
        table = {}
        for label, count, *_ in summary[start:]:
            if label is None:
                break
            table[label] = count
        return table

    assert breakdown("Outcomes") == Counter(column("Outcome"))
    assert breakdown("Answers") == Counter(a for a in column("Answer") if a)
    charts = book["Summary"]._charts
    assert [c.title.tx.rich.p[0].r[0].t for c in charts] == ["Outcomes", "Answers"]
    return figures


def test_an_answer_keeps_everything_through_the_store_and_names_itself_in_one_word() -> None:
    answer = CallAnswer(pressed=("1", ""), intents=(Intent("Sẽ trả", "A", "hứa"),), collected=(("Mã đơn", "DH1"),),
                        actions=("play>gather",), talk_seconds=42.0, ring_seconds=6.0, cost=900.0,
                        recording_ref="t1", started_at=1_700_000_000.0)
    assert CallAnswer.from_json(json.loads(json.dumps(answer.to_json()))) == answer
    assert answer.key == "intent:Sẽ trả" and answer_words(answer.key) == "Intent: Sẽ trả"
    assert CallAnswer(pressed=("1", "3")).key == "pressed:1>3"
    assert answer_words("pressed:1>3") == "Pressed 1, then 3"
    assert answer_words(CallAnswer(pressed=("",)).key) == "Pressed nothing"
    assert CallAnswer(collected=(("Tên", ""),)).key is None and CallAnswer().key is None


async def test_an_order_nxcloud_redials_itself_counts_each_call_as_an_attempt(env: Env, tmp_path) -> None:
    campaign = env.campaign("nxcloud", 30, round_redial=True)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    env.pass_time(ALL_CALLS_END)
    await env.service.start_monitoring(campaign)
    calls = {f"+{order.phone}": order.calls for _, order in env.sim.nxcloud.orders.values()}
    assert {len(c) for c in calls.values()} == {1, 2}, "the outcome mix leaves some first calls unanswered"
    path = tmp_path / "results.xlsx"
    await env.service.export(env.service.get(campaign.id), path, "xlsx")
    rows = list(openpyxl.load_workbook(path)["Results"].values)
    head = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        placed = calls[row[head["Number dialled"]]]
        assert row[head["Attempts"]] == len(placed)
        first, last = row[head["First call"]], row[head["Last call"]]
        assert first.timestamp() == pytest.approx(int(placed[0].start_at), abs=1)
        assert last.timestamp() == pytest.approx(int(placed[-1].start_at), abs=1)


def test_outcome_words_follow_the_language_they_are_asked_in(monkeypatch: pytest.MonkeyPatch) -> None:
    class Shouting(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return message.upper()

    english = outcome_words("answered", "sent")
    monkeypatch.setattr(i18n, "_translation", Shouting())
    monkeypatch.setattr(i18n, "_language", "xx")  # a language no table was built for yet
    assert outcome_words("answered", "sent") == english.upper()
    assert outcome_words("busy", "pending") == "NOT SENT YET" and outcome_words("?", "sent") == "UNKNOWN"
    monkeypatch.undo()
    assert outcome_words("answered", "sent") == english == "Answered"
