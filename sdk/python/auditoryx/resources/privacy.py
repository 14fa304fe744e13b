"""Data exports (an organization's or one person's data, downloaded once through a signed
link) and retention periods."""

from __future__ import annotations

from auditoryx._resource import C_co, Endpoint, ListEndpoint, Resource
from auditoryx.models import ExportOut, RetentionOut, RetentionRunOut


class Exports(Resource[C_co]):
    list = ListEndpoint[ExportOut]("/v1/exports", ExportOut)
    create = Endpoint[ExportOut]("POST", "/v1/exports", ExportOut)
    retrieve = Endpoint[ExportOut]("GET", "/v1/exports/{id}", ExportOut)


class Retention(Resource[C_co]):
    """How long the organization keeps bookings, sent e-mail, webhook attempts and events."""

    retrieve = Endpoint[RetentionOut]("GET", "/v1/retention", RetentionOut)
    update = Endpoint[RetentionOut]("PATCH", "/v1/retention", RetentionOut)
    runs = ListEndpoint[RetentionRunOut]("/v1/retention/runs", RetentionRunOut)
