"""The roster and what gets booked: artists, creators, rooms, clients, and when they are away."""

from __future__ import annotations

from auditoryx._resource import C_co, Endpoint, ListEndpoint, Resource
from auditoryx.models import (
    AbsenceOut,
    ArtistOut,
    AvailabilityOut,
    BulkResultOut,
    ClientOut,
    CreatorOut,
    FeedCreated,
    FeedOut,
    RoomOut,
    TimeOffOut,
)


class Artists(Resource[C_co]):
    """The roster. ``bulk(artists=[...])`` and ``bulk_csv(body=text)`` upsert many at once
    by ``external_ref``; ``dry_run=True`` reports without writing."""

    list = ListEndpoint[ArtistOut]("/v1/artists", ArtistOut)
    create = Endpoint[ArtistOut]("POST", "/v1/artists", ArtistOut)
    retrieve = Endpoint[ArtistOut]("GET", "/v1/artists/{id}", ArtistOut)
    update = Endpoint[ArtistOut]("PATCH", "/v1/artists/{id}", ArtistOut)
    delete = Endpoint[None]("DELETE", "/v1/artists/{id}", None)
    bulk = Endpoint[BulkResultOut]("POST", "/v1/artists/bulk", BulkResultOut, query=("dry_run",))
    bulk_csv = Endpoint[BulkResultOut](
        "POST", "/v1/artists/bulk", BulkResultOut, query=("dry_run",), content_type="text/csv"
    )


class Creators(Resource[C_co]):
    list = ListEndpoint[CreatorOut]("/v1/creators", CreatorOut)
    create = Endpoint[CreatorOut]("POST", "/v1/creators", CreatorOut)
    retrieve = Endpoint[CreatorOut]("GET", "/v1/creators/{id}", CreatorOut)
    update = Endpoint[CreatorOut]("PATCH", "/v1/creators/{id}", CreatorOut)
    delete = Endpoint[None]("DELETE", "/v1/creators/{id}", None)
    availability = Endpoint[AvailabilityOut](
        "GET", "/v1/creators/{id}/availability", AvailabilityOut
    )


class Rooms(Resource[C_co]):
    list = ListEndpoint[RoomOut]("/v1/rooms", RoomOut)
    create = Endpoint[RoomOut]("POST", "/v1/rooms", RoomOut)
    retrieve = Endpoint[RoomOut]("GET", "/v1/rooms/{id}", RoomOut)
    update = Endpoint[RoomOut]("PATCH", "/v1/rooms/{id}", RoomOut)
    delete = Endpoint[None]("DELETE", "/v1/rooms/{id}", None)
    availability = Endpoint[AvailabilityOut]("GET", "/v1/rooms/{id}/availability", AvailabilityOut)


class Clients(Resource[C_co]):
    list = ListEndpoint[ClientOut]("/v1/clients", ClientOut)
    create = Endpoint[ClientOut]("POST", "/v1/clients", ClientOut)
    retrieve = Endpoint[ClientOut]("GET", "/v1/clients/{id}", ClientOut)
    update = Endpoint[ClientOut]("PATCH", "/v1/clients/{id}", ClientOut)
    delete = Endpoint[None]("DELETE", "/v1/clients/{id}", None)


class TimeOff(Resource[C_co]):
    """Time a creator or room cannot be booked."""

    list = ListEndpoint[TimeOffOut]("/v1/time-off", TimeOffOut)
    create = Endpoint[TimeOffOut]("POST", "/v1/time-off", TimeOffOut)
    delete = Endpoint[None]("DELETE", "/v1/time-off/{id}", None)


class Absences(Resource[C_co]):
    """A member out of office, and who decides their approvals meanwhile."""

    list = ListEndpoint[AbsenceOut]("/v1/absences", AbsenceOut)
    create = Endpoint[AbsenceOut]("POST", "/v1/absences", AbsenceOut)
    delete = Endpoint[None]("DELETE", "/v1/absences/{id}", None)


class CalendarFeeds(Resource[C_co]):
    """Secret iCalendar feeds of a creator or of the organization."""

    list = ListEndpoint[FeedOut]("/v1/calendar-feeds", FeedOut)
    create = Endpoint[FeedCreated]("POST", "/v1/calendar-feeds", FeedCreated)
    revoke = Endpoint[FeedOut]("POST", "/v1/calendar-feeds/{id}/revoke", FeedOut)
