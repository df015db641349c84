"""BizPhone Robo call (B3Networks) adapter: ``POST /call`` with a call flow (:mod:`.wire`), ``GET
/status/{requestId}``.

``requestId`` is ours and unique, so ``/call`` is retried safely. BizPhone documents no templates, hotlines,
recordings download, pause or stop.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from desktop.i18n import _
from desktop.phones import NotDialable, dialable, to_e164
from desktop.providers.base import (
    BatchFailed,
    BatchHandle,
    BatchRequest,
    BatchResult,
    CallAnswer,
    CallStatus,
    ConnectionInfo,
    Contact,
    ContactError,
    Evidence,
    ProviderClient,
    RawJson,
    SentBatch,
    chunked,
    pending,
)
from desktop.providers.bizphone.options import BizPhoneCampaignSettings
from desktop.providers.bizphone.settings import LIMIT_FAILED, BizPhoneSettings
from desktop.providers.bizphone.statuses import (
    BIZ_CALL_STATE,
    BIZ_CALL_STATUS,
    BIZ_DETAIL_STATUS,
    BIZ_STEP_STATUS,
    BIZ_TRANSFER_STATUS,
)
from desktop.providers.bizphone.wire import (
    CallDetail,
    Destination,
    ErrorResponse,
    QueueCallRequest,
    QueuedResponse,
    StatusResponse,
    StepInfo,
)
from desktop.providers.errors import (
    AuthError,
    BadResponseError,
    ConfigError,
    NotFoundError,
    ProviderError,
    RequestRejectedError,
)
from desktop.providers.http import AMBIGUOUS, HttpLayer, RetryMode, Timing, raise_for_http_status
from desktop.providers.status import Outcome, describe, normalise, resolve

log = logging.getLogger(__name__)

E164 = re.compile(r"^\+?[1-9]\d{1,14}$")
DONE = {"completed", "ended"}  # a per-call status or call state saying the call is over
#: The step status seed 004 shows for the organisation's concurrent-call limit (sic), and its full spelling.
AT_LIMIT = {"error_concurrent_call_limit_reache", "error_concurrent_call_limit_reached"}
#: What ``/status/{requestId}`` raises for a request BizPhone does not know (404) or will not report on (400).
UNKNOWN_REQUEST = (NotFoundError, RequestRejectedError)


class BizPhoneClient(ProviderClient):
    provider = "bizphone"

    def __init__(self, settings: BizPhoneSettings, secrets: Mapping[str, str], http: HttpLayer, timing: Timing
                 ) -> None:
        super().__init__(http)
        self.settings = settings
        self._key = secrets.get("api_key") or ""
        if not self._key:
            raise ConfigError(_("Enter the BizPhone API key in Accounts."), provider=self.provider)
        http.register_secret(self._key)
        self.max_batch_size = settings.max_batch_size
        self.rules = settings.flow_rules()
        self._wall = timing.wall

    def _request(self, method: str, path: str, json: Any = None) -> httpx.Request:
        return self.http.build_request(method, path, json=json, headers={"x-credential-api-key": self._key})

    def _checked(self, response: httpx.Response, op: str, request_id: str = "") -> Any:
        """The reply's JSON body, or the error it stands for. A refused ``/status`` is about the request asked for
        (a 404 means BizPhone does not know it), never about phone numbers: only ``/call`` carries those."""
        status = response.status_code
        if status in (401, 403):
            raise AuthError(_("The API key was refused by BizPhone — check it in Accounts (a reset key replaces the "
                              "old one; the project's IP whitelist may also block this computer)."),
                            provider=self.provider, code=status)
        raise_for_http_status(self.provider, response)
        try:
            body = response.json()
        except ValueError as exc:
            raise BadResponseError.unexpected(self.provider, f"{op}: not JSON ({exc})",
                                              raw=response.text[:500]) from exc
        if status >= 400:
            error = ErrorResponse.from_json(body if isinstance(body, Mapping) else {}, provider=self.provider)
            reason = error.message or error.status or f"HTTP {status}"
            if op == "status" and status == 404:
                raise NotFoundError(
                    _("BizPhone has no record of call request {request_id} ({reason}), so its calls cannot be "
                      "followed. If this account's API address or key changed after they were sent, put back the ones "
                      "they were sent with.").format(request_id=request_id, reason=reason), provider=self.provider,
                          code=status, raw=body)
            if op == "status":
                raise RequestRejectedError(_("BizPhone refused to report on call request {request_id}: {reason}.")
                                           .format(
                                               request_id=request_id, reason=reason),
                                           provider=self.provider, code=error.status or status, raw=body)
            raise RequestRejectedError(
                _("BizPhone refused the request: {reason} — check the phone numbers, caller ID and call flow.").format(
                    reason=reason),
                provider=self.provider, code=error.status or status, raw=body)
        return body

    async def queue_call(self, request: QueueCallRequest) -> tuple[QueuedResponse, Any]:
        """``POST /call``: the reply, and what to keep of it (its text as received; a reply read again from
        ``/status`` as parsed)."""
        request.call_flow.check(self.rules)
        payload = request.to_json()
        response = await self.http.send(lambda: self._request("POST", "call", payload), op="call",
                                        mode=RetryMode.KEYED_WRITE)
        if 400 <= response.status_code < 500 and response.extensions.get(AMBIGUOUS):
            # A resend was refused after an attempt that may have arrived (e.g. "requestId already exists"):
            # if BizPhone knows the request, it was queued by that earlier attempt.
            try:
                known = await self.status(request.request_id)
                return QueuedResponse.from_json(known.raw, provider=self.provider), known.raw
            except UNKNOWN_REQUEST:
                log.info("BizPhone does not know %s; the refusal stands", request.request_id)
        reply = QueuedResponse.from_json(self._checked(response, "call"), provider=self.provider)
        return reply, RawJson.of(response.content)

    async def status(self, request_id: str) -> StatusResponse:
        path = f"status/{quote(request_id, safe='')}"
        response = await self.http.send(lambda: self._request("GET", path), op="status", mode=RetryMode.READ)
        return StatusResponse.from_json(self._checked(response, "status", request_id), provider=self.provider)

    async def check_connection(self) -> ConnectionInfo:
        """BizPhone has no ping: ask for the status of a request that cannot exist. A refused key is an
        AuthError; "not found"-style refusals prove the key was accepted."""
        try:
            reply = await self.status("autocall-connection-check")
        except UNKNOWN_REQUEST as exc:
            return ConnectionInfo(self.provider, _("Connected to BizPhone."), raw=exc.raw)
        return ConnectionInfo(self.provider, _("Connected to BizPhone."), raw=reply.raw)

    def _caller(self, request: BatchRequest) -> str | None:
        caller = request.caller or self.settings.default_caller_id or None
        if caller and not E164.fullmatch(caller):
            raise ConfigError(_("The BizPhone caller ID {caller!r} must be an E.164 number like +6582674904.").format(
                                  caller=caller),
                              provider=self.provider)
        return caller

    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        """One ``/call`` per chunk of ``max_batch_size`` destinations, ``requestId`` = batch_key (``-i`` for chunk
        i > 0). A refusal (HTTP 400) marks that chunk's contacts; other failures raise with ``partial``."""
        options = request.options
        if not isinstance(options, BizPhoneCampaignSettings) or not options.call_flow:
            raise ConfigError(_("A BizPhone campaign needs a call flow."), provider=self.provider)
        flow = options.flow()
        flow.check(self.rules)
        caller = self._caller(request)
        recording = options.enable_recording
        result = BatchResult()
        ready = await self.prepare(request.contacts, lambda c: dialable(c.phone, self.settings.default_region),
                                   result)
        try:
            for index, chunk in enumerate(chunked(ready, self.max_batch_size)):
                request_id = request_key(request.batch_key, index)
                queued = QueueCallRequest(
                    request_id=request_id,
                    destinations=[Destination(phone=phone, caller=caller, properties=_properties(c))
                                  for c, phone in chunk],
                    enable_call_recording=recording,
                    call_flow=flow,
                )
                try:
                    reply, kept = await self.queue_call(queued)
                except RequestRejectedError as exc:
                    result.errors += [ContactError(c.key, c.phone, str(exc), exc.code) for c, _ in chunk]
                    continue
                result.accepted += [c.key for c, _ in chunk]
                result.provider_refs.append(request_id)
                result.raw.append(kept)
        except ProviderError as exc:
            raise BatchFailed(exc, result) from exc
        return result

    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        by_phone: dict[str, CallStatus] = {}
        phones = {c.key: self._e164_or_none(c.phone) for c in handle.contacts}
        for request_id in handle.provider_refs:
            reply = await self.status(request_id)
            for detail in reply.details or []:
                by_phone[_phone_of(detail.destination)] = self._detail_status(detail, reply, handle.since)
        statuses = []
        for contact in handle.contacts:
            found = by_phone.get(phones[contact.key] or "")
            statuses.append(dataclasses.replace(found, key=contact.key, phone=contact.phone)
                            if found else pending(contact))
        return statuses

    def poll_handles(self, handle: BatchHandle, batch_keys: Sequence[str]) -> list[BatchHandle]:
        """One ``/status`` per request: contacts grouped by the batch key (= requestId) they were sent with."""
        groups: dict[str, list[Contact]] = {}
        for contact, batch_key in zip(handle.contacts, batch_keys):
            groups.setdefault(batch_key, []).append(contact)
        return [BatchHandle(handle.campaign_key, "", group, provider_refs=[key], since=handle.since)
                for key, group in groups.items()]

    async def evidence(self, batch: SentBatch, *, now: float, skew: float, settle: float) -> Evidence:
        """``GET /status/{requestId}``: a known request queued all its destinations; an unknown one (refused) was
        never queued. BizPhone refuses a repeated ``requestId`` and the batch is resent with the same one, so a wrong
        verdict could not dial twice either."""
        try:
            statuses = await self.poll(BatchHandle(batch.campaign_key, "", batch.contacts,
                                                   provider_refs=[batch.batch_key]))
        except UNKNOWN_REQUEST:
            return Evidence(set(), True)
        return Evidence({s.key for s in statuses if s.raw is not None}, True)

    def _e164_or_none(self, phone: str) -> str | None:
        try:
            return to_e164(phone, self.settings.default_region)
        except NotDialable:
            return None

    def _detail_status(self, detail: CallDetail, reply: StatusResponse, since: datetime | None = None
                       ) -> CallStatus:
        """Outcome of one destination. A step reporting the concurrent-call limit is read as the account says:
        ``failed`` makes the call final; ``queued`` keeps it waiting for a free line, until ``queued_limit_hours``
        after ``since`` (when its batch was sent), when it is given up as ``unknown``. Otherwise, while the call
        state or the per-call status says the call can still move on (waiting, dialling, ringing, talking), that
        live state is the outcome, whatever its steps report so far: a final outcome would stop the poller asking.
        Then the call status decides, then the step statuses. A call reported over without saying how is
        ``unknown``, so polling it stops."""
        steps = [s.info for s in detail.call_flow_steps or [] if s.info]
        last = steps[-1] if steps else StepInfo()
        at_limit = any(normalise(s.status) in AT_LIMIT for s in steps)
        if at_limit and self.settings.concurrent_limit == LIMIT_FAILED:
            outcome = Outcome.FAILED
        else:
            outcome = BIZ_CALL_STATE.lookup(last.call_state) or BIZ_DETAIL_STATUS.lookup(detail.status) or resolve(
                (BIZ_CALL_STATUS, last.call_status),
                *[(BIZ_STEP_STATUS, s.status) for s in steps],
                *[(BIZ_TRANSFER_STATUS, s.transfer_status) for s in steps],
                (BIZ_CALL_STATE, last.call_state),
                (BIZ_DETAIL_STATUS, detail.status),
            )
        if not outcome.is_final and {normalise(detail.status), normalise(last.call_state)} & DONE:
            log.warning("BizPhone reported call %s over without its outcome; recorded as 'unknown'",
                        detail.destination)
            outcome = Outcome.UNKNOWN
        elif (at_limit and not outcome.is_final and since is not None
              and self._wall() - since.timestamp() > self.settings.queued_limit_hours * 3600):
            log.warning("BizPhone call %s still waits for a free line %s h after it was sent; recorded as 'unknown'",
                        detail.destination, self.settings.queued_limit_hours)
            outcome = Outcome.UNKNOWN
        pressed = ",".join(s.user_pressed_digits for s in steps if s.user_pressed_digits)
        monitor = ",".join(m.dest for m in detail.monitor_data or [] if m.dest and m.dest != detail.destination)
        raw_status = describe(("status", detail.status), ("call_state", last.call_state),
                              ("call_status", last.call_status), ("step_status", last.status),
                              ("transfer_status", last.transfer_status), ("pressed", pressed),
                              ("monitor", monitor), ("request", reply.status))
        return CallStatus("", detail.destination or "", outcome, raw_status, raw=detail.raw,
                          answer=detail_answer(detail, outcome))


def detail_answer(detail: CallDetail, outcome: Outcome) -> CallAnswer | None:
    """The key pressed at each gather step the callee reached (``userPressedDigits``, "" when nothing was pressed
    before the retries ran out); a call nobody answered answered nothing, whatever its first step is named."""
    if outcome not in (Outcome.ANSWERED, Outcome.IN_CALL):
        return None
    pressed = tuple((s.info.user_pressed_digits or "") for s in detail.call_flow_steps or []
                    if s.info and normalise(s.step_name) == "gather")
    return CallAnswer(pressed=pressed)


def request_key(batch_key: str, index: int) -> str:
    """The requestId of chunk ``index``: deterministic, so a crash can be reconciled by asking for it."""
    return batch_key if index == 0 else f"{batch_key}-{index}"


def _properties(contact: Contact) -> dict[str, str]:
    """The destination's ``{{key}}`` values: the contact's fields, and its name."""
    properties = dict(contact.fields)
    if contact.name:
        properties.setdefault("name", contact.name)
    return properties


def _phone_of(destination: str | None) -> str:
    digits = re.sub(r"[^\d]", "", destination or "")
    return f"+{digits}" if digits else ""
