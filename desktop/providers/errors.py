"""Typed provider errors: what happened, in words an operator can act on, plus the provider's own code.

The UI shows ``str(error)`` as is and uses ``error.kind`` to decide what to offer (open the account, retry later,
…); support uses ``code`` and ``detail``. Every failure the provider clients raise is a :class:`ProviderError`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from desktop.errors import AutocallError

if TYPE_CHECKING:
    from desktop.providers.base import BatchResult

PROVIDER_NAMES = {"vbot": "VBot", "nxcloud": "NXCLOUD", "bizphone": "BizPhone"}


def provider_name(provider: str) -> str:
    return PROVIDER_NAMES.get(provider, provider or "The provider")


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
        # Set by launch_batch when some chunks were accepted before the failure, so dispatch can record them.
        self.partial: BatchResult | None = None

    def __str__(self) -> str:
        return self.message


class AuthError(ProviderError):
    kind = ErrorKind.AUTH


class SessionExpiredError(AuthError):
    kind = ErrorKind.SESSION_EXPIRED


class UnreachableError(ProviderError):
    kind = ErrorKind.UNREACHABLE


class TlsError(ProviderError):
    kind = ErrorKind.TLS


class RateLimitedError(ProviderError):
    kind = ErrorKind.RATE_LIMITED


class RequestRejectedError(ProviderError):
    kind = ErrorKind.PROVIDER


class ServerError(ProviderError):
    """The provider failed (HTTP 5xx) after our retries. For a write this is ambiguous: it may have been carried
    out, so dispatch must reconcile by key rather than resend."""

    kind = ErrorKind.PROVIDER


class BadResponseError(ProviderError):
    kind = ErrorKind.BAD_RESPONSE

    @classmethod
    def unexpected(cls, provider: str, detail: str, raw: Any = None) -> BadResponseError:
        return cls(
            f"{provider_name(provider)} sent a reply Autocall Desk does not understand — try again; if it keeps "
            "happening, send the log file to support.",
            provider=provider,
            detail=detail,
            raw=raw,
        )


class ConfigError(ProviderError):
    kind = ErrorKind.CONFIG


class InvalidRequestError(ProviderError):
    kind = ErrorKind.INVALID_INPUT


class NotFoundError(ProviderError):
    kind = ErrorKind.NOT_FOUND


class UnsupportedError(ProviderError):
    kind = ErrorKind.UNSUPPORTED

    @classmethod
    def operation(cls, provider: str, what: str) -> UnsupportedError:
        return cls(f"{provider_name(provider)} does not offer {what} through its API.", provider=provider)
