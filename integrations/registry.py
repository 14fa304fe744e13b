"""Provider name → the adapter (or handler) that serves it.

The composition root registers what exists; callers look a provider up instead of switching
on its name, so adding Salesforce or Xero is one more entry. Looking up a name nobody
registered raises :class:`~integrations.errors.UnknownProvider` (a ``Rejected``: retrying will
not register it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Generic, TypeVar

from integrations.errors import UnknownProvider

T = TypeVar("T")

# How providers are named to people (messages, connection errors); keys are provider ids.
DISPLAY_NAMES: Mapping[str, str] = {
    "hubspot": "HubSpot",
    "salesforce": "Salesforce",
    "quickbooks": "QuickBooks",
    "xero": "Xero",
    "asana": "Asana",
    "monday": "Monday",
    "slack": "Slack",
    "teams": "Teams",
    "smtp": "SMTP",
    "webhooks": "Webhooks",
}


def display_name(provider: str) -> str:
    return DISPLAY_NAMES.get(provider, provider)


class ProviderRegistry(Generic[T]):
    """Provider id → ``T``, fixed once built; ``kind`` says what ``T`` is (``"sync push"``,
    ``"CRM"`` …) in the error a missing provider raises."""

    def __init__(self, kind: str, entries: Mapping[str, T | None]) -> None:
        self.kind = kind
        # ``None`` entries are providers this deployment did not wire: not registered.
        self._entries = {name: entry for name, entry in entries.items() if entry is not None}

    def resolve(self, provider: str) -> T:
        """The entry of ``provider``; :class:`UnknownProvider` when there is none."""
        entry = self._entries.get(provider)
        if entry is None:
            raise UnknownProvider(provider, kind=self.kind)
        return entry

    def __contains__(self, provider: object) -> bool:
        return provider in self._entries

    @property
    def providers(self) -> tuple[str, ...]:
        return tuple(self._entries)
