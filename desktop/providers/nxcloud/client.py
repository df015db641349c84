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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import httpx

from desktop.providers.base import (
    BatchHandle,
    BatchRequest,
    BatchResult,
    CallStatus,
    Capability,
    ConnectionInfo,
    Contact,
    ContactError,
    ProviderClient,
    Task,
    TaskState,
    chunked,
    pending,
)
from desktop.providers.errors import (
    AuthError,
    BadResponseError,
    ConfigError,
    InvalidRequestError,
    NotFoundError,
    ProviderError,
    RateLimitedError,
    RequestRejectedError,
    ServerError,
)
from desktop.providers.http import AMBIGUOUS, Download, HttpLayer, RetryMode, Timing, raise_for_http_status
from desktop.providers.models import JsonModel, key, model
from desktop.providers.phones import to_digits_with_country
from desktop.providers.settings import NxCloudSettings
from desktop.providers.status import NX_CALL_STATUS, NX_HANGUP_CAUSE, NX_SIP, Outcome, describe, resolve

log = logging.getLogger(__name__)

PRODUCT = "callbot"
API = "callcentre/api/v3/"
ORDER_DETAIL_MAX = 500  # listOrderDetail takes at most 500 orders
TOO_MANY = 4001
TRANSIENT_CODES = (5, 7)  # maintenance, system busy


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


# --- models (NXCLOUD spells IDs "...ID"; Python names are snake case) ---------------------------------------------


@model
class ManualCallSetting(JsonModel):
    agent_group: str = key("agentGroup")
    dispatch_type: int = key("dispatchType")  # 0 none, 1 ratio, 3 predictive 2.0
    ratio_call_rate: float = key("ratioCallRate")
    predict_call_rate: float = key("predictCallRate")


@model
class TaskCreateSetting(JsonModel):
    strategy_name: str = key("strategyName", "")  # "" = the default strategy
    startup_type: int = key("startupType", 3)  # 1 manual, 2 scheduled, 3 immediate
    startup_at: int = key("startupAt", 0)  # when startupType=2 (unit undocumented; seconds assumed)
    zone_second: int = key("zoneSecond", 25200)  # UTC offset in seconds (UTC+7 = 25200)
    dial_at_week_day: str = key("dialAtWeekDay", "1,2,3,4,5,6,7")
    dial_at_up_hour: str = key("dialAtUpHour", "8,9,10,11,13,14,15,16")  # h → h:00–h:30
    dial_at_down_hour: str = key("dialAtDownHour", "8,9,10,11,13,14,15,16")  # h → h:30–h+1:00
    max_call: int = key("maxCall", 5)
    task_name: str = key("taskName", "")
    task_callback_url: str = key("taskCallbackUrl", "")
    max_ring_time: int = key("maxRingTime", 30)  # unit undocumented; seconds assumed
    route_id: str = key("routeID", "")
    manual_call_setting: ManualCallSetting | None = key("manualCallSetting", None)  # AICC templates only


@model
class SmsFuncFlag(JsonModel):
    sms_id: str = key("smsID")
    intent_id: list[str] = key("intentID")
    intent_name: list[str] = key("intentName")


@model
class FuncFlag(JsonModel):
    task_keep: bool = key("taskKeep", False)
    round_redial: bool = key("roundRedial", False)
    whole_tts: bool = key("wholeTTS", True)  # must be true when the script has variables
    sms_enable: bool = key("smsEnable", False)
    sms_func_flag: list[SmsFuncFlag] = key("smsFuncFlag", factory=list)
    phone_encrypt: bool = key("phoneEncrypt", False)


@model
class Param(JsonModel):
    name: str | None
    value: str | None


@model
class CallItem(JsonModel):
    order_id: str = key("orderID")
    user_phone: str = key("userPhone")  # country code + number, digits only
    other: str = key("other", "")
    user_name: str = key("userName", "")
    customer_name: str = key("customerName", "")
    params: list[Param] = key("params", factory=list)


@model
class CallInfoList(JsonModel):
    order_callback_url: str = key("orderCallbackUrl", "")
    call_callback_url: str = key("callCallbackUrl", "")
    call_list: list[CallItem] = key("callList")


@model
class CreateAndCallRequest(JsonModel):
    product_id: str = key("productID", PRODUCT)
    user_task_id: str = key("userTaskID")
    scene_id: str = key("sceneID")
    task_create_setting: TaskCreateSetting = key("taskCreateSetting")
    func_flag: FuncFlag = key("funcFlag")
    call_info_list: CallInfoList = key("callInfoList")


@model
class AddBatchCallRequest(JsonModel):
    """``addBatchCall`` and ``importBatchCall``."""

    product_id: str = key("productID", PRODUCT)
    user_task_id: str = key("userTaskID")
    call_info_list: CallInfoList = key("callInfoList")


@model
class CreateTaskRequest(JsonModel):
    product_id: str = key("productID", PRODUCT)
    user_task_id: str = key("userTaskID")
    scene_id: str = key("sceneID")
    task_create_setting: TaskCreateSetting = key("taskCreateSetting")
    func_flag: FuncFlag = key("funcFlag")


@model
class UpdateTaskRequest(JsonModel):
    product_id: str = key("productID", PRODUCT)
    user_task_id: str = key("userTaskID")
    task_create_setting: TaskCreateSetting | None = key("taskCreateSetting", None)
    func_flag: FuncFlag | None = key("funcFlag", None)


@model
class Envelope(JsonModel):
    ret_code: int = key("retCode")
    ret_msg: str | None = key("retMsg", None)
    response_id: str | None = key("responseID", None)


@model
class PhoneError(JsonModel):
    phone: str | None = None
    err_msg: str | None = key("errMsg", None)


@model
class CreateAndCallResponse(Envelope):
    task_id: str | None = key("taskID", None)
    total_count: int | None = key("totalCount", None)
    success_count: int | None = key("successCount", None)
    err_list: list[PhoneError] | None = key("errList", None)


@model
class TaskStatusResponse(Envelope):
    task_id: str | None = key("taskID", None)
    task_status: int | None = key("taskStatus", None)


@model
class TaskStat(JsonModel):
    answer_order_count: int | None = key("answerOrderCount", None)
    finish_order_count: int | None = key("finishOrderCount", None)
    total_order_count: int | None = key("totalOrderCount", None)
    finish_rate: float | None = key("finishRate", None)
    total_answer_call: int | None = key("totalAnswerCall", None)
    total_call: int | None = key("totalCall", None)
    answer_rate: float | None = key("answerRate", None)


@model
class TaskData(JsonModel):
    user_task_id: str | None = key("userTaskID", None)
    task_id: str | None = key("taskID", None)
    scene_id: str | None = key("sceneID", None)
    task_status: int | None = key("taskStatus", None)
    create_ts: int | None = key("createTs", None)
    task_stat: TaskStat | None = key("taskStat", None)


@model
class ListTaskResponse(Envelope):
    task_data: list[TaskData] | None = key("taskData", None)


@model
class Intent(JsonModel):
    intent_id: str | None = key("intentID", None)
    intent_tag: str | None = key("intentTag", None)
    intent_name: str | None = key("intentName", None)
    intent_level: Any = key("intentLevel", None)


@model
class Sms(JsonModel):
    sms_send_ts: int | None = key("smsSendTs", None)
    sys_message_id: str | None = key("sysMessageID", None)
    sms_content: str | None = key("smsContent", None)


@model
class Agent(JsonModel):
    agent_name: str | None = key("agentName", None)
    agent_group: str | None = key("agentGroup", None)
    agent_call_status: Any = key("agentCallStatus", None)
    agent_call_elapsed: Any = key("agentCallElapsed", None)
    agent_label: Any = key("agentLabel", None)
    manual_call_start: Any = key("manualCallStart", None)
    manual_call_answer: Any = key("manualCallAnswer", None)
    manual_call_end: Any = key("manualCallEnd", None)
    manual_hangup_by: Any = key("manualHangupBy", None)


@model
class CallInfo(JsonModel):
    call_id: str | None = key("callID", None)
    calling_number: str | None = key("callingNumber", None)
    line_address: str | None = key("lineAddress", None)
    call_status: int | str | None = key("callStatus", None)  # values undocumented
    call_start_ts: int | None = key("callStartTs", None)
    call_answer_ts: int | None = key("callAnswerTs", None)
    call_end_ts: int | None = key("callEndTs", None)
    call_duration: float | None = key("callDuration", None)
    call_audio_url: str | None = key("callAudioUrl", None)
    hangup_cause: str | None = key("hangupCause", None)
    term_sip_code: str | int | None = key("termSipCode", None)
    intents: list[Intent] | None = None
    sms: list[Sms] | None = None
    agent: Agent | None = None
    params: list[Param] | None = None


@model
class OrderDetail(JsonModel):
    order_id: str | None = key("orderID", None)
    user_phone: str | None = key("userPhone", None)
    user_name: str | None = key("userName", None)
    scene_id: str | None = key("sceneID", None)
    user_task_id: str | None = key("userTaskID", None)
    task_id: str | None = key("taskID", None)
    finish: bool | None = None
    other: str | None = None
    call_info_detail_list: list[CallInfo] | None = key("callInfoDetailList", None)
    call_info_detail: CallInfo | None = key("callInfoDetail", None)  # listOrder items and callbacks


@model
class OrderDetailResponse(Envelope):
    order_detail_list: list[OrderDetail] | None = key("orderDetailList", None)


@model
class Range(JsonModel):
    gt: float = 0
    lt: float = 0
    enable: bool = False


@model
class QueryOptions(JsonModel):
    """``options`` of listOrder (orderID, finish) and listCall (callID, startTs, endTs)."""

    order_id: list[str] | None = key("orderID", None)
    call_id: list[str] | None = key("callID", None)
    intent_id: list[str] | None = key("intentID", None)
    intent_name: list[str] | None = key("intentName", None)
    intent_tag: list[str] | None = key("intentTag", None)
    intent_level: list[Any] | None = key("intentLevel", None)
    finish: int | None = None
    turn_time: Range | None = key("turnTime", None)
    call_duration: Range | None = key("callDuration", None)
    call_status: list[int] | None = key("callStatus", None)
    start_ts: int | None = key("startTs", None)
    end_ts: int | None = key("endTs", None)


@model
class ListResponse(Envelope):
    """listOrder / listCall replies: the item list's key is undocumented, so items stay in ``extra``/``raw``."""

    total: int | None = None


@model
class StopOrderError(JsonModel):
    order_id: str | None = key("orderID", None)
    err_msg: str | None = key("errMsg", None)


@model
class StopOrderResponse(Envelope):
    total_count: int | None = key("totalCount", None)
    success_count: int | None = key("successCount", None)
    err_list: list[StopOrderError] | None = key("errList", None)


@model
class ExportedCall(JsonModel):
    order_id: str | None = key("orderID", None)
    user_phone: str | None = key("userPhone", None)
    other: str | None = None
    call_id: str | None = key("callID", None)
    call_status: int | str | None = key("callStatus", None)
    call_start_ts: int | None = key("callStartTs", None)
    intents: list[Intent] | None = None


@model
class ExportBatchCallResponse(Envelope):
    total_count: int | None = key("totalCount", None)
    batch_id: str | None = key("batchID", None)
    call_list: list[ExportedCall] | None = key("callList", None)


@model
class PingResponse(JsonModel):
    """``ping`` uses its own envelope."""

    data: Any = None
    timestamp: Any = None
    code: int | str | None = None
    msg: str | None = None
    req_id: str | None = key("reqId", None)


@dataclass(frozen=True)
class NxBatchOptions:
    task: TaskCreateSetting = field(default_factory=TaskCreateSetting)
    flags: FuncFlag = field(default_factory=FuncFlag)
    order_callback_url: str = ""
    call_callback_url: str = ""


# --- retCode ------------------------------------------------------------------------------------------------------

_RET_CODES: dict[int, tuple[type[ProviderError], str]] = {
    1: (RequestRejectedError, "NXCLOUD reported a general error ({msg}) — try again; if it persists, give NXCLOUD "
                              "support the response ID {rid}."),
    2: (RequestRejectedError, "NXCLOUD says a parameter is missing ({msg}) — check every template variable has a "
                              "column mapped."),
    3: (RequestRejectedError, "NXCLOUD says a parameter has the wrong format ({msg}) — check the phone numbers and "
                              "template variables."),
    4: (RequestRejectedError, "NXCLOUD rejected a value ({msg}) — check the scene ID and the campaign settings."),
    TOO_MANY: (RequestRejectedError, "NXCLOUD says the list is too long ({msg}) — lower the chunk size in "
                                     "Accounts."),
    5: (ServerError, "NXCLOUD is under maintenance ({msg}) — try again later."),
    5001: (ServerError, "NXCLOUD had an internal error ({msg}) — try again; if it persists, give NXCLOUD support "
                        "the response ID {rid}."),
    6: (AuthError, "NXCLOUD rejected the request signature ({msg}) — check the secret key and the signing algorithm "
                   "(MD5/SHA256) in Accounts, and the computer's clock."),
    6001: (AuthError, "NXCLOUD did not receive a signature ({msg}) — check the account settings."),
    6002: (AuthError, "NXCLOUD has no account with this UUID — check the UUID in Accounts."),
    6003: (AuthError, "This NXCLOUD account may not use the Callbot API ({msg}) — ask NXCLOUD to enable it."),
    7: (RateLimitedError, "NXCLOUD is busy ({msg}) — try again in a minute."),
    1001: (RequestRejectedError, "NXCLOUD is still importing an earlier batch for this task — wait and try "
                                 "again."),
}

TASK_STATES = {1: TaskState.PENDING, 2: TaskState.RUNNING, 3: TaskState.COMPLETED, 4: TaskState.FAILED,
               5: TaskState.PAUSED}

M = TypeVar("M", bound=JsonModel)


def ret_code_error(envelope: Envelope) -> ProviderError:
    kind, template = _RET_CODES.get(
        envelope.ret_code, (RequestRejectedError, "NXCLOUD refused the request (code {code}): {msg}")
    )
    message = template.format(msg=envelope.ret_msg or "no details", rid=envelope.response_id or "-",
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
    capabilities = frozenset(
        {Capability.LIST_TASKS, Capability.PAUSE, Capability.RESUME, Capability.STOP, Capability.RECORDINGS}
    )

    def __init__(self, settings: NxCloudSettings, secrets: Mapping[str, str], http: HttpLayer, timing: Timing) -> None:
        super().__init__(http)
        self.settings = settings
        self._secret = secrets.get("secret_key") or ""
        if not self._secret or not settings.uuid:
            raise ConfigError("Enter the NXCLOUD UUID and secret key in Accounts.", provider=self.provider)
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
            raise AuthError("NXCLOUD refused the credentials — check the UUID and secret key in Accounts.",
                            provider=self.provider, code=response.status_code)
        if response.status_code == 404:
            raise NotFoundError(f"NXCLOUD has no operation {op!r} here — check the base URL in Accounts.",
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
        data, _ = await self._post(op, body, mode)
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

    async def ping(self, data: str = "ping") -> PingResponse:
        reply, _ = await self._post("ping", {"data": data}, RetryMode.READ)
        return PingResponse.from_json(reply, provider=self.provider)

    async def create_and_call(self, request: CreateAndCallRequest) -> CreateAndCallResponse:
        return await self._op("createAndCall", request, CreateAndCallResponse, RetryMode.KEYED_WRITE)

    async def create_task(self, request: CreateTaskRequest) -> TaskStatusResponse:
        return await self._op("createTask", request, TaskStatusResponse, RetryMode.KEYED_WRITE)

    async def update_task(self, request: UpdateTaskRequest) -> Envelope:
        return await self._op("updateTask", request, Envelope, RetryMode.KEYED_WRITE)

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

    async def import_batch_call(self, request: AddBatchCallRequest) -> CreateAndCallResponse:
        return await self._op("importBatchCall", request, CreateAndCallResponse, RetryMode.KEYED_WRITE)

    async def export_batch_call(self, user_task_id: str) -> ExportBatchCallResponse:
        payload = {"productID": PRODUCT, "userTaskID": user_task_id}
        return await self._op("exportBatchCall", payload, ExportBatchCallResponse, RetryMode.READ)

    async def stop_order(self, user_task_id: str, order_ids: Sequence[str], del_call: int | None = None
                         ) -> StopOrderResponse:
        """Irreversible; repeating it changes nothing, so it is retried."""
        payload: dict[str, Any] = {"productID": PRODUCT, "userTaskID": user_task_id, "orderIDs": list(order_ids)}
        if del_call is not None:
            payload["delCall"] = del_call
        return await self._op("stopOrder", payload, StopOrderResponse, RetryMode.KEYED_WRITE)

    async def list_order(self, user_task_id: str, options: QueryOptions, *, page: int = 1, size: int = 100
                         ) -> ListResponse:
        payload = {"productID": PRODUCT, "userTaskID": user_task_id, "options": options.to_json(), "page": page,
                   "size": size}
        return await self._op("listOrder", payload, ListResponse, RetryMode.READ)

    async def list_call(self, user_task_id: str, options: QueryOptions, *, page: int = 1, size: int = 100
                        ) -> ListResponse:
        payload = {"productID": PRODUCT, "userTaskID": user_task_id, "options": options.to_json(), "page": page,
                   "size": size}
        return await self._op("listCall", payload, ListResponse, RetryMode.READ)

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
        return ConnectionInfo(self.provider, "Connected to NXCLOUD Callbot.", raw=reply.raw)

    async def list_tasks(self) -> list[Task]:
        tasks: list[Task] = []
        for page in range(1, 51):
            reply = await self.list_task(page=page, size=100)
            items = reply.task_data or []
            tasks += [
                Task(key=t.user_task_id or "", provider_id=t.task_id or "",
                     state=TASK_STATES.get(t.task_status or 0, TaskState.UNKNOWN),
                     raw_status=describe(("taskStatus", t.task_status)), raw=t.raw)
                for t in items
            ]
            if len(items) < 100:
                break
        return tasks

    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        """The first batch creates the task (``createAndCall``), later ones add orders (``addBatchCall``). Lists
        go in chunks; on retCode 4001 the chunk is halved and resent (a 4001 reply means nothing was taken)."""
        options = request.options if isinstance(request.options, NxBatchOptions) else NxBatchOptions()
        result = BatchResult()
        items: list[tuple[Contact, CallItem]] = []
        for contact in request.contacts:
            try:
                phone = to_digits_with_country(contact.phone, provider=self.provider)
            except InvalidRequestError as exc:
                result.errors.append(ContactError(contact.key, contact.phone, str(exc)))
                continue
            items.append((contact, CallItem(
                order_id=contact.key, user_phone=phone, user_name=contact.name, customer_name=contact.name,
                params=[Param(name=k, value=v) for k, v in contact.fields.items()])))
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
            exc.partial = result
            raise
        return result

    async def _send_chunk(self, request: BatchRequest, options: NxBatchOptions,
                          chunk: list[tuple[Contact, CallItem]], create: bool) -> BatchResult:
        calls = CallInfoList(order_callback_url=options.order_callback_url,
                             call_callback_url=options.call_callback_url, call_list=[i for _, i in chunk])
        if create:
            task = options.task if options.task.task_name else replace(options.task, task_name=request.campaign_key)
            op, payload = "createAndCall", CreateAndCallRequest(
                user_task_id=request.campaign_key, scene_id=request.template_code, task_create_setting=task,
                func_flag=options.flags, call_info_list=calls)
        else:
            op, payload = "addBatchCall", AddBatchCallRequest(user_task_id=request.campaign_key,
                                                             call_info_list=calls)
        data, ambiguous = await self._post(op, payload.to_json(), RetryMode.KEYED_WRITE)
        envelope = Envelope.from_json(data, provider=self.provider)
        if envelope.ret_code != 0 and ambiguous and envelope.ret_code != TOO_MANY:
            return await self._reconcile(request.campaign_key, chunk, ret_code_error(envelope), data)
        reply = self._ok(data, CreateAndCallResponse)
        failed = {e.phone: e.err_msg or "refused" for e in reply.err_list or []}
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
        calls = order.call_info_detail_list or ([order.call_info_detail] if order.call_info_detail else [])
        if not calls:
            return CallStatus(contact.key, contact.phone, Outcome.QUEUED, describe(("finish", order.finish)),
                              raw=order.raw)
        call = calls[-1]
        outcome = resolve((self._status_table, call.call_status), (NX_SIP, call.term_sip_code),
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
            recording_ref=call.call_audio_url or None)

    async def download_recording(self, recording_ref: str, dest: Path) -> Download:
        """Fetch a ``callAudioUrl`` (NXCLOUD has no recording API; whether the URL needs auth is undocumented, so
        nothing of ours is sent with it)."""
        self.http.check_url(recording_ref)
        response, saved = await self.http.download(
            lambda: self.http.build_request("GET", recording_ref), Path(dest), op="recording")
        if response.status_code == 404:
            raise NotFoundError("NXCLOUD no longer has this recording (its link may have expired).",
                                provider=self.provider, code=404)
        if saved is None:
            raise_for_http_status(self.provider, response)
            raise RequestRejectedError(f"NXCLOUD refused the recording download (HTTP {response.status_code}).",
                                       provider=self.provider, code=response.status_code)
        return saved

    async def pause(self, campaign_key: str) -> None:
        await self.mgr_task_status(campaign_key, 2)

    async def resume(self, campaign_key: str) -> None:
        await self.mgr_task_status(campaign_key, 1)

    async def stop(self, campaign_key: str, contact_keys: Sequence[str] | None = None) -> None:
        if contact_keys is None:
            await self.mgr_task_status(campaign_key, 3)
            return
        reply = await self.stop_order(campaign_key, contact_keys)
        if reply.err_list:
            first = reply.err_list[0]
            raise RequestRejectedError(
                f"NXCLOUD could not stop {len(reply.err_list)} call(s), e.g. {first.order_id}: {first.err_msg}.",
                provider=self.provider, raw=reply.raw)

