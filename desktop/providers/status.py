"""One status vocabulary: every provider's raw call status maps onto :class:`Outcome`.

Each provider field has one table (:class:`StatusTable`). The raw value always travels with the outcome
(``CallStatus.raw_status``); a value no table knows becomes ``unknown`` and is logged once per process, because the
providers' enumerations are cut off in their documents and we want to learn the missing values, not drown in them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import StrEnum

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
    def is_final(self) -> bool:
        """Whether the call is over (unknown counts as final: polling it again will not teach us more)."""
        return self not in (Outcome.QUEUED, Outcome.DIALING, Outcome.RINGING, Outcome.IN_CALL)


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


O = Outcome

# VBot `disposition` (call history, CDR, webhooks) — the lowercase words of seeds 000/003 and the upper-case names of
# the v3 SIP-code table, which VBot also uses as disposition values.
VBOT_DISPOSITION = StatusTable("vbot", "disposition", {
    "answer": O.ANSWERED, "answered": O.ANSWERED, "someoneanswered": O.ANSWERED, "botivr": O.ANSWERED,
    "noanswer": O.NO_ANSWER, "no_answer": O.NO_ANSWER, "misscall": O.NO_ANSWER, "more": O.NO_ANSWER,
    "chanunavail": O.NO_ANSWER, "time_out": O.NO_ANSWER, "absent": O.NO_ANSWER,
    "busy": O.BUSY, "incall": O.BUSY,
    "cancel": O.CANCELLED,
    "dontcall": O.REJECTED, "do_not_call": O.REJECTED, "do_not_disturb": O.REJECTED, "decline": O.REJECTED,
    "not_found": O.REJECTED, "not_found_price": O.REJECTED, "not_found_telco": O.REJECTED,
    "telco_not_found": O.REJECTED, "hotline_not_support_telco": O.REJECTED, "gone": O.REJECTED,
    "call_interval_not_allowed": O.REJECTED,
    "congestion": O.FAILED, "torture": O.FAILED, "invalidargs": O.FAILED, "logout": O.FAILED,
    "normal_clearing": O.FAILED, "server_error": O.FAILED, "bad_gateway": O.FAILED, "bad_request": O.FAILED,
    "unauthorized": O.FAILED, "not_money": O.FAILED, "out_of_money": O.FAILED, "package_expired": O.FAILED,
    "project_expired": O.FAILED, "member_not_activated": O.FAILED, "member_not_in_project": O.FAILED,
    "invalid_parameter": O.FAILED,
    # call-confirm replies (seed 001)
    "pending": O.QUEUED, "processing": O.DIALING,
})

# VBot SIP codes (auto-call CDR `sip_code`, v3 /m-cdr table).
VBOT_SIP = StatusTable("vbot", "sip_code", {
    101: O.REJECTED, 102: O.REJECTED, 200: O.ANSWERED, 400: O.FAILED, 401: O.FAILED, 402: O.FAILED,
    403: O.REJECTED, 404: O.REJECTED, 405: O.REJECTED, 406: O.FAILED, 407: O.FAILED, 408: O.NO_ANSWER,
    409: O.REJECTED, 410: O.REJECTED, 411: O.NO_ANSWER, 412: O.FAILED, 413: O.REJECTED, 414: O.REJECTED,
    415: O.FAILED, 416: O.FAILED, 480: O.NO_ANSWER, 486: O.BUSY, 487: O.CANCELLED, 500: O.FAILED,
    502: O.FAILED, 603: O.REJECTED,
})

# VBot legacy "Auto Call History" webhook `status` (seed 000).
VBOT_LEGACY_STATUS = StatusTable("vbot", "status", {
    100: O.FAILED, -100: O.FAILED, 104: O.FAILED, 101: O.REJECTED, 102: O.REJECTED, 103: O.FAILED,
    105: O.FAILED, 106: O.REJECTED, 200: O.ANSWERED, 2: O.NO_ANSWER, 3: O.BUSY, 4: O.CANCELLED,
})

# NXCLOUD `callStatus` values are undocumented (cut off): empty by default, filled from account settings.
NX_CALL_STATUS = StatusTable("nxcloud", "callStatus", {})

# NXCLOUD `termSipCode`: standard SIP final responses.
NX_SIP = StatusTable("nxcloud", "termSipCode", {
    200: O.ANSWERED, 404: O.REJECTED, 403: O.REJECTED, 410: O.REJECTED, 484: O.REJECTED, 603: O.REJECTED,
    604: O.REJECTED, 408: O.NO_ANSWER, 480: O.NO_ANSWER, 486: O.BUSY, 600: O.BUSY, 487: O.CANCELLED,
    500: O.FAILED, 502: O.FAILED, 503: O.FAILED, 504: O.FAILED,
})

# NXCLOUD `hangupCause`: the telephony switch's cause names (NXCLOUD's own CDRs show `NORMAL_CLEARING`). Normal
# clearing says only that the call ended; the adapter decides answered/no answer from `callAnswerTs`.
NX_HANGUP_CAUSE = StatusTable("nxcloud", "hangupCause", {
    "user_busy": O.BUSY, "no_answer": O.NO_ANSWER, "no_user_response": O.NO_ANSWER,
    "subscriber_absent": O.NO_ANSWER, "recovery_on_timer_expire": O.NO_ANSWER, "call_rejected": O.REJECTED,
    "unallocated_number": O.REJECTED, "invalid_number_format": O.REJECTED, "number_changed": O.REJECTED,
    "originator_cancel": O.CANCELLED, "normal_temporary_failure": O.FAILED, "network_out_of_order": O.FAILED,
    "destination_out_of_order": O.FAILED, "service_unavailable": O.FAILED,
})

# BizPhone: only the sample values are documented; the obvious spellings of the other outcomes are listed so a
# plain "busy" is not logged as unseen. Only a value that says how a call *ended* may be final: anything a call can
# still move on from (waiting for a line, ringing, talking) maps to a live outcome.
BIZ_REQUEST_STATUS = StatusTable("bizphone", "request status", {"submitted": O.QUEUED})
BIZ_CALL_STATUS = StatusTable("bizphone", "call_status", {
    "answered": O.ANSWERED, "busy": O.BUSY, "noanswer": O.NO_ANSWER, "no_answer": O.NO_ANSWER,
    "failed": O.FAILED, "rejected": O.REJECTED, "cancelled": O.CANCELLED, "canceled": O.CANCELLED,
})
# call_state and the per-call status say whether a call is still live: they hold only live outcomes (or None for
# "over"), and the adapter lets a live one win over whatever the steps report so far.
BIZ_CALL_STATE = StatusTable("bizphone", "call_state", {
    "ongoing": O.IN_CALL, "ringing": O.RINGING, "queued": O.QUEUED, "ended": None,
})
BIZ_TRANSFER_STATUS = StatusTable("bizphone", "transfer_status", {"answered": None})
# "error_concurrent_call_limit_reache" (sic) is how BizPhone shows a call queued behind the organisation's full
# concurrent-call capacity (providers.md §3.3–3.4): it starts when a line frees up, so it is queued, not failed.
BIZ_STEP_STATUS = StatusTable("bizphone", "step status", {
    "sucess_ok": None, "success_ok": None,
    "error_concurrent_call_limit_reache": O.QUEUED, "error_concurrent_call_limit_reached": O.QUEUED,
})
BIZ_DETAIL_STATUS = StatusTable("bizphone", "status", {
    "onprogress": O.DIALING, "submitted": O.QUEUED, "queued": O.QUEUED, "completed": None,
})
