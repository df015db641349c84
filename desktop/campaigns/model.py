"""Campaigns as the engine sees them: their states, the dispatch state of each contact and batch.

A campaign's provider settings are its provider's :class:`~desktop.providers.base.CampaignOptions` (stored as JSON
in ``campaigns.settings``). ``field_map`` (template field → contact column) is frozen into them at launch, so a
resumed dispatch speaks exactly what the confirmed one did even if the saved mapping changed in between.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from desktop.i18n import N_, _
from desktop.providers.base import CampaignOptions, Outcome


class CampaignState(StrEnum):
    DRAFT = "draft"  # being set up; nothing sent
    DISPATCHING = "dispatching"  # batches are being sent (or were, when the app died: see needs_reconciliation)
    PAUSED = "paused"  # dispatch paused by the user or the circuit breaker; resume continues
    RUNNING = "running"  # every contact sent or settled; calls still resolving on the provider
    FINISHED = "finished"  # every contact final
    CANCELLED = "cancelled"  # dispatch cancelled; what was sent still resolves and is still polled

    @property
    def label(self) -> str:
        """The state as a person reads it, in the current language."""
        return _(_STATE_LABELS[self])


_STATE_LABELS = {
    CampaignState.DRAFT: N_("draft"), CampaignState.DISPATCHING: N_("sending"), CampaignState.PAUSED: N_("paused"),
    CampaignState.RUNNING: N_("calling"), CampaignState.FINISHED: N_("finished"),
    CampaignState.CANCELLED: N_("cancelled"),
}


class Dispatch(StrEnum):
    """Where a contact is in the journal → send → mark cycle (``calls.dispatch``)."""

    PENDING = "pending"  # not sent yet (or proven not received, to be sent again with the same key)
    IN_FLIGHT = "in_flight"  # journalled and possibly sent: only reconciliation may decide what happened
    SENT = "sent"  # the provider has it
    REFUSED = "refused"  # the provider refused this contact (calls.error says why)
    NOT_SENT = "not_sent"  # we will not send it (cancelled, called in an earlier campaign; calls.error says why)
    DO_NOT_CALL = "do_not_call"  # not called: its number was on the do-not-call list when it was due to be sent

    @property
    def label(self) -> str:
        """Where the contact is in sending, as a person reads it (the Monitor's words)."""
        return _(_DISPATCH_LABELS[self])


_DISPATCH_LABELS = {
    Dispatch.PENDING: N_("Not sent yet"), Dispatch.IN_FLIGHT: N_("Being sent"), Dispatch.SENT: N_("Sent"),
    Dispatch.REFUSED: N_("Refused by the provider"), Dispatch.NOT_SENT: N_("Not sent"),
    Dispatch.DO_NOT_CALL: N_("Not called: on the do-not-call list"),
}


class BatchState(StrEnum):
    PLANNED = "planned"  # to be (re)sent with its journalled keys
    IN_FLIGHT = "in_flight"  # journalled before sending; no reply recorded yet
    SENT = "sent"  # the reply was recorded
    FAILED = "failed"  # the request failed in a way that may have reached the provider: reconcile
    RECONCILED = "reconciled"  # every contact settled by asking the provider
    CANCELLED = "cancelled"  # planned again, then nothing in it was to be sent (campaign cancelled, contacts held back)


#: The outcomes a redial round may call again: no answer, busy, and failures for a reason that may pass (an outcome
#: of ``rejected`` means the number cannot be called at all).
REDIAL_OUTCOMES: tuple[str, ...] = (Outcome.NO_ANSWER, Outcome.BUSY, Outcome.FAILED)


@dataclass(frozen=True)
class RedialRule:
    """Who a next round calls again: contacts whose latest outcome is one of ``outcomes``, called fewer than
    ``max_attempts`` times in all rounds, starting ``delay_minutes`` after the round is made."""

    outcomes: tuple[str, ...] = (Outcome.NO_ANSWER, Outcome.BUSY)
    delay_minutes: int = 60
    max_attempts: int = 3

    def __post_init__(self) -> None:
        unknown = [o for o in self.outcomes if o not in REDIAL_OUTCOMES]
        if unknown or not self.outcomes:
            raise ValueError(f"outcomes must be some of {', '.join(REDIAL_OUTCOMES)}; got {', '.join(self.outcomes)}")
        if self.delay_minutes < 0 or self.max_attempts < 1:
            raise ValueError("the delay cannot be negative and at least one attempt is needed")

    def to_json(self) -> dict[str, Any]:
        return {"outcomes": list(self.outcomes), "delay_minutes": self.delay_minutes,
                "max_attempts": self.max_attempts}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RedialRule:
        return cls(tuple(data["outcomes"]), int(data["delay_minutes"]), int(data["max_attempts"]))


@dataclass
class Campaign:
    name: str
    account_id: int
    list_id: int
    provider: str
    settings: CampaignOptions
    state: CampaignState = CampaignState.DRAFT
    key: str = ""  # our campaign key, made at creation: NXCLOUD's userTaskID
    id: int | None = None
    created_at: str = ""
    parent_id: int | None = None  # the round this one calls again (None: a first round)
    first_round_id: int | None = None  # the family's first round (None: this is it)
    round_no: int = 1
    not_before: float | None = None  # epoch seconds before which dispatch sends nothing
    redial_rule: RedialRule | None = None  # the next round made by itself when this one finishes

    @property
    def family_id(self) -> int:
        """The id of the first round: every round of one list's calling shares it."""
        return self.first_round_id or self.id or 0
