"""The one translation of integration errors for Temporal.

Adapters raise the family of ``integrations/errors.py``; an activity that lets one reach
Temporal raises ``to_application_error(exc)`` instead, so every provider fails the same way:

============================  ===================  ==============================================
integration error             ``ApplicationError``  retried
============================  ===================  ==============================================
``RateLimited``               ``RateLimited``      after the provider's ``retry_after``
                                                   (``next_retry_delay``)
``Unauthorized``              ``AuthError``        never (the connection needs the organization)
``UnknownProvider``           ``UnknownProvider``  never (a configuration error)
``Rejected``                  ``Rejected``         never (the provider refused the data)
``Unavailable`` and the rest  ``Transient``        with the workflow's retry policy
============================  ===================  ==============================================

The ``type`` strings are recorded in workflow histories and read by workflows and tests:
they do not change.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio.exceptions import ApplicationError

from integrations.errors import (
    IntegrationError,
    RateLimited,
    Rejected,
    Unauthorized,
    UnknownProvider,
)
from integrations.registry import display_name

RATE_LIMITED = "RateLimited"
AUTH_ERROR = "AuthError"
UNKNOWN_PROVIDER = "UnknownProvider"
REJECTED = "Rejected"
TRANSIENT = "Transient"


def error_type(exc: IntegrationError) -> str:
    """The ``ApplicationError.type`` of an integration error."""
    if isinstance(exc, RateLimited):
        return RATE_LIMITED
    if isinstance(exc, UnknownProvider):
        return UNKNOWN_PROVIDER
    if isinstance(exc, Unauthorized):
        return AUTH_ERROR
    if isinstance(exc, Rejected):
        return REJECTED
    return TRANSIENT


def to_application_error(
    exc: IntegrationError, *, during: str = "the call", refused: str = "the request"
) -> ApplicationError:
    """``exc`` as Temporal should see it. ``during`` names what was rate limited ("the push",
    "reconciliation"), ``refused`` what the provider refused ("the invoice"); the messages
    read "HubSpot rate limited the push; retrying after 30 s" and "QuickBooks refused the
    invoice: <the provider's words>"."""
    kind = error_type(exc)
    name = display_name(exc.provider)
    if isinstance(exc, RateLimited):
        return ApplicationError(
            f"{name} rate limited {during}; retrying after {exc.retry_after:g} s",
            type=kind,
            next_retry_delay=timedelta(seconds=exc.retry_after),
        )
    if isinstance(exc, UnknownProvider):
        return ApplicationError(exc.message, type=kind, non_retryable=True)
    if isinstance(exc, Rejected):
        return ApplicationError(
            f"{name} refused {refused}: {exc.message}", type=kind, non_retryable=True
        )
    return ApplicationError(exc.message, type=kind)
