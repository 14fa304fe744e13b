"""Approve what waits for you: run with an approver's own key.

    AUDITORYX_API_KEY=ax_live_<manager's key> python approve.py

Lists the pending approval requests the caller may decide, approves each, and waits for every
chain to finish (a chain of several steps may still need other approvers).
"""

from __future__ import annotations

import sys

from auditoryx import Backoff, Client, ConflictError
from auditoryx.models import ApprovalOut


def approve_pending(client: Client, *, comment: str = "approved via the SDK") -> list[ApprovalOut]:
    decided: list[ApprovalOut] = []
    for request in client.approvals.list(status="pending", approver="me"):
        try:
            client.approvals.decide(request.id, decision="approve", comment=comment)
        except ConflictError as exc:  # decided meanwhile, or not this caller's step yet
            print(f"{request.id}: {exc.code}", file=sys.stderr)
            continue
        decided.append(client.approvals.wait(request.id, backoff=Backoff(timeout=60)))
    return decided


def main() -> int:
    with Client() as client:
        for approval in approve_pending(client):
            print(f"{approval.id} {approval.subject_type} {approval.summary}: {approval.status}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
