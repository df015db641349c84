"""NXCLOUD Callbot (aibot external API v3) adapter: signed JSON POSTs under ``/callcentre/api/v3/``.

Signing is exactly as documented: the body is serialised once, those bytes are signed and those bytes are sent;
``sign = UPPER(hex(MD5|SHA256(secretKey + "&body=" + body + "&createTs=" + ts + "&requestID=" + id + "&uuid=" +
uuid)))``. Each attempt gets a fresh ``requestID``/``createTs`` (and so a fresh signature) over the same bytes.
Replies are verified the same way over their raw body; a mismatch is logged as a warning, not fatal, because the
response-signing body is undocumented.

Task and order writes are keyed (``userTaskID``, ``orderID``, both ours and unique), so they are retried; if a
retried create then fails, the orders are looked up before anything is reported as refused.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid as uuidlib
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TypeVar

import httpx

from desktop.i18n import N_, _
from desktop.phones import to_e164
from desktop.providers.base import (
    BatchFailed,
    BatchHandle,
    BatchRequest,
    BatchResult,
    CallAnswer,
    CallStatus,
    CampaignOptions,
    ConnectionInfo,
    Contact,
    ContactError,
    Evidence,
    Intent,
    ProviderClient,
    SentBatch,
    TaskState,
    chunked,
    pending,
)
from desktop.providers.errors import (
    AuthError,
    BadResponseError,
    ConfigError,
    NotFoundError,
    ProviderError,
    RateLimitedError,
    RequestRejectedError,
    ServerError,
)
from desktop.providers.http import AMBIGUOUS, Download, HttpLayer, RetryMode, Timing, raise_for_http_status
from desktop.providers.models import JsonModel
from desktop.providers.nxcloud.options import NxCampaignSettings
from desktop.providers.nxcloud.settings import NxCloudSettings
from desktop.providers.nxcloud.statuses import NX_CALL_STATUS, NX_HANGUP_CAUSE, NX_SIP, TASK_STATES
from desktop.providers.nxcloud.wire import (
    PRODUCT,
    AddBatchCallRequest,
    CallInfo,
    CallInfoList,
    CallItem,
    CreateAndCallRequest,
    CreateAndCallResponse,
    Envelope,
    ListTaskResponse,
    OrderDetail,
    OrderDetailResponse,
    Param,
    TaskStatusResponse,
)
from desktop.providers.status import Outcome, StatusTable, describe, resolve

log = logging.getLogger(__name__)

API = "callcentre/api/v3/"
ORDER_DETAIL_MAX = 500  # listOrderDetail takes at most 500 orders
TOO_MANY = 4001
TRANSIENT_CODES = (5, 7)  # maintenance, system busy
RECHECK_ROUNDS = 6  # lookups of orders refused as already existing, before they are left to reconciliation


def sign(secret_key: str, body: bytes, create_ts: str, request_id: str, uuid: str, algorithm: str = "MD5") -> str:
    """The documented signature over the exact body bytes."""
    raw = b"".join((
        secret_key.encode(), b"&body=", body, b"&createTs=", create_ts.encode(), b"&requestID=", request_id.encode(),
        b"&uuid=", uuid.encode(),
    ))
    digest = hashlib.sha256 if algorithm.upper() == "SHA256" else hashlib.md5
    return digest(raw).hexdigest().upper()


def serialise(payload: Mapping[str, Any]) -> bytes:
    """The one serialisation of a request body: compact UTF-8 JSON (signed and sent as these bytes)."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# --- retCode ------------------------------------------------------------------------------------------------------

_RET_CODES: dict[int, tuple[type[ProviderError], str]] = {
    1: (RequestRejectedError, N_("NXCLOUD reported a general error ({msg}) — try again; if it persists, give NXCLOUD "
                              "support the response ID {rid}.")),
    2: (RequestRejectedError, N_("NXCLOUD says a parameter is missing ({msg}) — check every template variable has a "
                              "column mapped.")),
    3: (RequestRejectedError, N_("NXCLOUD says a parameter has the wrong format ({msg}) — check the phone numbers and "
                              "template variables.")),
    4: (RequestRejectedError, N_("NXCLOUD rejected a value ({msg}) — check the scene ID and the campaign settings.")),
    TOO_MANY: (RequestRejectedError, N_("NXCLOUD says the list is too long ({msg}) — lower the chunk size in "
                                     "Accounts.")),
    5: (ServerError, N_("NXCLOUD is under maintenance ({msg}) — try again later.")),
    5001: (ServerError, N_("NXCLOUD had an internal error ({msg}) — try again; if it persists, give NXCLOUD support "
                        "the response ID {rid}.")),
    6: (AuthError, N_("NXCLOUD rejected the request signature ({msg}) — check the secret key and the signing algorithm "
                   "(MD5/SHA256) in Accounts, and the computer's clock.")),
    6001: (AuthError, N_("NXCLOUD did not receive a signature ({msg}) — check the account settings.")),
    6002: (AuthError, N_("NXCLOUD has no account with this UUID — check the UUID in Accounts.")),
    6003: (AuthError, N_("This NXCLOUD account may not use the Callbot API ({msg}) — ask NXCLOUD to enable it.")),
    7: (RateLimitedError, N_("NXCLOUD is busy ({msg}) — try again in a minute.")),
    1001: (RequestRejectedError, N_("NXCLOUD is still taking in an earlier group of calls for this campaign — "
                                    "wait and try again.")),
}

M = TypeVar("M", bound=JsonModel)


def ret_code_error(envelope: Envelope) -> ProviderError:
    kind, template = _RET_CODES.get(
        envelope.ret_code, (RequestRejectedError, N_("NXCLOUD refused the request (code {code}): {msg}"))
    )
    message = _(template).format(msg=envelope.ret_msg or _("no details"), rid=envelope.response_id or "-",
                              code=envelope.ret_code)
    return kind(message, provider="nxcloud", code=envelope.ret_code, detail=envelope.response_id or "",
                raw=envelope.raw)


def _transient(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, Mapping) and body.get("retCode") in TRANSIENT_CODES


class NxCloudClient(ProviderClient):
    provider = "nxcloud"

    def __init__(self, settings: NxCloudSettings, secrets: Mapping[str, str], http: HttpLayer, timing: Timing) -> None:
        super().__init__(http)
        self.settings = settings
        self._secret = secrets.get("secret_key") or ""
        if not self._secret or not settings.uuid:
            raise ConfigError(_("Enter the NXCLOUD UUID and secret key in Accounts."), provider=self.provider)
        http.register_secret(self._secret)
        self._timing = timing
        self._chunk = settings.max_chunk
        self.max_batch_size = settings.max_chunk
        self._status_table = NX_CALL_STATUS.with_overrides(settings.call_status_map)
        self._warned_unsigned = False

    # -- signed transport --

    def _signed(self, op: str, body: bytes) -> httpx.Request:
        request_id = uuidlib.uuid4().hex
        create_ts = str(int(self._timing.wall()))
        headers = {
            "Content-Type": "application/json",
            "requestID": request_id,
            "uuid": self.settings.uuid,
            "createTs": create_ts,
            "sign": sign(self._secret, body, create_ts, request_id, self.settings.uuid, self.settings.algorithm),
            "algorithm": self.settings.algorithm,
        }
        return self.http.build_request("POST", API + op, content=body, headers=headers)

    async def _post(self, op: str, payload: Mapping[str, Any], mode: RetryMode) -> tuple[dict[str, Any], bool]:
        """Send one operation; returns the JSON body (retCode not yet checked) and whether an earlier attempt may
        have been carried out."""
        body = serialise(payload)
        response = await self.http.send(lambda: self._signed(op, body), op=op, mode=mode, transient=_transient)
        if response.status_code in (401, 403):
            raise AuthError(_("NXCLOUD refused the credentials — check the UUID and secret key in Accounts."),
                            provider=self.provider, code=response.status_code)
        if response.status_code == 404:
            raise NotFoundError(_("NXCLOUD has no operation {op!r} here — check the base URL in Accounts.").format(
                                    op=op),
                                provider=self.provider, code=404)
        raise_for_http_status(self.provider, response)
        self._verify(response, op)
        try:
            data = response.json()
        except ValueError as exc:
            raise BadResponseError.unexpected(self.provider, f"{op}: not JSON ({exc})",
                                              raw=response.text[:500]) from exc
        if not isinstance(data, dict):
            raise BadResponseError.unexpected(self.provider, f"{op}: not a JSON object", raw=data)
        return data, bool(response.extensions.get(AMBIGUOUS))

    async def _op(self, op: str, payload: JsonModel | Mapping[str, Any], reply: type[M], mode: RetryMode) -> M:
        body = payload.to_json() if isinstance(payload, JsonModel) else payload
        data = (await self._post(op, body, mode))[0]
        return self._ok(data, reply)

    def _ok(self, data: dict[str, Any], reply: type[M]) -> M:
        envelope = Envelope.from_json(data, provider=self.provider)
        if envelope.ret_code != 0:
            raise ret_code_error(envelope)
        return reply.from_json(data, provider=self.provider)

    def _verify(self, response: httpx.Response, op: str) -> None:
        """Check the reply's signature over its raw body; a mismatch is logged, never fatal."""
        if not self.settings.verify_response_signatures:
            return
        headers = response.headers
        received = headers.get("sign")
        if not received:
            if not self._warned_unsigned:
                self._warned_unsigned = True
                log.warning("NXCLOUD reply to %s carries no signature; replies are not being verified", op)
            return
        expected = sign(self._secret, response.content, headers.get("createTs", ""),
                        headers.get("requestID", ""), headers.get("uuid", self.settings.uuid),
                        headers.get("algorithm") or self.settings.algorithm)
        if received.upper() != expected:
            log.warning("NXCLOUD reply to %s has a signature that does not match its body (requestID %s)", op,
                        headers.get("requestID", "?"))

    # -- the documented operations --

    async def create_and_call(self, request: CreateAndCallRequest) -> CreateAndCallResponse:
        return await self._op("createAndCall", request, CreateAndCallResponse, RetryMode.KEYED_WRITE)

    async def mgr_task_status(self, user_task_id: str, operate: int, del_call: int | None = None) -> TaskStatusResponse:
        """``taskOperate`` 1 start, 2 pause, 3 complete (setting a state twice is harmless, so it is retried)."""
        payload = {"productID": PRODUCT, "userTaskID": user_task_id, "taskOperate": operate}
        if del_call is not None:
            payload["delCall"] = del_call
        return await self._op("mgrTaskStatus", payload, TaskStatusResponse, RetryMode.KEYED_WRITE)

    async def list_task(self, *, page: int = 1, size: int = 100, **conditions: Any) -> ListTaskResponse:
        """``conditions``: taskStatus, taskName, sceneID, userTaskID, startTs, endTs (NXCLOUD's names)."""
        payload = {"productID": PRODUCT, "page": page, "size": size, "queryConditions": conditions}
        return await self._op("listTask", payload, ListTaskResponse, RetryMode.READ)

    async def add_batch_call(self, request: AddBatchCallRequest) -> CreateAndCallResponse:
        return await self._op("addBatchCall", request, CreateAndCallResponse, RetryMode.KEYED_WRITE)

    async def list_order_detail(self, user_task_id: str, order_ids: Sequence[str]) -> list[OrderDetail]:
        """Every order's calls, asking at most 500 orders per request."""
        details: list[OrderDetail] = []
        for part in chunked(list(order_ids), ORDER_DETAIL_MAX):
            payload = {"productID": PRODUCT, "userTaskID": user_task_id, "orderList": list(part)}
            reply = await self._op("listOrderDetail", payload, OrderDetailResponse, RetryMode.READ)
            details += reply.order_detail_list or []
        return details

    # -- ProviderClient --

    async def check_connection(self) -> ConnectionInfo:
        reply = await self.list_task(page=1, size=1)
        return ConnectionInfo(self.provider, _("Connected to NXCLOUD Callbot."), raw=reply.raw)

    async def task_state(self, campaign_key: str) -> TaskState | None:
        """The task ``userTaskID`` as NXCLOUD reports it now (listTask); None when NXCLOUD has no such task."""
        reply = await self.list_task(page=1, size=1, userTaskID=[campaign_key])
        found = [t for t in reply.task_data or [] if t.user_task_id in (None, campaign_key)]
        return _task_state(found[0].task_status) if found else None

    async def start(self, campaign_key: str) -> TaskState:
        """Start a task created to start manually (or started again after a pause: the same operation)."""
        return _task_state((await self.mgr_task_status(campaign_key, 1)).task_status)

    async def pause(self, campaign_key: str) -> TaskState:
        return _task_state((await self.mgr_task_status(campaign_key, 2)).task_status)

    async def resume(self, campaign_key: str) -> TaskState:
        return _task_state((await self.mgr_task_status(campaign_key, 1)).task_status)

    async def stop(self, campaign_key: str) -> TaskState:
        """Complete the task: NXCLOUD dials nothing more of it."""
        return _task_state((await self.mgr_task_status(campaign_key, 3)).task_status)

    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        """The first batch creates the task (``createAndCall``), later ones add orders (``addBatchCall``). Lists
        go in chunks; on retCode 4001 the chunk is halved and resent (a 4001 reply means nothing was taken)."""
        options = request.options if isinstance(request.options, NxCampaignSettings) else NxCampaignSettings()
        problems = options.wire_problems() if request.first else []
        if problems:
            raise ConfigError(" ".join(problems), provider=self.provider)
        result = BatchResult()
        items = await self.prepare(request.contacts, lambda c: self._call_item(c, options.order_other), result)
        create = request.first
        rest = items
        try:
            while rest:
                chunk, rest = rest[: self._chunk], rest[self._chunk :]
                try:
                    part = await self._send_chunk(request, options, chunk, create)
                except RequestRejectedError as exc:
                    if exc.code == TOO_MANY and len(chunk) > 1:
                        self._chunk = max(1, len(chunk) // 2)
                        log.info("NXCLOUD: list too long (4001); chunk size now %d", self._chunk)
                        rest = chunk + rest
                        continue
                    if create:
                        raise  # no task, so nothing later can be added to it
                    result.errors += [ContactError(c.key, c.phone, str(exc), exc.code) for c, _ in chunk]
                    continue
                create = False
                result.merge(part)
        except ProviderError as exc:
            raise BatchFailed(exc, result) from exc
        return result

    def _call_item(self, contact: Contact, other: str) -> CallItem:
        return CallItem(order_id=contact.key, user_phone=to_digits_with_country(contact.phone), other=other,
                        user_name=contact.name, customer_name=contact.name,
                        params=[Param(name=k, value=v) for k, v in contact.fields.items()])

    async def _send_chunk(self, request: BatchRequest, options: NxCampaignSettings,
                          chunk: list[tuple[Contact, CallItem]], create: bool) -> BatchResult:
        calls = CallInfoList(call_list=[i for _, i in chunk], order_callback_url=self.notify_url,
                             call_callback_url=self.notify_url)
        if create:
            task = options.task_setting(datetime.now(timezone.utc), request.campaign_name, self.notify_url)
            op, payload = "createAndCall", CreateAndCallRequest(
                user_task_id=request.campaign_key, scene_id=request.template_code, task_create_setting=task,
                func_flag=options.func_flag(), call_info_list=calls)
        else:
            op, payload = "addBatchCall", AddBatchCallRequest(user_task_id=request.campaign_key,
                                                             call_info_list=calls)
        data, ambiguous = await self._post(op, payload.to_json(), RetryMode.KEYED_WRITE)
        envelope = Envelope.from_json(data, provider=self.provider)
        if envelope.ret_code != 0 and ambiguous and envelope.ret_code != TOO_MANY:
            return await self._reconcile(request.campaign_key, chunk, ret_code_error(envelope), data)
        reply = self._ok(data, CreateAndCallResponse)
        failed = {e.phone: e.err_msg or "refused" for e in reply.err_list or []}
        check_counts(reply, len(chunk), len(failed))
        result = BatchResult(provider_refs=[request.campaign_key] + ([reply.task_id] if reply.task_id else []),
                             raw=[reply.raw])
        for contact, item in chunk:
            if item.user_phone in failed:
                result.errors.append(ContactError(contact.key, contact.phone, failed[item.user_phone]))
            else:
                result.accepted.append(contact.key)
        return result

    async def _reconcile(self, task_key: str, chunk: list[tuple[Contact, CallItem]], error: ProviderError,
                         data: Any) -> BatchResult:
        """A retried create was refused after an attempt that may have gone through: ask which orders exist."""
        log.warning("NXCLOUD refused a resent %s (%s); checking which orders exist", task_key, error.code)
        try:
            known = {d.order_id for d in await self.list_order_detail(task_key, [i.order_id for _, i in chunk])}
        except ProviderError:
            raise error from None
        if not known:
            raise error
        result = BatchResult(provider_refs=[task_key], raw=[data])
        for contact, item in chunk:
            if item.order_id in known:
                result.accepted.append(contact.key)
            else:
                result.errors.append(ContactError(contact.key, contact.phone, str(error), error.code))
        return result

    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        details = await self.list_order_detail(handle.campaign_key, [c.key for c in handle.contacts])
        by_order = {d.order_id: d for d in details}
        return [self._status(c, by_order[c.key]) if c.key in by_order else pending(c) for c in handle.contacts]

    def _status(self, contact: Contact, order: OrderDetail) -> CallStatus:
        return order_status(self._status_table, contact, order)

    async def download_recording(self, recording_ref: str, dest: Path) -> Download:
        """Fetch a ``callAudioUrl`` (NXCLOUD has no recording API; whether the URL needs auth is undocumented, so
        nothing of ours is sent with it)."""
        self.http.check_url(recording_ref)
        response, saved = await self.http.download(
            lambda: self.http.build_request("GET", recording_ref), Path(dest), op="recording")
        if response.status_code == 404:
            raise NotFoundError(_("NXCLOUD no longer has this recording (its link may have expired)."),
                                provider=self.provider, code=404)
        if saved is None:
            raise_for_http_status(self.provider, response)
            raise RequestRejectedError(_("NXCLOUD refused the recording download (HTTP {status_code}).").format(
                                           status_code=response.status_code),
                                       provider=self.provider, code=response.status_code)
        return saved

    # -- engine hooks --

    async def evidence(self, batch: SentBatch, *, now: float, skew: float, settle: float) -> Evidence:
        """``listOrderDetail`` lists an order from the moment NXCLOUD accepts it, so absence is proof; and NXCLOUD
        refuses a repeated ``orderID``, so even a wrong verdict could not dial anyone twice."""
        statuses = await self.poll(BatchHandle(batch.campaign_key, batch.template_code, batch.contacts))
        return Evidence({s.key for s in statuses if s.raw is not None}, True)

    async def confirm_refusals(self, campaign_key: str, template_code: str, result: BatchResult) -> BatchResult:
        """NXCLOUD answers a resent order that an earlier, dropped attempt already created with a per-number
        refusal ("orderID already exists"): such a contact was received, so its refusal is never kept. Its order
        is looked up (listOrderDetail) until NXCLOUD lists it, backing off between rounds as the HTTP retry policy
        does (``RECHECK_ROUNDS``); one still unlisted after that is left neither accepted nor refused, i.e. in
        doubt for reconciliation. Other refusals (a bad number, a missing variable) stay refused."""
        repeated = [e for e in result.errors if repeated_order(e)]
        if not repeated:
            return result
        known: set[str] = set()
        policy = self.http.options.retry
        for round_ in range(RECHECK_ROUNDS):
            left = [e for e in repeated if e.key not in known]
            handle = BatchHandle(campaign_key, template_code, [Contact(e.key, e.phone) for e in left])
            try:
                known |= {s.key for s in await self.poll(handle) if s.raw is not None}
            except ProviderError as exc:
                log.warning("could not re-check NXCLOUD refusals of task %s: %s", campaign_key, exc)
            if len(known) == len(repeated) or round_ == RECHECK_ROUNDS - 1:
                break
            await self._timing.sleep(policy.backoff(round_, self._timing.random()))
        log.info("NXCLOUD refused %d resent order(s) it already had: %d listed (sent), %d left to reconcile",
                 len(repeated), len(known), len(repeated) - len(known))
        doubtful = {e.key for e in repeated}
        return BatchResult([*result.accepted, *known], [e for e in result.errors if e.key not in doubtful],
                           result.provider_refs, result.raw)

    async def finish(self, campaign_key: str, options: CampaignOptions) -> TaskState | None:
        """Once every order is final, a task NXCLOUD keeps open (``taskKeep``) is completed when the campaign's own
        rule ``complete_when_done`` says so; a task sent without ``taskKeep`` is ended by NXCLOUD itself."""
        settings = options if isinstance(options, NxCampaignSettings) else NxCampaignSettings()
        if not (settings.task_keep and settings.complete_when_done):
            return None
        return await self.stop(campaign_key)


def to_digits_with_country(phone: str, region: str = "VN") -> str:
    """NXCLOUD's ``userPhone``: E.164 without the plus."""
    return to_e164(phone, region).lstrip("+")


def check_counts(reply: CreateAndCallResponse, sent: int, refused: int) -> None:
    """``totalCount``/``successCount`` against what was sent and what ``errList`` names: the verdict per number is
    ``errList``'s (it names the phones), but a disagreement is logged with the reply for NXCLOUD support."""
    if reply.total_count is not None and reply.total_count != sent:
        log.warning("NXCLOUD counted %s numbers of the %d sent (responseID %s)", reply.total_count, sent,
                    reply.response_id)
    if reply.success_count is not None and reply.success_count != sent - refused:
        log.warning("NXCLOUD says it took %s numbers but its errList refuses %d of %d (responseID %s)",
                    reply.success_count, refused, sent, reply.response_id)


def repeated_order(error: ContactError) -> bool:
    """NXCLOUD's refusal of an ``orderID`` it already holds (the simulator's words; NXCLOUD documents none)."""
    return "already exist" in error.message.lower()


def _task_state(status: int | None) -> TaskState:
    return TASK_STATES.get(status or 0, TaskState.UNKNOWN)


def order_status(status_table: StatusTable, contact: Contact, order: OrderDetail) -> CallStatus:
    """An order's status from its latest call (``listOrderDetail`` items and order/call callbacks alike)."""
    calls = order.call_info_detail_list or ([order.call_info_detail] if order.call_info_detail else [])
    if not calls:
        return CallStatus(contact.key, contact.phone, Outcome.QUEUED, describe(("finish", order.finish)),
                          raw=order.raw)
    call = calls[-1]
    outcome = resolve((status_table, call.call_status), (NX_SIP, call.term_sip_code),
                      (NX_HANGUP_CAUSE, call.hangup_cause))
    if outcome is Outcome.UNKNOWN and str(call.hangup_cause or "").upper() == "NORMAL_CLEARING":
        outcome = Outcome.ANSWERED if call.call_answer_ts else Outcome.NO_ANSWER
    if outcome.is_final and order.finish is False:
        outcome = Outcome.QUEUED  # this round is over but NXCLOUD will redial the order
    return CallStatus(
        key=contact.key, phone=contact.phone, outcome=outcome,
        raw_status=describe(("callStatus", call.call_status), ("termSipCode", call.term_sip_code),
                            ("hangupCause", call.hangup_cause), ("finish", order.finish)),
        raw=order.raw, duration=call.call_duration, trans_id=call.call_id,
        recording_ref=call.call_audio_url or None, answer=call_answer(call, calls))


def call_answer(call: CallInfo, calls: Sequence[CallInfo]) -> CallAnswer:
    """The latest call's intents (name, level, tag as the scene names them; the name falls back to the intent ID),
    talk time (``callDuration``), ring time (start to answer), start and recording; with how many calls the order
    took (NXCLOUD redials an order itself) and when the first started."""
    intents = tuple(Intent(str(i.intent_name or i.intent_id or ""), str(i.intent_level or ""), str(i.intent_tag or ""))
                    for i in call.intents or [] if i.intent_name or i.intent_id)
    ring = (call.call_answer_ts - call.call_start_ts
            if call.call_answer_ts and call.call_start_ts and call.call_answer_ts >= call.call_start_ts else None)
    return CallAnswer(intents=intents, talk_seconds=call.call_duration, ring_seconds=ring,
                      recording_ref=call.call_audio_url or None, started_at=call.call_start_ts or None,
                      calls=len(calls) if len(calls) > 1 else None,
                      first_started_at=calls[0].call_start_ts or None if len(calls) > 1 else None)
