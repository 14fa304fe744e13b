"""Who is calling: API keys, principals and permission checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import set_tenant, system_session, widened_scope
from core.ids import new_id
from core.security import random_secret, same_digest, sha256
from domain.audit import service as audit
from domain.errors import InvalidRequest, NotFound, PermissionDenied, Unauthenticated
from domain.pagination import Page, paginate
from domain.placements import directory
from domain.placements.router import PlacementRouter
from domain.tenancy.models import ApiKey, Organization
from domain.tenancy.permissions import ALL_PERMISSIONS, unknown_permissions

KEY_MODES = ("live", "test")
_ID_BODY_LEN = 26
LAST_USED_RESOLUTION = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller, resolved once per request.

    ``organization_id`` is the tenant the request acts on: the key's own organization, its
    sandbox twin for a test-mode key, or a descendant chosen with ``AuditoryX-Organization``.
    """

    organization_id: str
    home_organization_id: str
    mode: str
    actor_type: str
    actor_id: str
    permissions: frozenset[str] = field(default_factory=frozenset)
    member_id: str | None = None
    # The plan of the organization acted on (a sandbox twin is counted on its live plan).
    plan: str | None = None

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        if permission not in self.permissions:
            raise PermissionDenied(
                f"this credential lacks the '{permission}' permission",
                code="missing_permission",
                extra={"missing_permission": permission},
            )


def format_key(mode: str, key_id: str, secret: str) -> str:
    return f"ax_{mode}_{key_id.removeprefix('key_')}{secret}"


def parse_key(raw: str) -> tuple[str, str, str]:
    """Split ``ax_{mode}_{id}{secret}`` into (mode, key id, secret)."""
    for mode in KEY_MODES:
        prefix = f"ax_{mode}_"
        if raw.startswith(prefix):
            body = raw[len(prefix) :]
            if len(body) < _ID_BODY_LEN + 20 or not body.isalnum():
                break
            return mode, "key_" + body[:_ID_BODY_LEN], body[_ID_BODY_LEN:]
    raise Unauthenticated(
        "the API key is malformed; expected ax_live_… or ax_test_…", code="invalid_api_key"
    )


async def create_api_key(
    session: AsyncSession,
    *,
    organization_id: str,
    name: str,
    mode: str,
    permissions: list[str] | None,
    granted_by: frozenset[str],
    created_by: str | None,
    expires_at: datetime | None,
    actor: audit.Actor,
) -> tuple[ApiKey, str]:
    """Create a key (no wider than ``granted_by``) and return it with its one-time secret."""
    if mode not in KEY_MODES:
        raise InvalidRequest("mode must be 'live' or 'test'", param="mode")
    wanted = set(permissions) if permissions is not None else set(granted_by)
    unknown = unknown_permissions(wanted)
    if unknown:
        raise InvalidRequest(f"unknown permissions: {', '.join(unknown)}", param="permissions")
    check_reach(wanted, granted_by, param="permissions", doing="create a key with")
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise InvalidRequest("expires_at must be in the future", param="expires_at")
    key_id = new_id("key")
    secret = random_secret(24)
    raw = format_key(mode, key_id, secret)
    key = ApiKey(
        id=key_id,
        organization_id=organization_id,
        name=name,
        mode=mode,
        secret_hash=sha256(raw),
        redacted=f"ax_{mode}_…{secret[-4:]}",
        permissions=sorted(wanted),
        created_by=created_by,
        expires_at=expires_at,
    )
    session.add(key)
    await session.flush()
    await audit.record(
        session,
        organization_id=organization_id,
        actor=actor,
        action="api_key.created",
        target_type="api_key",
        target_id=key_id,
        after=api_key_snapshot(key),
    )
    return key, raw


def api_key_snapshot(key: ApiKey) -> dict[str, Any]:
    return {
        "name": key.name,
        "mode": key.mode,
        "permissions": list(key.permissions),
        "expires_at": key.expires_at,
        "revoked_at": key.revoked_at,
    }


def check_reach(
    permissions: set[str] | list[str], granted_by: frozenset[str], *, param: str, doing: str
) -> None:
    """Nobody creates or revokes a key wider than their own permissions."""
    beyond = sorted(set(permissions) - granted_by)
    if beyond:
        raise PermissionDenied(
            f"you cannot {doing} permissions you lack: {', '.join(beyond)}",
            param=param,
            code="missing_permission",
            extra={"missing_permission": beyond[0]},
        )


async def revoke_api_key(
    session: AsyncSession, key: ApiKey, *, granted_by: frozenset[str], actor: audit.Actor
) -> ApiKey:
    """Revoke ``key`` for good, unless it holds permissions the caller (``granted_by``) lacks:
    a narrow key-managing key must not be able to cut off the owner's."""
    check_reach(key.permissions, granted_by, param="id", doing="revoke a key with")
    if key.revoked_at is None:
        before = api_key_snapshot(key)
        key.revoked_at = datetime.now(UTC)
        await audit.record(
            session,
            organization_id=key.organization_id,
            actor=actor,
            action="api_key.revoked",
            target_type="api_key",
            target_id=key.id,
            before=before,
            after=api_key_snapshot(key),
        )
    return key


async def authenticate(
    sessionmaker: async_sessionmaker[AsyncSession],
    raw_key: str,
    *,
    acting_as: str | None = None,
) -> Principal:
    """Resolve an API key to a principal, or raise :class:`Unauthenticated`.

    A key lives with its organization, in that organization's placement; with several
    placements the one this process last found the key in is asked first, then the others
    (docs/adr/0035-placements-and-regions.md).
    """
    if isinstance(sessionmaker, PlacementRouter) and not sessionmaker.single:
        return await _authenticate_routed(sessionmaker, raw_key, acting_as=acting_as)
    return await _authenticate_in(sessionmaker, raw_key, acting_as=acting_as)


async def _authenticate_routed(
    router: PlacementRouter, raw_key: str, *, acting_as: str | None
) -> Principal:
    _mode, key_id, _secret = parse_key(raw_key)
    remembered = router.key_placement(key_id)
    order = [name for name in router.served() if name != remembered]
    if remembered is not None:
        order.insert(0, remembered)
    unreachable: DBAPIError | None = None
    for name in order:
        try:
            principal = await _authenticate_in(
                router.placements.sessionmaker(name), raw_key, acting_as=acting_as
            )
        except Unauthenticated as exc:
            if exc.code == "invalid_api_key":
                continue  # not this placement's key
            raise
        except DBAPIError as exc:
            if not exc.connection_invalidated and not isinstance(exc, OperationalError):
                raise
            unreachable = exc  # a placement that is down cannot say "not mine"
            continue
        # A copy left behind by a move is not the key: the directory says where it lives now.
        if await router.placement_name(principal.home_organization_id) != name:
            continue
        router.remember_key(key_id, name)
        if principal.organization_id != principal.home_organization_id:
            await _route_with_home(router, principal.organization_id, name)
        return principal
    if unreachable is not None:
        raise unreachable
    raise Unauthenticated("the API key is not valid", code="invalid_api_key")


async def _route_with_home(router: PlacementRouter, organization_id: str, placement: str) -> None:
    """A sandbox twin, created on first use in its live organization's placement, is routed
    there too (a sub-organization was when it was created)."""
    if await router.placement_name(organization_id) == placement:
        return
    async with system_session(router) as control:
        await directory.assign(control, organization_id, placement)
    router.remember(organization_id, placement)


async def _authenticate_in(
    sessionmaker: async_sessionmaker[AsyncSession],
    raw_key: str,
    *,
    acting_as: str | None = None,
) -> Principal:
    """Resolve an API key to a principal in one database, or raise :class:`Unauthenticated`.

    One short transaction, usually one statement: the key with its issuer's status and its
    organization's plan (``authenticate_key``); ``last_used_at`` is written at most once a
    minute per key and never waited for.
    """
    mode, key_id, _secret = parse_key(raw_key)
    now = datetime.now(UTC)
    async with system_session(sessionmaker) as session:
        row = (
            (await session.execute(text("SELECT * FROM authenticate_key(:id)"), {"id": key_id}))
            .mappings()
            .first()
        )
        if (
            row is None
            or row["mode"] != mode
            or not same_digest(bytes(row["secret_hash"]), sha256(raw_key))
        ):
            raise Unauthenticated("the API key is not valid", code="invalid_api_key")
        if row["revoked_at"] is not None:
            raise Unauthenticated("the API key has been revoked", code="api_key_revoked")
        if row["expires_at"] is not None and row["expires_at"] <= now:
            raise Unauthenticated("the API key has expired", code="api_key_expired")
        if row["created_by"] is not None:
            _check_issuer(row["issuer_status"])

        home, plan = row["organization_id"], row["plan"]
        acting = home
        last_used = row["last_used_at"]
        due = last_used is None or now - last_used > LAST_USED_RESOLUTION
        acting_elsewhere = bool(acting_as) and acting_as != home
        # Anything more is read or written in the key's organization; most requests need
        # nothing more (one statement in all).
        if due or acting_elsewhere or mode == "test":
            await set_tenant(session, [home])
        if due:
            await _touch(session, key_id, now)
        if acting_elsewhere:
            if mode == "test":
                raise InvalidRequest(
                    "test-mode keys act only on their sandbox", param="AuditoryX-Organization"
                )
            target = await session.get(Organization, acting_as)
            # RLS shows an organization only to itself and its ancestors, so "visible and not
            # ours" means "a descendant"; anything else does not exist for this caller.
            if target is None or target.sandbox_of is not None:
                raise NotFound(f"no organization {acting_as}", param="AuditoryX-Organization")
            acting, plan = target.id, target.plan
        elif mode == "test":
            acting = await ensure_sandbox(session, home)
    return Principal(
        organization_id=acting,
        home_organization_id=home,
        mode=mode,
        actor_type="api_key",
        actor_id=key_id,
        permissions=frozenset(row["permissions"]) & ALL_PERMISSIONS,
        # The issuing member belongs to the key's own organization; in a sub-organization or
        # the sandbox the caller is the key, not that member (who is no member there).
        member_id=row["created_by"] if acting == home else None,
        plan=plan,
    )


async def _touch(session: AsyncSession, key_id: str, now: datetime) -> None:
    """Record that the key was used: at most once per ``LAST_USED_RESOLUTION``, and never
    waiting. Concurrent requests of one key all see the old value; the first takes the row,
    the others skip it rather than queue behind it (the row is a "last used" timestamp that
    every request of the key would otherwise serialise on)."""
    due = select(ApiKey.id).where(
        ApiKey.id == key_id,
        or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - LAST_USED_RESOLUTION),
    )
    await session.execute(
        update(ApiKey)
        .where(ApiKey.id.in_(due.with_for_update(skip_locked=True)))
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )


def _check_issuer(status: str | None) -> None:
    """A key acts for the member who issued it (``status`` is theirs, ``None`` once they are
    removed): while that member is disabled, or once removed, the key acts for nobody."""
    if status is None:
        raise Unauthenticated(
            "the member who issued this API key has been removed", code="member_removed"
        )
    if status != "active":
        raise Unauthenticated(
            "the member who issued this API key is disabled", code="member_disabled"
        )


async def ensure_sandbox(session: AsyncSession, live_org_id: str) -> str:
    """Return the id of the live organization's sandbox twin, creating it on first use."""
    existing = (
        await session.execute(select(Organization.id).where(Organization.sandbox_of == live_org_id))
    ).scalar_one_or_none()
    if existing:
        return existing
    live = await session.get(Organization, live_org_id)
    if live is None:
        raise NotFound(f"no organization {live_org_id}")
    sandbox_id = new_id("org")
    name = f"{live.name} (sandbox)"
    async with widened_scope(session, [live_org_id], [sandbox_id]):
        # Concurrent first requests race here; the unique sandbox_of decides, the loser re-reads.
        inserted = (
            await session.execute(
                insert(Organization)
                .values(
                    id=sandbox_id,
                    parent_id=None,
                    path=[sandbox_id],
                    name=name,
                    plan=live.plan,
                    region=live.region,
                    settings={},
                    sandbox_of=live_org_id,
                )
                .on_conflict_do_nothing(index_elements=[Organization.sandbox_of])
                .returning(Organization.id)
            )
        ).scalar_one_or_none()
        if inserted is not None:
            await audit.record(
                session,
                organization_id=sandbox_id,
                actor=audit.Actor.system(),
                action="organization.created",
                target_type="organization",
                target_id=sandbox_id,
                after={"name": name, "sandbox_of": live_org_id},
            )
            return sandbox_id
    return (
        await session.execute(select(Organization.id).where(Organization.sandbox_of == live_org_id))
    ).scalar_one()


async def list_api_keys(
    session: AsyncSession,
    *,
    organization_id: str,
    include_revoked: bool = False,
    limit: int,
    starting_after: str | None,
) -> Page[ApiKey]:
    """The organization's API keys, newest first; revoked ones only when asked for."""
    stmt = select(ApiKey).where(ApiKey.organization_id == organization_id)
    if not include_revoked:
        stmt = stmt.where(ApiKey.revoked_at.is_(None))
    return await paginate(session, stmt, ApiKey.id, limit=limit, starting_after=starting_after)
