"""Data exports (an organization's or one person's data, downloaded once through a signed
link), erasures of a person and retention periods."""

from __future__ import annotations

from auditoryx._resource import C_co, Endpoint, ListEndpoint, Resource
from auditoryx.models import ErasureOut, ExportOut, RetentionOut, RetentionRunOut


class Exports(Resource[C_co]):
    list = ListEndpoint[ExportOut]("/v1/exports", ExportOut)
    create = Endpoint[ExportOut]("POST", "/v1/exports", ExportOut)
    retrieve = Endpoint[ExportOut]("GET", "/v1/exports/{id}", ExportOut)


class Erasures(Resource[C_co]):
    """Erase one person's data (irreversible); ``create`` answers the earlier erasure of the
    same person when there is one."""

    list = ListEndpoint[ErasureOut]("/v1/erasures", ErasureOut)
    create = Endpoint[ErasureOut]("POST", "/v1/erasures", ErasureOut)
    retrieve = Endpoint[ErasureOut]("GET", "/v1/erasures/{id}", ErasureOut)


class Retention(Resource[C_co]):
    """How long the organization keeps bookings, sent e-mail, webhook attempts and events."""

    retrieve = Endpoint[RetentionOut]("GET", "/v1/retention", RetentionOut)
    update = Endpoint[RetentionOut]("PATCH", "/v1/retention", RetentionOut)
    runs = ListEndpoint[RetentionRunOut]("/v1/retention/runs", RetentionRunOut)
