// Data exports (an organization's or one person's data, downloaded once through a signed
// link), erasures of a person and retention periods.
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

export class Exports extends Resource {
  list(query?: QueryParams<"GET /v1/exports">, options?: RequestOptions) {
    return this.core.list("GET /v1/exports", { query }, options);
  }
  create(body: RequestBody<"POST /v1/exports">, options?: RequestOptions) {
    return this.core.request("POST /v1/exports", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/exports/{id}", { path: { id } }, options);
  }
}

// Erase one person's data (irreversible); `create` answers the earlier erasure of the same
// person when there is one.
export class Erasures extends Resource {
  list(query?: QueryParams<"GET /v1/erasures">, options?: RequestOptions) {
    return this.core.list("GET /v1/erasures", { query }, options);
  }
  create(body: RequestBody<"POST /v1/erasures">, options?: RequestOptions) {
    return this.core.request("POST /v1/erasures", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/erasures/{id}", { path: { id } }, options);
  }
}

export class Retention extends Resource {
  retrieve(options?: RequestOptions) {
    return this.core.request("GET /v1/retention", {}, options);
  }
  update(body: RequestBody<"PATCH /v1/retention">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/retention", { body }, options);
  }
  runs(query?: QueryParams<"GET /v1/retention/runs">, options?: RequestOptions) {
    return this.core.list("GET /v1/retention/runs", { query }, options);
  }
}
