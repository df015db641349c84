"""NXCLOUD's call status fields (callStatus, termSipCode, hangupCause) and task states."""

from __future__ import annotations

from desktop.providers.base import TaskState
from desktop.providers.status import Outcome, StatusTable

O = Outcome

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

# NXCLOUD `taskStatus` (listTask, mgrTaskStatus).
TASK_STATES = {1: TaskState.PENDING, 2: TaskState.RUNNING, 3: TaskState.COMPLETED, 4: TaskState.FAILED,
               5: TaskState.PAUSED}
