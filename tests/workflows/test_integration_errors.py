"""How integration failures reach Temporal: one translation for every provider, and a sync
for a provider nobody registered fails once, clearly, instead of retrying."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.worker import Worker

from activities.errors import to_application_error
from activities.sync import SyncActivities
from core.crypto import SecretBox
from integrations.errors import (
    IntegrationError,
    RateLimited,
    Rejected,
    Unauthorized,
    Unavailable,
    UnknownProvider,
)
from integrations.registry import ProviderRegistry
from workflows.clients.sync import sync_workflow_id
from workflows.sync import SyncWorkflow
from workflows.sync_types import SyncInput


def test_a_rate_limit_is_retried_after_the_providers_delay() -> None:
    error = to_application_error(RateLimited(30, provider="hubspot"), during="the push")
    assert error.type == "RateLimited" and not error.non_retryable
    assert error.next_retry_delay == timedelta(seconds=30)
    assert error.message == "HubSpot rate limited the push; retrying after 30 s"


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (Rejected("Property values were not valid", provider="hubspot", status=400), "Rejected"),
        (Unauthorized("token revoked", provider="quickbooks", status=401), "AuthError"),
    ],
)
def test_a_refusal_is_not_retried_and_keeps_the_providers_words(
    exc: IntegrationError, kind: str
) -> None:
    error = to_application_error(exc, refused="the invoice")
    assert error.type == kind and error.non_retryable
    assert error.message.endswith(f"refused the invoice: {exc.message}")


@pytest.mark.parametrize(
    "exc",
    [
        Unavailable("HubSpot answered 502", provider="hubspot", status=502),
        IntegrationError("something else went wrong", provider="smtp"),
    ],
)
def test_anything_else_is_retried_with_the_workflows_backoff(exc: IntegrationError) -> None:
    error = to_application_error(exc)
    assert error.type == "Transient" and not error.non_retryable
    assert error.next_retry_delay is None and error.message == exc.message


def test_the_registry_refuses_a_provider_nobody_registered() -> None:
    registry = ProviderRegistry[str]("sync push", {"hubspot": "crm push", "quickbooks": None})
    assert registry.resolve("hubspot") == "crm push"
    assert "quickbooks" not in registry and registry.providers == ("hubspot",)
    with pytest.raises(UnknownProvider) as refused:
        registry.resolve("quickbooks")
    assert isinstance(refused.value, Rejected)
    assert refused.value.message == "no sync push is registered for provider 'quickbooks'"
    error = to_application_error(refused.value)
    assert error.type == "UnknownProvider" and error.non_retryable


async def test_a_sync_for_an_unregistered_provider_fails_once_with_the_reason(
    time_skipping_env, sessionmaker, settings
) -> None:
    queue = f"unknown-{uuid.uuid4().hex[:8]}"
    box = SecretBox(settings.secret_key, settings.previous_secret_keys)
    syncs = SyncActivities(sessionmaker, box)  # QuickBooks invoicing is not wired
    sync = SyncInput(
        organization_id=f"org_{uuid.uuid4().hex[:8]}",
        provider="quickbooks",
        entity_type="booking",
        entity_id="bkg_1",
    )
    async with Worker(
        time_skipping_env.client,
        task_queue=queue,
        workflows=[SyncWorkflow],
        activities=[syncs.push],
    ):
        handle = await time_skipping_env.client.start_workflow(
            SyncWorkflow.run, sync, id=sync_workflow_id(sync), task_queue=queue
        )
        result = await handle.result()
    assert result.status == "failed"
    assert result.error == "no sync push is registered for provider 'quickbooks'"
    history = await handle.fetch_history()
    failed = [
        e.activity_task_failed_event_attributes.failure
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED
    ]
    assert len(failed) == 1
    assert failed[0].application_failure_info.type == "UnknownProvider"
    assert failed[0].application_failure_info.non_retryable
