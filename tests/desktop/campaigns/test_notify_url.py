"""NXCLOUD tasks are created with the Notifications preferences' address (public URL + the account's route) while
notifications are on; a demo account without a public URL gets the receiver's own address; anything else sends ""
(the preflight saying results come by polling only)."""

from __future__ import annotations

from desktop.providers.base import Level
from desktop.settings import NOTIFY_ENABLED, NOTIFY_PORT, NOTIFY_PUBLIC_URL, Preferences, notify_url
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


async def test_a_demo_account_without_a_public_url_is_given_the_receivers_own_address(env: Env) -> None:
    """The demo simulator runs on this computer: it reaches the receiver where it listens."""
    preferences = Preferences(env.store)
    preferences.set(NOTIFY_ENABLED, True)
    preferences.set(NOTIFY_PORT, 18787)
    campaign = env.campaign("nxcloud", 3)
    check = await env.service.preflight(campaign)
    await env.service.launch(campaign, check)
    expected = f"http://127.0.0.1:18787/nxcloud/{campaign.account_id}"
    task = env.sim.nxcloud.tasks[campaign.key]
    assert (task.task_callback_url, task.order_callback_url, task.call_callback_url) == (expected,) * 3


def test_any_other_account_without_a_public_url_sends_nothing(env: Env) -> None:
    preferences = Preferences(env.store)
    preferences.set(NOTIFY_ENABLED, True)
    assert notify_url(preferences, "nxcloud", 7) == ""
    assert notify_url(preferences, "nxcloud", 7, on_this_computer=True) == "http://127.0.0.1:8787/nxcloud/7"
    preferences.set(NOTIFY_ENABLED, False)
    assert notify_url(preferences, "nxcloud", 7, on_this_computer=True) == ""
