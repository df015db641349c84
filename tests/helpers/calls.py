"""Real call history for recording and history tests: calls placed through the VBot demo account's own client on
a simulator whose clock only moves when told, then advanced so the calls end and have recordings."""

from __future__ import annotations

import httpx

from desktop.accounts.repository import Account
from desktop.accounts.service import AccountService
from desktop.demo import DemoEnvironment
from desktop.providers.base import BatchRequest, Contact, new_key
from desktop.providers.vbot import VBotCampaignSettings
from desktop.services import Services

TEMPLATE, HOTLINE = "CONFIRM_ORDER", "0812345678"
CALL_SECONDS = 900  # simulated time after which every call placed has ended


def vbot_demo(services: Services) -> Account:
    return next(a for a in services.accounts.ensure_demo_accounts() if a.provider == "vbot")


async def place_calls(accounts: AccountService, account: Account, demo: DemoEnvironment, phones: list[str],
                      advance: float = CALL_SECONDS, max_seconds: int = -1) -> None:
    """Dial ``phones`` through the account's client, then let simulated time pass so every call has ended
    (``max_seconds`` caps the talk time, so recordings are short enough to play through in a test)."""
    people = [Contact(new_key(), phone, f"Nguyễn Văn {i}", {"customer_name": f"Nguyễn Văn {i}",
                                                           "order_id": f"O{i}"})
              for i, phone in enumerate(phones)]
    async with accounts.client_for(account) as client:
        result = await client.launch_batch(BatchRequest("history", new_key(), TEMPLATE, people, caller=HOTLINE,
                                                             options=VBotCampaignSettings(max_time=max_seconds)))
    assert not result.errors, result.errors
    demo.running.simulator.advance(advance)


def phones(count: int, start: int = 0) -> list[str]:
    return [f"09123{i:05d}" for i in range(start, start + count)]


class Counting(httpx.AsyncBaseTransport):
    """The real loopback transport, noting the path of every request that leaves the client."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.paths: list[str] = []
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        self.requests.append(request)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
