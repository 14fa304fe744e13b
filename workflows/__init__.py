"""Temporal workflows. Deterministic: no I/O, time from ``workflow.now()``."""

from __future__ import annotations

from temporalio.common import SearchAttributeKey

# Custom search attributes registered on the Temporal namespace (`auditoryx dev` does it at
# start; production registers them once, see docs/operations.md).
ORGANIZATION_ID = SearchAttributeKey.for_keyword("OrganizationId")
SUBJECT_TYPE = SearchAttributeKey.for_keyword("SubjectType")
SEARCH_ATTRIBUTES: dict[str, str] = {
    ORGANIZATION_ID.name: "Keyword",
    SUBJECT_TYPE.name: "Keyword",
}
