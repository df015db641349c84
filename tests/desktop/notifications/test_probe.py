"""The test notification: authenticated as the account's provider would, sent through the public URL, and said to
have arrived only when the receiver stored it."""

from __future__ import annotations

import httpx

from desktop.notifications.probe import send_test
from desktop.providers.notify import TEST_KIND
from tests.desktop.notifications.conftest import Rx


async def test_through_the_receivers_address_it_arrives_for_each_provider(rx: Rx) -> None:
    inbox = rx.running.receiver.inbox
    for provider in ("vbot", "nxcloud"):
        result = await send_test(rx.endpoint(provider), rx.running.url + "/", inbox)
        assert result.arrived and "arrived" in result.message
    assert len(inbox.events()) == 2 and inbox.refusals() == []
    assert {e.kind for e in inbox.events()} == {TEST_KIND}  # kept as tests, not as events of an unknown kind


async def test_a_public_url_leading_elsewhere_or_nowhere_says_nothing_arrived(rx: Rx) -> None:
    inbox = rx.running.receiver.inbox
    endpoint = rx.endpoint("vbot")
    other = httpx.MockTransport(lambda request: httpx.Response(200, json={"ok": True}))
    refusing = httpx.MockTransport(lambda request: httpx.Response(403))
    unreachable = httpx.MockTransport(lambda request: (_ for _ in ()).throw(httpx.ConnectError("refused")))
    answered = await send_test(endpoint, "https://calls.example.vn", inbox, transport=other)
    refused = await send_test(endpoint, "https://calls.example.vn", inbox, transport=refusing)
    nowhere = await send_test(endpoint, "https://calls.example.vn", inbox, transport=unreachable)
    empty = await send_test(endpoint, "", inbox)
    assert not (answered.arrived or refused.arrived or nowhere.arrived or empty.arrived)
    assert "not this app's receiver" in answered.message and "answered 403" in refused.message
    assert "did not reach https://calls.example.vn/vbot/" in nowhere.message and "nothing answered" in nowhere.message
    assert "public URL" in empty.message
    assert inbox.events() == []
