"""`autocall serve` receives notifications for an account a desk added after the server started (PostgreSQL: the
change feed tells it the accounts changed), without a restart."""

from __future__ import annotations

import httpx
import pytest

from desktop.accounts.repository import Account
from desktop.exits import Exit
from desktop.providers import spec
from tests.desktop.server.test_serve import Served
from tests.helpers.campaigns import Env


@pytest.mark.parametrize("env", ["postgresql"], indirect=True)
def test_an_account_added_on_a_desk_gets_its_notification_route_without_a_restart(quick: Env) -> None:
    served = Served(quick)
    receiver = served.wait_for_event("server.started")["receiver"]
    settings, secrets = spec("nxcloud").demo(quick.running.base_urls, quick.running.credentials)
    account = quick.accounts.save(Account("NXCLOUD chi nhánh 2", "nxcloud"), settings, secrets)
    added = served.wait_for_event("account.added")
    assert (added["account"], added["provider"], added["path"]) == (account.id, "nxcloud", f"/nxcloud/{account.id}")
    unknown = httpx.post(f"{receiver}/nxcloud/{account.id + 1}", json={})
    assert unknown.status_code == 404  # a path naming no account
    answer = httpx.post(receiver + added["path"], json={})
    assert answer.status_code in (401, 403), answer.text  # routed: refused for lacking NXCLOUD's signature
    assert served.stop()[0] == Exit.OK
