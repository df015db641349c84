"""What the Monitor re-reads while sending (``CampaignService.dispatch_rows``): the rows of the batches sent since
the last read, and a batch still open — in flight, or planned again by reconciliation — until it settles, however
old it is."""

from __future__ import annotations

from desktop.campaigns.model import Dispatch
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
