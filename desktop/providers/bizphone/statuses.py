"""BizPhone's request, call, step and transfer status fields mapped to outcomes."""

from __future__ import annotations

from desktop.providers.status import Outcome, StatusTable

O = Outcome

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
# "error_concurrent_call_limit_reache" (sic): seed 004 does not say what it means. Read by default as a call queued
# behind the organisation's full concurrent-call capacity (it starts when a line frees up); the account setting
# ``concurrent_limit`` can read it as failed instead, and ``queued_limit_hours`` bounds the wait (client.py).
BIZ_STEP_STATUS = StatusTable("bizphone", "step status", {
    "sucess_ok": None, "success_ok": None,
    "error_concurrent_call_limit_reache": O.QUEUED, "error_concurrent_call_limit_reached": O.QUEUED,
})
BIZ_DETAIL_STATUS = StatusTable("bizphone", "status", {
    "onprogress": O.DIALING, "submitted": O.QUEUED, "queued": O.QUEUED, "completed": None,
})
