"""The Monitor's data: adaptive polling with compact row updates, the bulk status path, details, and export."""

from __future__ import annotations

import csv
import threading

import openpyxl
import pytest

from desktop.campaigns.export import RESULT_COLUMNS
from desktop.campaigns.model import CampaignState
from desktop.campaigns.poller import Poller
from desktop.campaigns.repository import CallUpdate, StatusReport
from desktop.errors import Cancelled
from desktop.settings import EngineSettings
from tests.helpers.campaigns import ALL_CALLS_END, ON_BOTH_ENGINES, Env

pytestmark = ON_BOTH_ENGINES


async def launched(env: Env, provider: str, count: int):
    campaign = env.campaign(provider, count)
    await env.service.launch(campaign, await env.service.preflight(campaign))
    return env.service.get(campaign.id)


async def test_poll_interval_grows_when_idle_is_quick_while_live_and_stops_when_final(env: Env) -> None:
    campaign = await launched(env, "bizphone", 12)
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 6:
            env.sim.advance(2.0)  # calls start ringing
        elif len(sleeps) > 6:
            env.sim.advance(600.0)

    updates = []
    engine = EngineSettings(poll_fast_seconds=1.0, poll_slow_seconds=3.0)
    async with env.fast_client(env.account("bizphone")) as client:
        last = await Poller(env.service.repository, campaign, client, engine, updates.append, sleep=sleep).run()
    assert sleeps[0] == 1.0  # the first poll records what the provider reports (queued)
    assert sleeps[1:5] == [1.5, 2.25, 3.0, 3.0]  # nothing moves (manual clock): slower, capped
    assert sleeps[5] == 3.0 and sleeps[6] == 1.0  # calls live: quick again
    assert last.finished and last.next_poll_in is None and last.counts.final == 12
    assert env.service.get(campaign.id).state is CampaignState.FINISHED
    changed = [row for u in updates for row in u.changed]
    assert all(isinstance(row, CallUpdate) for row in changed)
    finals = {row.call_id: row for row in changed}
    assert len(finals) == 12 and all(row.dispatch == "sent" and row.raw_status for row in finals.values())


async def test_a_poll_that_keeps_failing_backs_off_and_says_what_is_wrong(env: Env) -> None:
    """BizPhone forgets the campaign's request (404 on /status): each failure doubles the wait up to five minutes,
    the update says what BizPhone answered (not advice about phone numbers), and the first success resets it."""
    campaign = await launched(env, "bizphone", 3)
    known = dict(env.sim.bizphone.requests)
    env.sim.bizphone.requests.clear()
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 10:
            env.sim.bizphone.requests.update(known)  # BizPhone answers again: the calls are queued
        elif len(sleeps) > 10:
            env.sim.advance(600.0)

    updates = []
    engine = EngineSettings(poll_fast_seconds=1.0, poll_slow_seconds=3.0)
    async with env.fast_client(env.account("bizphone")) as client:
        last = await Poller(env.service.repository, campaign, client, engine, updates.append, sleep=sleep).run()
    assert sleeps[:10] == [2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 300.0, 300.0]
    failed = updates[:10]
    assert all(u.error and u.next_poll_in == s for u, s in zip(failed, sleeps))
    batch_key = env.store.query_one("SELECT batch_key FROM dispatch_batches WHERE campaign_id = ?",
                                    (campaign.id,))["batch_key"]
    assert failed[0].error.startswith(f"BizPhone has no record of call request {batch_key}")
    assert all("phone number" not in u.error for u in failed)
    assert failed[0].error.endswith("they were sent with.")
    assert failed[9].error.endswith("The last 10 checks failed this way.")
    assert updates[10].error is None and updates[10].next_poll_in == 1.0  # success: the normal interval again
    assert last.finished and last.error is None and last.counts.final == 3


async def test_a_poll_failing_part_way_keeps_what_the_replies_before_it_said(env: Env) -> None:
    """Each reply's news is written as it comes: BizPhone forgets the second of three requests, so the first's calls
    are final, the update says what failed, and the third request waits for the next poll."""
    campaign = await launched(env, "bizphone", 250)
    batches = [r["batch_key"] for r in env.store.query(
        "SELECT batch_key FROM dispatch_batches WHERE campaign_id = ? ORDER BY id", (campaign.id,))]
    assert len(batches) == 3
    env.sim.advance(ALL_CALLS_END)
    del env.sim.bizphone.requests[batches[1]]
    async with env.fast_client(env.account("bizphone")) as client:
        update = await Poller(env.service.repository, campaign, client, EngineSettings()).poll_once()
    assert update.error.startswith(f"BizPhone has no record of call request {batches[1]}")
    assert len(update.changed) == 100 and update.counts.final == 100
    final_by_batch = env.store.query(
        "SELECT b.batch_key, COUNT(*) FROM calls c JOIN dispatch_batches b ON b.id = c.batch_id "
        "WHERE c.campaign_id = ? AND c.outcome NOT IN ('queued', 'dialing', 'ringing', 'in_call') "
        "GROUP BY b.batch_key", (campaign.id,))
    assert {key: n for key, n in final_by_batch} == {batches[0]: 100}


async def test_details_show_the_raw_provider_payload(env: Env) -> None:
    campaign = await launched(env, "vbot", 5)
    env.sim.advance(ALL_CALLS_END)
    await env.service.poll_once(campaign)
    first = env.service.rows(campaign)[0]
    details = env.service.call_details(first.call_id)
    assert details["raw"]["externalCallId"] == details["idem_key"]
    assert details["contact_data"]["customer_name"] == "Khách 0" and details["outcome"] == first.outcome


async def test_a_10000_row_status_update_is_one_transaction_reporting_only_changes(env: Env) -> None:
    campaign = env.campaign("bizphone", 10_000)
    env.service.repository.materialise(campaign)
    rows = env.service.rows(campaign)
    updates = [StatusReport(CallUpdate(r.call_id, "answered", "call_status=answered", 12.0, 0.01, None, None,
                                       r.dispatch), {"n": i}, None) for i, r in enumerate(rows)]
    changed = env.service.repository.apply(updates)
    assert len(changed) == 10_000 and changed[0].outcome == "answered"
    assert env.service.repository.apply(updates) == []  # nothing new: nothing reported


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
async def test_export_has_original_columns_and_results(env: Env, tmp_path, fmt: str) -> None:
    campaign = await launched(env, "nxcloud", 30)
    env.sim.advance(ALL_CALLS_END)
    await env.service.poll_once(campaign)
    seen = []
    path = tmp_path / f"results.{fmt}"
    assert await env.service.export(campaign, path, fmt, seen.append) == 30
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(path, read_only=True)["Results"].values)
    else:
        rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    header, first = rows[0], rows[1]
    assert list(header) == ["Phone", "name", "customer_name", "order_id", *RESULT_COLUMNS]
    phone = "+84910000000" if fmt == "xlsx" else "'+84910000000"  # .csv quotes text starting with "+" (OWASP)
    assert len(rows) == 31 and first[0] == phone and first[1] == "Khách 0"
    dialled, outcome, raw_status = first[4], first[5], first[-2]
    assert dialled == phone and "termSipCode=" in raw_status
    assert outcome in {"Answered", "No answer", "Busy", "Rejected", "Failed"}
    assert seen[-1].done == seen[-1].total == 30


async def test_a_cancelled_export_leaves_no_file(env: Env, tmp_path) -> None:
    campaign = await launched(env, "bizphone", 10)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        await env.service.export(campaign, tmp_path / "out.xlsx", "xlsx", cancel=cancel)
    assert list(tmp_path.iterdir()) == [tmp_path / "data"]


async def test_people_and_recorded_calls_follow_the_rows(env: Env) -> None:
    campaign = await launched(env, "vbot", 6)
    env.sim.advance(ALL_CALLS_END)
    await env.service.poll_once(campaign)
    rows, people = env.service.rows(campaign), env.service.people(campaign)
    assert [p.call_id for p in people] == [r.call_id for r in rows]
    assert people[0].phone.endswith("910000000") and people[0].name == "Khách 0" and people[0].updated_at
    recorded = env.service.recorded_calls(campaign)
    by_id = {r.call_id: r for r in rows}
    assert recorded and all(by_id[c.call_id].recording_ref == c.recording_ref and c.trans_id for c in recorded)
    assert len(recorded) == sum(1 for r in rows if r.recording_ref)


async def test_a_large_campaign_is_polled_with_its_rounds_left_out_of_cyclic_collections(env: Env, monkeypatch
                                                                                         ) -> None:
    """Each round of run() over LARGE_POLL live calls or more leaves what it starts with out of collections; once
    polling ends it is taken back. A single poll (the refresh button) leaves nothing out."""
    import desktop.campaigns.poller as poller

    calls: list[str] = []
    monkeypatch.setattr(poller, "LARGE_POLL", 3)
    monkeypatch.setattr(poller.gc_policy, "keep_out_while_polling", lambda: calls.append("out"))
    monkeypatch.setattr(poller.gc_policy, "take_back_after_polling", lambda: calls.append("back"))
    campaign = await launched(env, "bizphone", 4)
    rounds = 0

    async def sleep(_seconds: float) -> None:
        nonlocal rounds
        rounds += 1
        if rounds == 3:
            env.sim.advance(ALL_CALLS_END)

    async with env.fast_client(env.account("bizphone")) as client:
        last = await Poller(env.service.repository, campaign, client, EngineSettings(), sleep=sleep).run()
    assert last.finished
    assert calls == ["out", "out", "out", "out", "back"]
    calls.clear()
    other = env.campaign("bizphone", 4, skip_called_before=False)  # the same numbers again
    await env.service.launch(other, await env.service.preflight(other))
    await env.service.poll_once(env.service.get(other.id))
    assert calls == []


async def test_the_monitors_rows_are_read_a_page_at_a_time_in_order(env: Env, monkeypatch) -> None:
    import desktop.campaigns.repository as repository

    campaign = env.campaign("bizphone", 7)
    env.service.repository.materialise(campaign)
    whole = [r["id"] for r in env.store.query("SELECT id FROM calls WHERE campaign_id = ? ORDER BY id",
                                              (campaign.id,))]
    monkeypatch.setattr(repository, "READ_PAGE", 3)
    queries: list[str] = []
    query = env.store.query
    monkeypatch.setattr(env.store, "query", lambda sql, params=(): queries.append(sql) or query(sql, params))
    rows, people = env.service.rows(campaign), env.service.people(campaign)
    assert [r.call_id for r in rows] == [p.call_id for p in people] == whole
    assert len(queries) == 6  # 3 + 3 + 1 rows each, the last page short
