"""Temporal client factory: every client in the project uses the pydantic data converter."""

from __future__ import annotations

from temporalio.client import Client
from temporalio.contrib.pydantic import pydantic_data_converter

from core.config import Settings


async def connect_temporal(settings: Settings, *, identity: str | None = None) -> Client:
    """Connect to the configured Temporal frontend and namespace."""
    return await Client.connect(
        settings.temporal_address,
        namespace=settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        identity=identity,
    )


def workflow_id(organization_id: str, kind: str, key: str) -> str:
    """The one spelling of workflow ids: ``{org}:{kind}:{key}`` (tenant prefix first)."""
    return f"{organization_id}:{kind}:{key}"


def belongs_to(workflow_id_: str, organization_id: str) -> bool:
    """True when a workflow id carries this organization's prefix."""
    return workflow_id_.startswith(f"{organization_id}:")
