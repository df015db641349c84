"""A fourth provider, registered from the tests only, runs a campaign through the real engine: launch, dispatch
(with one lost reply), reconcile, poll and export, all through CampaignService. Nothing in desktop/ names it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.accounts.repository import Account
from desktop.accounts.service import AccountService
from desktop.campaigns.model import CampaignState, Dispatch
from desktop.campaigns.service import CampaignService
from desktop.demo import DemoEnvironment
from desktop.providers import PROVIDERS, create_client, spec
from desktop.providers.base import Outcome
from desktop.providers.errors import ConfigError, UnknownProvider
from desktop.secrets import MemoryKeyring, SecretStore
from desktop.settings import EngineSettings
from desktop.store import Store
from desktop.tasks import TaskOwner
from tests.helpers.campaigns import add_list
from tests.helpers.fake_provider import FAKE, FakeCampaignSettings, FakeServer, FakeSettings

COUNT = 10


@pytest.fixture
def service(tmp_path: Path, fake_provider: FakeServer) -> Iterator[CampaignService]:
    store = Store(tmp_path / "autocall.sqlite3")
    for key, value in {"poll_fast_seconds": 0.01, "poll_slow_seconds": 0.02}.items():
        store.set_setting(f"campaigns.{key}", value)
    accounts = AccountService(store, SecretStore(MemoryKeyring()))
    yield CampaignService(store, accounts, TaskOwner())
    store.close()


async def test_a_registered_provider_runs_a_whole_campaign(service: CampaignService, fake_provider: FakeServer,
                                                           tmp_path: Path) -> None:
    account = service.accounts.save(Account("Fake one", FAKE), FakeSettings(base_url=fake_provider.url),
                                    {"token": "secret-token"})
    assert account.provider_name == "Fake provider (tests)"
    campaign = service.create("fake campaign", account, add_list(service.store, COUNT), FakeCampaignSettings())

    check = await service.preflight(campaign)
    assert check.can_launch, check.items
    assert check.field_map == {"name": "name"} and check.plan.batch_size == 4  # the client's request size

    fake_provider.drop_next_post = True  # the first batch is taken, but its reply is lost
    final = await service.launch(campaign, check)
    assert final.state is CampaignState.RUNNING and final.sent == COUNT and final.in_flight == 0
    assert fake_provider.posts == 3 and len(fake_provider.calls) == COUNT  # nothing sent twice
    batches = service.store.query("SELECT state FROM dispatch_batches WHERE campaign_id = ?", (campaign.id,))
    assert sorted(b["state"] for b in batches) == ["reconciled", "sent", "sent"]  # the lost reply, by evidence

    report = await service.reconcile(campaign)
    assert report.settled and report.batches == 0

    last = await service.start_monitoring(campaign)
    assert last.finished and service.get(campaign.id).state is CampaignState.FINISHED
    assert service.counts(campaign).outcomes == {Outcome.ANSWERED: COUNT}
    assert service.counts(campaign).dispatch == {Dispatch.SENT: COUNT}
    assert not service.supports_task_control(campaign) and service.provider_task(campaign) is None

    path = tmp_path / "results.csv"
    assert await service.export(campaign, path, "csv") == COUNT
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == COUNT and all("answered" in " ".join(r.values()) for r in rows)


def test_registration_is_the_only_edit(fake_provider: FakeServer) -> None:
    assert spec(FAKE).client.__name__ == "FakeClient" and FAKE not in {p.key for p in PROVIDERS}
    assert EngineSettings().batch_size(FAKE) == 0  # its SPEC's default: the client's request size
    client = create_client(FakeSettings(base_url=fake_provider.url), {"token": "t"})
    assert client.provider == FAKE


def test_an_unknown_provider_fails_loudly(tmp_path: Path) -> None:
    """Outside the registration the fake's key is unknown everywhere: no silent fall-back to another provider."""
    with pytest.raises(UnknownProvider, match="does not know the provider"):
        spec(FAKE)
    with pytest.raises(UnknownProvider):
        DemoEnvironment(running=None).settings_for(FAKE)  # type: ignore[arg-type]
    with pytest.raises(UnknownProvider):
        EngineSettings().batch_size(FAKE)
    store = Store(tmp_path / "autocall.sqlite3")
    accounts = AccountService(store, SecretStore(MemoryKeyring()))
    with pytest.raises(UnknownProvider):
        accounts.repository.save(Account("nobody", FAKE))
    with store.transaction() as db:  # a row another build wrote
        db.execute("INSERT INTO accounts(id, name, provider) VALUES (9, 'elsewhere', ?)", (FAKE,))
        db.execute("INSERT INTO campaigns(id, name, account_id, provider) VALUES (3, 'c', 9, ?)", (FAKE,))
    with pytest.raises(UnknownProvider):
        CampaignService(store, accounts, TaskOwner()).get(3)
    with pytest.raises(UnknownProvider):
        accounts.settings_for(accounts.repository.get(9))
    store.close()


def test_a_provider_without_a_demo_says_so(fake_provider: FakeServer) -> None:
    with pytest.raises(ConfigError, match="does not simulate Fake"):
        DemoEnvironment(running=None).settings_for(FAKE)  # type: ignore[arg-type]
