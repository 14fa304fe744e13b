"""Why a decision (or delegation) was refused: one set of stable codes for every channel.

The API shows them as problem documents (``code`` and HTTP status as below); Slack, the
signed-link page and the dashboard turn the same codes into their own words. The chain's
refusals (the ``decide``/``delegate`` validators) arrive here through the chain gateway.

| code                   | status | meaning                                                      |
|------------------------|--------|--------------------------------------------------------------|
| ``resource_missing``   | 404    | no such approval in the caller's organization(s)             |
| ``not_a_member``       | 403    | the caller is not an active member (key, chat account)       |
| ``not_an_approver``    | 403    | the member is not an approver of an open step                |
| ``already_decided``    | 409    | the member already decided this step                         |
| ``approval_closed``    | 409    | the approval is approved, rejected or cancelled              |
| ``step_closed``        | 409    | the step is over: a button or link for a past step, or       |
|                        |        | another approver settled it while this decision was on its   |
|                        |        | way (``approval_closed`` when that settled the request)      |
| ``approval_starting``  | 409    | the chain is not running yet; retry in a moment              |
| ``invalid_delegate``   | 422    | the delegate is already an approver of the step              |
| ``temporal_unavailable`` | 503  | the workflow engine is unreachable; nothing was decided      |
"""

from __future__ import annotations

from domain.errors import Conflict, DomainError, InvalidRequest, PermissionDenied


class NotAMember(PermissionDenied):
    code = "not_a_member"


class NotAnApprover(PermissionDenied):
    code = "not_an_approver"


class AlreadyDecided(Conflict):
    code = "already_decided"


class ApprovalClosed(Conflict):
    code = "approval_closed"


class StepClosed(Conflict):
    code = "step_closed"


class ChainStarting(Conflict):
    code = "approval_starting"


class InvalidDelegate(InvalidRequest):
    code = "invalid_delegate"


class ChainUnavailable(DomainError):
    status, code, title = 503, "temporal_unavailable", "Service unavailable"


def approval_closed(status: str) -> ApprovalClosed:
    """The refusal for a request that is no longer pending (its status named for clients)."""
    return ApprovalClosed(f"the approval is already {status}", extra={"current_status": status})
