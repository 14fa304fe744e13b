"""The one error family of every third-party adapter.

An adapter translates what its provider answered into one of these; activities translate them
for Temporal once (``Rejected`` → non-retryable, ``RateLimited`` → retry after its delay,
``Unavailable`` → retry with the policy's backoff) and the API maps them to problem+json. No
adapter retries by itself: the retry policy does.
"""

from __future__ import annotations


class IntegrationError(Exception):
    """A call to a provider failed. ``provider`` names it (``hubspot``, ``slack`` …), ``status``
    is the HTTP status when there was one, ``code`` the provider's own error string."""

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.provider = provider
        self.status = status
        self.code = code


class Rejected(IntegrationError):
    """The provider refused the request; repeating it unchanged will not help."""


class Unauthorized(Rejected):
    """The credentials are invalid, revoked or lack a permission: the connection needs the
    organization's attention before anything else can be sent."""


class UnknownProvider(Rejected):
    """No adapter is registered under this provider name (a configuration error: repeating the
    call will not help)."""

    def __init__(self, provider: str, *, kind: str) -> None:
        super().__init__(f"no {kind} is registered for provider {provider!r}", provider=provider)
        self.kind = kind


class Unavailable(IntegrationError):
    """The provider failed on its side or could not be reached; a later attempt may work."""


class RateLimited(IntegrationError):
    """The provider asked us to slow down: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: float, *, provider: str, message: str | None = None) -> None:
        super().__init__(
            message or f"rate limited; retry after {retry_after:g} s",
            provider=provider,
            status=429,
            code="rate_limited",
        )
        self.retry_after = retry_after
