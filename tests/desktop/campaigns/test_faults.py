"""Faults during dispatch — 5xx bursts, 429 with Retry-After, requests that hang past the timeout, connections
dropped after the provider acted, malformed replies — end with every contact dialled exactly once or clearly marked
with the reason it was not; never dialled twice.

A contact whose send may have reached VBot stays awaiting confirmation until VBot's records settle it: it is found
there, or calls queued after it have ended while it is still missing (then it is sent again, same key). When nothing
was queued after it, nothing can prove it, and the operator decides: the VBot console (here the simulator's ledger)
shows it never arrived, so it is marked as not sent and resumed.
"""

from __future__ import annotations

import pytest

from desktop.campaigns.model import CampaignState, Dispatch
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, PROVIDERS, Env, quick_engine

pytestmark = ON_BOTH_ENGINES

SEND = {
    "vbot": "/vbot/v3.0/m-auto-call/api/call/create-list-phone",
    "nxcloud": "/nxcloud/callcentre/api/v3/addBatchCall",
    "bizphone": "/bizphone/v1/call",
}
FAULTS = {
    "5xx burst": ("error", 503, 12),
    "429 with Retry-After": ("throttle", 0, 6),
    "hang past the timeout": ("hang", 2, 1),
    "dropped connection": ("drop", None, 3),
    "malformed JSON": ("malformed", None, 3),
}
CONTACTS = 150


async def settle(env: Env, campaign_id: int) -> None:
    """What an operator does: let time pass, then resume (which reconciles first) until nothing is unsettled; what
    still awaits confirmation after that is looked up in the provider's console (the ledger) and marked as not
    sent when it never arrived."""
    for attempt in range(4):
        campaign = env.service.get(campaign_id)
        counts = env.service.counts(campaign)
        if not counts.unsettled and campaign.state is not CampaignState.PAUSED:
            return
        if attempt and counts.dispatch.get(Dispatch.IN_FLIGHT):
            awaiting = {r["idem_key"] for r in env.store.query(
                "SELECT idem_key FROM calls WHERE campaign_id = ? AND dispatch = ?", (campaign_id, Dispatch.IN_FLIGHT))}
            if not awaiting & {e.idempotency_key for e in env.sim.ledger.entries(campaign.provider)}:
                env.service.mark_not_sent(campaign, "not in the provider's console")
        env.pass_time(ALL_CALLS_END)
        await env.service.resume(campaign)
    raise AssertionError(f"still unsettled: {env.service.counts(env.service.get(campaign_id)).dispatch}")


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("provider", PROVIDERS)
async def test_faults_during_dispatch_never_dial_twice(env: Env, provider: str, fault: str) -> None:
    quick_engine(env.store, settle_seconds=3600.0)
    kind, arg, count = FAULTS[fault]
    if kind == "hang":
        env.request_timeout = 1.0  # shorter than the hang
    campaign = env.campaign(provider, CONTACTS)
    check = await env.service.preflight(campaign)
    env.sim.faults.add(SEND[provider], kind, arg, count=count)
    await env.service.launch(campaign, check)
    await settle(env, campaign.id)

    assert env.sim.ledger.duplicates() == []
    calls = env.store.query("SELECT idem_key, phone, dispatch, error, batch_id FROM calls WHERE campaign_id = ?",
                            (campaign.id,))
    sent = [c for c in calls if c["dispatch"] == Dispatch.SENT]
    unsent = [c for c in calls if c["dispatch"] != Dispatch.SENT]
    assert all(c["dispatch"] in (Dispatch.REFUSED, Dispatch.NOT_SENT) and c["error"] for c in unsent)
    dialled = env.dialled(provider)
    assert len(dialled) == len(sent)
    if provider == "bizphone":  # keyed by requestId in the ledger: one entry per destination phone
        assert {e.phone for e in dialled} == {c["phone"] for c in sent}
    else:
        assert {e.idempotency_key for e in dialled} == {c["idem_key"] for c in sent}
    assert len(sent) == CONTACTS  # these faults are all transient: in the end everyone is reached
