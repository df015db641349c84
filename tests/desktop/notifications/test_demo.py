"""Demo mode with a receiver running: notify_demo points the simulator's webhooks at the demo account's route with
the header value that route checks, and a demo campaign's results then arrive by notification."""

from __future__ import annotations

from urllib.parse import urlsplit

from desktop.campaigns.repository import Channel
from desktop.demo import DemoEnvironment
from desktop.notifications.demo import notify_demo
from desktop.providers.vbot.notifications import HEADER, TOKEN
from desktop.settings import NOTIFY_ENABLED, NOTIFY_PORT, Preferences
from tests.desktop.notifications.conftest import Rx
from tests.desktop.notifications.test_channels import channels
from tests.desktop.notifications.test_end_to_end import CONTACTS, launch, settled
from tests.helpers.campaigns import ALL_CALLS_END, simulator_outcomes


async def test_the_demo_simulator_notifies_the_running_receiver(rx: Rx) -> None:
    config = rx.env.sim.config
    config.webhook_url, config.webhook_auth_header = None, ("Authorization", "demo-webhook-secret")  # as started
    demo = rx.env.accounts.demo
    assert isinstance(demo, DemoEnvironment)
    assert notify_demo(demo, rx.running, rx.env.accounts) == ["vbot"]  # NXCLOUD's tasks carry their own URLs
    token = rx.env.accounts.secrets.get(rx.env.account("vbot").id or 0, TOKEN)
    assert config.webhook_url == rx.url("vbot") and config.webhook_auth_header == (HEADER, token) and token
    campaign = rx.env.campaign("vbot", CONTACTS)
    await launch(rx, campaign)
    rx.env.sim.advance(ALL_CALLS_END)
    assert await settled(rx, campaign) == dict(simulator_outcomes(rx.env, "vbot"))
    assert channels(rx, campaign.id or 0) == {Channel.NOTIFICATION: CONTACTS}
    assert rx.env.store.query_one("SELECT COUNT(*) AS n FROM notification_refusals")["n"] == 0


def test_a_simulator_served_elsewhere_is_left_as_it_is(rx: Rx) -> None:
    assert DemoEnvironment.at(rx.env.running.url).notify([("vbot", rx.url("vbot"), None)]) == []
    assert rx.env.sim.config.webhook_url == rx.url("vbot")  # what the fixture set, untouched


async def test_a_demo_nxcloud_campaign_is_notified_at_the_receivers_own_address(rx: Rx) -> None:
    """No public URL: the demo NXCLOUD task carries the receiver's listen address, so its callbacks arrive."""
    rx.env.sim.config.nxcloud_lenient_empty_callback_urls = False  # the URLs must really be sent
    preferences = Preferences(rx.env.store)
    preferences.set(NOTIFY_ENABLED, True)
    preferences.set(NOTIFY_PORT, urlsplit(rx.running.url).port)
    campaign = rx.env.campaign("nxcloud", CONTACTS)
    await launch(rx, campaign)
    rx.env.sim.advance(ALL_CALLS_END)
    assert await settled(rx, campaign) == dict(simulator_outcomes(rx.env, "nxcloud"))
    assert channels(rx, campaign.id or 0)[Channel.NOTIFICATION] > 0
