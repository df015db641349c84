"""What a campaign produced, per contact and in total, in words a supervisor reads: the answer each callee gave
(:class:`~desktop.providers.base.CallAnswer`, stored per call), the outcome, the attempts, talk time and cost.

:func:`contact_results` builds one :class:`ContactResult` per contact of one campaign; :func:`merge_rows` makes one
row of a contact's rows in several rounds. The export and its :class:`Summary` read only those rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.campaigns.model import Campaign, Dispatch
from desktop.campaigns.repository import CampaignRepository
from desktop.i18n import _, shown
from desktop.providers.base import CallAnswer, CallRecording, Outcome
from desktop.recordings.bulk import file_stem

_PRESSED, _INTENT, _COLLECTED = "pressed:", "intent:", "collected"


def answer_words(key: str | None) -> str:
    """An answer key (:attr:`CallAnswer.key`) in words: "Pressed 1", "Pressed 1, then 3", "Pressed nothing",
    "Intent: Sẽ thanh toán", "Data collected"; "" for no answer."""
    if not key:
        return ""
    if key.startswith(_INTENT):
        return _("Intent: {name}").format(name=key.removeprefix(_INTENT))
    if key.startswith(_PRESSED):
        keys = [k for k in key.removeprefix(_PRESSED).split(">") if k]
        if not keys:
            return _("Pressed nothing")
        return _("Pressed {keys}").format(keys=_(", then ").join(keys))
    if key == _COLLECTED:
        return _("Data collected")
    return key


def answer_lines(answer: CallAnswer) -> list[tuple[str, str]]:
    """What the callee answered, as (label, value) lines in words: the key pressed at each question, the intents,
    the collected fields, the action log."""
    lines: list[tuple[str, str]] = []
    if answer.pressed:
        lines += [(_("Question {number}").format(number=i), _("pressed {key}").format(key=k) if k else
                   _("pressed nothing")) for i, k in enumerate(answer.pressed, 1)]
    for intent in answer.intents:
        extra = ", ".join(v for v in (intent.level and _("level {level}").format(level=intent.level),
                                      intent.tag and _("tag {tag}").format(tag=intent.tag)) if v)
        lines.append((_("Intent"), f"{intent.name} ({extra})" if extra else intent.name))
    lines += [(name, value) for name, value in answer.collected]
    lines += [(_("Action log"), action) for action in answer.actions]
    return lines


def answer_details(answer: CallAnswer | None) -> str:
    """:func:`answer_lines` in one line (an export cell)."""
    return "; ".join(f"{label}: {value}" for label, value in answer_lines(answer)) if answer else ""


def outcome_words(outcome: str, dispatch: str) -> str:
    """One contact's result in words: where it is in sending first, then what the provider says of the call."""
    if dispatch != Dispatch.SENT:
        with contextlib.suppress(ValueError):
            return Dispatch(dispatch).label
    with contextlib.suppress(ValueError):
        return Outcome(outcome).label
    return Outcome.UNKNOWN.label


@dataclass(frozen=True)
class ContactResult:
    """One contact's row of a results file: its original columns, then what calling it produced."""

    values: Mapping[str, Any]  # the contact's original columns by header, as imported
    dialled: str  # the number as it was dialled (E.164), not the spreadsheet's cell
    outcome: str  # Outcome value
    dispatch: str  # Dispatch value
    answer: CallAnswer | None
    attempts: int  # calls placed to this contact
    first_call: dt.datetime | None  # local time
    last_call: dt.datetime | None
    talk_seconds: float | None
    cost: float | None
    recording_file: str  # the name "Download recordings" saves it under, without extension; "" = none
    provider_status: str = ""
    reason: str = ""
    contact_id: int | None = None  # the contact's row in the store (None for a call without one)

    @property
    def answer_key(self) -> str | None:
        return self.answer.key if self.answer else None


def contact_results(repository: CampaignRepository, campaign: Campaign) -> Iterator[ContactResult]:
    """One row per contact of ``campaign``, in the list's order, read from the store chunk by chunk. A call's time
    is when the provider says it started, else when it was sent; a contact sent counts one attempt, or as many calls
    as the provider says it placed (a provider that redials on its own)."""
    for chunk in repository.export_rows(campaign):
        for (data, outcome, raw_status, duration, cost, recording, error, dispatch, phone, call_id, updated,
             answer_json, talk, called_at, sent_at, contact_id) in chunk:
            answer = CallAnswer.from_json(json.loads(answer_json)) if answer_json else None
            sent = dispatch == Dispatch.SENT
            last = _local(called_at or sent_at) if sent else None
            first = _local(answer.first_started_at) if answer and answer.first_started_at else last
            yield ContactResult(
                values=json.loads(data or "{}"), dialled=phone, outcome=outcome, dispatch=dispatch, answer=answer,
                attempts=(answer.calls if answer and answer.calls else 1) if sent else 0, first_call=first,
                last_call=last,
                talk_seconds=talk if talk is not None else duration, cost=cost,
                recording_file=_recording_file(phone, call_id, updated, recording),
                provider_status=raw_status or "", reason=shown(error), contact_id=contact_id)


def merge_rows(rows: Sequence[ContactResult]) -> ContactResult:
    """One contact's rows of several rounds (earliest round first) as one row: the outcome, answer, talk time and
    recording of its latest sent call (of its latest row when none was sent), attempts and cost summed, the earliest
    first call and the latest last call."""
    sent = [r for r in rows if r.dispatch == Dispatch.SENT]
    firsts = [r.first_call for r in rows if r.first_call is not None]
    lasts = [r.last_call for r in rows if r.last_call is not None]
    costs = [r.cost for r in rows if r.cost is not None]
    return replace((sent or rows)[-1], attempts=sum(r.attempts for r in rows), first_call=min(firsts, default=None),
                   last_call=max(lasts, default=None), cost=sum(costs) if costs else None)


def _local(epoch: float | None) -> dt.datetime | None:
    return None if not epoch else dt.datetime.fromtimestamp(epoch).replace(microsecond=0)


def _recording_file(phone: str, call_id: str, updated_at: str, recording: str | None) -> str:
    """The name the Monitor's "Download recordings" saves the call's recording under (without the extension,
    which the audio decides), not the provider's reference: that needs the account's credentials to open."""
    if not recording:
        return ""
    try:
        when = dt.datetime.fromisoformat(updated_at)
    except (TypeError, ValueError):
        when = None
    return file_stem(CallRecording(phone, when, call_id, recording))


@dataclass
class Summary:
    """Totals over a campaign's contact rows, as the export's Summary sheet states them."""

    contacts: int = 0
    called: int = 0  # contacts with at least one attempt
    answered: int = 0
    talk_seconds: float = 0.0  # over answered calls that report a talk time
    talked: int = 0  # answered calls that report a talk time
    cost: float = 0.0
    outcomes: Counter[str] = field(default_factory=Counter)  # outcome words → contacts
    answers: Counter[str] = field(default_factory=Counter)  # answer words → contacts

    def add(self, row: ContactResult) -> None:
        self.contacts += 1
        self.called += row.attempts > 0
        self.outcomes[outcome_words(row.outcome, row.dispatch)] += 1
        if row.answer_key:
            self.answers[answer_words(row.answer_key)] += 1
        if row.cost:
            self.cost += row.cost
        if row.outcome == Outcome.ANSWERED and row.dispatch == Dispatch.SENT:
            self.answered += 1
            if row.talk_seconds is not None:
                self.talk_seconds += row.talk_seconds
                self.talked += 1

    @property
    def answer_rate(self) -> float:
        """Answered calls per contact called (0 when none was called)."""
        return self.answered / self.called if self.called else 0.0

    @property
    def average_talk(self) -> float:
        return self.talk_seconds / self.talked if self.talked else 0.0


def summarise(rows: Iterable[ContactResult]) -> Summary:
    summary = Summary()
    for row in rows:
        summary.add(row)
    return summary
