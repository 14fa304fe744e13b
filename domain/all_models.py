"""Imports every model module so the metadata knows every table (Alembic, tests)."""

from domain.approvals import models as approvals
from domain.audit import models as audit
from domain.bookings import models as bookings
from domain.bulk import models as bulk
from domain.connections import models as connections
from domain.contracts import models as contracts
from domain.dashboard import models as dashboard
from domain.events import models as events
from domain.finance import models as finance
from domain.free_text import models as free_text
from domain.health import models as health
from domain.idempotency import models as idempotency
from domain.keys import models as keys
from domain.notices import models as notices
from domain.placements import models as placements
from domain.privacy import models as privacy
from domain.project_tools import models as project_tools
from domain.projects import models as projects
from domain.resources import models as resources
from domain.roster import models as roster
from domain.sandbox import models as sandbox
from domain.scim import models as scim
from domain.sso import models as sso
from domain.tenancy import models as tenancy
from domain.usage import models as usage
from domain.webhooks import models as webhooks

__all__ = [
    "approvals",
    "audit",
    "bookings",
    "bulk",
    "connections",
    "contracts",
    "dashboard",
    "events",
    "finance",
    "free_text",
    "health",
    "idempotency",
    "keys",
    "notices",
    "placements",
    "privacy",
    "project_tools",
    "projects",
    "resources",
    "roster",
    "sandbox",
    "scim",
    "sso",
    "tenancy",
    "usage",
    "webhooks",
]
