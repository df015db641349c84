"""BizPhone's JSON: the call flow (a tree of play, gather and transfer steps), the /call request and the status
replies. The flow serialises exactly like the document's example (``lang`` not ``language``, ``default`` as the
strings "true"/"false")."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, Self

from desktop.providers.errors import BadResponseError, InvalidRequestError
from desktop.providers.models import JsonModel, key, model

MAX_MESSAGE = 1000
DIGIT = re.compile(r"[0-9*#]")  # the documented list is cut off; the samples use "0" and "1"


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
    into models per destination (kept off the dispatch's hot path)."""

    request_id: str | None = key("requestId", None)
    status: str | None = None
    details: list[Any] | None = None


@model
class ErrorResponse(JsonModel):
    status: str | None = None
    message: str | None = None
