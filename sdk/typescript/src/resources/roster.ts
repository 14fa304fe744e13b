// The roster and what can be booked: artists, creators, rooms, clients, time off, absences,
// calendar feeds.
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

type BulkQuery = QueryParams<"POST /v1/artists/bulk">;

export class Artists extends Resource {
  list(query?: QueryParams<"GET /v1/artists">, options?: RequestOptions) {
    return this.core.list("GET /v1/artists", { query }, options);
  }
  create(body: RequestBody<"POST /v1/artists">, options?: RequestOptions) {
    return this.core.request("POST /v1/artists", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/artists/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/artists/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/artists/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/artists/{id}", { path: { id } }, options);
  }
  /** Onboard many artists (upsert by `external_ref`): an array of artists, or a CSV text with
   * a header row. The answer reports every row; `{ dry_run: true }` only validates. */
  bulk(artists: RequestBody<"POST /v1/artists">[] | string, query?: BulkQuery, options?: RequestOptions) {
    // The document types the JSON rows loosely (each row is validated on its own).
    const body = typeof artists === "string" ? { contentType: "text/csv", data: artists } : ({ artists } as unknown as RequestBody<"POST /v1/artists/bulk">);
    return this.core.request("POST /v1/artists/bulk", { body, query }, options);
  }
}

export class Creators extends Resource {
  list(query?: QueryParams<"GET /v1/creators">, options?: RequestOptions) {
    return this.core.list("GET /v1/creators", { query }, options);
  }
  create(body: RequestBody<"POST /v1/creators">, options?: RequestOptions) {
    return this.core.request("POST /v1/creators", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/creators/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/creators/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/creators/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/creators/{id}", { path: { id } }, options);
  }
  availability(id: string, query: QueryParams<"GET /v1/creators/{id}/availability">, options?: RequestOptions) {
    return this.core.request("GET /v1/creators/{id}/availability", { path: { id }, query }, options);
  }
}

export class Rooms extends Resource {
  list(query?: QueryParams<"GET /v1/rooms">, options?: RequestOptions) {
    return this.core.list("GET /v1/rooms", { query }, options);
  }
  create(body: RequestBody<"POST /v1/rooms">, options?: RequestOptions) {
    return this.core.request("POST /v1/rooms", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/rooms/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/rooms/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/rooms/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/rooms/{id}", { path: { id } }, options);
  }
  availability(id: string, query: QueryParams<"GET /v1/rooms/{id}/availability">, options?: RequestOptions) {
    return this.core.request("GET /v1/rooms/{id}/availability", { path: { id }, query }, options);
  }
}

export class Clients extends Resource {
  list(query?: QueryParams<"GET /v1/clients">, options?: RequestOptions) {
    return this.core.list("GET /v1/clients", { query }, options);
  }
  create(body: RequestBody<"POST /v1/clients">, options?: RequestOptions) {
    return this.core.request("POST /v1/clients", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/clients/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/clients/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/clients/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/clients/{id}", { path: { id } }, options);
  }
}

/** Time a creator or room cannot be booked. */
export class TimeOff extends Resource {
  list(query?: QueryParams<"GET /v1/time-off">, options?: RequestOptions) {
    return this.core.list("GET /v1/time-off", { query }, options);
  }
  create(body: RequestBody<"POST /v1/time-off">, options?: RequestOptions) {
    return this.core.request("POST /v1/time-off", { body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/time-off/{id}", { path: { id } }, options);
  }
}

/** A member's absences (out of office: their approvals go to their delegate). */
export class Absences extends Resource {
  list(query?: QueryParams<"GET /v1/absences">, options?: RequestOptions) {
    return this.core.list("GET /v1/absences", { query }, options);
  }
  create(body: RequestBody<"POST /v1/absences">, options?: RequestOptions) {
    return this.core.request("POST /v1/absences", { body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/absences/{id}", { path: { id } }, options);
  }
}

/** Secret iCalendar feeds of a creator or of the organization. */
export class CalendarFeeds extends Resource {
  list(query?: QueryParams<"GET /v1/calendar-feeds">, options?: RequestOptions) {
    return this.core.list("GET /v1/calendar-feeds", { query }, options);
  }
  create(body: RequestBody<"POST /v1/calendar-feeds">, options?: RequestOptions) {
    return this.core.request("POST /v1/calendar-feeds", { body }, options);
  }
  revoke(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/calendar-feeds/{id}/revoke", { path: { id } }, options);
  }
}
