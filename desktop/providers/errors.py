"""Typed provider errors: what happened, in words an operator can act on, plus the provider's own code.

The UI shows ``str(error)`` as is and uses ``error.kind`` to decide what to offer (open the account, retry later,
…); support uses ``code`` and ``detail``. Every failure the provider clients raise is a :class:`ProviderError`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar, Literal

from desktop.errors import AutocallError
from desktop.i18n import _

#: What a failed request proves about the provider receiving it: ``no`` (it never got it, or did nothing with it:
#: the same keys may be sent again), ``refused`` (it got it and said no) or ``unknown`` (it may have carried it out:
#: only its records can tell).
Sent = Literal["no", "refused", "unknown"]

#: Provider key → short name for messages; filled by the registry (desktop.providers) from each provider's SPEC.
_NAMES: dict[str, str] = {}


def provider_name(provider: str) -> str:
    """The provider's short name for messages ("VBot"), its registry loaded if it was not yet (a message about a
    shipped provider never shows its key); an unknown key as it is."""
    if provider and provider not in _NAMES:
        from desktop.providers import FOLDERS, spec  # the registry imports this module: asked only when needed

        if provider in FOLDERS:
            spec(provider)
    return _NAMES.get(provider, provider or _("The provider"))


def name_provider(key: str, name: str) -> None:
    """Let messages call provider ``key`` by ``name`` (the registry calls this once per registered provider)."""
    _NAMES[key] = name


class ErrorKind(StrEnum):
    AUTH = "auth"  # credentials refused: fix them in Accounts
    SESSION_EXPIRED = "session_expired"  # a fresh sign-in was still refused
    UNREACHABLE = "unreachable"  # connection refused, dropped, timed out, DNS
    TLS = "tls"  # certificate or TLS handshake problem
    RATE_LIMITED = "rate_limited"  # provider said slow down, retries used up
    PROVIDER = "provider"  # the provider refused or failed the request
    BAD_RESPONSE = "bad_response"  # the reply was not what the documents describe
    CONFIG = "config"  # our settings forbid or cannot form the request
    INVALID_INPUT = "invalid_input"  # the data given to us cannot be sent as is
    NOT_FOUND = "not_found"
    UNSUPPORTED = "unsupported"  # the provider has no such operation


class ProviderError(AutocallError):
    """A provider operation failed; ``str()`` is the actionable message."""

    kind: ClassVar[ErrorKind] = ErrorKind.PROVIDER
    sent: ClassVar[Sent] = "unknown"

    def __init__(
        self,
        message: str,
        *,
        provider: str = "",
        code: int | str | None = None,
        detail: str = "",
        retry_after: float | None = None,
        raw: Any = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.code = code
        self.detail = detail
        self.retry_after = retry_after
        self.raw = raw

    def __str__(self) -> str:
        return self.message


class AuthError(ProviderError):
    kind = ErrorKind.AUTH
    sent = "no"


class SessionExpiredError(AuthError):
    kind = ErrorKind.SESSION_EXPIRED


class UnreachableError(ProviderError):
    kind = ErrorKind.UNREACHABLE
    sent = "unknown"


class TlsError(ProviderError):
    kind = ErrorKind.TLS
    sent = "unknown"


class RateLimitedError(ProviderError):
    kind = ErrorKind.RATE_LIMITED
    sent = "no"


class RequestRejectedError(ProviderError):
    kind = ErrorKind.PROVIDER
    sent = "refused"


class ServerError(ProviderError):
    """The provider failed (HTTP 5xx) after our retries. For a write this is ambiguous: it may have been carried
    out, so dispatch must reconcile by key rather than resend."""

    kind = ErrorKind.PROVIDER
    sent = "unknown"


class BadResponseError(ProviderError):
    kind = ErrorKind.BAD_RESPONSE
    sent = "unknown"

    @classmethod
    def unexpected(cls, provider: str, detail: str, raw: Any = None) -> BadResponseError:
        return cls(
            _("{provider} sent a reply Autocall Desk does not understand — try again; if it keeps happening, "
              "send the log file to support.").format(provider=provider_name(provider)),
            provider=provider,
            detail=detail,
            raw=raw,
        )


class ConfigError(ProviderError):
    kind = ErrorKind.CONFIG
    sent = "no"


class InvalidRequestError(ProviderError):
    kind = ErrorKind.INVALID_INPUT
    sent = "no"


class NotFoundError(ProviderError):
    kind = ErrorKind.NOT_FOUND
    sent = "unknown"


class UnsupportedError(ProviderError):
    kind = ErrorKind.UNSUPPORTED
    sent = "no"

    @classmethod
    def operation(cls, provider: str, what: str) -> UnsupportedError:
        return cls(_("{provider} does not offer {what} through its API.").format(
                       provider=provider_name(provider), what=what), provider=provider)


class UnknownProvider(ProviderError):
    """No registered provider has this key (a store written by another build, or a missing registry line)."""

    kind = ErrorKind.CONFIG
    sent = "no"
