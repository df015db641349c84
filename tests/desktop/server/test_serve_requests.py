"""A desk pauses and resumes a campaign `autocall serve` sends (desktop/campaigns/requests.py), on a real SQLite file
and a real PostgreSQL server against the simulator: the server hears the request at once through the change feed
(PostgreSQL) or at its next lease renewal (any engine), pauses after the batch being sent and logs who asked; the
desk's Resume, refused as a takeover while the server follows the campaign's calls, is asked of the server, which
sends the rest. The simulator's ledger shows everyone dialled exactly once."""

from __future__ import annotations

import socket
import time

import pytest

from desktop.campaigns import lease
from desktop.campaigns.lease import LeaseHeld
from desktop.campaigns.model import CampaignState, Dispatch
from desktop.campaigns.requests import ask_to_resume, pause_anywhere
from desktop.exits import Exit
from desktop.settings import BATCH_SIZE, Preferences
from tests.desktop.server.test_serve import SEND_PATHS, Served, dialled_once_each, dispatch_counts, finished, launched
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env
from tests.helpers.support import until

CONTACTS = 120


@ON_BOTH_ENGINES
def test_a_desk_pauses_and_resumes_a_campaign_the_server_sends(quick: Env) -> None:
    provider = "bizphone"
    Preferences(quick.store).set(BATCH_SIZE, 5, scope=provider)
    quick.store.set_setting("campaigns.dispatch_concurrency", 1)
    quick.sim.faults.add(SEND_PATHS[provider], "latency", 0.5)  # 24 batches one at a time: 12 s of sending
    campaign = launched(quick, provider, CONTACTS)
    served = Served(quick)
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] >= 10, "some batches sent", 30)

    asked = time.monotonic()
    held = pause_anywhere(quick.service, quick.service.get(campaign.id))
    assert held is not None and held.kind == "server"
    until(lambda: quick.service.get(campaign.id).state is CampaignState.PAUSED, "the server to pause", 30,
          note=lambda: served.lines)
    # its renewal period (5 s; at once on PostgreSQL) and the batch being sent, with room for a loaded machine
    assert time.monotonic() - asked < lease.RENEW_SECONDS + 5
    paused = dispatch_counts(quick, campaign.id)
    assert paused[Dispatch.IN_FLIGHT] == 0 and 0 < paused[Dispatch.PENDING] < CONTACTS, paused
    request = served.wait_for_event("campaign.request")
    assert (request["campaign"], request["request"], request["from"]) == (campaign.id, "pause",
                                                                          socket.gethostname())
    ended = served.wait_for_event("dispatch.ended")
    assert ended["state"] == "paused" and "Paused from" in ended["message"], ended
    until(lambda: lease.holder_of(quick.store, campaign.id) is None
          or lease.holder_of(quick.store, campaign.id).request is None, "the request to be taken off", 10)
    time.sleep(1.0)  # the server's scans leave a paused campaign alone
    assert dispatch_counts(quick, campaign.id) == paused

    stored = quick.service.get(campaign.id)
    assert lease.holder_of(quick.store, campaign.id) is not None  # the server still follows the calls sent
    with pytest.raises(LeaseHeld):
        quick.service.resume(stored)
    assert ask_to_resume(quick.service, stored) is not None
    until(lambda: dispatch_counts(quick, campaign.id)[Dispatch.SENT] == CONTACTS, "the rest sent by the server", 60,
          note=lambda: served.lines)
    quick.pass_time(ALL_CALLS_END)
    until(lambda: finished(quick, campaign.id), "the campaign to finish", 30)
    assert served.stop()[0] == Exit.OK
    dialled_once_each(quick, provider, campaign)
