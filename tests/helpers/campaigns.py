"""Builders for the campaign engine tests: the engine's environment (a simulator on loopback with a manual clock, a
store with the demo accounts pointing at it), contact lists written straight into the store, and campaign settings
the simulator accepts for each provider (VBot template CONFIRM_ORDER, NXCLOUD scene 1003, a one-step BizPhone flow)."""

from __future__ import annotations

import dataclasses
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from desktop.accounts.repository import Account
from desktop.accounts.service import AccountService
from desktop.campaigns.model import Campaign
from desktop.campaigns.service import CampaignService
from desktop.providers import create_client
from desktop.providers.base import CampaignOptions, ProviderClient
from desktop.providers.bizphone import BizPhoneCampaignSettings
from desktop.providers.http import RetryPolicy
from desktop.providers.nxcloud import NxCampaignSettings
from desktop.providers.nxcloud.calling_window import ALL_DAYS, ALL_SLOTS, CallingWindow
from desktop.providers.vbot import VBotCampaignSettings
from desktop.simulator import RunningSimulator
from desktop.simulator.ledger import Answer
from desktop.store import Store
from desktop.tasks import TaskOwner

PROVIDERS = ("vbot", "nxcloud", "bizphone")
#: ``pytestmark`` of a module whose tests using the ``env`` fixture run on SQLite and on PostgreSQL.
ON_BOTH_ENGINES = pytest.mark.both_engines
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05, max_retry_after=2.0)
#: Simulated time after which every call placed in a test has ended (the slowest queue: BizPhone's 6 lines).
ALL_CALLS_END = 5 * 86400.0


def settings_for(provider: str) -> CampaignOptions:
    if provider == "vbot":
        return VBotCampaignSettings(template_code="CONFIRM_ORDER", hotline_code="0812345678", max_time=120)
    if provider == "nxcloud":
        return NxCampaignSettings(scene_id="1003", variables=("name",), max_call=50,
                                  window=CallingWindow(ALL_DAYS, ALL_SLOTS))
    return BizPhoneCampaignSettings(flow_name="greeting", call_flow={
        "steps": [{"name": "play", "message": {"msg": "Xin chào {{name}}, đơn hàng {{order_id}} đã giao."}}]})


def phone(i: int) -> str:
    return f"+8491{i:07d}"


def add_list(store: Store, count: int, *, start: int = 0, extra: list[tuple[str, str, str]] = ()) -> int:
    """A saved contact list of ``count`` valid Vietnamese mobiles with the columns every test template needs;
    ``extra`` adds (phone, status, reason) rows that are not valid."""
    columns = ["Phone", "name", "customer_name", "order_id"]
    with store.transaction() as db:
        list_id = db.execute("INSERT INTO contact_lists(name, source_file, columns) VALUES (?, ?, ?) RETURNING id",
                             ("test list", "list.xlsx", json.dumps(columns))).fetchone()[0]
        rows = [(phone(start + i), "valid", None, f"Khách {start + i}") for i in range(count)]
        rows += [(p, status, reason, "") for p, status, reason in extra]
        db.executemany(
            "INSERT INTO contacts(list_id, row_number, phone_raw, phone_e164, name, status, reason, data) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(list_id, n + 2, p, p if status != "invalid" else None, name, status, reason,
              json.dumps({"Phone": p, "name": name or "x", "customer_name": name or "x", "order_id": f"DH{n}"},
                         ensure_ascii=False))
             for n, (p, status, reason, name) in enumerate(rows)])
    return list_id


class WallClock:
    """Our wall clock, movable: VBot's record times are compared with it, so tests jump it with the simulator's."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class Env:
    running: RunningSimulator
    store: Store
    accounts: AccountService
    tasks: TaskOwner
    service: CampaignService
    data_dir: Path
    clock: WallClock
    #: Seconds a request may take: long, as a loaded machine needs; a test of requests that hang shortens it.
    request_timeout: float = 30.0

    def pass_time(self, seconds: float) -> None:
        """Simulated and wall time move on together: calls end, settle windows pass."""
        self.sim.advance(seconds)
        self.clock.offset += seconds

    @property
    def sim(self):
        return self.running.simulator

    def account(self, provider: str) -> Account:
        return next(a for a in self.accounts.repository.list() if a.is_demo and a.provider == provider)

    def campaign(self, provider: str, count: int, **changes: object) -> Campaign:
        settings = dataclasses.replace(settings_for(provider), **changes)
        return self.service.create(f"{provider} test", self.account(provider), add_list(self.store, count), settings)

    def fast_client(self, account: Account) -> ProviderClient:
        """The account's client without pacing, with quick retries and :attr:`request_timeout`."""
        settings = dataclasses.replace(self.accounts.settings_for(account), min_interval=0)
        client = create_client(settings, self.accounts.secrets_for(account), retry=FAST_RETRY)
        client.http.client.timeout = httpx.Timeout(self.request_timeout)
        return client

    def dialled(self, provider: str) -> list:
        return self.sim.ledger.entries(provider, dialled_only=True)


def quick_engine(store: Store, **values: object) -> None:
    """Engine settings that keep tests fast: no wait before VBot is asked again, quick polls."""
    defaults = {"settle_seconds": 0.0, "poll_fast_seconds": 0.01, "poll_slow_seconds": 0.05}
    for key, value in {**defaults, **values}.items():
        store.set_setting(f"campaigns.{key}", value)


def simulator_outcomes(env: Env, provider: str) -> Counter:
    """What the simulator decided for every call it placed, keyed like our outcomes."""
    sim = env.sim
    if provider == "vbot":
        return Counter(str(placed.call.outcome) for placed in sim.vbot.calls)
    if provider == "nxcloud":
        return Counter(str(order.calls[-1].outcome) for _, order in sim.nxcloud.orders.values())
    return Counter(str(d.call.outcome) for r in sim.bizphone.requests.values() for d in r.destinations)


def _play(text: str) -> dict:
    return {"steps": [{"name": "play", "message": {"msg": text}}]}


#: A debt reminder: press 1 to confirm (then 1 to pay today), 2 to be called back; anything else is the default.
REMINDER_FLOW = {"steps": [{"name": "gather", "message": {"msg": "Chào {{name}}, bấm 1 để xác nhận, 2 để gọi lại."},
                            "branches": [
    {"digit": "1", "default": "false", "callFlow": {"steps": [
        {"name": "gather", "message": {"msg": "Bấm 1 nếu thanh toán hôm nay."}, "branches": [
            {"digit": "1", "default": "false", "callFlow": _play("Cảm ơn quý khách.")},
            {"default": "true", "callFlow": _play("Hẹn quý khách.")}]}]}},
    {"digit": "2", "default": "false", "callFlow": _play("Chúng tôi sẽ gọi lại.")},
    {"default": "true", "callFlow": _play("Tạm biệt.")}]}]}


def decided_key(answer: Answer | None) -> str | None:
    """What the simulator decided, as the app's answer key is documented to name it (CallAnswer.key)."""
    if answer is None:
        return None
    if answer.intent:
        return f"intent:{answer.intent}"
    if answer.pressed:
        return "pressed:" + ">".join(k for k in answer.pressed if k)
    return "collected" if any(v for _, v in answer.collected) else None


def decided_answers(env: Env, provider: str) -> Counter:
    """The answer keys the simulator decided for every contact it dialled for ``provider`` (its ledger), from each
    contact's first call: campaigns whose provider does not redial on its own."""
    ledger = env.sim.ledger
    return Counter(k for e in ledger.entries(provider, dialled_only=True)
                   if (k := decided_key(ledger.answer(e.call_id))))
