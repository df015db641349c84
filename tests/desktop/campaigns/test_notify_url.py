"""NXCLOUD tasks are created with the Notifications preferences' address (public URL + the account's route) while
notifications are on, and with "" (the preflight saying results come by polling only) while they are off."""

from __future__ import annotations

from desktop.providers.base import Level
from desktop.settings import NOTIFY_ENABLED, NOTIFY_PUBLIC_URL, Preferences
from tests.helpers.campaigns import Env

PUBLIC = "http://127.0.0.1:9/hooks"  # nothing listens there: the simulator's callbacks simply fail


async def test_notifications_on_send_the_public_url_plus_the_account_route_in_the_task(env: Env) -> None:
    preferences = Preferences(env.store)
    preferences.set(NOTIFY_ENABLED, True)
    preferences.set(NOTIFY_PUBLIC_URL, PUBLIC + "/")
    campaign = env.campaign("nxcloud", 3)
    check = await env.service.preflight(campaign)
    await env.service.launch(campaign, check)
    expected = f"{PUBLIC}/nxcloud/{campaign.account_id}"
    (item,) = [i for i in check.items if i.key == "results"]
    assert item.level is Level.OK and expected in item.detail
    task = env.sim.nxcloud.tasks[campaign.key]
    assert (task.task_callback_url, task.order_callback_url, task.call_callback_url) == (expected,) * 3


async def test_notifications_on_without_a_public_url_still_send_empty_and_say_polling_only(env: Env) -> None:
    Preferences(env.store).set(NOTIFY_ENABLED, True)
    campaign = env.campaign("nxcloud", 3)
    check = await env.service.preflight(campaign)
    await env.service.launch(campaign, check)
    (item,) = [i for i in check.items if i.key == "results"]
    assert item.level is Level.WARNING and "polling only" in item.title
    task = env.sim.nxcloud.tasks[campaign.key]
    assert (task.task_callback_url, task.order_callback_url, task.call_callback_url) == ("",) * 3
