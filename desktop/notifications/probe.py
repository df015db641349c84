"""A test notification sent the way a provider would: through the public URL (the operator's router, reverse proxy
or tunnel), authenticated as the account's provider authenticates, carrying no call. It arrived when the receiver
stored it, which proves the whole path a provider's notification takes."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from desktop.i18n import _
from desktop.notifications.inbox import Inbox
from desktop.notifications.receiver import Endpoint
from desktop.providers.notify import body_hash, probe_body

TIMEOUT = 10.0


@dataclass(frozen=True)
class ProbeResult:
    """Whether the test notification arrived, and the operator's sentence saying so (or what to check)."""

    arrived: bool
    message: str


async def send_test(endpoint: Endpoint, public_url: str, inbox: Inbox, *,
                    transport: httpx.AsyncBaseTransport | None = None, timeout: float = TIMEOUT) -> ProbeResult:
    """Post a test notification for ``endpoint`` to ``public_url`` + its route and say whether it was stored."""
    public = public_url.strip().rstrip("/")
    if not public.startswith(("http://", "https://")):
        return ProbeResult(False, _("Enter the public URL (starting with https:// or http://) first."))
    url = public + endpoint.path
    body = probe_body()
    headers = {"Content-Type": "application/json", **endpoint.channel.test_headers(body)}
    hint = _("Check the public URL and that your router, reverse proxy or tunnel forwards it to this computer's port.")
    try:
        async with httpx.AsyncClient(transport=transport, timeout=timeout, follow_redirects=False) as client:
            reply = await client.post(url, content=body, headers=headers)
    except httpx.TimeoutException:
        return ProbeResult(False, _("The test notification did not reach {url}: no answer in {timeout:g} seconds. "
                                    "{hint}").format(url=url, timeout=timeout, hint=hint))
    except httpx.HTTPError:
        return ProbeResult(False, _("The test notification did not reach {url}: nothing answered there. {hint}").format(
                                      url=url, hint=hint))
    if inbox.has_event(endpoint.account_id, body_hash(body)):
        return ProbeResult(True, _("The test notification went through {url} and arrived.").format(url=url))
    if reply.status_code == 200:
        return ProbeResult(False, _("Something answered at {url}, but not this app's receiver: nothing arrived. "
                                    "{hint}").format(
                                      url=url, hint=hint))
    return ProbeResult(False, _("{url} answered {status_code} and nothing arrived. {hint}").format(
                                  url=url, status_code=reply.status_code, hint=hint))
