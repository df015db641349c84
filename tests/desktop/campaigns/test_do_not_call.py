"""Do-not-call is a live rule: a number added to the list after the contact list was saved, while a campaign is being
sent, or while it is paused is never dialled, and the preflight and the dispatch counts say so. The same holds for
"skip numbers an earlier campaign called". Real HTTP against the simulator; its ledger is the judge of who was dialled.
"""

from __future__ import annotations

import re

import pytest

from desktop.campaigns.journal import CALLED_ELSEWHERE_REASON, DO_NOT_CALL_REASON
from desktop.campaigns.model import BatchState, CampaignState, Dispatch
from desktop.campaigns.service import LaunchRefused
from desktop.contacts.repository import ContactRepository
from tests.helpers.campaigns import ON_BOTH_ENGINES, PROVIDERS, Env, add_list, phone

pytestmark = ON_BOTH_ENGINES


def digits(number: str) -> str:
    """The subscriber part (last nine digits): providers write a number their own way (+84…, 84…, 0…)."""
    return re.sub(r"\D", "", number)[-9:]


def dialled(env: Env, provider: str) -> list[str]:
    return [digits(e.phone) for e in env.dialled(provider)]


def national(number: str) -> str:
    """The way an operator types it: 0 and the subscriber number, with spaces."""
    rest = digits(number)
    return f"0{rest[:3]} {rest[3:6]} {rest[6:]}"


def dispatch_of(env: Env, campaign_id: int) -> dict[str, tuple[str, str | None]]:
    """Each contact's number → (dispatch state, reason)."""
    return {r["phone"]: (r["dispatch"], r["error"]) for r in env.store.query(
        "SELECT phone, dispatch, error FROM calls WHERE campaign_id = ?", (campaign_id,))}


@pytest.mark.parametrize("provider", PROVIDERS)
async def test_a_number_added_after_the_list_was_saved_is_counted_and_not_dialled(env: Env, provider: str) -> None:
    campaign = env.campaign(provider, 10)
    contacts = ContactRepository(env.store)
    assert contacts.add_do_not_call_text(national(phone(3))).e164 == phone(3)  # typed by hand, compared as E.164
    contacts.add_do_not_call([phone(7), "+84999999999"])  # the second is not on this list

    check = await env.service.preflight(campaign)
    assert (check.counts.valid, check.counts.suppressed, check.counts.to_send) == (8, 2, 8)
    assert check.plan.contacts == 8
    assert "2 on the do-not-call list" in check.summary()
    counts_item = next(i for i in check.items if i.key == "counts")
    assert counts_item.title == "8 contacts to call" and "2 on the do-not-call list" in counts_item.detail

    final = await env.service.launch(campaign, check)
    assert (final.sent, final.not_sent, final.do_not_call, final.total) == (8, 2, 2, 10)
    assert final.state is CampaignState.RUNNING and final.fraction == 1.0
    rows = dispatch_of(env, campaign.id)
    assert rows[phone(3)] == rows[phone(7)] == (Dispatch.DO_NOT_CALL, DO_NOT_CALL_REASON)
    counts = env.service.counts(campaign)
    assert counts.dispatch[Dispatch.DO_NOT_CALL] == 2 and counts.sent == 8

    numbers = dialled(env, provider)
    assert len(numbers) == 8 and digits(phone(3)) not in numbers and digits(phone(7)) not in numbers
    assert env.sim.ledger.duplicates(include_refused=True) == []


async def test_a_number_added_between_the_check_and_the_launch_refuses_the_launch(env: Env) -> None:
    campaign = env.campaign("vbot", 5)
    check = await env.service.preflight(campaign)
    ContactRepository(env.store).add_do_not_call([phone(2)])
    with pytest.raises(LaunchRefused, match="numbers changed since the check"):
        env.service.launch(campaign, check)
    assert len(env.sim.ledger) == 0


@pytest.mark.parametrize("provider", ["vbot", "nxcloud"])
async def test_a_number_added_mid_dispatch_is_stopped_before_its_batch(env: Env, provider: str) -> None:
    env.store.set_setting(f"campaigns.batch_size.{provider}", 5)
    env.store.set_setting("campaigns.dispatch_concurrency", 1)
    campaign = env.campaign(provider, 40)
    contacts = ContactRepository(env.store)
    added: list[str] = []

    def after_a_batch(progress) -> None:
        if added or not progress.sent:
            return
        pending = [r[0] for r in env.store.query(
            "SELECT phone FROM calls WHERE campaign_id = ? AND dispatch = ? ORDER BY id", (campaign.id, "pending"))]
        # A reply is counted at once and written with the next batch's journal step: the store may still show the
        # batch just answered as in flight.
        sent = [r[0] for r in env.store.query(
            "SELECT phone FROM calls WHERE campaign_id = ? AND dispatch IN (?, ?) ORDER BY id",
            (campaign.id, "sent", "in_flight"))]
        added.extend([pending[0], pending[-1], sent[0]])  # the next batch's first, the last, and one already sent
        contacts.add_do_not_call(added)

    final = await env.service.launch(campaign, await env.service.preflight(campaign), after_a_batch)
    assert added, "no progress was reported after a batch"
    next_one, last_one, already_sent = added
    rows = dispatch_of(env, campaign.id)
    assert rows[next_one] == rows[last_one] == (Dispatch.DO_NOT_CALL, DO_NOT_CALL_REASON)
    assert rows[already_sent][0] == Dispatch.SENT  # what was sent is never rewritten
    assert (final.sent, final.do_not_call, final.pending, final.in_flight) == (38, 2, 0, 0)

    numbers = dialled(env, provider)
    assert len(numbers) == 38 and digits(next_one) not in numbers and digits(last_one) not in numbers
    assert env.sim.ledger.duplicates(include_refused=True) == []


async def test_a_number_added_while_paused_is_not_dialled_at_resume(env: Env) -> None:
    env.store.set_setting("campaigns.batch_size.bizphone", 5)
    campaign = env.campaign("bizphone", 30)
    first = await env.service.launch(campaign, await env.service.preflight(campaign),
                                     lambda p: env.service.pause(campaign))
    assert first.state is CampaignState.PAUSED and 0 < first.sent < 30
    pending = [r[0] for r in env.store.query("SELECT phone FROM calls WHERE campaign_id = ? AND dispatch = 'pending' "
                                             "ORDER BY id", (campaign.id,))]
    ContactRepository(env.store).add_do_not_call(pending[:3])

    seen = []
    done = await env.service.resume(env.service.get(campaign.id), seen.append)
    assert seen[0].do_not_call == 3  # held back before the first batch of the resumed dispatch, and counted
    assert done.state is CampaignState.RUNNING and (done.sent, done.do_not_call) == (27, 3)
    numbers = dialled(env, "bizphone")
    assert len(numbers) == 27 and not {digits(p) for p in pending[:3]} & set(numbers)
    assert env.sim.ledger.duplicates(include_refused=True) == []


async def test_skip_earlier_applies_to_numbers_another_campaign_sent_after_this_one_was_launched(env: Env) -> None:
    env.store.set_setting("campaigns.batch_size.nxcloud", 5)
    later = env.campaign("nxcloud", 20)  # launched first, paused after its first batch
    paused = await env.service.launch(later, await env.service.preflight(later),
                                      lambda p: env.service.pause(later))
    assert paused.state is CampaignState.PAUSED
    sent_first = {r[0] for r in env.store.query("SELECT phone FROM calls WHERE campaign_id = ? AND dispatch = 'sent'",
                                                (later.id,))}
    other = env.service.create("meanwhile", env.account("nxcloud"), add_list(env.store, 20), later.settings)
    meanwhile = await env.service.launch(other, await env.service.preflight(other))  # sends the ones left
    assert meanwhile.sent == 20 - len(sent_first)

    done = await env.service.resume(env.service.get(later.id))
    assert done.sent == len(sent_first) and done.not_sent == 20 - len(sent_first) and done.do_not_call == 0
    assert {e for _, e in dispatch_of(env, later.id).values() if e} == {CALLED_ELSEWHERE_REASON}
    numbers = dialled(env, "nxcloud")
    assert sorted(numbers) == sorted(digits(phone(i)) for i in range(20))  # each person rang once
    assert env.sim.ledger.duplicates(include_refused=True) == []


async def test_only_pending_contacts_are_held_back_and_a_planned_batch_keeps_its_keys(env: Env) -> None:
    """Journal level: opening a batch holds back what is on the list now; a contact in flight is never changed;
    a batch planned for resending keeps its keys for the rest and is dropped when nothing in it is left to send."""
    campaign = env.campaign("vbot", 6)
    repository = env.service.repository
    repository.materialise(campaign)
    journal = repository.journal
    contacts = ContactRepository(env.store)

    batch = journal.open_batch(campaign, 3)
    contacts.add_do_not_call([batch.calls[0].phone])  # in flight: only the provider's answer settles it
    assert journal.hold_back_pending(campaign) == 0
    journal.release_batch(batch.id, "rate limited")  # provably not received: planned again, same keys
    again = journal.open_batch(campaign, 3)
    assert again.id == batch.id and again.held_back == 1
    assert [c.key for c in again.calls] == [c.key for c in batch.calls[1:]]
    journal.release_batch(again.id, "rate limited")

    contacts.add_do_not_call([c.phone for c in again.calls])
    third = journal.open_batch(campaign, 3)  # the planned batch has nothing left: the next contacts go
    assert third.id != batch.id and third.held_back == 2 and len(third.calls) == 3
    state = env.store.query_one("SELECT state FROM dispatch_batches WHERE id = ?", (batch.id,))[0]
    assert state == BatchState.CANCELLED
    assert env.service.counts(campaign).dispatch == {Dispatch.DO_NOT_CALL: 3, Dispatch.IN_FLIGHT: 3}
    assert journal.open_batch(campaign, 3) is None
