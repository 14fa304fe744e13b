"""SCIM 2.0 provisioning (RFC 7644): ``/scim/v2/Users``, ``/Groups`` and discovery.

An identity provider (Okta, Entra ID) authenticates with the organization's SCIM token; a
user is a member and a group grants the role the organization maps it to. Every write goes
through ``domain.scim`` (and from there through the member services), and is audited with the
token as the actor. ``meta.version`` is the ETag; a write with a stale ``If-Match`` is 412.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession

from api.deps import refuse_nul
from api.scim import discovery, patch
from api.scim.resources import (
    GROUP_SCHEMA,
    USER_SCHEMA,
    group_fields,
    list_response,
    project,
    render_group,
    render_user,
    user_fields,
)
from api.scim.transport import (
    PREFIX,
    ListQueryDep,
    ProjectionDep,
    ProvisionerDep,
    ScimActorDep,
    ScimRoute,
    ScimSession,
    base_url,
    json_body,
    scim_json,
)
from domain.audit import service as audit
from domain.errors import NotFound
from domain.scim import groups, users

router = APIRouter(prefix=PREFIX, tags=["scim"], route_class=ScimRoute, include_in_schema=False)

IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=1000)]


async def _body(request: Request) -> Any:
    body = await json_body(request)
    refuse_nul(body, ("body",))
    return body


# --- discovery ------------------------------------------------------------------------------


@router.get("/ServiceProviderConfig")
async def scim_service_provider_config(request: Request) -> Response:
    return scim_json(discovery.service_provider_config(base_url(request), users.MAX_PAGE))


@router.get("/ResourceTypes")
async def scim_resource_types(request: Request) -> Response:
    found = discovery.resource_types(base_url(request))
    return scim_json(list_response(found, total=len(found), start_index=1))


@router.get("/ResourceTypes/{name}")
async def scim_resource_type(request: Request, name: str) -> Response:
    for resource_type in discovery.resource_types(base_url(request)):
        if resource_type["id"] == name:
            return scim_json(resource_type)
    raise NotFound(f"no resource type {name}")


@router.get("/Schemas")
async def scim_schemas(request: Request) -> Response:
    found = discovery.schemas(base_url(request))
    return scim_json(list_response(found, total=len(found), start_index=1))


@router.get("/Schemas/{schema_id}")
async def scim_schema(request: Request, schema_id: str) -> Response:
    for schema in discovery.schemas(base_url(request)):
        if schema["id"] == schema_id:
            return scim_json(schema)
    raise NotFound(f"no schema {schema_id}")


# --- users ----------------------------------------------------------------------------------


@router.get("/Users")
async def scim_list_users(
    request: Request,
    provisioner: ProvisionerDep,
    session: ScimSession,
    query: ListQueryDep,
    projection: ProjectionDep,
) -> Response:
    page = await users.list_users(
        session,
        organization_id=provisioner.organization_id,
        filter_node=query.filter,
        start_index=query.start_index,
        count=query.count,
    )
    base = base_url(request)
    resources = [project(render_user(v, base), USER_SCHEMA, projection) for v in page.views]
    return scim_json(list_response(resources, total=page.total, start_index=query.start_index))


@router.post("/Users")
async def scim_create_user(
    request: Request, provisioner: ProvisionerDep, session: ScimSession, actor: ScimActorDep
) -> Response:
    view = await users.create_user(
        session,
        organization_id=provisioner.organization_id,
        fields=user_fields(await _body(request)),
        actor=actor,
    )
    return _user(request, view, status=201)


def _user(request: Request, view: users.UserView, *, status: int = 200) -> Response:
    body = render_user(view, base_url(request))
    location = body["meta"]["location"] if status == 201 else None
    return scim_json(body, status=status, etag=view.version, location=location)


@router.get("/Users/{id}")
async def scim_get_user(
    request: Request,
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    projection: ProjectionDep,
) -> Response:
    view = await users.get_user(session, id)
    body = project(render_user(view, base_url(request)), USER_SCHEMA, projection)
    return scim_json(body, etag=view.version)


@router.put("/Users/{id}")
async def scim_replace_user(
    request: Request,
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    actor: ScimActorDep,
    if_match: IfMatch = None,
) -> Response:
    body = await _body(request)
    view = await users.get_user(session, id, for_update=True)
    users.check_version(view, if_match)
    fields = user_fields(body, previous=render_user(view, base_url(request)))
    return _user(request, await users.replace_user(session, view, fields=fields, actor=actor))


@router.patch("/Users/{id}")
async def scim_patch_user(
    request: Request,
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    actor: ScimActorDep,
    if_match: IfMatch = None,
) -> Response:
    ops = patch.operations(await _body(request))
    view = await users.get_user(session, id, for_update=True)
    users.check_version(view, if_match)
    current = render_user(view, base_url(request))
    patched = patch.apply(current, ops, USER_SCHEMA)
    fields = user_fields(patched, previous=current)
    return _user(request, await users.replace_user(session, view, fields=fields, actor=actor))


@router.delete("/Users/{id}")
async def scim_delete_user(
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    actor: ScimActorDep,
    if_match: IfMatch = None,
) -> Response:
    view = await users.get_user(session, id, for_update=True)
    users.check_version(view, if_match)
    await users.delete_user(session, view, actor=actor)
    return Response(status_code=204)


# --- groups ---------------------------------------------------------------------------------


@router.get("/Groups")
async def scim_list_groups(
    request: Request,
    provisioner: ProvisionerDep,
    session: ScimSession,
    query: ListQueryDep,
    projection: ProjectionDep,
) -> Response:
    page = await groups.list_groups(
        session,
        organization_id=provisioner.organization_id,
        filter_node=query.filter,
        start_index=query.start_index,
        count=query.count,
    )
    base = base_url(request)
    resources = [project(render_group(v, base), GROUP_SCHEMA, projection) for v in page.views]
    return scim_json(list_response(resources, total=page.total, start_index=query.start_index))


def _group(request: Request, view: groups.GroupView, *, status: int = 200) -> Response:
    body = render_group(view, base_url(request))
    location = body["meta"]["location"] if status == 201 else None
    return scim_json(body, status=status, etag=view.version, location=location)


async def _replace_group(
    request: Request,
    session: AsyncSession,
    view: groups.GroupView,
    body: Any,
    actor: audit.Actor,
) -> Response:
    """The group made what ``body`` (a PUT, or the group with a PATCH applied) says."""
    display_name, external_id, member_ids = group_fields(body)
    replaced = await groups.replace_group(
        session,
        view,
        display_name=display_name,
        external_id=external_id,
        member_ids=member_ids,
        actor=actor,
    )
    return _group(request, replaced)


@router.post("/Groups")
async def scim_create_group(
    request: Request, provisioner: ProvisionerDep, session: ScimSession, actor: ScimActorDep
) -> Response:
    display_name, external_id, member_ids = group_fields(await _body(request))
    view = await groups.create_group(
        session,
        organization_id=provisioner.organization_id,
        display_name=display_name,
        external_id=external_id,
        member_ids=member_ids,
        actor=actor,
    )
    return _group(request, view, status=201)


@router.get("/Groups/{id}")
async def scim_get_group(
    request: Request,
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    projection: ProjectionDep,
) -> Response:
    view = await groups.get_group(session, id)
    body = project(render_group(view, base_url(request)), GROUP_SCHEMA, projection)
    return scim_json(body, etag=view.version)


@router.put("/Groups/{id}")
async def scim_replace_group(
    request: Request,
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    actor: ScimActorDep,
    if_match: IfMatch = None,
) -> Response:
    body = await _body(request)
    view = await groups.get_group(session, id, for_update=True)
    users.check_version(view, if_match)
    return await _replace_group(request, session, view, body, actor)


@router.patch("/Groups/{id}")
async def scim_patch_group(
    request: Request,
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    actor: ScimActorDep,
    if_match: IfMatch = None,
) -> Response:
    ops = patch.operations(await _body(request))
    view = await groups.get_group(session, id, for_update=True)
    users.check_version(view, if_match)
    patched = patch.apply(render_group(view, base_url(request)), ops, GROUP_SCHEMA)
    return await _replace_group(request, session, view, patched, actor)


@router.delete("/Groups/{id}")
async def scim_delete_group(
    id: str,
    provisioner: ProvisionerDep,
    session: ScimSession,
    actor: ScimActorDep,
    if_match: IfMatch = None,
) -> Response:
    view = await groups.get_group(session, id, for_update=True)
    users.check_version(view, if_match)
    await groups.delete_group(session, view, actor=actor)
    return Response(status_code=204)
