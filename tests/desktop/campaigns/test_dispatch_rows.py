"""What the Monitor re-reads while sending (``CampaignService.dispatch_rows``): the rows of the batches sent since
the last read, and a batch still open — in flight, or planned again by reconciliation — until it settles, however
old it is; and what it re-reads when another desk changes results (``changed_rows``): the rows stamped since its
mark, with an overlap for late commits."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from desktop.campaigns.model import Dispatch
from desktop.campaigns.repository import CallUpdate, StatusReport
from desktop.store import epoch_of
from tests.helpers.campaigns import ON_BOTH_ENGINES, Env

pytestmark = ON_BOTH_ENGINES

NO_BATCH = 2**62


def states(rows: list) -> dict[int, str]:
    return {row.call_id: row.dispatch for row in rows}


async def test_dispatch_rows_reads_new_batches_and_open_ones_until_they_settle(env: Env) -> None:
    campaign = env.campaign("vbot", 9)
    service = env.service
    service.repository.materialise(campaign)
    journal = service.repository.journal
    rows, since = service.dispatch_rows(campaign, NO_BATCH)
    assert rows == []  # nothing sent yet: only where to read from

    first = journal.open_batch(campaign, 3)
    second = journal.open_batch(campaign, 3)
    journal.close_batch(second.id, [c.key for c in second.calls], [], [], None)
    rows, since = service.dispatch_rows(campaign, since)
    assert states(rows) == {**{c.call_id: Dispatch.IN_FLIGHT for c in first.calls},
                            **{c.call_id: Dispatch.SENT for c in second.calls}}
    assert since == first.id  # the first is still in flight: read it again next time

    journal.resolve(first.id, [], [c.key for c in first.calls], "never received")  # planned again, same keys
    rows, since = service.dispatch_rows(campaign, since)
    assert {states(rows)[c.call_id] for c in first.calls} == {Dispatch.PENDING} and since == first.id

    again = journal.open_batch(campaign, 3)
    assert again.id == first.id
    journal.close_batch(again.id, [c.key for c in again.calls], [], [], None)
    rows, since = service.dispatch_rows(campaign, since)
    assert {states(rows)[c.call_id] for c in first.calls} == {Dispatch.SENT}
    assert since == second.id  # everything open has settled: only the newest batch is read again

    third = journal.open_batch(campaign, 3)
    journal.close_batch(third.id, [c.key for c in third.calls], [], [], None)
    rows, since = service.dispatch_rows(campaign, since)
    assert set(states(rows)) == {c.call_id for c in second.calls + third.calls} and since == third.id


def _answer(env: Env, call_ids: list[int], outcome: str) -> None:
    env.service.repository.apply([StatusReport(CallUpdate(i, outcome, outcome, 1.0, None, None, None, Dispatch.SENT),
                                               None, None) for i in call_ids])


async def test_changed_rows_reads_what_changed_since_its_mark_and_a_late_commit_within_the_overlap(env: Env) -> None:
    campaign = env.campaign("vbot", 6)
    service = env.service
    service.repository.materialise(campaign)
    rows, mark = service.changed_rows(campaign, None)
    assert rows == [] and mark  # only the mark
    ids = [row.call_id for row in service.repository.changed_rows(campaign, "")[0]]
    assert len(ids) == 6  # "": every row

    time.sleep(0.01)
    _answer(env, ids[:2], "answered")
    rows, mark = service.repository.changed_rows(campaign, mark, overlap=0)
    assert {row.call_id: row.outcome for row in rows if row.outcome != "queued"} == dict.fromkeys(ids[:2], "answered")
    time.sleep(0.01)
    _answer(env, ids[2:3], "busy")
    rows, mark = service.repository.changed_rows(campaign, mark, overlap=0)
    assert [row.call_id for row in rows] == ids[:3]  # the rows at the mark again (same millisecond), then the new one

    # A transaction that stamped its row earlier than the mark but committed after the last read.
    late = datetime.fromtimestamp(epoch_of(mark) - 5, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    with env.store.transaction() as db:
        db.execute("UPDATE calls SET dispatch = ?, updated_at = ? WHERE id = ?", (Dispatch.DO_NOT_CALL, late, ids[3]))
    assert ids[3] not in [row.call_id for row in service.repository.changed_rows(campaign, mark, overlap=0)[0]]
    rows, _ = service.changed_rows(campaign, mark)  # the overlap reads it
    assert {row.call_id: row.dispatch for row in rows}[ids[3]] == Dispatch.DO_NOT_CALL
