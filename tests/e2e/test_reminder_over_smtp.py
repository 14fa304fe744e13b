"""A real reminder, end to end on the components `auditoryx dev` runs: the Temporal dev server,
the project's worker, the API, PostgreSQL, and the dev mail sink listening on SMTP. The
organization's reminder offset is one minute, so the reminder is due seconds after booking."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from zoneinfo import ZoneInfo

import pytest

from core.devstack import free_port
from core.mail_sink import MailSink, stored_mail
from core.workflow_ids import dispatcher_workflow_id
from relays.lifecycle import ensure_all
from relays.sweep import running_sweeps
from tests.support.approvals import WEEK
from tests.support.harness import deployment_for, route_to
from worker import SWEEPS, build_worker
from workflows.clients.lifecycle import report_schedule_id

pytestmark = pytest.mark.e2e


async def test_a_reminder_reaches_the_smtp_sink(
    dev_server_env, engine, sessionmaker, app_factory, settings, org_a, owner_conninfo, tmp_path
):
    sink = MailSink(tmp_path / "mail", free_port())
    sink.start()
    queue = f"e2e-mail-{uuid.uuid4().hex[:8]}"
    worker_settings = settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": sink.port, "temporal_task_queue": queue}
    )
    api = await app_factory(temporal_client=dev_server_env.client, temporal_task_queue=queue)
    worker = build_worker(
        dev_server_env.client,
        engine,
        task_queue=queue,
        identity="e2e",
        settings=worker_settings,
        deployment_config=deployment_for(queue),
    )
    # The worker process runs its sweeps too; the event relay is what wakes the dispatcher
    # when the booking commits.
    [relay] = [sweep for sweep in SWEEPS if sweep.name == "event relay"]
    try:
        async with (
            worker,
            running_sweeps([relay], sessionmaker, dev_server_env.client, task_queue=queue),
        ):
            await route_to(dev_server_env, worker)
            # The worker's start-up sweep: a dispatcher and a report schedule per organization.
            assert await ensure_all(sessionmaker, dev_server_env.client, task_queue=queue) >= 1
            schedule = await dev_server_env.client.get_schedule_handle(
                report_schedule_id(org_a.id)
            ).describe()
            # The server stores the cron as calendar specs: Monday 08:00 in UTC.
            (calendar,) = schedule.schedule.spec.calendars
            assert calendar.hour[0].start == 8 and calendar.day_of_week[0].start == 1
            r = await api.patch(
                "/v1/communication-settings",
                headers=org_a.headers,
                json={"reminder_offsets_minutes": [1], "brand_name": "Northstar"},
            )
            assert r.status_code == 200, r.text
            creator = await api.post(
                "/v1/creators",
                headers=org_a.headers,
                json={
                    "name": "Pat Producer",
                    "email": "pat@studio.example",
                    "timezone": "America/New_York",
                    "currency": "USD",
                    "working_hours": WEEK,
                },
            )
            assert creator.status_code == 201, creator.text
            start = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=75)
            booking = await api.post(
                "/v1/bookings",
                headers=org_a.headers,
                json={
                    "creator_id": creator.json()["id"],
                    "start": start.isoformat(),
                    "end": (start + timedelta(hours=1)).isoformat(),
                    "title": "Vocal tracking",
                    "status": "confirmed",
                },
            )
            assert booking.status_code == 201, booking.text

            reminder = None
            for _ in range(120):
                found = [
                    m
                    for m in stored_mail(sink.directory)
                    if (m.message["Subject"] or "").startswith("Reminder")
                    and m.message["To"] == "pat@studio.example"
                ]
                if found:
                    reminder = found[0]
                    break
                await asyncio.sleep(0.5)
            assert reminder is not None, [m.summary for m in stored_mail(sink.directory)]
            assert datetime.now(UTC) < start  # before the session, never after
            text = reminder.text()
            local = start.astimezone(ZoneInfo("America/New_York"))
            assert local.strftime("%H:%M") in text and "America/New_York" in text
            assert "Northstar" in text
            assert reminder.message["X-AuditoryX-Notice"] == "reminder"
            # The brand is the sender's name; the address stays the deployment's own.
            assert parseaddr(reminder.message["From"]) == (
                "Northstar",
                parseaddr(settings.email_from)[1],
            )
            with contextlib.suppress(Exception):
                await dev_server_env.client.get_workflow_handle(
                    dispatcher_workflow_id(org_a.id)
                ).terminate("test over")
    finally:
        sink.stop()
