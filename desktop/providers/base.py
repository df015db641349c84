"""The provider-neutral interface the engine talks to: the client, its hooks and capabilities, neutral models,
campaign options and the :class:`ProviderSpec` each provider folder exports. Neutral objects keep the provider's
JSON they came from in ``raw``.

Idempotency keys are chosen by the caller and journalled before sending, so nothing is ever dialled twice:
``Contact.key`` is VBot's ``external_call_id`` and NXCLOUD's ``orderID``; ``BatchRequest.campaign_key`` is
NXCLOUD's ``userTaskID``; ``BatchRequest.batch_key`` is BizPhone's ``requestId``.
"""

from __future__ import annotations

import dataclasses
import json
import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, Self, runtime_checkable

from desktop.i18n import _
from desktop.providers.errors import InvalidRequestError, ProviderError, UnsupportedError
from desktop.providers.settings import ProviderSettings
from desktop.providers.status import Outcome

if TYPE_CHECKING:  # the HTTP layer (httpx, the trust store) loads with a provider's client, not with this interface
    from desktop.providers.http import Download, HttpLayer

KEY_PATTERN = re.compile(r"[a-z0-9]{1,32}")


def new_key() -> str:
    """A fresh idempotency key that every provider accepts: 32 characters of ``[a-z0-9]`` (VBot's rule)."""
    return uuid.uuid4().hex


@dataclass(frozen=True)
class Contact:
    key: str  # idempotency key for this call, [a-z0-9]{1,32}
    phone: str  # as imported; each adapter formats it the provider's way
    name: str = ""
    fields: Mapping[str, str] = field(default_factory=dict)  # template variables by key


@dataclass(frozen=True)
class BatchRequest:
    campaign_key: str  # NXCLOUD userTaskID (one task per campaign)
    batch_key: str  # BizPhone requestId (chunk i > 0 gets "-i" appended)
    template_code: str  # VBot template code, NXCLOUD sceneID; unused by BizPhone (the flow is in options)
    contacts: Sequence[Contact]
    caller: str | None = None  # VBot hotline code, BizPhone caller ID; None = the account's default
    first: bool = True  # this batch opens the campaign on the provider (NXCLOUD creates its task)
    options: Any = None  # the provider's CampaignOptions subclass; None = its defaults
    campaign_name: str = ""  # the operator's name for the campaign (NXCLOUD's taskName when none is set)


@dataclass(frozen=True)
class ContactError:
    key: str
    phone: str
    message: str
    code: int | str | None = None


class RawJson(str):
    """A reply's JSON text as received (it was parsed once to be read): the journal stores it as it is instead of
    encoding the parsed reply again."""

    __slots__ = ()

    @classmethod
    def of(cls, body: bytes) -> RawJson:
        """The text of a JSON body, in the encoding JSON allows it (UTF-8 with or without a BOM, UTF-16, UTF-32)."""
        return cls(body.decode(json.detect_encoding(body)))


@dataclass
class BatchResult:
    accepted: list[str] = field(default_factory=list)  # contact keys the provider took
    errors: list[ContactError] = field(default_factory=list)  # per contact, not sent or refused
    provider_refs: list[str] = field(default_factory=list)  # task IDs / request IDs to poll with
    raw: list[Any] = field(default_factory=list)  # every reply, in order: parsed, or its RawJson text

    def merge(self, other: BatchResult) -> None:
        self.accepted += other.accepted
        self.errors += other.errors
        self.provider_refs += [r for r in other.provider_refs if r not in self.provider_refs]
        self.raw += other.raw


@dataclass(frozen=True)
class BatchHandle:
    """What :meth:`ProviderClient.poll` needs to find a sent batch's calls again (all of it is in the store)."""

    campaign_key: str
    template_code: str
    contacts: Sequence[Contact]
    provider_refs: Sequence[str] = ()
    since: datetime | None = None  # when the batch was sent (VBot searches its CDR from here)
    #: The calls were placed without our keys (a VBot legacy campaign): find them by phone, and by the provider's
    #: campaign ID (``provider_refs``) where its records name one.
    by_phone: bool = False


@dataclass(frozen=True)
class Intent:
    """What a callbot understood the callee to mean (NXCLOUD's intent name, level and tag, as its scene names them)."""

    name: str
    level: str = ""
    tag: str = ""


@dataclass(frozen=True)
class CallAnswer:
    """What the callee answered and what the call took, in one shape for every provider: each provider folder reads
    it from its records (poll and notifications alike); a field the provider does not report stays empty."""

    pressed: tuple[str, ...] = ()  # the key pressed at each question (gather step) reached, in order; "" = none
    intents: tuple[Intent, ...] = ()  # what the bot understood, first the main one
    collected: tuple[tuple[str, str], ...] = ()  # (field name, value) the bot collected
    actions: tuple[str, ...] = ()  # the bot's action log, one entry per action
    talk_seconds: float | None = None
    ring_seconds: float | None = None
    cost: float | None = None
    recording_ref: str | None = None
    started_at: float | None = None  # epoch seconds the call was placed, as the provider reports it
    #: Calls the provider placed for this contact, when it redials on its own (NXCLOUD's rounds), and when the first
    #: of them started; None: one call, ``started_at``.
    calls: int | None = None
    first_started_at: float | None = None

    @property
    def key(self) -> str | None:
        """The answer in one stable word to count and filter by: ``intent:<name>``, ``pressed:<keys>`` (keys of
        each question joined by ``>``), ``pressed:`` (asked, nothing pressed), ``collected``; None: no answer."""
        if self.intents:
            return f"intent:{self.intents[0].name}"
        if self.pressed:
            return "pressed:" + ">".join(k for k in self.pressed if k)
        if any(value for _, value in self.collected):
            return "collected"
        return None

    def to_json(self) -> dict[str, Any]:
        """The stored form (``calls.answer``): only the fields that hold something."""
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data["intents"] = [dataclasses.asdict(i) for i in self.intents]
        data["collected"] = [list(pair) for pair in self.collected]
        return {k: v for k, v in data.items() if v not in (None, (), [], "")}

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> CallAnswer:
        """An answer from :meth:`to_json`'s form; keys this version does not know are ignored."""
        data = data or {}
        return cls(
            pressed=tuple(str(k) for k in data.get("pressed", ())),
            intents=tuple(Intent(**{k: str(v) for k, v in i.items() if k in ("name", "level", "tag")})
                          for i in data.get("intents", ())),
            collected=tuple((str(k), str(v)) for k, v in data.get("collected", ())),
            actions=tuple(str(a) for a in data.get("actions", ())),
            **{name: data.get(name) for name in ("talk_seconds", "ring_seconds", "cost", "recording_ref",
                                                 "started_at", "calls", "first_started_at")})


@dataclass(frozen=True)
class CallStatus:
    key: str
    phone: str
    outcome: Outcome
    raw_status: str  # the provider's own fields, e.g. "disposition=answer;sip_code=200"
    raw: Any = None
    duration: float | None = None  # seconds
    cost: float | None = None
    trans_id: str | None = None
    recording_ref: str | None = None  # what download_recording takes (a trans_id or a URL)
    answer: CallAnswer | None = None  # what the callee answered, when the provider reports it

    @property
    def final(self) -> bool:
        return self.outcome.is_final


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    raw: Any = None


@dataclass(frozen=True)
class Hotline:
    code: str
    number: str
    name: str = ""
    kind: str = ""  # VBot v3: ALIAS or HOTLINE
    raw: Any = None


@dataclass(frozen=True, slots=True)
class TemplateField:
    """A value the call script speaks, filled from a contact column (VBot custom field, NXCLOUD scene variable,
    BizPhone ``{{placeholder}}``)."""

    key: str
    name: str
    type: str = "text"
    required: bool = True
    description: str = ""


def fields_from_names(names: Iterable[str]) -> list[TemplateField]:
    """Fields known only by name (typed by the user, or found in text); each is required, duplicates dropped."""
    unique = dict.fromkeys(n.strip() for n in names if n and n.strip())
    return [TemplateField(key=name, name=name) for name in unique]


class TaskState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    PAUSED = "paused"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ConnectionInfo:
    provider: str
    message: str  # what the Accounts tab shows, e.g. "Connected to VBot: 3 hotlines"
    raw: Any = None


class ProviderClient(ABC):
    """One account's client. Use ``async with create_client(...) as client:`` or call :meth:`aclose`.

    Methods a provider cannot do raise :class:`UnsupportedError`; optional abilities are the capability protocols
    below (:class:`TaskControl`, :class:`CallHistory`). All failures are :class:`ProviderError` subclasses.
    """

    provider: ClassVar[str]
    #: Contacts per provider request; dispatch may size its batches by it (launch_batch chunks anyway).
    max_batch_size: int
    #: The address the provider should send this account's notifications to ("" = none: results come by polling
    #: only). The campaign service sets it from the Notifications preferences; a provider that takes callback
    #: addresses per task (NXCLOUD) sends it with each task.
    notify_url: str = ""

    def __init__(self, http: HttpLayer) -> None:
        self.http = http

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self.http.aclose()

    @abstractmethod
    async def check_connection(self) -> ConnectionInfo:
        """Prove the credentials work with one cheap authenticated request."""

    async def list_templates(self) -> list[Template]:
        raise UnsupportedError.operation(self.provider, _("a template list"))

    async def list_hotlines(self) -> list[Hotline]:
        raise UnsupportedError.operation(self.provider, _("a hotline list"))

    async def get_custom_fields(self, template_code: str) -> list[TemplateField]:
        raise UnsupportedError.operation(self.provider, _("template fields"))

    @abstractmethod
    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        """Send the batch. Per-contact refusals are in the result; a failure that stops the batch part-way raises
        :class:`BatchFailed` with what was already settled; any other error means nothing was."""

    @abstractmethod
    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        """The current status of every contact in the batch (not yet reported = ``queued``)."""

    async def download_recording(self, recording_ref: str, dest: Path) -> Download:
        raise UnsupportedError.operation(self.provider, _("call recordings"))

    # -- engine hooks: how this provider's records answer the engine's questions --

    @abstractmethod
    async def evidence(self, batch: SentBatch, *, now: float, skew: float, settle: float) -> Evidence:
        """What the provider's records prove about a batch whose reply was lost. ``skew``: how far clocks may
        disagree; ``settle``: seconds after sending by which a provider that lists only ended calls lists them."""

    def poll_handles(self, handle: BatchHandle, batch_keys: Sequence[str]) -> list[BatchHandle]:
        """Split one poll over a campaign's live contacts (``batch_keys[i]`` journalled ``handle.contacts[i]``) into
        the requests this provider's :meth:`poll` takes; by default one."""
        return [handle]

    async def confirm_refusals(self, campaign_key: str, template_code: str, result: BatchResult) -> BatchResult:
        """A launch reply as recorded: a provider that refuses a resent key it already holds corrects that here."""
        return result

    async def finish(self, campaign_key: str, options: CampaignOptions) -> TaskState | None:
        """Every contact is final: close what the provider keeps open for the campaign; the task state after."""
        return None

    async def prepare(self, contacts: Sequence[Contact], form: Callable[[Contact], Any],
                      result: BatchResult) -> list[tuple[Contact, Any]]:
        """Each contact with ``form(contact)`` (its phone in the provider's format, a wire item); a contact whose
        form raises :class:`InvalidRequestError` or :class:`NotDialable` goes into ``result.errors`` instead."""
        from desktop.phones import NotDialable  # phonenumbers is loaded when a number is first handled

        ready = []
        for contact in contacts:
            try:
                ready.append((contact, form(contact)))
            except (InvalidRequestError, NotDialable) as exc:
                result.errors.append(ContactError(contact.key, contact.phone, str(exc)))
        return ready


class BatchFailed(ProviderError):
    """``launch_batch`` stopped part-way: ``partial`` holds what the provider settled before ``error`` stopped it;
    the rest of the batch is as ``error.sent`` says."""

    def __init__(self, error: ProviderError, partial: BatchResult) -> None:
        super().__init__(error.message, provider=error.provider, code=error.code, detail=error.detail,
                         retry_after=error.retry_after, raw=error.raw)
        self.error = error
        self.partial = partial
        self.kind = error.kind  # type: ignore[misc]
        self.sent = error.sent  # type: ignore[misc]


@dataclass(frozen=True)
class SentBatch:
    """A journalled batch, as reconciliation asks the provider about it."""

    campaign_key: str
    batch_key: str
    template_code: str
    contacts: Sequence[Contact]
    started_at: float  # epoch seconds it went in flight
    by_phone: bool = False  # its calls carry no key of ours (see BatchHandle.by_phone)
    #: Contacts of the same campaign the provider accepted in batches sent after this batch's request had ended:
    #: queued behind this batch, so their records can prove what this batch's absence means.
    later: Sequence[Contact] = ()
    #: The longest one call of this campaign can last, ringing and talking (None: no limit was set).
    longest_call: float | None = None


@dataclass(frozen=True)
class Evidence:
    known: set[str]  # contact keys the provider has
    proof: bool  # whether absence from ``known`` proves a contact was never received
    retry_at: float | None = None  # epoch seconds after which absence will be proof
    advice: str = ""  # what the operator should do about contacts these records leave in doubt


@dataclass(frozen=True)
class CallRecording:
    """What naming and fetching one call's recording needs (a store ``calls`` row or a history row gives it)."""

    phone: str
    time: datetime | None
    trans_id: str
    recording_ref: str | None  # a trans_id or URL for the account's client; None = the call has no recording


@dataclass(frozen=True)
class HistoryCall:
    """One call of an account's history, with the fields a supervisor reads; ``item`` keeps the provider's record."""

    time: datetime | None  # the account's local time, as the provider shows it
    direction: str  # "out", "in", "missed", or the provider's own word
    caller: str
    callee: str
    disposition: str  # the provider's outcome word, lower case
    talk_seconds: float | None
    cost: float | None
    hotline: str
    trans_id: str
    recording_ref: str | None  # what download_recording takes; None when the provider lists no recording
    item: Any

    @property
    def phone(self) -> str:
        """The customer's number: the callee of an outgoing call, the caller otherwise."""
        return self.callee if self.direction == "out" else self.caller

    def recording(self) -> CallRecording:
        return CallRecording(self.phone, self.time, self.trans_id, self.recording_ref)


# -- capabilities: optional abilities, checked with isinstance(client, TaskControl) --


@runtime_checkable
class TaskControl(Protocol):
    """The provider keeps a task per campaign that can be started, paused, resumed and stopped."""

    async def task_state(self, campaign_key: str) -> TaskState | None:
        """The task as the provider reports it now; None when it has no task with this key."""

    async def start(self, campaign_key: str) -> None: ...

    async def pause(self, campaign_key: str) -> None: ...

    async def resume(self, campaign_key: str) -> None: ...

    async def stop(self, campaign_key: str) -> None: ...


@runtime_checkable
class CallHistory(Protocol):
    """The account's call history, paged (every call, not only ours)."""

    async def history_count(self, *, phone: str | None = None, start: float | None = None,
                            end: float | None = None) -> int: ...

    async def history_calls(self, page: int, size: int, *, phone: str | None = None, start: float | None = None,
                            end: float | None = None) -> list[HistoryCall]:
        """One page (from 1) of the account's calls, newest first; ``start``/``end`` in epoch seconds."""


# -- campaign options and preflight items --


class Level(StrEnum):
    OK = "ok"
    WARNING = "warning"
    BLOCKING = "blocking"


@dataclass(frozen=True)
class CheckItem:
    key: str  # account / settings / fields / counts / window / results / plan
    level: Level
    title: str
    detail: str = ""


@dataclass(frozen=True, kw_only=True)
class CampaignOptions:
    """A campaign's provider settings as the form edits them, the store keeps them (JSON) and ``launch_batch``
    reads them (``BatchRequest.options``). Each provider subclasses it once."""

    provider: ClassVar[str]
    #: The first accepted batch opens a task on the provider (NXCLOUD createAndCall), so batches go one at a time
    #: until a reply shows it exists.
    opens_remote_task: ClassVar[bool] = False
    #: Do not dial numbers that an earlier campaign already sent (they are listed with the reason instead).
    skip_called_before: bool = True
    #: Template field key → contact column; frozen at launch.
    field_map: Mapping[str, str] = field(default_factory=dict)

    @property
    def opened_task_state(self) -> TaskState | None:
        """The provider task's state once the first batch opened it (None: the provider keeps no task)."""
        return None

    @property
    def script_code(self) -> str:
        """The provider's script (template code, scene ID); empty when the options carry the script themselves."""
        return ""

    @property
    def mapping_scope_key(self) -> str:
        """The ``<template>`` part of the saved-mapping scope ``<provider>:<template>``."""
        return self.script_code

    @property
    def caller(self) -> str | None:
        return None

    @property
    def longest_call_seconds(self) -> float | None:
        """How long one call can last at most, ringing and talking, as these options limit it (None: unlimited)."""
        return None

    @property
    def calls_by_phone(self) -> bool:
        """The provider places these calls without our keys: its records are searched by phone."""
        return False

    def batch_size(self, wanted: int, client_max: int) -> int:
        """Contacts per batch: ``wanted`` (0 = the client's maximum), never above the client's request size."""
        return max(1, min(wanted, client_max) if wanted > 0 else client_max)

    def static_fields(self) -> list[TemplateField] | None:
        """Template fields known without asking the provider (None: ask it with get_custom_fields)."""
        return None

    def problems(self) -> list[str]:
        """What in the options themselves blocks a launch, in words for the preflight."""
        return []

    def warnings(self) -> list[str]:
        """What the operator should know before launching, without blocking it."""
        return []

    def earliest_start(self, at: datetime) -> datetime | None:
        """The first moment from ``at`` on when these options let calls start: ``at`` itself unless the provider
        keeps a calling window (None: the window never opens). A redial round waits until then."""
        return at

    async def preflight_items(self, client: ProviderClient, now: datetime) -> list[CheckItem]:
        """Provider checks for the preflight (``settings`` items first, then ``window`` items)."""
        return [CheckItem("window", Level.OK, _("Calls start as soon as they are sent"),
                          _("This provider has no calling window of its own."))]

    @classmethod
    async def suggested(cls, client: ProviderClient, *, demo: bool) -> Self:
        """The options a campaign starts from when the operator names none (``autocall campaign create`` without
        ``--settings``); on a ``demo`` account, ones the demo provider accepts as they are."""
        return cls()

    @classmethod
    def json_keys(cls) -> frozenset[str]:
        """The keys :meth:`from_json` reads (a settings file's other keys are reported as unused)."""
        return frozenset(f.name for f in dataclasses.fields(cls))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Options from stored JSON; keys this version does not know are ignored (a newer app wrote them)."""
        return cls(**{f.name: cls._value(f.name, data[f.name]) for f in dataclasses.fields(cls) if f.name in data})

    @classmethod
    def _value(cls, name: str, value: Any) -> Any:
        """A stored JSON value as the field holds it (subclasses convert their own types)."""
        return value


@dataclass(frozen=True)
class ProviderSpec:
    """Everything the rest of the app knows about one provider; its folder's ``__init__`` exports it as SPEC."""

    key: str  # stored in accounts.provider and campaigns.provider
    name: str  # short, for messages
    long_name: str  # for lists
    settings: type[ProviderSettings]  # account settings
    options: type[CampaignOptions]  # campaign options
    client: type[ProviderClient]  # built as client(settings, secrets, http, timing)
    dial: Callable[[str], str]  # E.164 → the form this provider dials
    secret_names: tuple[str, ...]  # every keyring item an account of this provider may hold
    #: E.164 → why this provider cannot dial the number ("" = it can): an English source sentence (N_), kept so in the
    #: contact's row and said with desktop.i18n.shown.
    refuses: Callable[[str], str] = lambda e164: ""
    default_batch_size: int = 0  # contacts per batch unless a preference says otherwise; 0 = the client's maximum
    #: (simulator base URLs, simulator credentials) → (settings, secrets) of the demo account; None = no demo.
    demo: Callable[[Mapping[str, str], Mapping[str, str]], tuple[ProviderSettings, dict[str, str]]] | None = None
    #: The provider's call-outcome words (lower case) → what they mean, in its documents' sense, as History and
    #: the Monitor say them; their order is the order History's outcome filter lists them.
    outcome_words: Mapping[str, str] = field(default_factory=dict)
    #: Its notifications (webhooks, callbacks): a ``desktop.providers.notify.NotificationChannel`` subclass, built
    #: per account as ``notifications(settings, secrets)``; None = the provider documents none (no route).
    notifications: type | None = None

    @property
    def capabilities(self) -> tuple[type, ...]:
        """The optional abilities its client has (TaskControl, CallHistory)."""
        return tuple(p for p in (TaskControl, CallHistory) if issubclass(self.client, p))


def pending(contact: Contact) -> CallStatus:
    """The status of a contact the provider has not reported on yet."""
    return CallStatus(key=contact.key, phone=contact.phone, outcome=Outcome.QUEUED, raw_status="")


def chunked(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
