"""Request and response models of ``api/routes/sso.py``."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas import RequestBody
from domain.sso.configuration import RoleMapping, SsoSettings
from domain.sso.models import SsoConfiguration


class RoleMappingIn(RequestBody):
    value: str = Field(min_length=1, max_length=200, description="A value of the role claim")
    role: str = Field(
        min_length=1, max_length=40, description="A built-in role name or a custom role id"
    )


class RoleMappingOut(BaseModel):
    value: str
    role: str


class SsoBody(RequestBody):
    slug: str = Field(
        min_length=1,
        max_length=63,
        description="The sign-in name people type on the SSO sign-in page (a-z, 0-9, -)",
    )
    issuer: str = Field(
        min_length=8,
        max_length=2000,
        description="The issuer URL; its /.well-known/openid-configuration is read",
    )
    client_id: str = Field(min_length=1, max_length=255)
    client_secret: str | None = Field(
        default=None,
        min_length=1,
        max_length=2000,
        description="Required when SSO is first set up; left out, the stored one is kept",
    )
    email_domains: list[str] = Field(
        min_length=1,
        max_length=50,
        description="People with a verified e-mail at these domains may join on first sign-in",
    )
    role_claim: str = Field(
        default="",
        max_length=100,
        description="The ID-token claim that says a person's role (e.g. groups); empty: "
        "new members get the default role and roles are managed here",
    )
    role_mapping: list[RoleMappingIn] = Field(
        default_factory=list, max_length=50, description="Tried in order; the first match wins"
    )
    default_role: str = Field(default="viewer", min_length=1, max_length=40)
    sso_required: bool = Field(
        default=False, description="Refuse password sign-in and password links to members"
    )
    enabled: bool = True

    def settings(self) -> SsoSettings:
        return SsoSettings(
            slug=self.slug,
            issuer=self.issuer,
            client_id=self.client_id,
            client_secret=self.client_secret,
            email_domains=self.email_domains,
            default_role=self.default_role,
            role_claim=self.role_claim,
            role_mapping=[RoleMapping(m.value, m.role) for m in self.role_mapping],
            sso_required=self.sso_required,
            enabled=self.enabled,
        )


class SsoOut(BaseModel):
    object: Literal["sso_configuration"] = "sso_configuration"
    slug: str
    issuer: str
    client_id: str
    client_secret_set: bool = Field(description="Always true: the secret is never returned")
    email_domains: list[str]
    role_claim: str
    role_mapping: list[RoleMappingOut]
    default_role: str
    sso_required: bool
    enabled: bool
    redirect_uri: str = Field(description="Register this redirect URI at the provider")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, config: SsoConfiguration, redirect_uri: str) -> SsoOut:
        return cls(
            slug=config.slug,
            issuer=config.issuer,
            client_id=config.client_id,
            client_secret_set=True,
            email_domains=list(config.email_domains),
            role_claim=config.role_claim,
            role_mapping=[RoleMappingOut(**m) for m in config.role_mapping],
            default_role=config.default_role,
            sso_required=config.sso_required,
            enabled=config.enabled,
            redirect_uri=redirect_uri,
            created_at=config.created_at,
            updated_at=config.updated_at,
        )
