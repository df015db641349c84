"""Provider notifications (webhooks, callbacks) as the receiver sees them: each provider folder's
``notifications.py`` subclasses :class:`NotificationChannel` (its ``ProviderSpec.notifications``) to check that a
request really comes from the provider and to read it into neutral :class:`Notice` objects through the same status
tables polling uses. The receiver itself (``desktop/notifications``) knows no provider.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from desktop.providers.base import CallStatus
from desktop.providers.settings import ProviderSettings


class Refused(Exception):
    """A request that is not an authentic notification: answered with ``status`` and counted under ``reason``
    (a short phrase, never the body, kept as desktop.i18n.keep writes it and said with shown)."""

    def __init__(self, reason: str, status: int = 403) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Inbound:
    """One request as it arrived: the raw body bytes, its headers (case-insensitive lookup) and when (epoch s)."""

    body: bytes
    headers: Mapping[str, str]
    received_at: float


@dataclass(frozen=True)
class NotifiedCall:
    """What a notification says about one call. ``status.key`` is our idempotency key, or "" when the record
    carries none (then the row is found by ``phone``, in E.164 as the call rows keep it, within a campaign whose
    calls are placed without our keys, and by ``campaign_ref`` when the record names the provider's campaign).
    ``status`` None: the notification only names the call's recording (``recording_ref``)."""

    status: CallStatus | None
    key: str = ""
    phone: str = ""
    campaign_ref: str | None = None
    recording_ref: str | None = None


@dataclass(frozen=True)
class Notice:
    """One authentic notification, read: its kind (the provider's event name), the key that makes a repeat of it
    harmless, and the calls it reports (none for a task event or a shape this version cannot read)."""

    kind: str
    dedupe_key: str
    calls: tuple[NotifiedCall, ...] = ()


@dataclass(frozen=True)
class Paste:
    """One thing the operator enters in the provider's console: a label and the exact value (``secret``: shown only
    when asked for)."""

    label: str
    value: str
    secret: bool = False


def route_path(provider: str, account_id: int) -> str:
    """The receiver's path for one account's notifications (the same behind any public URL)."""
    return f"/{provider}/{account_id}"


def body_hash(body: bytes) -> str:
    """The de-duplication key of a notification that carries no event ID of its own."""
    return "sha256:" + hashlib.sha256(body).hexdigest()


#: The kind the inbox keeps a test notification under (the window's "Send a test notification").
TEST_KIND = "test"
_TEST_FIELD = "autocallTest"


def probe_body() -> bytes:
    """A test notification's body: ours, not any provider's shape, so it can never be read as a call's news."""
    return json.dumps({_TEST_FIELD: secrets.token_hex(8), "sentAt": int(time.time())}).encode()


def probe_notice(payload: Any, inbound: Inbound) -> Notice | None:
    """The :class:`Notice` of an authentic test notification (kind :data:`TEST_KIND`, no call); None for any other
    payload."""
    if isinstance(payload, dict) and _TEST_FIELD in payload:
        return Notice(TEST_KIND, body_hash(inbound.body))
    return None


class NotificationChannel(ABC):
    """One account's notifications from its provider: authenticity, reading, and the reply."""

    #: Keyring items the receiver generates for the account when missing (e.g. a header value the operator pastes
    #: into the provider's console); each is also in the provider's ``ProviderSpec.secret_names``.
    generated_secrets: ClassVar[tuple[str, ...]] = ()

    def __init__(self, settings: ProviderSettings, secrets: Mapping[str, str]) -> None:
        self.settings = settings
        self.secrets = secrets

    @abstractmethod
    def authenticate(self, inbound: Inbound) -> None:
        """Raise :class:`Refused` unless the request provably comes from the provider for this account."""

    @abstractmethod
    def read(self, payload: Any, inbound: Inbound) -> Notice:
        """The authentic JSON ``payload`` as a :class:`Notice`; a shape it cannot read is a Notice without calls."""

    def header(self) -> tuple[str, str] | None:
        """The header (name, value) the provider sends to prove itself; None for a provider that signs instead."""
        return None

    def reply_headers(self, body: bytes) -> dict[str, str]:
        """Headers of the reply carrying ``body`` (a provider that signs its messages expects ours signed)."""
        return {}

    @abstractmethod
    def test_headers(self, body: bytes) -> dict[str, str]:
        """Headers that make ``body`` authentic as if the provider sent it (the window's "Send a test
        notification", which must pass the same checks as the provider's own)."""

    @abstractmethod
    def pastes(self, url: str) -> list[Paste]:
        """What the operator enters in the provider's console so it notifies ``url``."""
