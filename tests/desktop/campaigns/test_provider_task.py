"""The provider-side task state lives in the core: stored per campaign, re-read from the provider, and still there
after a restart (a fresh CampaignService over the same store); a task created to start manually can be started."""

from __future__ import annotations

from desktop.campaigns.service import CampaignService
from desktop.providers.base import TaskState
from desktop.tasks import TaskOwner
from tests.helpers.campaigns import ON_BOTH_ENGINES, Env

pytestmark = ON_BOTH_ENGINES

PENDING, RUNNING, PAUSED = 1, 2, 5  # the simulator's NXCLOUD taskStatus values


def restarted(env: Env) -> CampaignService:
    """What the app builds at its next start: a new service over the same store and accounts."""
    return CampaignService(env.store, env.accounts, TaskOwner(), client_factory=env.fast_client, clock=env.clock)


async def test_a_paused_task_reads_back_paused_after_a_restart(env: Env) -> None:
    campaign = env.campaign("nxcloud", 20)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    assert env.service.supports_task_control(campaign)
    assert await env.service.refresh_provider_task(campaign) is TaskState.RUNNING
    await env.service.pause_on_provider(campaign)
    assert env.sim.nxcloud.tasks[campaign.key].status == PAUSED
    assert env.service.provider_task(campaign) is TaskState.PAUSED

    fresh = restarted(env)
    again = fresh.get(campaign.id)
    assert fresh.provider_task(again) is TaskState.PAUSED  # as stored, before asking anyone
    assert await fresh.refresh_provider_task(again) is TaskState.PAUSED  # and as NXCLOUD says
    await fresh.resume_on_provider(again)
    assert fresh.provider_task(again) is TaskState.RUNNING
    assert env.sim.nxcloud.tasks[campaign.key].status == RUNNING


async def test_a_manual_start_task_can_be_started(env: Env) -> None:
    campaign = env.campaign("nxcloud", 5, startup_type="manual")
    check = await env.service.preflight(campaign)
    assert any(i.title == "The calls start paused" for i in check.items)
    await env.service.launch(campaign, check)
    assert await env.service.refresh_provider_task(campaign) is TaskState.PENDING
    assert env.sim.nxcloud.tasks[campaign.key].status == PENDING

    fresh = restarted(env)
    again = fresh.get(campaign.id)
    assert fresh.provider_task(again) is TaskState.PENDING
    await fresh.start_on_provider(again)
    assert fresh.provider_task(again) is TaskState.RUNNING
    assert env.sim.nxcloud.tasks[campaign.key].status == RUNNING


async def test_providers_without_a_task_have_no_task_state(env: Env) -> None:
    campaign = env.campaign("bizphone", 2)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    assert not env.service.supports_task_control(campaign)
    assert env.service.provider_task(campaign) is None
    assert await env.service.refresh_provider_task(campaign) is None


async def test_finishing_completes_and_stores_the_task(env: Env) -> None:
    campaign = env.campaign("nxcloud", 3)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    env.pass_time(5 * 86400)
    await env.service.start_monitoring(campaign)
    assert env.service.provider_task(campaign) is TaskState.COMPLETED
