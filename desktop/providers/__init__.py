"""The provider registry: one line per provider folder. ``spec(key)`` is how the rest of the app finds a provider;
an unknown key raises :class:`UnknownProvider`. A provider's folder (its client, wire models, HTTP layer) is
imported the first time the registry is asked for a provider, never at import: starting the window needs none.

A client is built with :func:`create_client` and used as ``async with create_client(settings, secrets) as client``.
Everything it raises is a :class:`ProviderError` whose message tells the operator what to do.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, overload

from desktop.i18n import _
from desktop.providers.errors import UnknownProvider, name_provider

if TYPE_CHECKING:
    import httpx

    from desktop.providers.base import ProviderClient, ProviderSpec
    from desktop.providers.http import RetryPolicy, Timing
    from desktop.providers.settings import ProviderSettings

#: The provider folders this build ships, in the order lists show them.
FOLDERS: tuple[str, ...] = ("vbot", "nxcloud", "bizphone")

_BY_KEY: dict[str, ProviderSpec] = {}


@functools.cache
def _shipped() -> tuple[ProviderSpec, ...]:
    """Import every shipped provider folder and register its SPEC (once)."""
    specs = tuple(importlib.import_module(f"{__name__}.{folder}").SPEC for folder in FOLDERS)
    for provider in specs:
        _add(provider)
    return specs


class _Shipped(Sequence["ProviderSpec"]):
    """The shipped providers' SPECs, in :data:`FOLDERS` order; their folders are imported on first use."""

    @overload
    def __getitem__(self, index: int) -> ProviderSpec: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[ProviderSpec, ...]: ...

    def __getitem__(self, index: int | slice) -> ProviderSpec | tuple[ProviderSpec, ...]:
        return _shipped()[index]

    def __len__(self) -> int:
        return len(FOLDERS)

    def __repr__(self) -> str:
        return f"PROVIDERS{FOLDERS!r}"


#: The providers this build ships, in the order lists show them (a sequence of :class:`ProviderSpec`).
PROVIDERS: Sequence[ProviderSpec] = _Shipped()


def spec(key: str) -> ProviderSpec:
    """The provider stored as ``key``; :class:`UnknownProvider` when no provider has that key."""
    if key not in _BY_KEY:
        _shipped()
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
    _shipped()
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
    from desktop.providers.http import HttpLayer, HttpOptions, RetryPolicy, Timing

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


__all__ = ["FOLDERS", "PROVIDERS", "create_client", "registered", "spec"]
