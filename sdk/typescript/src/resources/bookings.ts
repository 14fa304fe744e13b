// Bookings one by one, bulk bookings (an album's sessions as one saga) and creator matching.
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody, Success } from "../routes.js";
import { pollUntil, type WaitOptions } from "../waiting.js";
import { Resource } from "./resource.js";

export class Bookings extends Resource {
  list(query?: QueryParams<"GET /v1/bookings">, options?: RequestOptions) {
    return this.core.list("GET /v1/bookings", { query }, options);
  }
  /** A booking is refused (409) when it clashes; the error's problem names what is in the way. */
  create(body: RequestBody<"POST /v1/bookings">, options?: RequestOptions) {
    return this.core.request("POST /v1/bookings", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/bookings/{id}", { path: { id } }, options);
  }
  /** What a booking would clash with, without booking. */
  conflicts(body: RequestBody<"POST /v1/bookings/conflicts">, options?: RequestOptions) {
    return this.core.request("POST /v1/bookings/conflicts", { body }, options);
  }
  confirm(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/bookings/{id}/confirm", { path: { id } }, options);
  }
  cancel(id: string, body?: RequestBody<"POST /v1/bookings/{id}/cancel">, options?: RequestOptions) {
    return this.core.request("POST /v1/bookings/{id}/cancel", { path: { id }, body }, options);
  }
  complete(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/bookings/{id}/complete", { path: { id } }, options);
  }
  noShow(id: string, body?: RequestBody<"POST /v1/bookings/{id}/no-show">, options?: RequestOptions) {
    return this.core.request("POST /v1/bookings/{id}/no-show", { path: { id }, body }, options);
  }
  reschedule(id: string, body: RequestBody<"POST /v1/bookings/{id}/reschedule">, options?: RequestOptions) {
    return this.core.request("POST /v1/bookings/{id}/reschedule", { path: { id }, body }, options);
  }
}

export type BulkBooking = Success<"POST /v1/bulk-bookings", 201>;
/** Statuses a bulk booking ends in. */
export const FINAL_BULK_BOOKING_STATUSES = ["confirmed", "failed", "rejected", "cancelled"] as const;

export class BulkBookings extends Resource {
  list(query?: QueryParams<"GET /v1/bulk-bookings">, options?: RequestOptions) {
    return this.core.list("GET /v1/bulk-bookings", { query }, options);
  }
  /** Submit a batch; its saga plans, holds, asks for approval and confirms in the background. */
  async create(body: Omit<RequestBody<"POST /v1/bulk-bookings">, "dry_run">, options?: RequestOptions): Promise<BulkBooking> {
    return (await this.core.request("POST /v1/bulk-bookings", { body: { ...body, dry_run: false } }, options)) as BulkBooking;
  }
  /** The plan of a batch (`dry_run`): nothing is held. */
  async plan(body: Omit<RequestBody<"POST /v1/bulk-bookings">, "dry_run">, options?: RequestOptions) {
    const answer = await this.core.request("POST /v1/bulk-bookings", { body: { ...body, dry_run: true } }, options);
    return answer as Exclude<Success<"POST /v1/bulk-bookings", 200>, BulkBooking>;
  }
  retrieve(id: string, query?: QueryParams<"GET /v1/bulk-bookings/{id}">, options?: RequestOptions) {
    return this.core.request("GET /v1/bulk-bookings/{id}", { path: { id }, query }, options);
  }
  cancel(id: string, body?: RequestBody<"POST /v1/bulk-bookings/{id}/cancel">, options?: RequestOptions) {
    return this.core.request("POST /v1/bulk-bookings/{id}/cancel", { path: { id }, body }, options);
  }
  /** The batch's sessions in request order (the cursor is the item's `index`). */
  items(id: string, query?: QueryParams<"GET /v1/bulk-bookings/{id}/items">, options?: RequestOptions) {
    return this.core.list("GET /v1/bulk-bookings/{id}/items", { path: { id }, query }, options, (item) => item.index);
  }
  /**
   * Polls the batch until it is final (confirmed, failed, rejected, cancelled) or reaches one
   * of `until` (e.g. `["awaiting_approval"]`), and answers it.
   */
  waitUntilFinished(id: string, options: WaitOptions & { until?: readonly string[] } = {}) {
    const stop = new Set<string>([...FINAL_BULK_BOOKING_STATUSES, ...(options.until ?? [])]);
    return pollUntil(() => this.retrieve(id), (batch) => stop.has(batch.status), `bulk booking ${id}`, options);
  }
}

/** Creators who fit a session's skills, time zone, place and budget. */
export class Matches extends Resource {
  find(body: RequestBody<"POST /v1/matches">, options?: RequestOptions) {
    return this.core.request("POST /v1/matches", { body }, options);
  }
}
