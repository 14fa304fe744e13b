"""Helpers of the tests of claimed names: organizations founded in a placement, SSO set up
with or without the registry (without it: as every save did before migration 0041)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.config import Settings
from core.crypto import SecretBox
from core.db import tenant_session
from domain.audit.service import Actor
from domain.placements.router import PlacementRouter
from domain.sso import configuration
from domain.tenancy.organizations import Bootstrap, create_organization
from domain.tenancy.permissions import ALL_PERMISSIONS


async def found(
    router: PlacementRouter, name: str, region: str, placement: str | None = None
) -> Bootstrap:
    return await create_organization(
        router,
        name=name,
        plan="white_label",
        region=region,
        placement=placement,
        owner_email=f"owner@{name.lower()}.example",
        owner_name="Owner",
        actor=Actor(type="system", id="test"),
    )


async def set_up_sso(
    router: async_sessionmaker[AsyncSession],
    settings: Settings,
    org: str,
    slug: str,
    domains: list[str],
    *,
    registry: bool = True,
) -> None:
    async with tenant_session(router, [org]) as session:
        await configuration.put_configuration(
            session,
            organization_id=org,
            values=configuration.SsoSettings(
                slug=slug,
                issuer="https://idp.example",
                client_id="client",
                client_secret="secret",
                email_domains=domains,
                default_role="viewer",
            ),
            box=SecretBox.from_settings(settings),
            actor=Actor(type="system", id="test"),
            granted_by=ALL_PERMISSIONS,
            actor_is_owner=True,
            registry=router if registry else None,
        )
