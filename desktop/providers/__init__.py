"""The provider registry: one line per provider folder. ``spec(key)`` is how the rest of the app finds a provider;
an unknown key raises :class:`UnknownProvider`.

A client is built with :func:`create_client` and used as ``async with create_client(settings, secrets) as client``.
Everything it raises is a :class:`ProviderError` whose message tells the operator what to do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import httpx

from desktop.i18n import _
from desktop.providers import bizphone, nxcloud, vbot
from desktop.providers.base import ProviderClient, ProviderSpec
from desktop.providers.errors import UnknownProvider, name_provider
from desktop.providers.http import HttpLayer, HttpOptions, RetryPolicy, Timing
from desktop.providers.settings import ProviderSettings

#: The providers this build ships, in the order lists show them.
PROVIDERS: tuple[ProviderSpec, ...] = (vbot.SPEC, nxcloud.SPEC, bizphone.SPEC)

_BY_KEY: dict[str, ProviderSpec] = {}


def spec(key: str) -> ProviderSpec:
    """The provider stored as ``key``; :class:`UnknownProvider` when no provider has that key."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UnknownProvider(_("Autocall Desk does not know the provider {key!r}: was this data written by another "
                                "version?").format(key=key), provider=key) from None


def _add(provider: ProviderSpec) -> None:
    if provider.key in _BY_KEY or provider.settings.provider != provider.key:
        raise ValueError(f"provider {provider.key!r} registered twice, or its settings name another provider")
    _BY_KEY[provider.key] = provider
    name_provider(provider.key, provider.name)


@contextmanager
def registered(provider: ProviderSpec) -> Iterator[ProviderSpec]:
    """``provider`` is known to :func:`spec` inside the block (a provider that is not shipped, e.g. a test's)."""
    _add(provider)
    try:
        yield provider
    finally:
        del _BY_KEY[provider.key]


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
    client = spec(settings.provider).client
    http = HttpLayer(settings.provider, settings.effective_base_url(), options=options, timing=timing,
                     transport=transport, secrets=secrets.values())
    # A client refused here (missing secret) has opened no connection, so its HttpLayer needs no closing.
    return client(settings, secrets, http, timing)  # type: ignore[call-arg]


for _provider in PROVIDERS:
    _add(_provider)

__all__ = ["PROVIDERS", "create_client", "registered", "spec"]
