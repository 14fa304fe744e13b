"""DataExportWorkflow: build an organization's (or one person's) data export, entity by entity.
Id: ``{organization_id}:export:{export_id}``.

``begin`` marks the export running and answers the entities to write; each entity is one
activity that reads its rows in batches, writes its JSON and CSV files in chunks and
heartbeats (a retry rewrites that entity only); ``finish`` writes the manifest and makes the
export downloadable. Any business failure ends in ``fail``, so the API never shows an export
running forever. Once the link can no longer work (``FILES_KEPT`` after ``finish``, past the
link's 24 hours) ``delete_files`` removes the files: they are a copy of personal data that
would otherwise outlive retention and erasure (patch ``export-deletes-files``).

Message protocol: query ``progress() -> ExportProgress``.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior
from temporalio.exceptions import ActivityError

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.privacy import ExportActivities
    from workflows.privacy_types import (
        EntityInput,
        EntityWritten,
        ExportInput,
        ExportPlan,
        ExportProgress,
        FailInput,
        FinishInput,
    )

ENTITY_TIMEOUT = timedelta(hours=1)
HEARTBEAT = timedelta(minutes=2)
RETRY = RetryPolicy(maximum_interval=timedelta(minutes=2), maximum_attempts=5)
SHORT = timedelta(seconds=30)
# How long the files stay after ``finish``: the link's lifetime (``DOWNLOAD_TTL``, 24 hours)
# and an hour's grace for a download still streaming when it expires.
FILES_KEPT = timedelta(hours=25)
BATCH_DELETE = timedelta(minutes=5)


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class DataExportWorkflow:
    def __init__(self) -> None:
        self._progress = ExportProgress()

    @workflow.run
    async def run(self, job: ExportInput) -> ExportProgress:
        prio = priority(job.organization_id, "export")
        try:
            plan: ExportPlan = await workflow.execute_activity_method(
                ExportActivities.begin,
                job,
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                priority=prio,
            )
            self._progress = ExportProgress(status="running", entities_total=len(plan.entities))
            written: list[EntityWritten] = []
            for entity in plan.entities:
                entry = await workflow.execute_activity_method(
                    ExportActivities.write_entity,
                    EntityInput(
                        organization_id=job.organization_id,
                        export_id=job.export_id,
                        entity=entity,
                    ),
                    start_to_close_timeout=ENTITY_TIMEOUT,
                    heartbeat_timeout=HEARTBEAT,
                    retry_policy=RETRY,
                    priority=prio,
                )
                written.append(entry)
                self._progress = self._progress.model_copy(
                    update={
                        "entities_done": self._progress.entities_done + 1,
                        "rows": self._progress.rows + entry.count,
                    }
                )
            await workflow.execute_activity_method(
                ExportActivities.finish,
                FinishInput(
                    organization_id=job.organization_id,
                    export_id=job.export_id,
                    entities=written,
                ),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                priority=prio,
            )
        except ActivityError as exc:
            reason = str(exc.cause or exc)
            await workflow.execute_activity_method(
                ExportActivities.fail,
                FailInput(
                    organization_id=job.organization_id, export_id=job.export_id, reason=reason
                ),
                start_to_close_timeout=SHORT,
                retry_policy=RETRY,
                priority=prio,
            )
            self._progress = self._progress.model_copy(update={"status": "failed"})
            return self._progress
        self._progress = self._progress.model_copy(update={"status": "ready"})
        if workflow.patched("export-deletes-files"):
            await workflow.sleep(FILES_KEPT)
            await workflow.execute_activity_method(
                ExportActivities.delete_files,
                job,
                start_to_close_timeout=BATCH_DELETE,
                retry_policy=RETRY,
                priority=prio,
            )
        return self._progress

    @workflow.query
    def progress(self) -> ExportProgress:
        return self._progress
