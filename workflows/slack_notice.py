"""SlackNoticeWorkflow: post one event to one routed Slack channel, once.
Id: ``{organization_id}:slack-notice:{event_id}:{channel}``, started with REJECT_DUPLICATE,
so a relay sweep repeated after a crash never posts the same event to a channel twice.

The post is one activity with a retry policy: Slack's 429 comes back as a retry after its
``Retry-After``, network errors and 5xx back off, a refusal (channel not found, bot not in
the channel, token revoked) is final. The result carries the message's ``ts``.

Message protocol: none besides the result.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy, VersioningBehavior
from temporalio.exceptions import ActivityError

from workflows.priorities import priority

with workflow.unsafe.imports_passed_through():
    from activities.slack_notices import SlackNoticeActivities
    from workflows.slack_notice_types import NoticeInput, NoticeResult

POST_TIMEOUT = timedelta(seconds=60)
POST_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=5),
    backoff_coefficient=2.0,
    maximum_interval=timedelta(minutes=10),
    maximum_attempts=10,
)


@workflow.defn(versioning_behavior=VersioningBehavior.PINNED)
class SlackNoticeWorkflow:
    @workflow.run
    async def run(self, notice: NoticeInput) -> NoticeResult:
        try:
            return await workflow.execute_activity_method(
                SlackNoticeActivities.post,
                notice,
                start_to_close_timeout=POST_TIMEOUT,
                retry_policy=POST_RETRY,
                priority=priority(notice.organization_id, "slack-notice"),
            )
        except ActivityError as exc:
            cause = exc.cause
            return NoticeResult(
                status="failed",
                channel=notice.channel,
                error=str(getattr(cause, "message", None) or cause or exc),
            )
