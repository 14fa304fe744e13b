"""The Asana adapter: the real ``asana`` SDK against a local stub of Asana's REST API — a task
per milestone exactly once (also when an attempt crashed before keeping the task's id), the
assignee found by e-mail, the origin marker read back until a person changes the task,
Asana's 429 with its ``Retry-After`` and a revoked token as :class:`Unauthorized`, and the
webhook handshake and signatures."""

from __future__ import annotations

import json
from datetime import date

import pytest

from integrations.asana import AsanaProjects, AsanaWebhooks
from integrations.errors import RateLimited, Unauthorized
from integrations.project_management import Task
from tests.stubs import Recorded, RecordingServer
from tests.stubs.asana import WORKSPACE, AsanaStub

TOKEN = "2/1200000000000099/1209999999999999:0123456789abcdef"


@pytest.fixture
def stub():
    with AsanaStub({TOKEN}, users={"Pat Producer": "pat@helix.example"}) as server:
        yield server


@pytest.fixture
def asana(stub):
    return AsanaProjects(TOKEN, workspace_gid=WORKSPACE, host=stub.host)


def _task(**changes) -> Task:
    fields = {
        "name": "Mixing",
        "notes": "Album: Night Drive",
        "due_on": date(2026, 12, 20),
        "completed": False,
        "key": "mst_01jd7v2x3y4z5a6b7c8d9e0f1p",
        "marker": "rev-1",
        "assignee_email": "PAT@helix.example",
    }
    return Task(**{**fields, **changes})


async def test_a_milestone_is_one_task_even_when_its_id_was_never_kept(stub, asana):
    project = await asana.ensure_container("Night Drive · prj_1", known_id=None)
    assert await asana.ensure_container("Night Drive · prj_1", known_id=None) == project
    first = await asana.upsert_task(project, _task(), known_id=None)
    # An attempt that crashed after creating the task retries without its id: found by key.
    again = await asana.upsert_task(project, _task(marker="rev-2"), known_id=None)
    assert again == first and len(stub.tasks) == 1
    task = stub.tasks[first]
    assert task["due_on"] == "2026-12-20" and task["assignee"] == {"gid": next(iter(stub.users))}
    assert task["external"]["gid"] == "mst_01jd7v2x3y4z5a6b7c8d9e0f1p"
    [state] = (await asana.read_tasks([first, "1399999999999999"])).values()
    assert (state.id, state.completed, state.marker) == (first, False, "rev-2")
    stub.complete_by_person(first)
    [state] = (await asana.read_tasks([first])).values()
    assert (state.completed, state.marker) == (True, "")  # a person's change, not our echo


async def test_a_deleted_task_or_project_is_made_again(stub, asana):
    project = await asana.ensure_container("Night Drive · prj_2", known_id=None)
    task_id = await asana.upsert_task(project, _task(), known_id=None)
    del stub.tasks[task_id]
    renewed = await asana.upsert_task(project, _task(), known_id=task_id)
    assert renewed != task_id and list(stub.tasks) == [renewed]
    del stub.projects[project]
    assert await asana.ensure_container("Night Drive · prj_2", known_id=project) != project


async def test_a_429_carries_asanas_delay_and_a_revoked_token_is_unauthorized(stub, asana):
    project = await asana.ensure_container("Night Drive · prj_3", known_id=None)
    stub.rate_limit("POST", "/tasks", retry_after=37)
    with pytest.raises(RateLimited) as limited:
        await asana.upsert_task(project, _task(), known_id=None)
    assert limited.value.retry_after == 37 and stub.tasks == {}
    stub.revoke(TOKEN)
    with pytest.raises(Unauthorized) as refused:
        await asana.check_token()
    assert refused.value.status == 401 and "Not Authorized" in refused.value.message


class EchoingTarget(RecordingServer):
    def respond(self, request: Recorded) -> tuple[int, dict[str, str], bytes]:
        answer = AsanaWebhooks().handshake(request.headers, request.body)
        return 200, dict(answer.headers) if answer else {}, b""


async def test_subscribing_makes_the_handshake_and_deliveries_are_verified(stub, asana):
    project = await asana.ensure_container("Night Drive · prj_4", known_id=None)
    task_id = await asana.upsert_task(project, _task(), known_id=None)
    with EchoingTarget() as target:
        hook = await asana.subscribe(project, f"{target.base_url}/hook")
        [handshake] = target.recorded()
        secret = handshake.headers["x-hook-secret"]
        assert stub.webhooks[hook]["secret"] == secret
        body = stub.complete_by_person(task_id)
        delivered = await target.wait_for(lambda r: r.body == body)
    hooks = AsanaWebhooks()
    assert hooks.verify(secret, delivered[0].headers, body)
    assert not hooks.verify(secret, {}, body)
    assert not hooks.verify(secret, stub.signed("forged", body), body)
    assert not hooks.verify(secret, delivered[0].headers, body.replace(b"changed", b"removed"))
    assert hooks.changed_task_ids(body) == [task_id]
    assert json.loads(body)["events"][0]["resource"]["gid"] == task_id
    await asana.unsubscribe(hook)
    assert hook not in stub.webhooks


async def test_a_large_workspace_is_not_listed_to_check_a_token_or_find_an_assignee():
    # 250 people: three pages of Asana's workspace roster. Neither connecting nor a push
    # with an assignee reads the roster page by page.
    people = {f"Person {i}": f"person{i}@helix.example" for i in range(250)}
    with AsanaStub({TOKEN}, users=people) as stub:
        asana = AsanaProjects(TOKEN, workspace_gid=WORKSPACE, host=stub.host)
        await asana.check_token()
        project = await asana.ensure_container("Night Drive · prj_5", known_id=None)
        task_id = await asana.upsert_task(
            project, _task(assignee_email="Person249@helix.example"), known_id=None
        )
        roster = stub.recorded(lambda r: r.path == f"/workspaces/{WORKSPACE}/users")
        assert len(roster) <= 1, [r.query for r in roster]
        wanted = next(g for g, e in stub.users.items() if e == "person249@helix.example")
        assert stub.tasks[task_id]["assignee"] == {"gid": wanted}
        # Someone who is not in the workspace leaves the task unassigned.
        await asana.upsert_task(
            project, _task(assignee_email="stranger@elsewhere.example"), known_id=task_id
        )
        assert stub.tasks[task_id]["assignee"] is None
