// Events, the event catalog and webhook endpoints (deliveries, attempts, resend, recover).
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

export class Events extends Resource {
  list(query?: QueryParams<"GET /v1/events">, options?: RequestOptions) {
    return this.core.list("GET /v1/events", { query }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/events/{id}", { path: { id } }, options);
  }
}

export class EventTypes extends Resource {
  /** The catalog, with an example payload of each type. */
  list(options?: RequestOptions) {
    return this.core.request("GET /v1/event-types", {}, options);
  }
}

export class WebhookEndpoints extends Resource {
  list(query?: QueryParams<"GET /v1/webhook-endpoints">, options?: RequestOptions) {
    return this.core.list("GET /v1/webhook-endpoints", { query }, options);
  }
  /** The answer carries the endpoint's `secret` (`whsec_…`) once: keep it for `verifyWebhook`. */
  create(body: RequestBody<"POST /v1/webhook-endpoints">, options?: RequestOptions) {
    return this.core.request("POST /v1/webhook-endpoints", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/webhook-endpoints/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/webhook-endpoints/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/webhook-endpoints/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/webhook-endpoints/{id}", { path: { id } }, options);
  }
  /** Every HTTP attempt of the endpoint's deliveries. */
  attempts(id: string, query?: QueryParams<"GET /v1/webhook-endpoints/{id}/attempts">, options?: RequestOptions) {
    return this.core.list("GET /v1/webhook-endpoints/{id}/attempts", { path: { id }, query }, options);
  }
  rotateSecret(id: string, body: RequestBody<"POST /v1/webhook-endpoints/{id}/rotate-secret">, options?: RequestOptions) {
    return this.core.request("POST /v1/webhook-endpoints/{id}/rotate-secret", { path: { id }, body }, options);
  }
  resend(id: string, body: RequestBody<"POST /v1/webhook-endpoints/{id}/resend">, options?: RequestOptions) {
    return this.core.request("POST /v1/webhook-endpoints/{id}/resend", { path: { id }, body }, options);
  }
  recover(id: string, body: RequestBody<"POST /v1/webhook-endpoints/{id}/recover">, options?: RequestOptions) {
    return this.core.request("POST /v1/webhook-endpoints/{id}/recover", { path: { id }, body }, options);
  }
}
