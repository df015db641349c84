"""Stopping a server interrupts every dispatch after its current batch (CampaignService.interrupt_all): nothing is
left in flight, and the campaigns stay stored as being sent, so the next process to run campaigns resumes them; a
campaign paused first for another reason (the operator, the circuit breaker) stays paused."""

from __future__ import annotations

from desktop.campaigns.model import BatchState, CampaignState, Dispatch
from tests.helpers.campaigns import Env
from tests.helpers.support import wait_until


async def test_interrupt_all_leaves_campaigns_being_sent_with_nothing_in_flight_except_those_paused_first(
        env: Env) -> None:
    env.store.set_setting("campaigns.batch_size.bizphone", 5)
    interrupted, paused = campaigns = [env.campaign("bizphone", 200), env.campaign("bizphone", 200)]
    env.sim.faults.add("*", "latency", 0.05)
    checks = [await env.service.preflight(campaign) for campaign in campaigns]
    tasks = [env.service.launch(campaign, check) for campaign, check in zip(campaigns, checks, strict=True)]
    await wait_until(lambda: all(env.service.counts(c).sent > 0 for c in campaigns), timeout=30,
                     message="a batch of each campaign sent")  # stopping mid-dispatch, however slow the machine
    env.service.pause(paused, "Paused by the operator.")
    assert await env.service.interrupt_all("The server stopped.") == [interrupted.id]
    assert all(task.done() for task in tasks) and not any(env.service.is_dispatching(c) for c in campaigns)
    assert env.service.get(interrupted.id).state is CampaignState.DISPATCHING
    assert env.service.get(paused.id).state is CampaignState.PAUSED
    assert interrupted.id in {c.id for c in env.service.needs_reconciliation()}  # what a next start resumes
    for campaign in campaigns:
        states = dict(env.store.query("SELECT dispatch, COUNT(*) FROM calls WHERE campaign_id = ? GROUP BY dispatch",
                                      (campaign.id,)))
        assert Dispatch.IN_FLIGHT not in states and states.get(Dispatch.PENDING, 0) > 0
        assert not env.store.query_one("SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = ?",
                                       (campaign.id, BatchState.IN_FLIGHT))[0]
    assert await env.service.interrupt_all("The server stopped.") == []  # nothing running: returns at once
