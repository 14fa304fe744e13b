"""Salesforce's Bulk API 2.0 ingest jobs, for pushing thousands of records in a few calls: a
job upserting one object by its external id field, its CSV uploaded, closed
(``UploadComplete``), its state read until ``JobComplete`` or ``Failed``, and its successful
and failed rows read back. Knows nothing of Temporal: the caller polls (with durable timers).

Failures are the shared family of ``integrations/errors.py``, as for the REST client
(``integrations/salesforce.py``): a refused session is :class:`Unauthorized`, and so on.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from integrations.errors import Unauthorized, Unavailable
from integrations.oauth import TokenCredentials
from integrations.salesforce import (
    API_VERSION,
    EXTERNAL_ID_FIELD,
    PROVIDER,
    VerifyingSession,
    refusal,
)

# A relationship column: the parent Account named by our id in its external id field.
ACCOUNT_BY_KEY = f"Account.{EXTERNAL_ID_FIELD}"


@dataclass(frozen=True, slots=True)
class BulkJob:
    id: str
    state: str
    processed: int = 0
    failed: int = 0
    error_message: str = ""


def to_csv(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> str:
    """The CSV of ``rows`` (LF line endings, every value quoted where needed)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue()


def _job(body: Mapping[str, Any]) -> BulkJob:
    return BulkJob(
        id=str(body["id"]),
        state=str(body.get("state") or ""),
        processed=int(body.get("numberRecordsProcessed") or 0),
        failed=int(body.get("numberRecordsFailed") or 0),
        error_message=str(body.get("errorMessage") or ""),
    )


class SalesforceBulk:
    """Ingest jobs on one organization's instance with one access token."""

    def __init__(self, credentials: TokenCredentials, *, verify: bool | str = True) -> None:
        if not credentials.instance_url:
            raise Unauthorized("the connection has no Salesforce instance URL", provider=PROVIDER)
        self._base = f"{credentials.instance_url}/services/data/v{API_VERSION}/jobs/ingest"
        self._session = VerifyingSession()
        self._session.verify = verify
        self._session.headers["Authorization"] = f"Bearer {credentials.access_token}"

    def _send(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        answer = self._session.request(method, self._base + path, timeout=120, **kwargs)
        if answer.status_code >= 400:
            try:
                content: Any = answer.json()
            except ValueError:
                content = answer.text
            raise refusal(answer.status_code, content)
        return answer

    async def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        try:
            return await asyncio.to_thread(self._send, method, path, **kwargs)
        except requests.RequestException as exc:
            raise Unavailable(
                f"Salesforce is unreachable: {type(exc).__name__}", provider=PROVIDER
            ) from None

    async def create_upsert_job(self, sobject: str) -> BulkJob:
        """An open job upserting ``sobject`` rows by ``AuditoryX_Id__c``."""
        answer = await self._call(
            "POST",
            "",
            json={
                "object": sobject,
                "externalIdFieldName": EXTERNAL_ID_FIELD,
                "contentType": "CSV",
                "operation": "upsert",
                "lineEnding": "LF",
            },
        )
        return _job(answer.json())

    async def upload(self, job_id: str, data: str) -> None:
        """The job's rows, as CSV (one upload per job: up to 100 MB)."""
        await self._call(
            "PUT",
            f"/{job_id}/batches",
            data=data.encode(),
            headers={"Content-Type": "text/csv"},
        )

    async def close(self, job_id: str) -> BulkJob:
        """``UploadComplete``: Salesforce queues the job for processing."""
        answer = await self._call("PATCH", f"/{job_id}", json={"state": "UploadComplete"})
        return _job(answer.json())

    async def job(self, job_id: str) -> BulkJob:
        return _job((await self._call("GET", f"/{job_id}")).json())

    async def _results(self, job_id: str, which: str) -> list[dict[str, str]]:
        answer = await self._call("GET", f"/{job_id}/{which}/")
        return list(csv.DictReader(io.StringIO(answer.text)))

    async def successful_results(self, job_id: str) -> list[dict[str, str]]:
        """Each processed row with ``sf__Id`` (the record's id) and ``sf__Created``."""
        return await self._results(job_id, "successfulResults")

    async def failed_results(self, job_id: str) -> list[dict[str, str]]:
        """Each refused row with ``sf__Error`` (``CODE:message:fields --``)."""
        return await self._results(job_id, "failedResults")
