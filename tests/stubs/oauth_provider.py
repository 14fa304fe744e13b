"""What the stubs of OAuth-connected providers (QuickBooks, Xero) share: the tokens they
issued, revoking and expiring them, and the faults a test can inject — a 429 with
``Retry-After`` on the next writes of a resource, or a create that commits and then drops the
connection without an answer (a crash between the provider's write and ours)."""

from __future__ import annotations

import secrets
import threading

from tests.stubs import RecordingServer


class Dropped(Exception):
    """Raised inside the handler: the server closes the connection without answering."""


class OAuthProviderStub(RecordingServer):
    refresh_prefix = ""  # how the provider's refresh tokens look

    def __init__(self) -> None:
        super().__init__()
        self._server.handle_error = lambda *_: None  # type: ignore[method-assign]
        self.access_tokens: set[str] = set()
        self.refresh_tokens: set[str] = set()
        self.codes: set[str] = set()
        self._limits: dict[str, list[int]] = {}
        self._drops = 0
        self._state = threading.Lock()
        # Seconds customer (contact) look-ups and creates take: long enough, and concurrent
        # pushes that both looked a customer up before either created it would both create one.
        self.customer_delay = 0.0

    def issue(self) -> tuple[str, str]:
        """A fresh (access, refresh) token pair, as a consent flow would have produced."""
        access = f"eyJ.{secrets.token_hex(12)}"
        refresh = f"{self.refresh_prefix}{secrets.token_hex(16)}"
        with self._state:
            self.access_tokens.add(access)
            self.refresh_tokens.add(refresh)
        return access, refresh

    def revoke_all(self) -> None:
        """The user disconnected the app at the provider: nothing issued so far works."""
        with self._state:
            self.access_tokens.clear()
            self.refresh_tokens.clear()

    def expire_access_tokens(self) -> None:
        with self._state:
            self.access_tokens.clear()

    def rate_limit(self, resource: str, retry_after: int, times: int = 1) -> None:
        """The next ``times`` writes to ``resource`` answer 429 with this ``Retry-After``."""
        with self._state:
            self._limits.setdefault(resource, []).extend([retry_after] * times)

    def drop_after_create(self, times: int = 1) -> None:
        with self._state:
            self._drops += times
