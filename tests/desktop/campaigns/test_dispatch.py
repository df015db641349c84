"""Dispatch controls: the circuit breaker, per-contact refusals on the contact row, pause/resume and cancel."""

from __future__ import annotations

import pytest

from desktop.campaigns import service
from desktop.campaigns.dispatcher import DispatchProgress
from desktop.campaigns.model import CampaignState, Dispatch
from desktop.i18n import set_language, shown
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env, quick_engine

pytestmark = ON_BOTH_ENGINES


def errors(env: Env, campaign_id: int) -> list[tuple[str, str]]:
    """(dispatch, why) of the contacts that have a reason, as the Monitor says it."""
    return [(r["dispatch"], shown(r["error"])) for r in env.store.query(
        "SELECT dispatch, error FROM calls WHERE campaign_id = ? AND error IS NOT NULL", (campaign_id,))]


async def test_circuit_breaker_pauses_when_errors_spike_and_resume_finishes(env: Env) -> None:
    # One batch at a time: with several side by side, a worker may open a fifth batch before the fourth reply fills
    # the breaker's window, and how many depends on timing.
    quick_engine(env.store, breaker_window=20, breaker_threshold=0.5, settle_seconds=3600.0, dispatch_concurrency=1)
    campaign = env.campaign("vbot", 100)
    check = await env.service.preflight(campaign)
    env.sim.faults.add("/vbot/v3.0/m-auto-call/api/call/create-list-phone", "error", 503)
    progress = await env.service.launch(campaign, check)
    assert progress.state is CampaignState.PAUSED and env.service.get(campaign.id).state is CampaignState.PAUSED
    assert "paused by itself" in progress.reason and "it pauses at 50%" in progress.reason
    assert "HTTP 503" in progress.reason
    assert progress.in_flight == 20 and progress.pending == 80 and progress.sent == 0  # 4 batches, then paused
    assert len(env.sim.ledger) == 0

    env.sim.faults.clear()
    env.pass_time(ALL_CALLS_END)  # time alone proves nothing: VBot lists only ended calls
    done = await env.service.resume(env.service.get(campaign.id))
    assert done.state is CampaignState.RUNNING and (done.sent, done.in_flight) == (80, 20)
    env.pass_time(ALL_CALLS_END)  # the 80 queued after them have ended: VBot's records prove the 20 never arrived
    done = await env.service.resume(env.service.get(campaign.id))
    assert done.state is CampaignState.RUNNING and done.sent == 100
    assert len(env.dialled("vbot")) == 100 and env.sim.ledger.duplicates() == []


async def test_provider_refusals_are_recorded_on_each_contact(env: Env) -> None:
    campaign = env.campaign("nxcloud", 6)
    env.store.query("UPDATE contacts SET phone_e164 = '+8412' WHERE list_id = ? AND row_number = 3",
                    (campaign.list_id,))
    progress = await env.service.launch(campaign, await env.service.preflight(campaign))
    assert (progress.sent, progress.refused) == (5, 1)
    [(dispatch, reason)] = errors(env, campaign.id)
    assert dispatch == Dispatch.REFUSED and "number" in reason.lower()

    vbot = env.campaign("vbot", 10, hotline_code="0899999999", skip_called_before=False)  # trunk down: error 500
    progress = await env.service.launch(vbot, await env.service.preflight(vbot))
    assert progress.refused == 10 and progress.sent == 0
    assert {e for _, e in errors(env, vbot.id)} == {
        "VBot had a system error (Hotline 0899999999 đang bảo trì) — try again in a few minutes. (code 500)"}
    set_language("vi")  # the row keeps a sentence, not a translation: a Vietnamese reader reads its frame in Vietnamese
    assert {e.endswith("(mã 500)") for _, e in errors(env, vbot.id)} == {True}


async def test_pause_then_resume(env: Env) -> None:
    campaign = env.campaign("vbot", 60)
    check = await env.service.preflight(campaign)
    first = await env.service.launch(campaign, check, lambda p: env.service.pause(campaign))
    assert first.state is CampaignState.PAUSED and first.reason == "Paused by the operator."
    assert 0 < first.sent < 60 and first.pending == 60 - first.sent
    done = await env.service.resume(env.service.get(campaign.id))
    assert done.sent == 60 and len(env.dialled("vbot")) == 60


async def test_cancel_marks_what_was_not_sent(env: Env) -> None:
    campaign = env.campaign("bizphone", 500)
    env.store.set_setting("campaigns.batch_size.bizphone", 50)
    check = await env.service.preflight(campaign)
    def cancel_once_sending(progress: DispatchProgress) -> None:  # not while the call rows are being written
        if progress.prepared is None:
            env.service.cancel(campaign, "Stopped: wrong list.")

    final = await env.service.launch(campaign, check, cancel_once_sending)
    assert final.state is CampaignState.CANCELLED and 0 < final.sent < 500
    assert final.not_sent == 500 - final.sent
    assert {r for r in errors(env, campaign.id)} == {(Dispatch.NOT_SENT, "Stopped: wrong list.")}
    assert len(env.dialled("bizphone")) == final.sent

    paused = env.campaign("bizphone", 3)
    env.service.cancel(paused)  # nothing dispatching: cancelled at once
    assert env.service.get(paused.id).state is CampaignState.CANCELLED


async def test_a_dispatch_interrupted_between_batches_is_offered_at_start_up(env: Env) -> None:
    campaign = env.campaign("bizphone", 3)
    env.service.repository.materialise(campaign)
    env.service.repository.set_state(campaign, CampaignState.DISPATCHING)  # the app died between two batches
    assert [c.id for c in env.service.needs_reconciliation()] == [campaign.id]
    report = await env.service.reconcile(campaign)
    assert report.batches == 0 and report.settled and report.describe().startswith("Asked the provider about 0")
    done = await env.service.resume(campaign)
    assert done.sent == 3 and env.service.needs_reconciliation() == []


async def test_a_launched_campaign_is_stored_as_dispatching_before_launch_returns(env: Env) -> None:
    """No reader (a tab, the CLI) may see a campaign that is being sent as an editable draft."""
    campaign = env.campaign("bizphone", 5)
    task = env.service.launch(campaign, await env.service.preflight(campaign))
    assert env.service.get(campaign.id).state is CampaignState.DISPATCHING  # before the task has run at all
    await task
    assert env.service.get(campaign.id).state is not CampaignState.DRAFT


async def test_a_launch_writes_its_call_rows_off_the_loop_and_reports_them_before_sending(
        env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "LAUNCH_ROWS_PER_TRANSACTION", 5)
    monkeypatch.setattr(service, "LAUNCH_REPORT_SECONDS", 0.0)
    campaign = env.campaign("bizphone", 12)
    reports: list[DispatchProgress] = []
    task = env.service.launch(campaign, await env.service.preflight(campaign), reports.append)
    assert env.service.get(campaign.id).state is CampaignState.DISPATCHING
    assert calls_of(env, campaign.id) == []  # the task writes them, on a worker thread
    await env.service.call_rows_written(campaign)
    assert len(calls_of(env, campaign.id)) == 12
    done = await task
    assert done.sent == 12 and len(env.dialled("bizphone")) == 12
    assert [(r.prepared, r.total, r.sent) for r in reports[:2]] == [(5, 12, 0), (10, 12, 0)]  # while more are to come
    assert all(r.prepared is None for r in reports[2:])


async def test_a_launch_reports_its_call_rows_at_most_every_quarter_second(env: Env, monkeypatch: pytest.MonkeyPatch
                                                                            ) -> None:
    """The window reads the store on each report: a launch writing rows faster reports the first part only."""
    monkeypatch.setattr(service, "LAUNCH_ROWS_PER_TRANSACTION", 5)
    campaign = env.campaign("bizphone", 12)
    reports: list[DispatchProgress] = []
    await env.service.launch(campaign, await env.service.preflight(campaign), reports.append)
    assert [r.prepared for r in reports if r.prepared is not None] == [5]


async def test_call_rows_are_written_in_parts_in_the_lists_order_and_once(env: Env) -> None:
    campaign = env.campaign("bizphone", 7)
    steps: list[tuple[int, int]] = []
    assert env.service.repository.materialise(campaign, lambda done, total: steps.append((done, total)), chunk=3) == 7
    assert steps == [(3, 7), (6, 7), (7, 7)]
    rows = env.store.query("SELECT t.row_number FROM calls c JOIN contacts t ON t.id = c.contact_id "
                           "WHERE c.campaign_id = ? ORDER BY c.id", (campaign.id,))
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert env.service.repository.materialise(campaign) == 0


async def test_a_launch_interrupted_while_writing_its_call_rows_is_completed_on_resume(env: Env) -> None:
    campaign = env.campaign("bizphone", 12)

    def die(_done: int, _total: int) -> None:
        raise Died

    env.service.repository.set_state(campaign, CampaignState.DISPATCHING)  # what launch stores before the task runs
    with pytest.raises(Died):
        env.service.repository.materialise(campaign, die, chunk=5)
    first = calls_of(env, campaign.id)
    assert len(first) == 5
    assert [c.id for c in env.service.needs_reconciliation()] == [campaign.id]
    done = await env.service.resume(env.service.get(campaign.id))
    assert done.sent == 12 and calls_of(env, campaign.id)[:5] == first  # the keys already made are kept
    assert len(env.dialled("bizphone")) == 12 and env.sim.ledger.duplicates() == []


def test_a_launch_interrupted_while_writing_its_call_rows_and_then_cancelled_lists_every_contact(env: Env) -> None:
    campaign = env.campaign("bizphone", 12)

    def die(_done: int, _total: int) -> None:
        raise Died

    env.service.repository.set_state(campaign, CampaignState.DISPATCHING)
    with pytest.raises(Died):
        env.service.repository.materialise(campaign, die, chunk=5)
    first = calls_of(env, campaign.id)
    env.service.cancel(env.service.get(campaign.id))
    assert env.service.get(campaign.id).state is CampaignState.CANCELLED
    assert len(calls_of(env, campaign.id)) == 12 and calls_of(env, campaign.id)[:5] == first
    assert env.service.counts(campaign).dispatch == {Dispatch.NOT_SENT: 12} and env.dialled("bizphone") == []


class Died(Exception):
    """The app stopped here."""


def calls_of(env: Env, campaign_id: int) -> list[tuple[int, str]]:
    """(contact, key) of the campaign's call rows, in their order."""
    return [(r[0], r[1]) for r in env.store.query(
        "SELECT contact_id, idem_key FROM calls WHERE campaign_id = ? ORDER BY id", (campaign_id,))]
