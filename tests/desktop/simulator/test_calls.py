"""Calls move queued -> ringing -> in call -> outcome on the simulated clock, the same way for the same seed."""

from __future__ import annotations

from desktop.simulator.calls import CallPlanner, Dialler, Outcome, Phase, SimClock
from tests.helpers.simulator import BIZ_HEADERS, biz_request, client_for, make_sim


def test_a_call_moves_through_its_phases() -> None:
    planner = CallPlanner(seed=1, outcome_mix={"answered": 1.0}, cost_per_minute={"vbot": 600.0})
    call = planner.plan("vbot", "0912345678", placed_at=100.0)
    Dialler(1).schedule(call, not_before=102.0)
    assert call.phase(101.0) is Phase.QUEUED
    assert call.phase(102.0 + call.ring_seconds / 2) is Phase.RINGING
    assert call.phase(call.answer_at + 1) is Phase.IN_CALL
    assert call.phase(call.end_at) is Phase.ENDED and call.outcome is Outcome.ANSWERED
    assert 5 <= call.billsec <= 300 and call.cost == round(600.0 * call.billsec / 60, 4)


def test_a_full_line_queues_the_next_call_and_release_frees_it() -> None:
    planner = CallPlanner(seed=2, outcome_mix={"answered": 1.0}, cost_per_minute={})
    dialler = Dialler(1)
    first, second = (planner.plan("bizphone", "+6588893322", 0.0) for _ in range(2))
    dialler.schedule(first, 0.0)
    dialler.schedule(second, 0.0)
    assert second.start_at == first.end_at
    assert dialler.release(1.0) == [second] and second.start_at is None


def test_manual_clock_moves_only_when_advanced() -> None:
    clock = SimClock(speed=100.0, start=1000.0, manual=True)
    assert clock.now() == 1000.0
    clock.advance(5)
    assert clock.now() == 1005.0


async def test_same_seed_same_outcomes_and_the_mix_is_configurable() -> None:
    async def outcomes(**config: object) -> list[str]:
        sim = make_sim(**config)
        async with client_for(sim) as client:
            phones = [f"+849176{i:05d}" for i in range(40)]
            await client.post("/bizphone/v1/call", json=biz_request("s", phones), headers=BIZ_HEADERS)
            sim.advance(86400)
            status = (await client.get("/bizphone/v1/status/s", headers=BIZ_HEADERS)).json()
        return [d["callFlowSteps"][0]["info"]["call_status"] for d in status["details"]]

    assert await outcomes(seed=5) == await outcomes(seed=5)
    assert await outcomes(seed=5) != await outcomes(seed=6)
    assert set(await outcomes(outcome_mix={"rejected": 1.0})) == {"rejected"}
