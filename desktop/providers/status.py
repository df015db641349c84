"""One status vocabulary: every provider's raw call status maps onto :class:`Outcome`.

Each provider field has one table (:class:`StatusTable`). The raw value always travels with the outcome
(``CallStatus.raw_status``); a value no table knows becomes ``unknown`` and is logged once per process, because the
providers' enumerations are cut off in their documents and we want to learn the missing values, not drown in them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum

from desktop.i18n import N_, _

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    QUEUED = "queued"
    DIALING = "dialing"
    RINGING = "ringing"
    IN_CALL = "in_call"
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    REJECTED = "rejected"  # invalid number, do-not-call, unsupported carrier
    FAILED = "failed"  # provider or system error, balance
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        """The outcome as a person reads it, in the current language (the Monitor's words)."""
        return _(_OUTCOME_LABELS[self])

    @classmethod
    def named(cls, text: str) -> Outcome | None:
        """The outcome ``text`` names, in any case: its code (``no_answer``), or its words in English or in the
        current language ("No answer", "Không nghe máy"); None when it names none."""
        wanted = text.strip().casefold()
        return next((o for o in cls if wanted in (o.value, _OUTCOME_LABELS[o].casefold(), o.label.casefold())), None)

    @property
    def is_final(self) -> bool:
        """Whether the call is over (unknown counts as final: polling it again will not teach us more)."""
        return self not in (Outcome.QUEUED, Outcome.DIALING, Outcome.RINGING, Outcome.IN_CALL)


_OUTCOME_LABELS = {
    Outcome.QUEUED: N_("Queued"), Outcome.DIALING: N_("Dialling"), Outcome.RINGING: N_("Ringing"),
    Outcome.IN_CALL: N_("In call"), Outcome.ANSWERED: N_("Answered"), Outcome.NO_ANSWER: N_("No answer"),
    Outcome.BUSY: N_("Busy"), Outcome.REJECTED: N_("Rejected"), Outcome.FAILED: N_("Failed"),
    Outcome.CANCELLED: N_("Cancelled"), Outcome.UNKNOWN: N_("Unknown"),
}

_UNSEEN_LOGGED: set[tuple[str, str, str]] = set()


def normalise(raw: object) -> str:
    """Table key for a raw value: text, trimmed, lower case (providers vary the case of the same word)."""
    return str(raw).strip().lower()


class StatusTable:
    """Raw values of one provider field mapped to outcomes; ``overrides`` come from account settings.

    A value mapped to None is known but decides nothing on its own (BizPhone's step status ``sucess_ok``): the next
    field is consulted and the value is not reported as unseen.
    """

    def __init__(self, provider: str, field: str, table: Mapping[object, Outcome | None]) -> None:
        self.provider = provider
        self.field = field
        self._table = {normalise(k): v for k, v in table.items()}

    def with_overrides(self, overrides: Mapping[str, str]) -> StatusTable:
        """A copy where ``overrides`` (raw value → outcome name, e.g. from settings) win over the defaults."""
        merged = dict(self._table)
        merged.update({normalise(k): Outcome(v) for k, v in overrides.items()})
        return StatusTable(self.provider, self.field, merged)

    def lookup(self, raw: object) -> Outcome | None:
        """The outcome for ``raw``, or None when absent/empty or not in the table (nothing is logged)."""
        if raw is None or normalise(raw) == "":
            return None
        return self._table.get(normalise(raw))

    def knows(self, raw: object) -> bool:
        return normalise(raw) in self._table

    def __call__(self, raw: object) -> Outcome:
        """The outcome for ``raw``; unseen values give ``unknown`` and one log line."""
        return resolve((self, raw))


def resolve(*candidates: tuple[StatusTable, object]) -> Outcome:
    """The first outcome any (table, raw value) pair yields, in order; else ``unknown``, logging each unseen value.

    Providers report several fields about one call (disposition, SIP code, legacy status); callers list them from
    most to least telling.
    """
    for table, raw in candidates:
        outcome = table.lookup(raw)
        if outcome is not None:
            return outcome
    for table, raw in candidates:
        if raw is None or normalise(raw) == "" or table.knows(raw):
            continue
        seen = (table.provider, table.field, normalise(raw))
        if seen not in _UNSEEN_LOGGED:
            _UNSEEN_LOGGED.add(seen)
            log.warning("%s reported an unseen %s value %r; recorded as 'unknown'", *seen[:2], raw)
    return Outcome.UNKNOWN


def describe(*pairs: tuple[str, object]) -> str:
    """The raw status as stored: ``field=value`` pairs that were present, e.g. ``disposition=answer;sip_code=200``."""
    return ";".join(f"{name}={value}" for name, value in pairs if value is not None and str(value) != "")
