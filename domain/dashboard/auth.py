"""Members signing in to the web dashboard: passwords, rate limits, server-side sessions and
single-use password links.

A session is a row in PostgreSQL; the browser holds only a random 256-bit token whose SHA-256
is stored, so a database leak yields no usable cookie, and signing out or changing the
password ends sessions at once. Permissions come from the member's role, exactly as for the
API keys a member issues, so the dashboard can never do more than the API would allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.db import find_anywhere, find_everywhere, system_session, tenant_session
from core.ids import new_id
from core.security import hmac_hex, random_secret, sha256
from domain.audit import service as audit
from domain.dashboard.models import DashboardSession, MemberCredential, PasswordToken, SignInFailure
from domain.dashboard.passwords import hash_password, verify_password
from domain.errors import Conflict, DomainError, NotFound, Unauthenticated
from domain.tenancy.access import Principal
from domain.tenancy.members import role_permissions
from domain.tenancy.models import Member, Organization

SESSION_TTL = timedelta(hours=12)
IDLE_TIMEOUT = timedelta(hours=2)
LAST_SEEN_RESOLUTION = timedelta(seconds=60)
TOKEN_BYTES = 32
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_EMAIL = 5
MAX_FAILURES_PER_IP = 30
PASSWORD_LINK_TTL = timedelta(hours=48)
# Seeds the advisory lock ids of sign-in keys, apart from any other advisory lock.
_LOCK_SEED = 0x5167_4E49


class TooManyAttempts(DomainError):
    status, code, title = 429, "rate_limited", "Too many requests"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            f"too many failed sign-ins; try again in {max(1, retry_after // 60)} minutes"
        )
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Candidate:
    organization_id: str
    organization_name: str
    member_id: str


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A live dashboard session, resolved once per request."""

    session_id: str
    csrf_secret: str
    member: Member
    organization: Organization
    principal: Principal


# --- passwords ------------------------------------------------------------------------------


async def set_password(
    session: AsyncSession, member: Member, password: str, *, actor: audit.Actor
) -> None:
    """Set (or replace) a member's password and end every session they had."""
    stored = hash_password(password)
    await session.execute(
        insert(MemberCredential)
        .values(
            organization_id=member.organization_id,
            member_id=member.id,
            password_hash=stored,
            updated_at=datetime.now(UTC),
        )
        .on_conflict_do_update(
            index_elements=[MemberCredential.organization_id, MemberCredential.member_id],
            set_={"password_hash": stored, "updated_at": datetime.now(UTC)},
        )
    )
    await session.execute(delete(DashboardSession).where(DashboardSession.member_id == member.id))
    await audit.record(
        session,
        organization_id=member.organization_id,
        actor=actor,
        action="member.password_set",
        target_type="member",
        target_id=member.id,
    )


async def create_password_link(
    session: AsyncSession, member: Member, *, ttl: timedelta = PASSWORD_LINK_TTL
) -> str:
    """A single-use token for an invite or reset link; only its hash is stored."""
    token = random_secret(TOKEN_BYTES)
    session.add(
        PasswordToken(
            id=new_id("pwt"),
            organization_id=member.organization_id,
            member_id=member.id,
            token_hash=sha256(token),
            expires_at=datetime.now(UTC) + ttl,
        )
    )
    await session.flush()
    return token


async def find_password_token(
    sessionmaker: async_sessionmaker[AsyncSession], token: str
) -> tuple[str, str]:
    """(token id, organization id) of a usable link, or 404 for anything else."""
    if not 20 <= len(token) <= 100 or not token.isalnum():
        raise NotFound("this link is not valid")
    # The link's organization may live in any placement (docs/adr/0035).
    row = await find_anywhere(
        sessionmaker,
        text("SELECT id, organization_id FROM password_token_lookup(:h)"),
        {"h": sha256(token)},
        owner="organization_id",
    )
    if row is None:
        raise NotFound("this link is not valid")
    return row[0], row[1]


async def redeem_password_link(
    session: AsyncSession, token_id: str, password: str, *, now: datetime
) -> Member:
    link = await session.get(PasswordToken, token_id, with_for_update=True)
    if link is None:
        raise NotFound("this link is not valid")
    if link.used_at is not None:
        raise Conflict("this link was already used; ask for a new one", code="link_already_used")
    if link.expires_at <= now:
        raise Conflict("this link has expired; ask for a new one", code="link_expired")
    member = await session.get(Member, link.member_id)
    if member is None or member.status != "active":
        raise NotFound("this link is not valid")
    await set_password(session, member, password, actor=audit.Actor(type="user", id=member.id))
    link.used_at = now
    await session.flush()
    return member


# --- sign-in --------------------------------------------------------------------------------


def failure_keys(hmac_key: str, email: str, ip: str | None) -> list[tuple[str, int]]:
    """(key, limit) pairs counted for a sign-in: per e-mail, and per client IP."""
    keys = [(hmac_hex(hmac_key, f"email:{email.strip().lower()}"), MAX_FAILURES_PER_EMAIL)]
    if ip:
        keys.append((hmac_hex(hmac_key, f"ip:{ip}"), MAX_FAILURES_PER_IP))
    return keys


async def begin_attempt(
    sessionmaker: async_sessionmaker[AsyncSession], keys: list[tuple[str, int]], *, now: datetime
) -> list[int]:
    """Count a sign-in attempt against every key's limit *before* its password is checked, or
    raise :class:`TooManyAttempts`; returns the ids of the rows that count it.

    The attempt is recorded as a failure up front, under a transaction-scoped lock per key, so
    concurrent attempts queue for the count: of 25 at once with a limit of 5, exactly 5 get to
    check a password. A successful attempt is taken back with :func:`attempt_succeeded`.
    """
    async with system_session(sessionmaker) as session:
        for key, _limit in sorted(keys):  # one order for every caller: no deadlock
            await session.execute(
                select(func.pg_advisory_xact_lock(func.hashtextextended(key, _LOCK_SEED)))
            )
        for key, limit in keys:
            count, oldest = (
                await session.execute(
                    select(func.count(), func.min(SignInFailure.failed_at)).where(
                        SignInFailure.key == key, SignInFailure.failed_at > now - FAILURE_WINDOW
                    )
                )
            ).one()
            if count >= limit:
                retry_after = int((oldest + FAILURE_WINDOW - now).total_seconds()) + 1
                raise TooManyAttempts(retry_after)
        ids = await session.execute(
            insert(SignInFailure)
            .values([{"key": key, "failed_at": now} for key, _ in keys])
            .returning(SignInFailure.id)
        )
        return list(ids.scalars())


async def attempt_failed(sessionmaker: async_sessionmaker[AsyncSession], *, now: datetime) -> None:
    """The attempt keeps counting; failures older than the window go (keeps the table small)."""
    async with system_session(sessionmaker) as session:
        await session.execute(
            delete(SignInFailure).where(SignInFailure.failed_at < now - 2 * FAILURE_WINDOW)
        )


async def attempt_succeeded(
    sessionmaker: async_sessionmaker[AsyncSession], attempt: list[int], email_key: str | None
) -> None:
    """Take back an attempt whose password was right; with ``email_key``, also forget the
    e-mail's earlier failures (the member is signing in)."""
    async with system_session(sessionmaker) as session:
        await session.execute(delete(SignInFailure).where(SignInFailure.id.in_(attempt)))
        if email_key is not None:
            await session.execute(delete(SignInFailure).where(SignInFailure.key == email_key))


async def authenticate_member(
    sessionmaker: async_sessionmaker[AsyncSession],
    email: str,
    password: str,
    *,
    only_organization: str | None,
) -> list[Candidate]:
    """Every membership whose password this is (usually one); empty when none matches.

    ``only_organization`` restricts sign-in to one organization (its custom domain).
    Every candidate's hash is checked, and a dummy one when there are none, so timing says
    nothing about whether the e-mail exists.
    """
    # A person's memberships may be in several placements (docs/adr/0035): all are asked.
    rows = await find_everywhere(
        sessionmaker,
        text(
            "SELECT organization_id, member_id, password_hash, organization_name "
            "FROM dashboard_sign_in_candidates(:e)"
        ),
        {"e": email.strip().lower()},
        owner="organization_id",
    )
    rows = [r for r in rows if only_organization is None or r[0] == only_organization]
    if not rows:
        verify_password(password, None)
        return []
    return [
        Candidate(organization_id=r[0], organization_name=r[3], member_id=r[1])
        for r in rows
        if verify_password(password, r[2])
    ]


async def open_session(
    sessionmaker: async_sessionmaker[AsyncSession],
    candidate: Candidate,
    *,
    user_agent: str,
    actor: audit.Actor,
    now: datetime,
) -> str:
    """Create the session row and return the cookie's token (shown only to the browser)."""
    token = random_secret(TOKEN_BYTES)
    async with tenant_session(sessionmaker, [candidate.organization_id]) as session:
        # Sessions are swept per member as they sign in again: the table never grows with
        # abandoned browsers of active members.
        await session.execute(
            delete(DashboardSession).where(
                DashboardSession.member_id == candidate.member_id,
                DashboardSession.expires_at <= now,
            )
        )
        row = DashboardSession(
            id=new_id("dss"),
            organization_id=candidate.organization_id,
            member_id=candidate.member_id,
            token_hash=sha256(token),
            csrf_secret=random_secret(TOKEN_BYTES),
            created_at=now,
            last_seen_at=now,
            expires_at=now + SESSION_TTL,
            user_agent=user_agent[:300],
            ip_hmac=actor.ip_hmac,
        )
        session.add(row)
        await session.flush()
        await audit.record(
            session,
            organization_id=candidate.organization_id,
            actor=audit.Actor(
                type="user",
                id=candidate.member_id,
                request_id=actor.request_id,
                ip_hmac=actor.ip_hmac,
            ),
            action="member.signed_in",
            target_type="member",
            target_id=candidate.member_id,
            after={"session_id": row.id},
        )
    return token


def _valid_token(token: str | None) -> bool:
    return token is not None and 20 <= len(token) <= 100 and token.isalnum()


async def resolve_session(
    sessionmaker: async_sessionmaker[AsyncSession], token: str | None, *, now: datetime
) -> SignedIn:
    """The signed-in member behind a cookie, or :class:`Unauthenticated`."""
    if not _valid_token(token):
        raise Unauthenticated("sign in to continue", code="not_signed_in")
    assert token is not None
    row = await find_anywhere(
        sessionmaker,
        text("SELECT id, organization_id FROM dashboard_session_lookup(:h)"),
        {"h": sha256(token)},
        owner="organization_id",
    )
    if row is None:
        raise Unauthenticated("sign in to continue", code="not_signed_in")
    async with tenant_session(sessionmaker, [row[1]]) as session:
        dss = await session.get(DashboardSession, row[0])
        member = await session.get(Member, dss.member_id) if dss else None
        org = await session.get(Organization, row[1])
        if dss is None or member is None or org is None or member.status != "active":
            raise Unauthenticated("sign in to continue", code="not_signed_in")
        expired = now - dss.last_seen_at > IDLE_TIMEOUT or dss.expires_at <= now
        if expired:
            # Deleted in this (committed) transaction; the error is raised after it.
            await session.delete(dss)
        else:
            if now - dss.last_seen_at > LAST_SEEN_RESOLUTION:
                dss.last_seen_at = now
            permissions = await role_permissions(session, member.role)
    if expired:
        raise Unauthenticated("your session has ended; sign in again", code="session_expired")
    principal = Principal(
        organization_id=org.id,
        home_organization_id=org.id,
        mode="live",
        actor_type="user",
        actor_id=member.id,
        permissions=permissions,
        member_id=member.id,
        plan=org.plan,
    )
    return SignedIn(dss.id, dss.csrf_secret, member, org, principal)


async def close_session(
    sessionmaker: async_sessionmaker[AsyncSession], signed_in: SignedIn, *, actor: audit.Actor
) -> None:
    async with tenant_session(sessionmaker, [signed_in.organization.id]) as session:
        await session.execute(
            delete(DashboardSession).where(DashboardSession.id == signed_in.session_id)
        )
        await audit.record(
            session,
            organization_id=signed_in.organization.id,
            actor=actor,
            action="member.signed_out",
            target_type="member",
            target_id=signed_in.member.id,
            after={"session_id": signed_in.session_id},
        )
