"""Provider clients: one async interface (:class:`ProviderClient`), one adapter per provider.

Typical use (the Accounts tab)::

    settings = settings_from_config("vbot", account.config)       # VBotSettings
    secrets = {f.name: keyring_value(f.name) for f in settings.secret_fields()}
    async with create_client(settings, secrets) as client:
        info = await client.check_connection()

Campaign dispatch uses ``launch_batch``/``poll``/``pause``/``resume``/``stop``/``download_recording`` on the same
client. Everything raises :class:`ProviderError` subclasses whose message tells the operator what to do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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
    CustomField,
    Hotline,
    ProviderClient,
    Task,
    TaskState,
    Template,
    new_key,
)
from desktop.providers.bizphone.client import BizPhoneBatchOptions, BizPhoneClient, CallFlow
from desktop.providers.errors import ErrorKind, ProviderError
from desktop.providers.http import Download, HttpLayer, HttpOptions, RetryPolicy, Timing
from desktop.providers.nxcloud.client import NxBatchOptions, NxCloudClient
from desktop.providers.settings import (
    SETTINGS_TYPES,
    BizPhoneSettings,
    NxCloudSettings,
    ProviderSettings,
    SecretField,
    VBotSettings,
)
from desktop.providers.status import Outcome
from desktop.providers.vbot.client import VBotBatchOptions, VBotClient

_CLIENTS: dict[type[ProviderSettings], Any] = {
    VBotSettings: VBotClient,
    NxCloudSettings: NxCloudClient,
    BizPhoneSettings: BizPhoneClient,
}


def settings_from_config(provider: str, config: Mapping[str, Any]) -> ProviderSettings:
    """The typed settings for an account's stored JSON config."""
    return SETTINGS_TYPES[provider].from_config(config)


def create_client(
    settings: ProviderSettings,
    secrets: Mapping[str, str],
    transport: httpx.AsyncBaseTransport | None = None,
    *,
    timing: Timing | None = None,
    retry: RetryPolicy | None = None,
) -> ProviderClient:
    """A client for one account. ``secrets`` maps ``settings.secret_fields()`` names to values; ``transport``
    lets tests route requests to an in-process app (``httpx.ASGITransport``); ``timing`` makes time fake."""
    timing = timing or Timing()
    options = HttpOptions(
        min_interval=settings.min_interval,
        allow_insecure_http=settings.allow_insecure_http,
        retry=retry or RetryPolicy(),
    )
    http = HttpLayer(settings.provider, settings.effective_base_url(), options=options, timing=timing,
                     transport=transport, secrets=secrets.values())
    # A client refused here (missing secret) has opened no connection, so its HttpLayer needs no closing.
    return _CLIENTS[type(settings)](settings, secrets, http, timing)


__all__ = [
    "BatchHandle", "BatchRequest", "BatchResult", "BizPhoneBatchOptions", "BizPhoneClient", "BizPhoneSettings",
    "CallFlow", "CallStatus", "Capability", "ConnectionInfo", "Contact", "ContactError", "CustomField", "Download",
    "ErrorKind", "Hotline", "NxBatchOptions", "NxCloudClient", "NxCloudSettings", "Outcome", "ProviderClient",
    "ProviderError", "ProviderSettings", "RetryPolicy", "SecretField", "Task", "TaskState", "Template", "Timing",
    "VBotBatchOptions", "VBotClient", "VBotSettings", "create_client", "new_key", "settings_from_config",
]
