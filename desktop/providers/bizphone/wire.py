"""BizPhone's JSON: the call flow (a tree of play, gather and transfer steps), the /call request and the status
replies. The flow serialises exactly like the document's example (``lang`` not ``language``, ``default`` as the
strings "true"/"false").

:meth:`CallFlow.check` is the one validator of a flow: the call-flow editor, the campaign preflight and the client
all run it, with the account's :class:`FlowRules` for what seed 004 leaves open.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Self

from desktop.i18n import _
from desktop.providers.errors import BadResponseError, InvalidRequestError
from desktop.providers.models import JsonModel, key, model

MAX_MESSAGE = 1000
DIGITS = tuple("0123456789")
STAR_HASH = ("*", "#")
EXTENSION = re.compile(r"Ext:\d+")  # the document's one example: "Ext:1000"
PHONE = re.compile(r"\+?[1-9]\d{1,14}")  # the document's E.164 pattern for phone and caller


@dataclass(frozen=True)
class FlowRules:
    """What seed 004 leaves open (its lists of digits and transfer formats are cut off; it does not say whether a
    gather needs a default branch), as the account decides. The defaults accept only what the document shows."""

    star_hash_keys: bool = False  # gather keys * and # besides 0-9
    optional_default_branch: bool = False  # a gather may have no default branch
    phone_transfers: bool = False  # transfer to an E.164 number besides Ext:<number>

    @property
    def keys(self) -> tuple[str, ...]:
        return DIGITS + STAR_HASH if self.star_hash_keys else DIGITS

    def transfer_ok(self, destination: str) -> bool:
        return bool(EXTENSION.fullmatch(destination) or (self.phone_transfers and PHONE.fullmatch(destination)))


#: The account defaults: only what the document shows.
DOCUMENTED = FlowRules()
#: Every choice an account can make: what a flow must satisfy whatever the account says.
ANY_ACCOUNT = FlowRules(star_hash_keys=True, optional_default_branch=True, phone_transfers=True)


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
            raise InvalidRequestError(_("A BizPhone message cannot be empty."), provider="bizphone")
        if len(self.msg) > MAX_MESSAGE:
            raise InvalidRequestError(_("A BizPhone message can be at most {limit} characters (this one has "
                                        "{length}).").format(limit=MAX_MESSAGE, length=len(self.msg)),
                                      provider="bizphone")
        if self.gender not in (None, "male", "female"):
            raise InvalidRequestError(_("The BizPhone voice must be male or female."), provider="bizphone")
        for name in ("pitch", "rate"):
            value = getattr(self, name)
            if value is not None and not 0 <= value <= 9:
                raise InvalidRequestError(_("The BizPhone voice {name} must be between 0 and 9.").format(name=name),
                                          provider="bizphone")


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

    def check(self, rules: FlowRules) -> None:
        raise NotImplementedError


@model
class PlayStep(Step):
    name: str = "play"
    message: Message

    def check(self, rules: FlowRules) -> None:
        self.message.check()


@model
class TransferStep(Step):
    name: str = "transfer"
    destination: str  # "Ext:1000" is the only documented form; E.164 numbers if the account allows them

    def check(self, rules: FlowRules) -> None:
        if not self.destination.strip():
            raise InvalidRequestError(_("A BizPhone transfer needs a destination (e.g. Ext:1000)."),
                                      provider="bizphone")
        if not rules.transfer_ok(self.destination):
            allowed = _("Ext:<number> or an international number like +84912345678") if rules.phone_transfers else (
                _("Ext:<number>, e.g. Ext:1000 (transfers to phone numbers can be allowed in Accounts)"))
            raise InvalidRequestError(_("BizPhone transfer destination {destination!r} must be {allowed}.").format(
                                          destination=self.destination, allowed=allowed),
                                      provider="bizphone")


@model
class CallFlow(JsonModel):
    steps: list[Step]

    def check(self, rules: FlowRules = DOCUMENTED) -> None:
        """Raise :class:`InvalidRequestError` for anything BizPhone's document forbids, or ``rules`` (the account's
        reading of what it leaves open) refuse."""
        if not self.steps:
            raise InvalidRequestError(_("A BizPhone call flow needs at least one step."), provider="bizphone")
        for step in self.steps:
            step.check(rules)


@model
class Branch(JsonModel):
    """A gather branch: the key it answers, and whether it is the default (no or another key). A branch may be
    both, as the document's own ``{"digit": "0", "default": "true"}``. ``default`` travels as the string
    "true"/"false", as in the document; anything else is refused."""

    digit: str | None = None
    default: bool = False
    call_flow: CallFlow = key("callFlow")

    @classmethod
    def from_json(cls, data: Any, *, provider: str = "") -> Self:
        if not isinstance(data, Mapping):
            return super().from_json(data, provider=provider)
        value = data.get("default", "false")
        if value not in ("true", "false", True, False):
            raise InvalidRequestError(_("A BizPhone branch's “default” must be “true” or “false”, not "
                                        "{value!r}.").format(
                                          value=value),
                                      provider="bizphone")
        branch = super().from_json({**data, "default": False}, provider=provider)
        branch.default = value in ("true", True)
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

    def check(self, rules: FlowRules) -> None:
        """One key per branch, from the keys ``rules`` allow; at most one default branch ("the default branch of
        the gather step"), and none only if ``rules`` allow it; a branch without a key is the default."""
        self.message.check()
        if self.max_retries is not None and self.max_retries < 0:
            raise InvalidRequestError(_("BizPhone retries cannot be negative."), provider="bizphone")
        if not self.branches:
            raise InvalidRequestError(_("A BizPhone gather step needs at least one branch."), provider="bizphone")
        digits = [b.digit for b in self.branches if b.digit is not None]
        if len(digits) != len(set(digits)):
            raise InvalidRequestError(_("Two branches of a BizPhone gather step use the same digit."),
                                      provider="bizphone")
        defaults = sum(b.default for b in self.branches)
        if defaults > 1:
            raise InvalidRequestError(_("A BizPhone gather step can have only one default branch."),
                                      provider="bizphone")
        if not defaults and not rules.optional_default_branch:
            raise InvalidRequestError(
                _("A BizPhone gather step needs a default branch for no or another key (this account requires one; "
                  "see Accounts)."), provider="bizphone")
        for branch in self.branches:
            if branch.digit is not None and branch.digit not in rules.keys:
                keys = _("0–9, * or #") if rules.star_hash_keys else _("0–9 (* and # can be allowed in Accounts)")
                raise InvalidRequestError(_("BizPhone branch digit {digit!r} must be one key {keys}.").format(
                                              digit=branch.digit, keys=keys),
                                          provider="bizphone")
            if branch.digit is None and not branch.default:
                raise InvalidRequestError(_("A BizPhone branch without a digit must be the default branch."),
                                          provider="bizphone")
            if not branch.call_flow.steps:
                raise InvalidRequestError(self._empty_branch(branch), provider="bizphone")
            branch.call_flow.check(rules)

    def _empty_branch(self, branch: Branch) -> str:
        """Which choice of this question has nothing after it, in the call-flow editor's own words."""
        question = " ".join(self.message.msg.split())
        question = question if len(question) <= 48 else question[:47] + "…"
        choice = (_("No or another key (default)") if branch.digit is None
                  else _("Key {key} — also the default") if branch.default else _("Key {key}")).format(key=branch.digit)
        return _("After the question “{question}”, the choice “{choice}” has no next step. Select it in the call "
                 "flow and add what happens next (play a message, ask for a key or transfer).").format(
                     question=question, choice=choice)


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
