"""Redial rounds: calling again, from the same list, the contacts who did not answer.

A round is a campaign over part of its first round's list (``round_contacts``); every round of one list's calling
shares the first round's id (:attr:`Campaign.family_id`). What a contact went through is read across the whole family
(:func:`family_history`): a next round calls a contact only when its latest outcome is one the operator chose, it was
called fewer times than the cap, it never answered, none of its calls is still unsettled (or waiting in a round not
launched yet) and its number is not on the do-not-call list (checked again before every batch, as for any campaign).
The export and the report read a family as one row per contact (:func:`family_results`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from desktop.campaigns.model import REDIAL_OUTCOMES, Campaign, CampaignState, Dispatch, RedialRule
from desktop.campaigns.repository import CampaignRepository
from desktop.campaigns.results import ContactResult, contact_results, merge_rows
from desktop.errors import AutocallError
from desktop.i18n import _
from desktop.providers.base import CampaignOptions, Outcome
from desktop.store import Store

_FINAL = frozenset(o.value for o in Outcome if o.is_final)


class NobodyToCall(AutocallError):
    """No contact qualifies for the next round; the sentence says why the others do not."""


class Held(StrEnum):
    """Why a contact is not in the next round."""

    ANSWERED = "answered"  # it answered in some round
    UNSETTLED = "unsettled"  # a call of it is not over, awaits confirmation, or waits in a round not launched yet
    OTHER_OUTCOME = "other_outcome"  # its latest outcome is not one chosen (or it was never called)
    DO_NOT_CALL = "do_not_call"  # its number is on the do-not-call list now
    CAP = "cap"  # it was called as many times as the cap allows


@dataclass
class ContactRounds:
    """One contact across every round of its family."""

    contact_id: int
    attempts: int = 0  # calls the provider received (sent), in all rounds
    latest_outcome: str | None = None  # the outcome of its latest sent call
    answered: bool = False
    unsettled: bool = False
    do_not_call: bool = False
    first_call: float | None = None  # epoch seconds its first call was sent
    last_call: float | None = None  # epoch seconds its latest call was sent
    latest_call_id: int | None = None  # the calls row of its latest sent call (else its latest row)

    def held(self, rule: RedialRule) -> Held | None:
        """Why ``rule`` does not call this contact again; None when it does."""
        if self.answered:
            return Held.ANSWERED
        if self.unsettled:
            return Held.UNSETTLED
        if self.latest_outcome not in rule.outcomes:
            return Held.OTHER_OUTCOME
        if self.do_not_call:
            return Held.DO_NOT_CALL
        if self.attempts >= rule.max_attempts:
            return Held.CAP
        return None


@dataclass(frozen=True)
class RoundChoice:
    """Who a rule calls in the next round, and how many each other reason keeps out."""

    rule: RedialRule
    chosen: list[int]  # contact ids, in the list's order
    held: dict[Held, int] = field(default_factory=dict)
    #: Per outcome a round may call again: how many a round choosing it would call (the cap and the other rules
    #: applied), whether it is chosen or not.
    per_outcome: dict[str, int] = field(default_factory=dict)

    def nobody(self) -> NobodyToCall:
        """The refusal when nobody is chosen, saying why."""
        reasons = held_text(self.held)
        return NobodyToCall(_("Nobody qualifies for another round (%s).") % reasons if reasons
                            else _("Nobody qualifies for another round."))


def held_text(held: dict[Held, int]) -> str:
    """``"3 answered, 2 reached the attempt limit"``: the reasons in words, the empty ones left out."""
    words = {Held.ANSWERED: _("%d answered"), Held.UNSETTLED: _("%d still in progress or awaiting confirmation"),
             Held.OTHER_OUTCOME: _("%d with another result"), Held.DO_NOT_CALL: _("%d on the do-not-call list"),
             Held.CAP: _("%d reached the attempt limit")}
    return ", ".join(words[h] % n for h, n in held.items() if n)


def choose(history: Iterable[ContactRounds], rule: RedialRule) -> RoundChoice:
    """Apply ``rule`` to every contact of a family (:func:`family_history`)."""
    chosen: list[int] = []
    held = dict.fromkeys(Held, 0)
    per_outcome = dict.fromkeys(REDIAL_OUTCOMES, 0)
    everything = RedialRule(REDIAL_OUTCOMES, rule.delay_minutes, rule.max_attempts)
    for contact in history:
        reason = contact.held(rule)
        if reason is None:
            chosen.append(contact.contact_id)
        else:
            held[reason] += 1
        if contact.held(everything) is None and contact.latest_outcome in per_outcome:
            per_outcome[contact.latest_outcome] += 1
    return RoundChoice(rule, chosen, held, per_outcome)


def family_history(store: Store, family_id: int) -> dict[int, ContactRounds]:
    """Every contact the family's rounds hold, by contact id (the list's order: contacts are stored as read), with
    what it went through."""
    contacts: dict[int, ContactRounds] = {}
    final = {f"f{i}": o for i, o in enumerate(sorted(_FINAL))}
    # The row's tests run in SQLite: 100,000 contacts are read in a second or two on a slow computer.
    rows = store.query(
        "SELECT c.contact_id, c.id, c.outcome, b.started_at, c.dispatch = :sent, "
        f"c.dispatch IN (:pending, :in_flight) OR (c.dispatch = :sent AND c.outcome NOT IN "
        f"({','.join(':' + k for k in final)})) FROM calls c "
        "JOIN campaigns f ON f.id = c.campaign_id LEFT JOIN dispatch_batches b ON b.id = c.batch_id "
        "WHERE (f.id = :family OR f.first_round_id = :family) AND c.contact_id IS NOT NULL "
        "ORDER BY c.contact_id, f.round_no, c.id",
        {"family": family_id, "sent": Dispatch.SENT, "pending": Dispatch.PENDING, "in_flight": Dispatch.IN_FLIGHT,
         **final})
    answered = Outcome.ANSWERED.value
    for contact_id, call_id, outcome, started_at, sent, unsettled in rows:
        contact = contacts.get(contact_id)
        if contact is None:
            contact = contacts[contact_id] = ContactRounds(contact_id)
        if unsettled:
            contact.unsettled = True
        if sent:
            contact.attempts += 1
            contact.latest_outcome = outcome
            contact.latest_call_id = call_id
            if outcome == answered:
                contact.answered = True
            if started_at is not None:
                if contact.first_call is None:
                    contact.first_call = started_at
                contact.last_call = started_at
        elif not contact.attempts:
            contact.latest_call_id = call_id
    for (contact_id,) in store.query(
            "SELECT r.contact_id FROM round_contacts r JOIN campaigns f ON f.id = r.campaign_id "
            "WHERE f.first_round_id = ? AND f.state = ?", (family_id, CampaignState.DRAFT)):
        if contact_id in contacts:
            contacts[contact_id].unsettled = True
    for (contact_id,) in store.query(
            "SELECT t.id FROM contacts t JOIN campaigns f ON f.list_id = t.list_id WHERE f.id = ? AND EXISTS "
            "(SELECT 1 FROM do_not_call d WHERE d.phone_e164 = t.phone_e164)", (family_id,)):
        if contact_id in contacts:
            contacts[contact_id].do_not_call = True
    return contacts


class RoundsAround(NamedTuple):
    """What a contact went through in the other rounds of its family, seen from one round's call row."""

    attempts: int  # its sent calls in the other rounds
    before: str | None  # the outcome of its latest sent call in an earlier round
    after: str | None  # the outcome of its latest sent call in a later round

    def attempts_with(self, dispatch: str) -> int:
        """Its calls in all rounds, given this round's row's dispatch state."""
        return self.attempts + (dispatch == Dispatch.SENT)

    def latest(self, outcome: str, dispatch: str) -> str | None:
        """Its latest outcome in all rounds, given this round's row."""
        return self.after or (outcome if dispatch == Dispatch.SENT else self.before)


def rounds_around(store: Store, campaign: Campaign) -> dict[int, RoundsAround]:
    """Per call row of ``campaign``: its contact in the family's other rounds (empty for a campaign without
    rounds)."""
    family = campaign.family_id
    if not store.query_one("SELECT 1 FROM campaigns WHERE first_round_id = ? LIMIT 1", (family,)):
        return {}
    rows = store.query(
        "SELECT c.contact_id, c.campaign_id, c.id, f.round_no, c.outcome FROM calls c "
        "JOIN campaigns f ON f.id = c.campaign_id WHERE (f.id = :family OR f.first_round_id = :family) "
        "AND c.contact_id IS NOT NULL AND (c.dispatch = :sent OR c.campaign_id = :campaign) ORDER BY f.round_no, c.id",
        {"family": family, "sent": Dispatch.SENT, "campaign": campaign.id})
    own: dict[int, int] = {}  # contact id -> this round's call id
    seen: dict[int, list[tuple[int, str]]] = {}  # contact id -> (round, outcome) of sent calls in other rounds
    for contact_id, campaign_id, call_id, round_no, outcome in rows:
        if campaign_id == campaign.id:
            own[contact_id] = call_id
        else:
            seen.setdefault(contact_id, []).append((round_no, outcome))
    around = {}
    for contact_id, call_id in own.items():
        others = seen.get(contact_id, [])
        before = [o for r, o in others if r < campaign.round_no]
        after = [o for r, o in others if r > campaign.round_no]
        around[call_id] = RoundsAround(len(others), before[-1] if before else None, after[-1] if after else None)
    return around


def create_round(store: Store, parent: Campaign, name: Callable[[int], str], key: str, settings: CampaignOptions,
                 contact_ids: list[int], not_before: float) -> int:
    """Write the next round of ``parent``'s family as a draft over ``contact_ids``, named ``name(round number)``, in
    one transaction; its id."""
    family = parent.family_id
    with store.transaction() as db:
        number = db.execute("SELECT MAX(round_no) FROM campaigns WHERE id = ? OR first_round_id = ?",
                            (family, family)).fetchone()[0] + 1
        campaign_id = db.execute(
            "INSERT INTO campaigns(name, account_id, list_id, provider, settings, state, remote_id, "
            "parent_campaign_id, first_round_id, round_no, not_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "RETURNING id",
            (name(number), parent.account_id, parent.list_id, settings.provider,
             json.dumps(settings.to_json(), ensure_ascii=False), CampaignState.DRAFT, key, parent.id, family,
             number, not_before),
        ).fetchone()[0]
        db.executemany("INSERT INTO round_contacts(campaign_id, contact_id) VALUES (?, ?)",
                       [(campaign_id, c) for c in contact_ids])
    return campaign_id


def next_round_id(store: Store, campaign: Campaign) -> int | None:
    """The round made from ``campaign`` (the first one, if several were), or None."""
    row = store.query_one("SELECT MIN(id) FROM campaigns WHERE parent_campaign_id = ?", (campaign.id,))
    return row[0] if row else None


def set_rule(store: Store, campaign: Campaign, rule: RedialRule | None) -> None:
    """Store the rule that makes the next round when ``campaign`` finishes (None: no automatic round)."""
    campaign.redial_rule = rule
    with store.transaction() as db:
        db.execute("UPDATE campaigns SET redial_rule = ? WHERE id = ?",
                   (json.dumps(rule.to_json()) if rule else None, campaign.id))


def family_rounds(store: Store, family_id: int) -> list[int]:
    """The ids of a family's rounds, the first round first."""
    return [r[0] for r in store.query("SELECT id FROM campaigns WHERE id = :family OR first_round_id = :family "
                                      "ORDER BY round_no", {"family": family_id})]


def family_size(repository: CampaignRepository, campaign: Campaign) -> int:
    """How many rows :func:`family_results` gives: the contacts of the family's first round (progress totals)."""
    return repository.counts(repository.get(campaign.family_id)).total


def family_results(repository: CampaignRepository, campaign: Campaign) -> Iterator[ContactResult]:
    """One row per contact of the family of ``campaign`` (any of its rounds), in the list's order: the contact's rows
    of every round made one by :func:`merge_rows`; a campaign without rounds gives its own rows as they are."""
    first, *later = [repository.get(i) for i in family_rounds(repository.store, campaign.family_id)]
    again: dict[int | None, list[ContactResult]] = {}  # contact id -> its rows in later rounds, earliest first
    for round_ in later:
        for row in contact_results(repository, round_):
            again.setdefault(row.contact_id, []).append(row)
    for row in contact_results(repository, first):
        more = again.get(row.contact_id) if row.contact_id is not None else None
        yield merge_rows([row, *more]) if more else row
