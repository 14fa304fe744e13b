"""Unit tests: how events read in Slack, and where in its interval an organization reconciles."""

from __future__ import annotations

from datetime import timedelta

from activities.slack_notices import describe
from domain.events.service import CATALOG
from integrations.slack_notices import notice_blocks, notice_text
from workflows.clients.reconcile import reconcile_schedule, schedule_offset


def test_every_cataloged_example_renders_with_a_headline_and_escaped_fields():
    for event_type, (_description, example) in CATALOG.items():
        headline, fields = describe(event_type, example)
        assert headline, event_type
        blocks = notice_blocks(
            title="T", headline=headline, fields=fields, event_type=event_type, event_id="ev_1"
        )
        assert [b["type"] for b in blocks] == ["header", "section", "context"]
        assert len(blocks[1].get("fields", [])) <= 10


def test_an_approval_reads_as_its_summary_and_user_text_is_escaped():
    headline, fields = describe(
        "approval.decided",
        {
            "object": "approval_request",
            "summary": "Mix <rush> & master",
            "status": "rejected",
            "amount": "1200.00",
            "currency": "EUR",
            "reason": "over <budget>",
        },
    )
    assert headline == "Mix <rush> & master"
    assert fields == [
        ("Status", "rejected"),
        ("Amount", "1200.00 EUR"),
        ("Reason", "over <budget>"),
    ]
    blocks = notice_blocks(
        title="Approval decided",
        headline=headline,
        fields=fields,
        event_type="approval.decided",
        event_id="ev_2",
    )
    assert blocks[1]["text"]["text"] == "*Mix &lt;rush&gt; &amp; master*"
    assert blocks[1]["fields"][2]["text"] == "*Reason*\nover &lt;budget&gt;"
    assert notice_text("Approval decided", headline) == "Approval decided: Mix <rush> & master"


def test_offsets_are_stable_per_organization_inside_the_interval_and_spread_out():
    day = timedelta(hours=24)
    offsets = {schedule_offset(f"org_{i:04d}", day) for i in range(200)}
    assert all(timedelta(0) <= o < day for o in offsets)
    assert len(offsets) > 150  # not everyone at midnight
    assert schedule_offset("org_a", day) == schedule_offset("org_a", day)
    [interval] = reconcile_schedule(
        "org_a", "hubspot", every_hours=6, task_queue="q"
    ).spec.intervals
    assert interval.every == timedelta(hours=6) and interval.offset < timedelta(hours=6)
