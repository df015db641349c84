"""VBot's legacy auto-call campaign (seed 000): the whole list as one ``/api/campaign/create`` cloning a template
campaign, its calls found again by phone — and a lost reply leaves the list in doubt, never sent a second time."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

from desktop.accounts.repository import Account
from desktop.campaigns.model import Campaign, CampaignState, Dispatch
from desktop.providers.base import Level
from desktop.providers.status import Outcome
from desktop.providers.vbot import VBotSettings
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env, add_list, quick_engine, settings_for

pytestmark = ON_BOTH_ENGINES

CREATE = "/vbot/v2.0/api/campaign/create"  # seed 000: a Bearer-token (v2) request
CONTACTS = 40


def v2_account(env: Env) -> Account:
    """A VBot v2 account on the simulator: the legacy mode needs its VBot ID and project code."""
    creds = env.running.credentials
    settings = VBotSettings(api_generation="v2", base_url=env.running.base_urls["vbot_v2"],
                            username=creds["vbot_username"], vbot_id=creds["vbot_id"],
                            project_code=creds["vbot_project_code"])
    return env.accounts.save(Account("VBot v2", "vbot"), settings, {"password": creds["vbot_password"]})


def legacy_campaign(env: Env, source: int = 2932, **changes: object) -> Campaign:
    settings = dataclasses.replace(settings_for("vbot"), mode="legacy", legacy_campaign_id=source, **changes)
    return env.service.create("legacy", v2_account(env), add_list(env.store, CONTACTS), settings)


def clones(env: Env) -> list[dict]:
    """The campaigns the simulator's legacy endpoint created (one per request it carried out)."""
    return [c for c in env.sim.vbot.campaigns if "source" in c]


def assert_each_contact_dialled_once(env: Env, campaign: Campaign) -> None:
    dialled = env.dialled("vbot")
    assert len(dialled) == CONTACTS and env.sim.ledger.duplicates(include_refused=True) == []
    assert all(e.endpoint == CREATE for e in dialled)
    phones = {r["phone"] for r in env.store.query("SELECT phone FROM calls WHERE campaign_id = ?", (campaign.id,))}
    assert {"+84" + e.phone[1:] for e in dialled} == phones


async def test_legacy_campaign_end_to_end(env: Env) -> None:
    campaign = legacy_campaign(env)
    check = await env.service.preflight(campaign)
    assert check.can_launch, check.blocking
    assert any(i.level is Level.WARNING and "deprecated" in i.detail for i in check.items)
    assert check.plan.batches == 1
    final = await env.service.launch(campaign, check)
    assert final.state is CampaignState.RUNNING and final.sent == CONTACTS and final.in_flight == 0

    (clone,) = clones(env)
    assert clone["source"] == 2932 and clone["template_script_code"] == "CONFIRM_ORDER"
    batch = env.store.query_one("SELECT batch_key, response FROM dispatch_batches WHERE campaign_id = ?",
                                (campaign.id,))
    assert clone["name"] == f"autocall-{batch['batch_key']}"
    assert json.loads(batch["response"])["refs"] == [str(clone["id"])]

    env.sim.advance(ALL_CALLS_END)
    last = await env.service.start_monitoring(campaign)
    assert last.finished and env.service.get(campaign.id).state is CampaignState.FINISHED
    counts = env.service.counts(campaign)
    assert all(Outcome(o).is_final for o in counts.outcomes)
    # seed 000's status 4 (CANCEL) is a no-answer call the caller cancelled: the simulator lists it as "cancel"
    assert counts.outcomes == dict(Counter("cancelled" if p.call.extra.get("legacy_status") == 4
                                           else str(p.call.outcome) for p in env.sim.vbot.calls))
    assert_each_contact_dialled_once(env, campaign)


async def test_a_lost_reply_leaves_the_list_in_doubt_and_it_is_never_sent_again(env: Env) -> None:
    quick_engine(env.store, settle_seconds=3600.0)
    campaign = legacy_campaign(env)
    check = await env.service.preflight(campaign)
    env.sim.faults.add(CREATE, "drop", count=1)
    progress = await env.service.launch(campaign, check)

    assert progress.in_flight == CONTACTS and progress.sent == 0
    assert "check the campaign list in the VBot console" in progress.reason
    assert "does not send this list again by itself" in progress.reason
    error = env.store.query_one("SELECT state, error FROM dispatch_batches WHERE campaign_id = ?", (campaign.id,))
    assert error["state"] == "failed" and "VBot console" in error["error"]
    assert [c.id for c in env.service.needs_reconciliation()] == [campaign.id]

    # Before the calls end VBot's records show nothing, and that proves nothing: resuming sends nothing.
    report = await env.service.reconcile(campaign)
    assert report.in_doubt == CONTACTS and report.to_resend == 0
    await env.service.resume(campaign)
    assert len(clones(env)) == 1

    # Once calls have ended, any of the list's phones in the CDR proves VBot had the whole list.
    env.pass_time(ALL_CALLS_END)
    report = await env.service.reconcile(campaign)
    assert report.confirmed == CONTACTS and report.in_doubt == 0
    await env.service.resume(campaign)
    last = await env.service.start_monitoring(campaign)
    assert last.finished
    counts = env.service.counts(campaign)
    assert counts.dispatch == {Dispatch.SENT: CONTACTS}
    assert all(Outcome(o).is_final for o in counts.outcomes)
    assert len(clones(env)) == 1
    assert len([r for r in env.sim.ledger.entries("vbot") if r.endpoint == CREATE]) == CONTACTS
    assert_each_contact_dialled_once(env, campaign)


async def test_a_legacy_list_vbot_never_received_is_not_resent_even_after_the_settle_window(env: Env) -> None:
    """Silence never proves a legacy list absent (VBot may start the clone late): the operator decides."""
    quick_engine(env.store, settle_seconds=60.0)
    campaign = legacy_campaign(env)
    check = await env.service.preflight(campaign)
    env.sim.faults.add(CREATE, "error", arg=500, count=1)  # refused before it took effect: no clone exists
    progress = await env.service.launch(campaign, check)
    assert progress.sent == 0 and len(clones(env)) == 0

    env.pass_time(ALL_CALLS_END)  # far beyond the settle window
    report = await env.service.reconcile(campaign)
    assert report.in_doubt == CONTACTS and report.to_resend == 0 and report.retry_at is None
    assert "never sends a legacy list again by itself" in report.describe()
    await env.service.resume(campaign)
    assert len(clones(env)) == 0
    assert [r for r in env.sim.ledger.entries("vbot") if r.endpoint == CREATE] == []


async def test_a_legacy_list_vbot_refuses_is_refused_with_its_reason_not_held_in_doubt(env: Env) -> None:
    """Seed 000: HTTP 500 with data "-1" and a msg means VBot created nothing; its reason reaches every contact."""
    campaign = legacy_campaign(env, 9999)  # no such template campaign
    check = await env.service.preflight(campaign)
    progress = await env.service.launch(campaign, check)

    assert progress.refused == CONTACTS and progress.in_flight == 0 and progress.sent == 0
    assert progress.reason is None  # nothing awaits confirmation: no "check the VBot console"
    errors = {r["error"] for r in env.store.query("SELECT error FROM calls WHERE campaign_id = ?", (campaign.id,))}
    assert errors == {"VBot refused the legacy campaign and created nothing: Template campaign 9999 not found. "
                      "(code 400)"}
    assert env.service.needs_reconciliation() == []
    assert len(clones(env)) == 0 and env.dialled("vbot") == []
    assert (await env.service.poll_once(campaign)).finished


async def test_the_seed_000_description_and_number_of_calls_are_sent_as_set(env: Env) -> None:
    campaign = legacy_campaign(env, legacy_description="Nhắc lịch hẹn", legacy_number_call=2)
    check = await env.service.preflight(campaign)
    await env.service.launch(campaign, check)
    (clone,) = clones(env)
    assert len(clone["rows"]) == CONTACTS
    assert all(r["description"] == "Nhắc lịch hẹn" and r["numberCall"] == "2" for r in clone["rows"])
    assert {p.description for p in env.sim.vbot.calls} == {"Nhắc lịch hẹn"}  # what its webhook reports


async def test_without_them_the_keys_are_not_sent(env: Env) -> None:
    campaign = legacy_campaign(env)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    (clone,) = clones(env)
    assert not any({"description", "numberCall"} & set(r) for r in clone["rows"])


async def test_a_v3_account_cannot_send_a_legacy_list(env: Env) -> None:
    """The legacy campaign needs a v2 account (seed 000's Bearer token, the VBot ID and project code)."""
    campaign = env.campaign("vbot", CONTACTS, mode="legacy", legacy_campaign_id=2932)  # the demo account is v3
    check = await env.service.preflight(campaign)
    progress = await env.service.launch(campaign, check)
    assert progress.sent == 0 and "choose a v2 account" in (progress.reason or "")
    assert env.dialled("vbot") == [] and len(clones(env)) == 0
