"""The Python SDK of the AuditoryX Enterprise API.

    from auditoryx import Client

    with Client("ax_live_…", base_url="https://api.example") as client:
        for artist in client.artists.list():
            print(artist.name)

See the package's README for pagination, idempotency and retries, errors, webhooks and the
``wait`` helpers.
"""

from auditoryx import models, webhooks
from auditoryx._client import AsyncClient, Client
from auditoryx._http import VERSION as __version__
from auditoryx._http import RetryPolicy
from auditoryx._resource import AsyncPager, Backoff, Page, SyncPager
from auditoryx.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuditoryXError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ServiceUnavailableError,
    ValidationError,
    WaitTimeout,
    WebhookVerificationError,
)

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AsyncClient",
    "AsyncPager",
    "AuditoryXError",
    "AuthenticationError",
    "Backoff",
    "BadRequestError",
    "Client",
    "ConflictError",
    "NotFoundError",
    "Page",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RetryPolicy",
    "ServerError",
    "ServiceUnavailableError",
    "SyncPager",
    "ValidationError",
    "WaitTimeout",
    "WebhookVerificationError",
    "__version__",
    "models",
    "webhooks",
]
