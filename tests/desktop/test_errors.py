from __future__ import annotations

import asyncio

import pytest

from desktop.accounts.repository import AccountInUse, AccountNameTaken
from desktop.campaigns.export import ExportError
from desktop.campaigns.repository import CallNotFound, CampaignNotFound, CampaignRepository
from desktop.campaigns.service import LaunchRefused
from desktop.contacts.errors import ContactsError
from desktop.errors import AutocallError, Cancelled
from desktop.providers.errors import ProviderError
from desktop.recordings.source import NoRecordingError
from desktop.secrets import SecretStoreError
from desktop.settings import InvalidPreference
from desktop.store import Store, StoreError
from desktop.tasks import AlreadyRunning, TaskOwner


@pytest.mark.parametrize("error", [
    Cancelled, ProviderError, ContactsError, StoreError, SecretStoreError, LaunchRefused, ExportError,
    AccountNameTaken, AccountInUse, NoRecordingError, CampaignNotFound, CallNotFound, AlreadyRunning,
    InvalidPreference,
])
def test_every_error_root_of_the_core_is_an_autocall_error(error: type[Exception]) -> None:
    assert issubclass(error, AutocallError)


def test_named_errors_say_what_happened_in_a_sentence(tmp_path) -> None:
    store = Store(tmp_path / "db.sqlite3")
    repository = CampaignRepository(store)
    with pytest.raises(CampaignNotFound, match="This campaign no longer exists."):
        repository.get(12)
    with pytest.raises(CallNotFound, match="This call no longer exists."):
        repository.call_details(34)
    store.close()
    assert "“Sales”" in str(AccountNameTaken("Sales"))
    assert "cancelled" in str(Cancelled())


async def test_a_task_that_may_not_be_replaced_refuses_in_words() -> None:
    tasks = TaskOwner()
    tasks.spawn(asyncio.sleep(10), name="dispatch:1", replace=False)
    with pytest.raises(AlreadyRunning, match="already under way"):
        tasks.spawn(asyncio.sleep(10), name="dispatch:1", replace=False)
    await tasks.cancel_all()
