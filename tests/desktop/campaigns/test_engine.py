"""The engine end to end on each provider: preflight, confirmed launch, dispatch, polling to the end — and the
final counts equal what the simulator placed and decided (its ledger and its own call records)."""

from __future__ import annotations

import json
import re

import pytest

from desktop.campaigns.lease import holder_of
from desktop.campaigns.model import CampaignState
from desktop.campaigns.service import LaunchRefused
from desktop.providers.errors import UnsupportedError
from desktop.providers.status import Outcome
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, PROVIDERS, Env, add_list, simulator_outcomes

pytestmark = ON_BOTH_ENGINES


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_launch_poll_and_counts_match_the_simulator(env: Env, provider: str) -> None:
    campaign = env.campaign(provider, 60)
    check = await env.service.preflight(campaign)
    assert check.can_launch, check.items
    assert check.counts.to_send == 60 and check.plan.contacts == 60
    assert {i.key for i in check.items} >= {"account", "counts", "window", "plan"}
    progress_seen = []
    final = await env.service.launch(campaign, check, progress_seen.append)
    assert final.state is CampaignState.RUNNING and final.sent == 60 and final.in_flight == 0
    assert progress_seen[-1] == final and progress_seen[-1].fraction == 1.0

    env.sim.advance(ALL_CALLS_END)
    updates = []
    last = await env.service.start_monitoring(campaign, updates.append)
    assert last.finished and last.next_poll_in is None
    assert env.service.get(campaign.id).state is CampaignState.FINISHED
    if provider == "nxcloud":  # taskKeep on (the default), completed by the app once every order is final
        assert env.sim.nxcloud.tasks[campaign.key].func_flag["taskKeep"] is True
        assert env.sim.nxcloud.tasks[campaign.key].name == campaign.name  # the form's task name was left empty
        assert env.sim.nxcloud.tasks[campaign.key].status == 3
    assert sum(len(u.changed) for u in updates) == 60  # every row reported once it changed
    counts = env.service.counts(campaign)
    assert sum(counts.outcomes.values()) == 60
    assert all(Outcome(o).is_final for o in counts.outcomes)
    assert counts.outcomes == dict(simulator_outcomes(env, provider))

    dialled = env.dialled(provider)
    assert len(dialled) == 60 and env.sim.ledger.duplicates(include_refused=True) == []
    rows = env.store.query("SELECT idem_key, phone FROM calls WHERE campaign_id = ?", (campaign.id,))
    if provider == "bizphone":  # the ledger keys BizPhone calls by requestId; one per destination
        assert {e.phone for e in dialled} == {r["phone"] for r in rows}
    else:
        assert {e.idempotency_key for e in dialled} == {r["idem_key"] for r in rows}


async def test_nothing_is_sent_without_a_matching_confirmed_preflight(env: Env) -> None:
    campaign = env.campaign("bizphone", 5)
    other = env.campaign("bizphone", 5)
    check = await env.service.preflight(campaign)
    with pytest.raises(LaunchRefused, match="has not passed its check"):
        env.service.launch(other, check)
    env.store.query("UPDATE contacts SET status = 'suppressed' WHERE id = (SELECT MIN(id) FROM contacts WHERE "
                    "list_id = ?)", (campaign.list_id,))
    with pytest.raises(LaunchRefused, match="numbers changed"):
        env.service.launch(campaign, check)
    with pytest.raises(LaunchRefused, match="numbers changed"):  # the window's launch: the same checks, off the loop
        await env.service.launch_off_loop(campaign, check)
    assert env.service.get(campaign.id).state is CampaignState.DRAFT and holder_of(env.store, campaign.id) is None
    assert len(env.sim.ledger) == 0


async def test_preflight_blocks_unmapped_fields_and_counts_rejects(env: Env) -> None:
    list_id = add_list(env.store, 3, extra=[("+84910000001", "duplicate", "duplicate of row 2"),
                                            ("0123", "invalid", "too short"), ("+84919999999", "suppressed", "dnc")])
    env.store.query("UPDATE contact_lists SET columns = ? WHERE id = ?", ('["Phone", "name"]', list_id))
    campaign = env.service.create("no fields", env.account("vbot"), list_id,
                                  env.campaign("vbot", 1).settings)
    check = await env.service.preflight(campaign)
    assert not check.can_launch
    assert any(i.key == "fields" and "customer_name" in i.detail for i in check.blocking)
    assert (check.counts.valid, check.counts.duplicates, check.counts.invalid, check.counts.suppressed) == (3, 1, 1, 1)
    assert "6 contact(s)" in check.summary() and "1 on the do-not-call list" in check.summary()


async def test_numbers_sent_by_an_earlier_campaign_are_skipped_with_a_reason(env: Env) -> None:
    first = env.campaign("nxcloud", 4)
    await env.service.launch(first, await env.service.preflight(first))
    list_id = add_list(env.store, 6)  # the same first four numbers, and two new ones
    second = env.service.create("again", env.account("nxcloud"), list_id, first.settings)
    check = await env.service.preflight(second)
    assert check.counts.called_before == 4 and check.counts.to_send == 2
    done = await env.service.launch(second, check)
    assert done.sent == 2 and done.not_sent == 4
    reasons = {r["error"] for r in env.store.query("SELECT error FROM calls WHERE campaign_id = ? AND dispatch = "
                                                    "'not_sent'", (second.id,))}
    assert reasons == {"Not called: an earlier campaign already called this number."}
    assert len(env.dialled("nxcloud")) == 6
    keys = [r[0] for r in env.store.query("SELECT idem_key FROM calls")]
    assert len(set(keys)) == 10 and all(re.fullmatch(r"[0-9a-f]{32}", k) for k in keys)  # what every provider accepts


async def test_nxcloud_task_controls(env: Env) -> None:
    campaign = env.campaign("nxcloud", 3)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    await env.service.pause_on_provider(campaign)
    assert env.sim.nxcloud.tasks[campaign.key].status == 5
    await env.service.resume_on_provider(campaign)
    await env.service.stop_on_provider(campaign)
    assert env.sim.nxcloud.tasks[campaign.key].status in (3, 4)  # completed / ended
    with pytest.raises(UnsupportedError, match="does not offer"):
        await env.service.pause_on_provider(env.campaign("bizphone", 1))


async def test_a_date_is_sent_as_the_preview_shows_it(env: Env) -> None:
    """The store keeps an imported date as ISO text; the script speaks it as dd/mm/yyyy, like the mapping's preview."""
    campaign = env.campaign("vbot", 2, field_map={"customer_name": "customer_name", "order_id": "order_id"})
    env.store.query("UPDATE contacts SET data = ? WHERE list_id = ?",
                    (json.dumps({"customer_name": "Lan", "order_id": "2026-12-05"}), campaign.list_id))
    check = await env.service.preflight(campaign)
    assert check.can_launch, check.items
    await env.service.launch(campaign, check)
    assert [c.datas for c in env.sim.vbot.calls] == [{"customer_name": "Lan", "order_id": "05/12/2026"}] * 2
