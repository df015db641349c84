"""Closing the app pauses every running dispatch after its current batch and waits for it (CampaignService.pause_all):
nothing is left in flight, and the campaigns resume like any paused one."""

from __future__ import annotations

from desktop.campaigns.model import BatchState, CampaignState, Dispatch
from tests.helpers.campaigns import ON_BOTH_ENGINES, Env
from tests.helpers.support import wait_until

pytestmark = ON_BOTH_ENGINES


async def test_pause_all_stops_every_dispatch_after_its_batch_with_nothing_in_flight(env: Env) -> None:
    env.store.set_setting("campaigns.batch_size.bizphone", 5)  # VBot's batches are 5 already
    campaigns = [env.campaign(provider, 200) for provider in ("vbot", "bizphone")]
    env.sim.faults.add("*", "latency", 0.05)
    checks = [await env.service.preflight(campaign) for campaign in campaigns]  # both before either dials
    tasks = [env.service.launch(campaign, check) for campaign, check in zip(campaigns, checks, strict=True)]
    await wait_until(lambda: all(env.service.counts(c).sent > 0 for c in campaigns), timeout=30,
                     message="a batch of each campaign sent")  # closing mid-dispatch, however slow the machine
    await env.service.pause_all()
    for campaign, task in zip(campaigns, tasks, strict=True):
        assert task.done() and task.result().reason == "Paused when Autocall Desk was closed."
        assert not env.service.is_dispatching(campaign)
        assert env.service.get(campaign.id).state is CampaignState.PAUSED
        states = dict(env.store.query("SELECT dispatch, COUNT(*) FROM calls WHERE campaign_id = ? GROUP BY dispatch",
                                      (campaign.id,)))
        assert Dispatch.IN_FLIGHT not in states and states.get(Dispatch.PENDING, 0) > 0
        assert env.store.query_one("SELECT COUNT(*) FROM dispatch_batches WHERE campaign_id = ? AND state = ?",
                                   (campaign.id, BatchState.IN_FLIGHT))[0] == 0
    await env.service.pause_all()  # nothing running: returns at once
