"""Messages of the Salesforce backfill. Optional fields have defaults (histories replay)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# Above this many records a backfill goes through Bulk API 2.0 ingest jobs; at or below it,
# through each entity's own sync (one REST upsert each).
BULK_THRESHOLD = 2000
# The objects a backfill upserts, parents first (a Contact names its Account by our id).
BACKFILL_OBJECTS: tuple[str, ...] = ("Account", "Contact")
ERROR_SAMPLES = 10  # refused rows a job summary quotes (the count is exact)


class BackfillInput(BaseModel):
    """Push every client of the organization to Salesforce. ``threshold``: the most records
    pushed one upsert at a time; ``poll_seconds``: the first wait before a job's state is
    read again (doubling up to ``max_poll_seconds``)."""

    organization_id: str
    threshold: int = BULK_THRESHOLD
    poll_seconds: int = 5
    max_poll_seconds: int = 300
    reason: str = "connected"


class BackfillPlan(BaseModel):
    """How many clients are to be pushed; ``stopped`` names why nothing can be (not
    connected)."""

    records: int = 0
    stopped: str | None = None


class BulkJobInput(BaseModel):
    organization_id: str
    sobject: str
    job_id: str | None = None


class BulkJobState(BaseModel):
    job_id: str
    state: str
    processed: int = 0
    failed: int = 0
    error_message: str = ""

    @property
    def finished(self) -> bool:
        """Whether the job's state can change no more (the workflow stops polling)."""
        return self.state in ("JobComplete", "Failed", "Aborted")


class BulkJobSummary(BaseModel):
    """What one ingest job did: its rows upserted (their ids kept as external mappings) and
    refused (each client's sync state shows Salesforce's words)."""

    sobject: str
    job_id: str
    state: str
    succeeded: int = 0
    failed: int = 0
    error_message: str = ""
    error_samples: list[str] = Field(default_factory=list)


class BackfillSummary(BaseModel):
    organization_id: str
    mode: Literal["bulk", "per_record", "stopped"]
    records: int = 0
    reason: str = ""
    stopped: str | None = None
    jobs: list[BulkJobSummary] = Field(default_factory=list)
