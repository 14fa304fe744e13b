"""The one spelling of workflow ids: ``{organization_id}:{kind}:{key}``, tenant prefix first.

Pure string functions with no import of ours, so workflows (inside their sandbox), their
clients, activities (as audit actors), the domain and the API all spell an id the same way.
"""

from __future__ import annotations


def workflow_id(organization_id: str, kind: str, key: str) -> str:
    """``{organization_id}:{kind}:{key}``."""
    return f"{organization_id}:{kind}:{key}"


def approval_workflow_id(organization_id: str, request_id: str) -> str:
    """The ApprovalChainWorkflow of one approval request."""
    return workflow_id(organization_id, "approval", request_id)


def bulk_workflow_id(organization_id: str, batch_id: str) -> str:
    """The BulkBookingWorkflow of one batch."""
    return workflow_id(organization_id, "bulk", batch_id)


def project_workflow_id(organization_id: str, project_id: str) -> str:
    """The ProjectWorkflow of one project."""
    return workflow_id(organization_id, "project", project_id)


def dispatcher_workflow_id(organization_id: str) -> str:
    """The organization's one LifecycleDispatcherWorkflow."""
    return workflow_id(organization_id, "lifecycle", "dispatcher")


def weekly_report_workflow_id(organization_id: str) -> str:
    """The runs of the organization's weekly stakeholder report schedule."""
    return workflow_id(organization_id, "report", "weekly")


def trial_workflow_id(organization_id: str) -> str:
    """The organization's TrialWorkflow (an organization has one trial)."""
    return workflow_id(organization_id, "trial", organization_id)


def tenant_move_workflow_id(organization_id: str, move_id: str) -> str:
    """The TenantMoveWorkflow of one move of the organization (to another placement)."""
    return workflow_id(organization_id, "tenant-move", move_id)


SYSTEM_PREFIX = "system:"


def is_system_workflow(workflow_id: str) -> bool:
    """A workflow of no organization (its id names none): it runs on the system queue, and
    its activities may concern an organization of any region."""
    return workflow_id.startswith(SYSTEM_PREFIX)


def organization_deletion_workflow_id(deletion_id: str) -> str:
    """The OrganizationDeletionWorkflow of one deletion request. Its id names no organization
    on purpose: the run outlives the organization's payload keys (it destroys them), so its
    history is not sealed with them. It carries ids and counts only."""
    return f"{SYSTEM_PREFIX}organization-deletion:{deletion_id}"
