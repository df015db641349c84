"""VBot webhooks: seed 000's "Call History" and "Auto Call History" (legacy campaigns, ``status`` codes), and v3's
named events ``AUTO_CALL_LOG`` (and its deprecated twin ``CAMPAIGN_CALL``), ``AUTO_CALL_RECORDING`` and
``AUTO_CALL_COMPLETE`` (docs/providers.md), read by the same functions and status tables as polling
(``cdr_call_status``, ``history_call_status``, ``VBOT_LEGACY_STATUS``). Call History is applied only on a v2 account,
whose polls read history too; a v3 account's polls read the auto-call records the named events carry.

VBot signs nothing: its console sends a header the operator sets, whose value we generate and keep in the keyring
(``webhook_token``) and compare in constant time.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterator
from typing import Any

from desktop.i18n import N_, _, keep
from desktop.providers.base import CallAnswer, CallStatus, Contact
from desktop.providers.errors import ProviderError
from desktop.providers.notify import Inbound, Notice, NotificationChannel, NotifiedCall, Paste, Refused, body_hash
from desktop.providers.status import describe
from desktop.providers.vbot.client import _number, cdr_call_status, history_call_status, history_phone
from desktop.providers.vbot.statuses import VBOT_LEGACY_STATUS
from desktop.providers.vbot.wire import CdrItemV3, HistoryItem

#: The header VBot's console is told to send; its value is the account's ``webhook_token``.
HEADER = "X-Autocall-Token"
TOKEN = "webhook_token"
#: v3 events that carry one call's auto-call log (the CDR's fields in camelCase).
LOG_EVENTS = ("AUTO_CALL_LOG", "CAMPAIGN_CALL")
_UNREADABLE = (ProviderError, TypeError, ValueError, AttributeError, KeyError)


class VBotNotifications(NotificationChannel):
    """One VBot account's webhooks, all on one URL (VBot's console takes one URL per account)."""

    generated_secrets = (TOKEN,)

    def header(self) -> tuple[str, str] | None:
        return HEADER, self.secrets.get(TOKEN, "")

    def authenticate(self, inbound: Inbound) -> None:
        expected = self.secrets.get(TOKEN, "")
        given = inbound.headers.get(HEADER)
        if not expected:
            raise Refused(N_("no webhook header value is set for this account"))
        if given is None:
            raise Refused(keep(N_("no {header} header"), header=HEADER), 401)
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Refused(keep(N_("wrong {header} value"), header=HEADER))

    def read(self, payload: Any, inbound: Inbound) -> Notice:
        fallback = body_hash(inbound.body)
        if not isinstance(payload, dict):
            return Notice("unreadable", fallback)
        event = payload.get("event")
        try:
            if isinstance(event, str):
                calls = tuple(_named_event(event, payload.get("data")))
                ids = [c.status.trans_id if c.status else c.recording_ref for c in calls]  # VBot's call IDs
                return Notice(event, f"{event}:{ids[0]}" if len(ids) == 1 and ids[0] else fallback, calls)
            if payload.get("event_data") == "CALL_HISTORY" or "callee" in payload:
                # A v3 account's results are its auto-call records (as its polls read them): Call History's coarser
                # disposition is kept, not applied, so it never settles a row before the precise record arrives.
                v3 = getattr(self.settings, "api_generation", "") == "v3"
                return Notice("CALL_HISTORY", fallback, () if v3 else tuple(_call_history(payload)))
            if "campaign_id" in payload and "status" in payload:
                return Notice("AUTO_CALL_HISTORY", fallback, (_auto_call_history(payload),))
        except _UNREADABLE:
            return Notice("unreadable", fallback)
        return Notice("unknown", fallback)

    def test_headers(self, body: bytes) -> dict[str, str]:
        return {HEADER: self.secrets.get(TOKEN, "")}

    def pastes(self, url: str) -> list[Paste]:
        return [Paste(_("Webhook URL"), url), Paste(_("Header name"), HEADER),
                Paste(_("Header value"), self.secrets.get(TOKEN, ""), secret=True)]


def _named_event(event: str, data: Any) -> Iterator[NotifiedCall]:
    if event in LOG_EVENTS:
        yield _log(data)
    elif event == "AUTO_CALL_RECORDING":
        yield _recording(data)
    elif event == "AUTO_CALL_COMPLETE" and isinstance(data, dict):
        yield _log(data["autoCallLog"])
        if data.get("autoCallRecording"):
            yield _recording(data["autoCallRecording"])


def _log(data: Any) -> NotifiedCall:
    """An auto-call log: the CDR's fields, except ``callCollectedData``, which arrives as a JSON string."""
    if isinstance(data, dict) and isinstance(data.get("callCollectedData"), str):
        data = {**data, "callCollectedData": json.loads(data["callCollectedData"] or "null")}
    cdr = CdrItemV3.from_json(data, provider="vbot")
    key = cdr.externalCallId or ""  # the row is found by it; by the phone only without it (a phone costs ~0.1 ms)
    return NotifiedCall(cdr_call_status(Contact(key, cdr.phone or ""), cdr), key, "" if key else _phone(cdr.phone))


def _recording(data: Any) -> NotifiedCall:
    """``{transId, externalCallId, recordUrl}``: the recording is fetched by its trans_id, as polling records it."""
    key = str(data.get("externalCallId") or "")
    return NotifiedCall(None, key, recording_ref=str(data.get("transId") or data.get("recordUrl") or "") or None)


def _call_history(payload: dict) -> Iterator[NotifiedCall]:
    """Seed 000's Call History: ``data`` is the call history list (seed 003 items); without it, the body's own
    flat fields are the one item. Only outgoing calls can be ours."""
    items = payload.get("data")
    if not isinstance(items, list):
        flat = dict(payload)
        flat["record_file"] = [payload["record_file"]] if payload.get("record_file") else []
        items = [flat]
    for raw in items:
        item = HistoryItem.from_json(raw, provider="vbot")
        if item.type_call not in (None, "CALLOUT"):
            continue
        callee = (item.callee or [None])[0]
        phone = callee.phone if callee else None
        key = item.external_call_id or ""
        yield NotifiedCall(history_call_status(Contact(key, phone or ""), item), key, _phone(phone))


def _auto_call_history(payload: dict) -> NotifiedCall:
    """Seed 000's Auto Call History (a legacy campaign's call): its ``status`` code, talk time and cost."""
    phone = _phone(str(payload.get("phone") or ""))
    talk, cost = _number(payload.get("time_call")), _number(payload.get("postage"))
    actions = str(payload.get("action_log") or "")
    status = CallStatus(key="", phone=phone, outcome=VBOT_LEGACY_STATUS(payload["status"]),
                        raw_status=describe(("status", payload["status"])), raw=payload, duration=talk, cost=cost,
                        answer=CallAnswer(actions=(actions,) if actions else (), talk_seconds=talk, cost=cost))
    campaign = payload.get("campaign_id")
    return NotifiedCall(status, "", phone, None if campaign in (None, "") else str(campaign))


def _phone(phone: str | None) -> str:
    """The number in E.164, as the call rows keep it (VBot writes ``0912…``); "" when it is not one."""
    try:
        domestic = history_phone(phone)
    except ProviderError:
        return ""
    return "+84" + domestic[1:] if domestic else ""
