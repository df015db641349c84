"""Redial rounds against the simulator, whose ledger is the judge: a next round dials exactly the contacts whose latest
outcome was chosen, never past the attempt cap, never a number put on the do-not-call list between rounds, never a
contact awaiting confirmation or one who answered, and never before its delay and calling window allow."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.model import Campaign, CampaignState, Dispatch, RedialRule
from desktop.campaigns.rounds import Held, NobodyToCall, family_results
from desktop.contacts.repository import ContactRepository
from desktop.providers.base import Outcome
from desktop.providers.nxcloud.calling_window import ALL_DAYS, CallingWindow
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, PROVIDERS, Env
from tests.helpers.support import wait_until

pytestmark = ON_BOTH_ENGINES


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)[-9:]


async def run_to_the_end(env: Env, campaign: Campaign) -> None:
    check = await env.service.preflight(campaign)
    assert check.can_launch, check.items
    final = await env.service.launch(campaign, check)
    assert final.state is CampaignState.RUNNING, final.reason
    env.pass_time(ALL_CALLS_END)
    await env.service.start_monitoring(env.service.get(campaign.id))


async def waiting_for_its_start(reports: list[DispatchProgress]) -> None:
    """Until the dispatch says it waits for the round's start: from then on, anything sent would be early."""
    await wait_until(lambda: any(r.starts_at for r in reports), timeout=30, message="the round to wait for its start")


def outcomes(env: Env, campaign_id: int) -> dict[str, tuple[str, str]]:
    """Each contact's number (subscriber digits) → (dispatch, outcome) in one round."""
    return {digits(r["phone"]): (r["dispatch"], r["outcome"]) for r in env.store.query(
        "SELECT phone, dispatch, outcome FROM calls WHERE campaign_id = ?", (campaign_id,))}


def ledger_attempts(env: Env, provider: str) -> Counter:
    return Counter(digits(e.phone) for e in env.dialled(provider))


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_rounds_call_again_only_the_chosen_outcomes_up_to_the_cap(env: Env, provider: str) -> None:
    first = env.campaign(provider, 40)
    await run_to_the_end(env, first)
    one = outcomes(env, first.id)
    again = sorted(n for n, (d, o) in one.items() if d == Dispatch.SENT and o in (Outcome.NO_ANSWER, Outcome.BUSY))
    assert len(again) >= 5, one  # the simulator's mix leaves enough to call again
    barred, awaiting, late = again[0], again[1], again[2]
    ContactRepository(env.store).add_do_not_call([f"+84{barred}"])
    # A contact whose latest call awaits confirmation (a batch whose reply was lost): never in a next round.
    env.store.query("UPDATE calls SET dispatch = ? WHERE campaign_id = ? AND phone = ?",
                    (Dispatch.IN_FLIGHT, first.id, f"+84{awaiting}"))

    plan = env.service.plan_round(first, RedialRule((Outcome.NO_ANSWER, Outcome.BUSY), 30, 2))
    assert plan.held[Held.DO_NOT_CALL] == 1 and plan.held[Held.UNSETTLED] == 1
    assert plan.held[Held.ANSWERED] == sum(o == Outcome.ANSWERED for _, o in one.values())
    assert len(plan.chosen) == len(again) - 2
    assert plan.per_outcome[Outcome.NO_ANSWER] + plan.per_outcome[Outcome.BUSY] == len(again) - 2

    before = env.clock()
    second = env.service.get(env.service.redial(first.id, ["no_answer", "busy"], delay_minutes=30, max_attempts=2))
    assert (second.round_no, second.parent_id, second.family_id) == (2, first.id, first.id)
    assert second.not_before == pytest.approx(before + 1800, abs=5)
    assert second.settings.skip_called_before is False
    check = await env.service.preflight(second)
    assert check.counts.to_send == len(again) - 2, check.summary()

    # Its delay has not passed: dispatch waits, nothing is dialled.
    dialled_before = len(env.dialled(provider))
    reports: list[DispatchProgress] = []
    task = env.service.launch(second, check, reports.append)
    await waiting_for_its_start(reports)
    assert not task.done() and len(env.dialled(provider)) == dialled_before
    ContactRepository(env.store).add_do_not_call([f"+84{late}"])  # while it waits: checked again when it sends
    env.pass_time(1800 + 60)
    final = await task
    assert (final.sent, final.do_not_call) == (len(again) - 3, 1)
    fresh = env.dialled(provider)[dialled_before:]
    assert sorted(digits(e.phone) for e in fresh) == sorted(set(again) - {barred, awaiting, late})
    assert all(e.sim_time >= second.not_before - 5 for e in fresh)  # the simulator's clock trails ours by seconds
    env.pass_time(ALL_CALLS_END)
    await env.service.start_monitoring(env.service.get(second.id))

    # Everyone called twice has reached a cap of 2: nobody qualifies, and the refusal says why.
    two = outcomes(env, second.id)
    third_due = {n for n, (d, o) in two.items() if d == Dispatch.SENT and o in (Outcome.NO_ANSWER, Outcome.BUSY)}
    with pytest.raises(NobodyToCall, match="reached the attempt limit" if third_due else "Nobody qualifies"):
        env.service.redial(second.id, ["no_answer", "busy"], delay_minutes=0, max_attempts=2)
    third_due |= {n for n, (d, o) in one.items() if o == Outcome.FAILED and d == Dispatch.SENT}
    if third_due:
        third = env.service.get(env.service.redial(second.id, ["no_answer", "busy", "failed"], delay_minutes=0,
                                                   max_attempts=3))
        assert third.round_no == 3 and third.family_id == first.id
        await run_to_the_end(env, third)

    attempts = ledger_attempts(env, provider)
    history = {digits(env.store.query_one("SELECT phone_e164 FROM contacts WHERE id = ?", (c.contact_id,))[0]): c
               for c in env.service.round_history(second)}
    # Exactly, per contact (the one left awaiting confirmation counts no attempt: the journal cannot tell yet).
    assert {n: c.attempts for n, c in history.items() if c.attempts} == {
        n: k for n, k in attempts.items() if n != awaiting}
    assert max(attempts.values()) <= 3 and attempts[barred] == attempts[awaiting] == attempts[late] == 1
    assert all(attempts[n] == 1 for n, (_, o) in one.items() if o == Outcome.ANSWERED)
    assert env.sim.ledger.duplicates(include_refused=True) == []


async def test_a_round_waits_for_the_calling_window(env: Env) -> None:
    """NXCLOUD keeps a calling window: a round made while it is closed starts when it next opens."""
    zone = "Asia/Ho_Chi_Minh"
    local = datetime.fromtimestamp(env.clock(), ZoneInfo(zone))
    slot = (local.hour * 2 + local.minute // 30 + 8) % 48  # four hours from now: closed now
    window = CallingWindow(ALL_DAYS, frozenset({slot - slot % 2, slot - slot % 2 + 1}), zone)
    first = env.campaign("nxcloud", 30, window=window)
    await run_to_the_end(env, first)  # whole days later: the window is closed again

    second = env.service.get(env.service.redial(first.id, ["no_answer", "busy", "failed"], delay_minutes=0))
    opens = window.next_opening(datetime.fromtimestamp(env.clock(), timezone.utc))
    assert second.not_before == pytest.approx(opens.timestamp(), abs=5)
    assert second.not_before > env.clock() + 3 * 3600
    check = await env.service.preflight(second)
    dialled_before = len(env.dialled("nxcloud"))
    reports: list[DispatchProgress] = []
    task = env.service.launch(second, check, reports.append)
    await waiting_for_its_start(reports)
    assert not task.done() and len(env.dialled("nxcloud")) == dialled_before
    env.pass_time(second.not_before - env.clock() + 300)
    final = await task
    fresh = env.dialled("nxcloud")[dialled_before:]
    assert final.sent == len(fresh) > 0
    assert all(window.is_open(datetime.fromtimestamp(e.sim_time, timezone.utc)) for e in fresh)


async def test_a_draft_round_holds_its_contacts_and_the_export_merges_rounds(env: Env) -> None:
    first = env.campaign("vbot", 40)
    await run_to_the_end(env, first)
    second_id = env.service.redial(first.id, ["no_answer", "busy"], delay_minutes=0)
    # The second round is not launched yet: a round made now would call its contacts twice, so nobody qualifies.
    with pytest.raises(NobodyToCall, match="still in progress"):
        env.service.redial(first.id, ["no_answer", "busy"], delay_minutes=0)
    second = env.service.get(second_id)
    await run_to_the_end(env, second)

    merged = list(family_results(env.service.repository, second))
    assert len(merged) == 40 and len({m.contact_id for m in merged}) == 40  # one row per contact, in list order
    assert [m.values["order_id"] for m in merged] == [f"DH{n}" for n in range(40)]
    round_two = outcomes(env, second.id)
    for row in merged:
        called_again = digits(row.dialled) in round_two
        assert row.attempts == (2 if called_again else 1)
        assert row.outcome == (round_two[digits(row.dialled)][1] if called_again
                               else outcomes(env, first.id)[digits(row.dialled)][1])
        assert row.first_call is not None and row.last_call is not None
        assert (row.last_call > row.first_call) == called_again
    around = env.service.rounds_around(second)
    assert len(around) == len(round_two)
    assert all(a.attempts == 1 and a.after is None and a.attempts_with(Dispatch.SENT) == 2 for a in around.values())
    assert {a.latest("busy", Dispatch.SENT) for a in around.values()} == {"busy"}
    first_around = env.service.rounds_around(first)
    assert len(first_around) == 40
    assert sum(a.attempts for a in first_around.values()) == len(round_two)
    latest = {m.contact_id: m.outcome for m in merged}
    for call_id, contact_id, outcome, dispatch in env.store.query(
            "SELECT id, contact_id, outcome, dispatch FROM calls WHERE campaign_id = ?", (first.id,)):
        assert first_around[call_id].latest(outcome, dispatch) == latest[contact_id]  # what the Monitor shows


def test_a_rule_refuses_what_it_cannot_do() -> None:
    with pytest.raises(ValueError):
        RedialRule(("answered",))
    with pytest.raises(ValueError):
        RedialRule((Outcome.BUSY,), max_attempts=0)
    assert RedialRule.from_json(RedialRule((Outcome.BUSY,), 5, 4).to_json()) == RedialRule((Outcome.BUSY,), 5, 4)


def test_round_start_is_delay_then_window() -> None:
    from desktop.providers.nxcloud import NxCampaignSettings
    from desktop.providers.vbot import VBotCampaignSettings

    at = datetime(2026, 12, 1, 20, 0, tzinfo=timezone.utc)  # 03:00 in Hanoi
    assert VBotCampaignSettings().earliest_start(at) == at
    opens = NxCampaignSettings(window=CallingWindow()).earliest_start(at)
    assert opens - at == timedelta(hours=5)  # 08:00 in Hanoi, the office window's first slot


@pytest.mark.parametrize("provider", ["vbot", "bizphone"])
async def test_the_automatic_rule_makes_each_next_round_until_nobody_qualifies(env: Env, provider: str) -> None:
    made: list[int] = []
    env.service.follow_rules(made.append)
    first = env.campaign(provider, 40)
    env.service.set_redial_rule(first, RedialRule((Outcome.NO_ANSWER, Outcome.BUSY), 0, 3))
    await run_to_the_end(env, first)  # its monitoring finishing makes, checks and launches round 2
    current = first
    while made and made[-1] != current.id:
        current = env.service.get(made[-1])
        assert current.parent_id is not None and current.redial_rule == first.redial_rule
        await wait_until(lambda: env.service.get(current.id).state is CampaignState.RUNNING
                         and not env.service.is_dispatching(current), timeout=20, message="the round's dispatch")
        env.pass_time(ALL_CALLS_END)
        await env.service.start_monitoring(env.service.get(current.id))
    assert len(made) >= 2 and [env.service.get(i).round_no for i in made] == list(range(2, len(made) + 2))

    attempts = ledger_attempts(env, provider)
    history = {digits(env.store.query_one("SELECT phone_e164 FROM contacts WHERE id = ?", (c.contact_id,))[0]): c
               for c in env.service.round_history(first)}
    assert {n: c.attempts for n, c in history.items()} == dict(attempts) and max(attempts.values()) == 3
    for number, contact in history.items():  # called again exactly while the rule allowed it
        assert contact.latest_outcome == Outcome.ANSWERED or contact.attempts == 3 or contact.latest_outcome not in (
            Outcome.NO_ANSWER, Outcome.BUSY), (number, contact)
        if contact.answered:
            assert contact.latest_outcome == Outcome.ANSWERED  # nobody is called after answering
    assert env.sim.ledger.duplicates(include_refused=True) == []
