"""The provider-neutral interface the rest of the app talks to, and its neutral models.

The Accounts tab creates a client (:func:`desktop.providers.create_client`) and calls :meth:`check_connection`;
campaign dispatch calls :meth:`launch_batch`, :meth:`poll`, :meth:`pause`/:meth:`resume`/:meth:`stop` and
:meth:`download_recording`. Every neutral object keeps the provider's JSON it came from in ``raw``.

Idempotency keys are chosen by the caller and stored before sending (DESIGN "Dispatch without double dialling"):
``Contact.key`` is VBot's ``external_call_id`` and NXCLOUD's ``orderID``; ``BatchRequest.campaign_key`` is
NXCLOUD's ``userTaskID``; ``BatchRequest.batch_key`` is BizPhone's ``requestId``.
"""

from __future__ import annotations

import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any, ClassVar, Self

from desktop.providers.errors import UnsupportedError
from desktop.providers.http import Download, HttpLayer
from desktop.providers.status import Outcome

KEY_PATTERN = re.compile(r"[a-z0-9]{1,32}")


def new_key() -> str:
    """A fresh idempotency key that every provider accepts: 32 characters of ``[a-z0-9]`` (VBot's rule)."""
    return uuid.uuid4().hex


class Capability(StrEnum):
    LIST_TEMPLATES = "list_templates"
    LIST_HOTLINES = "list_hotlines"
    LIST_TASKS = "list_tasks"
    CUSTOM_FIELDS = "custom_fields"
    PAUSE = "pause"
    RESUME = "resume"
    STOP = "stop"
    RECORDINGS = "recordings"


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
    options: Any = None  # the adapter's own options type (VBotBatchOptions, NxBatchOptions, BizPhoneBatchOptions)


@dataclass(frozen=True)
class ContactError:
    key: str
    phone: str
    message: str
    code: int | str | None = None


@dataclass
class BatchResult:
    accepted: list[str] = field(default_factory=list)  # contact keys the provider took
    errors: list[ContactError] = field(default_factory=list)  # per contact, not sent or refused
    provider_refs: list[str] = field(default_factory=list)  # task IDs / request IDs to poll with
    raw: list[Any] = field(default_factory=list)  # every reply, in order

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


@dataclass(frozen=True)
class CustomField:
    key: str
    name: str
    description: str = ""
    type: str = "text"
    required: bool = False
    raw: Any = None


class TaskState(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    PAUSED = "paused"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Task:
    key: str  # our userTaskID
    provider_id: str
    state: TaskState
    raw_status: str
    name: str = ""
    raw: Any = None


@dataclass(frozen=True)
class ConnectionInfo:
    provider: str
    message: str  # what the Accounts tab shows, e.g. "Connected to VBot: 3 hotlines"
    raw: Any = None


class ProviderClient(ABC):
    """One account's client. Use ``async with create_client(...) as client:`` or call :meth:`aclose`.

    Methods a provider cannot do raise :class:`UnsupportedError`; ``capabilities`` says which those are up front.
    All failures are :class:`~desktop.providers.errors.ProviderError` subclasses.
    """

    provider: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]
    #: Contacts per provider request; dispatch may size its batches by it (launch_batch chunks anyway).
    max_batch_size: int

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
        raise UnsupportedError.operation(self.provider, "a template list")

    async def list_hotlines(self) -> list[Hotline]:
        raise UnsupportedError.operation(self.provider, "a hotline list")

    async def list_tasks(self) -> list[Task]:
        raise UnsupportedError.operation(self.provider, "a task list")

    async def get_custom_fields(self, template_code: str) -> list[CustomField]:
        raise UnsupportedError.operation(self.provider, "template fields")

    @abstractmethod
    async def launch_batch(self, request: BatchRequest) -> BatchResult:
        """Send the batch. Per-contact refusals are in the result; a failure that stops the batch raises, with
        whatever was already accepted in ``error.partial``."""

    @abstractmethod
    async def poll(self, handle: BatchHandle) -> list[CallStatus]:
        """The current status of every contact in the batch (not yet reported = ``queued``)."""

    async def download_recording(self, recording_ref: str, dest: Path) -> Download:
        raise UnsupportedError.operation(self.provider, "call recordings")

    async def pause(self, campaign_key: str) -> None:
        raise UnsupportedError.operation(self.provider, "pausing a campaign")

    async def resume(self, campaign_key: str) -> None:
        raise UnsupportedError.operation(self.provider, "resuming a campaign")

    async def stop(self, campaign_key: str, contact_keys: Sequence[str] | None = None) -> None:
        """Stop the whole campaign, or only the given contacts' calls."""
        raise UnsupportedError.operation(self.provider, "stopping a campaign")


def pending(contact: Contact) -> CallStatus:
    """The status of a contact the provider has not reported on yet."""
    return CallStatus(key=contact.key, phone=contact.phone, outcome=Outcome.QUEUED, raw_status="")


def chunked(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [items[i : i + size] for i in range(0, len(items), size)]
