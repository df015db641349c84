"""BizPhone Robo call (B3Networks) adapter: ``POST /call`` with a call flow, ``GET /status/{requestId}``.

The call flow is a tree: ``play`` a message, ``gather`` a digit and branch on it (a ``default`` branch catches no or
invalid input), ``transfer`` to a destination; branches hold nested flows. It serialises exactly like the document's
example (``lang`` not ``language``, ``default`` as the strings "true"/"false").

``requestId`` is ours and unique, so ``/call`` is retried safely. BizPhone documents no templates, hotlines,
recordings download, pause or stop.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Self
from urllib.parse import quote

import httpx

from desktop.providers.base import (
    BatchHandle,
    BatchRequest,
    BatchResult,
    CallStatus,
    ConnectionInfo,
    Contact,
    ContactError,
    ProviderClient,
    chunked,
    pending,
)
from desktop.providers.errors import (
    AuthError,
    BadResponseError,
    ConfigError,
    InvalidRequestError,
    ProviderError,
    RequestRejectedError,
)
from desktop.providers.http import AMBIGUOUS, HttpLayer, RetryMode, Timing, raise_for_http_status
from desktop.providers.models import JsonModel, key, model
from desktop.providers.phones import to_e164
from desktop.providers.settings import BizPhoneSettings
from desktop.providers.status import (
    BIZ_CALL_STATE,
    BIZ_CALL_STATUS,
    BIZ_DETAIL_STATUS,
    BIZ_STEP_STATUS,
    BIZ_TRANSFER_STATUS,
    Outcome,
    describe,
    normalise,
    resolve,
)

log = logging.getLogger(__name__)

MAX_MESSAGE = 1000
DIGIT = re.compile(r"[0-9*#]")  # the documented list is cut off; the samples use "0" and "1"
E164 = re.compile(r"^\+?[1-9]\d{1,14}$")
DONE = {"completed", "ended"}  # a per-call status or call state saying the call is over


# --- call flow ----------------------------------------------------------------------------------------------------


@model
class Message(JsonModel):
    msg: str  # TTS text; {{key}} placeholders take the destination's properties
    lang: str | None = None  # only "en" is documented
    gender: Literal["male", "female"] | None = None
    pitch: int | None = None  # 0–9, default 5
    rate: int | None = None  # 0–9, default 5

    def check(self) -> None:
        if not self.msg.strip():
            raise InvalidRequestError("A BizPhone message cannot be empty.", provider="bizphone")
        if len(self.msg) > MAX_MESSAGE:
            raise InvalidRequestError(f"A BizPhone message can be at most {MAX_MESSAGE} characters "
                                      f"(this one has {len(self.msg)}).", provider="bizphone")
        if self.gender not in (None, "male", "female"):
            raise InvalidRequestError("The BizPhone voice must be male or female.", provider="bizphone")
        for name in ("pitch", "rate"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 9:
                raise InvalidRequestError(f"The BizPhone voice {name} must be between 0 and 9.", provider="bizphone")


@model
class Step(JsonModel):
    """One call-flow step; ``from_json`` picks the subclass by ``name``."""

    name: str

    @classmethod
    def from_json(cls, data: Any, *, provider: str = "") -> Self:
        if cls is Step and isinstance(data, Mapping):
            kinds: dict[str, type[Step]] = {"play": PlayStep, "gather": GatherStep, "transfer": TransferStep}
            kind = kinds.get(str(data.get("name")))
            if kind is None:
                raise BadResponseError.unexpected(provider, f"unknown call-flow step {data.get('name')!r}")
            return kind.from_json(data, provider=provider)  # type: ignore[return-value]
        return super().from_json(data, provider=provider)

    def check(self) -> None:
        raise NotImplementedError


@model
class PlayStep(Step):
    name: str = "play"
    message: Message

    def check(self) -> None:
        self.message.check()


@model
class TransferStep(Step):
    name: str = "transfer"
    destination: str  # "Ext:1000" is the only documented form

    def check(self) -> None:
        if not self.destination.strip():
            raise InvalidRequestError("A BizPhone transfer needs a destination (e.g. Ext:1000).", provider="bizphone")


@model
class CallFlow(JsonModel):
    steps: list[Step]

    def check(self) -> None:
        """Raise :class:`InvalidRequestError` for anything BizPhone's document forbids."""
        if not self.steps:
            raise InvalidRequestError("A BizPhone call flow needs at least one step.", provider="bizphone")
        for step in self.steps:
            step.check()


@model
class Branch(JsonModel):
    """A gather branch. ``default`` travels as the string "true"/"false", as in the document."""

    digit: str | None = None
    default: bool = False
    call_flow: CallFlow = key("callFlow")

    @classmethod
    def from_json(cls, data: Any, *, provider: str = "") -> Self:
        branch = super().from_json(data, provider=provider)
        branch.default = str(branch.default).lower() == "true"
        return branch

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["default"] = "true" if self.default else "false"
        return out


@model
class GatherStep(Step):
    name: str = "gather"
    message: Message
    max_retries: int | None = key("maxRetries", None)  # default 3
    branches: list[Branch]

    def check(self) -> None:
        self.message.check()
        if not self.branches:
            raise InvalidRequestError("A BizPhone gather step needs at least one branch.", provider="bizphone")
        digits = [b.digit for b in self.branches if b.digit is not None]
        if len(digits) != len(set(digits)):
            raise InvalidRequestError("Two branches of a BizPhone gather step use the same digit.",
                                      provider="bizphone")
        if sum(b.default for b in self.branches) > 1:
            raise InvalidRequestError("A BizPhone gather step can have only one default branch.", provider="bizphone")
        for branch in self.branches:
            if branch.digit is not None and not DIGIT.fullmatch(branch.digit):
                raise InvalidRequestError(f"BizPhone branch digit {branch.digit!r} must be one key 0–9, * or #.",
                                          provider="bizphone")
            if branch.digit is None and not branch.default:
                raise InvalidRequestError("A BizPhone branch without a digit must be the default branch.",
                                          provider="bizphone")
            branch.call_flow.check()


# --- request and replies ------------------------------------------------------------------------------------------


@model
class Destination(JsonModel):
    phone: str  # E.164
    caller: str | None = None  # caller ID shown, E.164
    properties: dict[str, str] | None = None


@model
class QueueCallRequest(JsonModel):
    request_id: str = key("requestId")
    destinations: list[Destination]
    enable_call_recording: bool | None = key("enableCallRecording", None)
    call_flow: CallFlow = key("callFlow")


@model
class StepInfo(JsonModel):
    call_state: str | None = None
    call_status: str | None = None
    status: str | None = None
    user_pressed_digits: str | None = key("userPressedDigits", None)
    transfer_status: str | None = None


@model
class StepResult(JsonModel):
    step_name: str | None = key("stepName", None)
    info: StepInfo | None = None


@model
class Monitor(JsonModel):
    uuid: str | None = None
    type: str | None = None
    dest: str | None = None


@model
class CallDetail(JsonModel):
    request_id: str | None = key("requestId", None)
    caller: str | None = None
    destination: str | None = None
    status: str | None = None
    call_flow_steps: list[StepResult] | None = key("callFlowSteps", None)
    monitor_data: list[Monitor] | None = key("monitorData", None)


@model
class StatusResponse(JsonModel):
    request_id: str | None = key("requestId", None)
    status: str | None = None
    details: list[CallDetail] | None = None


@model
class QueuedResponse(JsonModel):
    """The ``/call`` reply: the status shape with request status "submitted". Its ``details`` only echo the
    destinations just queued and nothing reads them at launch, so they are kept as received (``raw``), not decoded
    into models per destination: that decoding was the largest share of a BizPhone dispatch's CPU time."""

    request_id: str | None = key("requestId", None)
    status: str | None = None
    details: list[Any] | None = None


@model
class ErrorResponse(JsonModel):
    status: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class BizPhoneBatchOptions:
    call_flow: CallFlow
    enable_call_recording: bool | None = None  # None = the account's setting
    properties: Mapping[str, str] = field(default_factory=dict)  # added to every destination's own fields


class BizPhoneClient(ProviderClient):
    provider = "bizphone"
    capabilities = frozenset()

    def __init__(self, settings: BizPhoneSettings, secrets: Mapping[str, str], http: HttpLayer, timing: Timing
                 ) -> None:
        super().__init__(http)
        self.settings = settings
        self._key = secrets.get("api_key") or ""
        if not self._key:
            raise ConfigError("Enter the BizPhone API key in Accounts.", provider=self.provider)
        http.register_secret(self._key)
        self.max_batch_size = settings.max_batch_size

    def _request(self, method: str, path: str, json: Any = None) -> httpx.Request:
        return self.http.build_request(method, path, json=json, headers={"x-credential-api-key": self._key})

    def _checked(self, response: httpx.Response, op: str) -> Any:
        status = response.status_code
        if status in (401, 403):
            raise AuthError("The API key was refused by BizPhone — check it in Accounts (a reset key replaces the "
                            "old one; the project's IP whitelist may also block this computer).",
                            provider=self.provider, code=status)
        raise_for_http_status(self.provider, response)
        try:
            body = response.json()
        except ValueError as exc:
            raise BadResponseError.unexpected(self.provider, f"{op}: not JSON ({exc})",
                                              raw=response.text[:500]) from exc
        if status >= 400:
            error = ErrorResponse.from_json(body if isinstance(body, Mapping) else {}, provider=self.provider)
            raise RequestRejectedError(
                f"BizPhone refused the request: {error.message or error.status or f'HTTP {status}'} — check the "
                "phone numbers, caller ID and call flow.",
                provider=self.provider, code=error.status or status, raw=body)
        return body

    async def queue_call(self, request: QueueCallRequest) -> QueuedResponse:
        request.call_flow.check()
        payload = request.to_json()
        response = await self.http.send(lambda: self._request("POST", "call", payload), op="call",
                                        mode=RetryMode.KEYED_WRITE)
        if 400 <= response.status_code < 500 and response.extensions.get(AMBIGUOUS):
            # A resend was refused after an attempt that may have arrived (e.g. "requestId already exists"):
            # if BizPhone knows the request, it was queued by that earlier attempt.
            try:
                known = await self.status(request.request_id)
                return QueuedResponse.from_json(known.raw, provider=self.provider)
            except RequestRejectedError:
                log.info("BizPhone does not know %s; the refusal stands", request.request_id)
        return QueuedResponse.from_json(self._checked(response, "call"), provider=self.provider)

    async def status(self, request_id: str) -> StatusResponse:
        path = f"status/{quote(request_id, safe='')}"
        response = await self.http.send(lambda: self._request("GET", path), op="status", mode=RetryMode.READ)
        return StatusResponse.from_json(self._checked(response, "status"), provider=self.provider)

    async def check_connection(self) -> ConnectionInfo:
        """BizPhone has no ping: ask for the status of a request that cannot exist. A refused key is an
        AuthError; "not found"-style refusals prove the key was accepted."""
        try:
            reply = await self.status("autocall-connection-check")
        except RequestRejectedError as exc:
            return ConnectionInfo(self.provider, "Connected to BizPhone.", raw=exc.raw)
        return ConnectionInfo(self.provider, "Connected to BizPhone.", raw=reply.raw)

    def _caller(self, request: BatchRequest) -> str | None:
        caller = request.caller or self.settings.default_caller_id or None
        if caller and not E164.fullmatch(caller):
            raise ConfigError(f"The BizPhone caller ID {caller!r} must be an E.164 number like +6582674904.",
                              provider=self.provider)
        return caller

    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        """One ``/call`` per chunk of ``max_batch_size`` destinations, ``requestId`` = batch_key (``-i`` for chunk
        i > 0). A refusal (HTTP 400) marks that chunk's contacts; other failures raise with ``partial``."""
        options = request.options
        if not isinstance(options, BizPhoneBatchOptions):
            raise ConfigError("A BizPhone campaign needs a call flow.", provider=self.provider)
        options.call_flow.check()
        caller = self._caller(request)
        recording = (options.enable_call_recording if options.enable_call_recording is not None
                     else self.settings.enable_call_recording)
        result = BatchResult()
        ready: list[tuple[Contact, str]] = []
        for contact in request.contacts:
            try:
                ready.append((contact, to_e164(contact.phone, region=self.settings.default_region,
                                               provider=self.provider)))
            except InvalidRequestError as exc:
                result.errors.append(ContactError(contact.key, contact.phone, str(exc)))
        try:
            for index, chunk in enumerate(chunked(ready, self.max_batch_size)):
                request_id = request_key(request.batch_key, index)
                queued = QueueCallRequest(
                    request_id=request_id,
                    destinations=[Destination(phone=phone, caller=caller, properties=_properties(c, options))
                                  for c, phone in chunk],
                    enable_call_recording=recording,
                    call_flow=options.call_flow,
                )
                try:
                    reply = await self.queue_call(queued)
                except RequestRejectedError as exc:
                    result.errors += [ContactError(c.key, c.phone, str(exc), exc.code) for c, _ in chunk]
                    continue
                result.accepted += [c.key for c, _ in chunk]
                result.provider_refs.append(request_id)
                result.raw.append(reply.raw)
        except ProviderError as exc:
            exc.partial = result
            raise
        return result

    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        by_phone: dict[str, CallStatus] = {}
        phones = {c.key: self._e164_or_none(c.phone) for c in handle.contacts}
        for request_id in handle.provider_refs:
            reply = await self.status(request_id)
            for detail in reply.details or []:
                by_phone[_phone_of(detail.destination)] = self._detail_status(detail, reply)
        statuses = []
        for contact in handle.contacts:
            found = by_phone.get(phones[contact.key] or "")
            statuses.append(
                CallStatus(contact.key, contact.phone, found.outcome, found.raw_status, found.raw)
                if found else pending(contact))
        return statuses

    def _e164_or_none(self, phone: str) -> str | None:
        try:
            return to_e164(phone, region=self.settings.default_region, provider=self.provider)
        except InvalidRequestError:
            return None

    def _detail_status(self, detail: CallDetail, reply: StatusResponse) -> CallStatus:
        """Outcome of one destination. While the call state or the per-call status says the call can still move
        on (waiting for a free line, dialling, ringing, talking), that live state is the outcome, whatever its steps
        report so far: a final outcome would stop the poller asking. Otherwise the call status decides, then the
        step statuses. A call reported over without saying how is ``unknown``, so polling it stops."""
        steps = [s.info for s in detail.call_flow_steps or [] if s.info]
        last = steps[-1] if steps else StepInfo()
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
        raw_status = describe(("status", detail.status), ("call_state", last.call_state),
                              ("call_status", last.call_status), ("step_status", last.status),
                              ("transfer_status", last.transfer_status), ("request", reply.status))
        return CallStatus("", detail.destination or "", outcome, raw_status, raw=detail.raw)


def request_key(batch_key: str, index: int) -> str:
    """The requestId of chunk ``index``: deterministic, so a crash can be reconciled by asking for it."""
    return batch_key if index == 0 else f"{batch_key}-{index}"


def _properties(contact: Contact, options: BizPhoneBatchOptions) -> dict[str, str]:
    """The destination's ``{{key}}`` values: the batch's shared ones, the contact's fields, and its name."""
    properties = {**options.properties, **contact.fields}
    if contact.name:
        properties.setdefault("name", contact.name)
    return properties


def _phone_of(destination: str | None) -> str:
    digits = re.sub(r"[^\d]", "", destination or "")
    return f"+{digits}" if digits else ""
