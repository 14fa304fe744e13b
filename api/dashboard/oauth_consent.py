"""Connecting a provider through its consent page (OAuth 2.0 authorization code), whichever the
provider: what the QuickBooks, HubSpot and Salesforce parts of the integrations page share.

1. The authorize form (CSRF, ``integrations:write``) takes the provider app's client id and
   secret; :meth:`ConsentFlow.start` keeps them, with a random ``state``, the member and the
   organization, in a sealed cookie that lives ten minutes, and sends the browser on to the
   provider's consent page (through a page of ours: see ``start``).
2. The provider sends the browser back to the flow's callback with ``code`` and ``state`` (or
   ``error``). :meth:`ConsentFlow.returned` gives the pending sign-in only when the state is
   the cookie's, unexpired, and the member and organization the ones who started it; the part
   then hands the code to the shared connect service (``api.integration_connect``), which
   checks it with the provider, saves and audits.

The redirect URI (registered in the provider app) is ``{PUBLIC_BASE_URL}{callback}``; in
development and tests the address the browser used, never the request's Host in production.
Every refusal re-renders the integrations page with the message beside the client id and the
pending sign-in dropped.
"""

from __future__ import annotations

import base64
import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import BackgroundTasks, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from api.after_commit import connected
from api.dashboard.forms import Errors, done, field_error, posted, schema_errors
from api.dashboard.integrations import PATH, connect_in, render_integrations
from api.dashboard.web import PageContext, clear_cookie, cookie_name, page, set_cookie
from core.config import Environment
from core.crypto import SecretBox
from domain.connections.models import IntegrationConnection
from domain.errors import DomainError, InvalidRequest
from integrations.oauth import OAuthApp

LIFETIME_SECONDS = 600
# What every provider's redirect back carries.
State = Annotated[str, Query(max_length=200)]
Code = Annotated[str | None, Query(max_length=2000)]
ProviderError = Annotated[str | None, Query(max_length=200)]


def seal_cookie(box: SecretBox, values: dict[str, Any]) -> str:
    """``values`` sealed (encrypted and authenticated) for a cookie."""
    return base64.urlsafe_b64encode(box.seal(values)).decode()


def open_cookie(box: SecretBox, cookie: str | None) -> dict[str, Any] | None:
    """What :func:`seal_cookie` sealed; ``None`` for a missing, altered or foreign cookie."""
    if not cookie:
        return None
    try:
        return dict(box.open(base64.urlsafe_b64decode(cookie.encode())))
    except Exception:  # tampered, or sealed under a key no longer held: as if absent
        return None


def form_values(
    form: Any, names: tuple[str, ...], prefix: str
) -> tuple[dict[str, str], dict[str, str]]:
    """(the fields given, what the page may show again under ``prefix``): the client secret
    is never in the second."""
    given = {
        name: str(form.get(name, "")).strip()[:200]
        for name in names
        if str(form.get(name, "")).strip()
    }
    return given, {f"{prefix}.{k}": v for k, v in given.items() if k != "client_secret"}


def callback_url(request: Request, path: str, grantor: str, *, param: str) -> str:
    """Where ``grantor`` sends the browser back: ``{PUBLIC_BASE_URL}{path}``; in development
    and tests the address the browser used, never the request's Host in production."""
    settings = request.app.state.settings
    if settings.public_base_url:
        return settings.public_base_url.rstrip("/") + path
    if settings.environment in (Environment.DEV, Environment.TEST):
        return str(request.base_url).rstrip("/") + path
    # Never the request's Host in production: a forged one would send the code elsewhere.
    raise InvalidRequest(f"set PUBLIC_BASE_URL so {grantor} can send you back here", param=param)


@dataclass(frozen=True, slots=True)
class ConsentFlow:
    """One provider's consent flow: ``name`` is what connects (``QuickBooks``), ``grantor``
    whose page grants it (``Intuit``); the form's fields and errors are ``{prefix}.field``."""

    provider: str
    name: str
    grantor: str
    callback: str
    cookie: str
    prefix: str

    @property
    def field(self) -> str:
        """Where a refusal is shown: beside the client id."""
        return f"{self.prefix}.client_id"

    def redirect_uri(self, request: Request) -> str:
        return callback_url(request, self.callback, self.grantor, param="client_id")

    @staticmethod
    def new_state() -> str:
        return secrets.token_urlsafe(32)

    async def authorize(
        self,
        request: Request,
        ctx: PageContext,
        schema: type[BaseModel],
        app_of: Callable[[Any], OAuthApp],
        consent_url: Callable[[OAuthApp, str], str],
        kept: tuple[str, ...] = (),
    ) -> Response:
        """The authorize form's POST (CSRF, ``integrations:write``): the app's client id and
        secret, and the ``kept`` fields the connection needs besides, checked by the API's
        ``schema`` (with a placeholder for the code the provider will send) and by ``app_of``;
        then on to ``consent_url`` with them sealed (:meth:`start`). A refusal stands on the
        page beside its field."""
        form = await posted(request, ctx, "integrations:write")
        given, shown = form_values(form, ("client_id", "client_secret", *kept), self.prefix)
        try:
            redirect_uri = self.redirect_uri(request)
            body, errors = schema_errors(
                schema, {**given, "authorization_code": "pending", "redirect_uri": redirect_uri}
            )
            if body is None:
                errors = {f"{self.prefix}.{k}": v for k, v in errors.items()}
                return await self.refused(request, ctx, "", shown, 422, errors)
            app = app_of(body)
        except DomainError as exc:
            status, errors = field_error(exc, prefix=f"{self.prefix}.", unnamed=self.field)
            return await self.refused(request, ctx, "", shown, status, errors)
        state = self.new_state()
        pending: dict[str, Any] = {
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "redirect_uri": redirect_uri,
            **{name: getattr(body, name) for name in kept},
        }
        return self.start(request, ctx, consent_url(app, state), state, pending)

    def start(
        self, request: Request, ctx: PageContext, url: str, state: str, pending: dict[str, Any]
    ) -> Response:
        """To ``url`` (the consent page, carrying ``state``), with ``pending`` sealed.

        Not a redirect of the form's POST: the dashboard's ``form-action 'self'`` makes the
        browser block a form submission redirected to another origin. A page of our own
        ends the submission and moves on to the consent page (meta refresh, and a link)."""
        response = page(
            "consent_redirect.html",
            context=ctx,
            active=PATH,
            title=f"Continuing to {self.grantor}",
            consent_url=url,
            grantor=self.grantor,
            connecting=self.name,
        )
        self.keep(response, request, ctx, state, pending)
        return response

    def keep(
        self,
        response: Response,
        request: Request,
        ctx: PageContext,
        state: str,
        pending: dict[str, Any],
    ) -> None:
        """Seal ``pending`` in the flow's cookie on ``response``, for ten minutes, bound to
        ``state``, this member and this organization."""
        sealed = {
            **pending,
            "state": state,
            "organization_id": ctx.organization_id,
            "member_id": ctx.signed_in.member.id,
            "expires": int(time.time()) + LIFETIME_SECONDS,
        }
        box = request.app.state.secret_box
        set_cookie(response, request, self.cookie, seal_cookie(box, sealed), LIFETIME_SECONDS)

    def returned(self, request: Request, ctx: PageContext, state: str) -> dict[str, Any] | None:
        """The pending sign-in ``state`` belongs to, when this member of this organization
        started it here less than ten minutes ago; else None."""
        pending = open_cookie(
            request.app.state.secret_box,
            request.cookies.get(cookie_name(request.app.state.settings, self.cookie)),
        )
        valid = (
            pending is not None
            and pending.get("organization_id") == ctx.organization_id
            and pending.get("member_id") == ctx.signed_in.member.id
            and int(pending.get("expires", 0)) > time.time()
            and hmac.compare_digest(str(pending.get("state", "")), state)
        )
        return pending if valid else None

    async def refused(
        self,
        request: Request,
        ctx: PageContext,
        message: str,
        values: dict[str, str],
        status: int,
        errors: Errors | None = None,
    ) -> Response:
        """The page again with ``message`` beside the client id (or ``errors`` as given), and
        the pending sign-in dropped."""
        response = await render_integrations(
            request, ctx, status=status, errors=errors or {self.field: message}, values=values
        )
        clear_cookie(response, request, self.cookie)
        return response

    async def expired(self, request: Request, ctx: PageContext) -> Response:
        return await self.refused(
            request, ctx, f"This {self.name} sign-in expired or was not started here.", {}, 400
        )

    async def declined(
        self, request: Request, ctx: PageContext, error: str | None, values: dict[str, str]
    ) -> Response:
        """The provider came back without a code: access denied, or its own error."""
        reason = "access was not granted" if error == "access_denied" else (error or "no code")
        return await self.refused(request, ctx, f"{self.grantor}: {reason}.", values, 400)

    async def finish(
        self,
        request: Request,
        ctx: PageContext,
        background: BackgroundTasks,
        shown: dict[str, str],
        schema: type[BaseModel],
        data: dict[str, Any],
        save: Callable[[AsyncSession, Any], Awaitable[IntegrationConnection]] | None = None,
    ) -> Response:
        """``data`` (the code with the pending app) checked by the API's ``schema``, then
        handed to ``save`` in this organization's session: by default the provider's connect
        service, as the integrations page's own forms call it (``integrations.connect_in``). After
        it saved, the reconcile schedule follows (as the API's route does), the pending
        sign-in is dropped and the page says so; a refusal stands beside the client id."""
        body, errors = schema_errors(schema, data)
        if body is None:
            return await self.refused(request, ctx, next(iter(errors.values())), shown, 422)
        try:
            async with ctx.tenant(request) as session:
                if save is None:
                    connection = await connect_in(session, request, ctx, self.provider, body)
                else:
                    connection = await save(session, body)
        except DomainError as exc:
            return await self.refused(request, ctx, exc.detail, shown, exc.status)
        background.add_task(
            connected, request.app.state, ctx.organization_id, self.provider, connection.settings
        )
        response = done(PATH, f"connected-{self.provider}")
        clear_cookie(response, request, self.cookie)
        return response
