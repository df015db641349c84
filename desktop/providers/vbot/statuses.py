"""VBot's call status fields (disposition, SIP code, legacy status) mapped to outcomes."""

from __future__ import annotations

from desktop.i18n import N_, _
from desktop.providers.status import Outcome, StatusTable

O = Outcome

#: What each call-history disposition means, in seed 003's words (its table, in its order; two pairs share a
#: meaning). The one vocabulary of VBot outcomes: History's Outcome column and filter and the Monitor's provider
#: status both say these.
VBOT_DISPOSITION_WORDS: dict[str, str] = {
    "misscall": N_("Missed call"),  # Cuộc gọi nhỡ
    "answer": N_("Answered"),  # Nghe máy
    "busy": N_("Busy"),  # Máy bận
    "noanswer": N_("No answer"),  # Không trả lời
    "cancel": N_("Call cancelled"),  # Cuộc gọi bị hủy
    "congestion": N_("Network error"),  # Lỗi mạng
    "chanunavail": N_("Unreachable"),  # Không liên lạc được
    "dontcall": N_("Recipient declined"),  # Người nhận từ chối
    "torture": N_("Network error"),  # Lỗi mạng
    "invalidargs": N_("Invalid parameters"),  # Tham số không hợp lệ
    "someoneanswered": N_("Someone else answered"),  # Người khác đã nghe máy
    "logout": N_("Logged out"),  # Đã đăng xuất
    "botivr": N_("Handled by the CallBot"),  # CallBot
    "more": N_("No answer"),  # Không trả lời
}


def disposition_words(disposition: str | None) -> str | None:
    """A disposition as stored in a raw status: ``torture (Network error)``; None when there is none."""
    if not disposition:
        return None
    meaning = VBOT_DISPOSITION_WORDS.get(disposition.lower())
    return f"{disposition} ({_(meaning)})" if meaning else disposition

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
