// Approval policies, approval requests (decided through the API as one channel among Slack,
// Teams, e-mail and the dashboard) and contracts.
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody } from "../routes.js";
import { pollUntil, type WaitOptions } from "../waiting.js";
import { Resource } from "./resource.js";

export class ApprovalPolicies extends Resource {
  list(query?: QueryParams<"GET /v1/approval-policies">, options?: RequestOptions) {
    return this.core.list("GET /v1/approval-policies", { query }, options);
  }
  create(body: RequestBody<"POST /v1/approval-policies">, options?: RequestOptions) {
    return this.core.request("POST /v1/approval-policies", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/approval-policies/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/approval-policies/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/approval-policies/{id}", { path: { id }, body }, options);
  }
}

export class Approvals extends Resource {
  list(query?: QueryParams<"GET /v1/approvals">, options?: RequestOptions) {
    return this.core.list("GET /v1/approvals", { query }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/approvals/{id}", { path: { id } }, options);
  }
  /** Approve or reject, as the member the key acts for. */
  decide(id: string, body: RequestBody<"POST /v1/approvals/{id}/decisions">, options?: RequestOptions) {
    return this.core.request("POST /v1/approvals/{id}/decisions", { path: { id }, body }, options);
  }
  delegate(id: string, body: RequestBody<"POST /v1/approvals/{id}/delegate">, options?: RequestOptions) {
    return this.core.request("POST /v1/approvals/{id}/delegate", { path: { id }, body }, options);
  }
  /** Polls the request until it is no longer pending (approved, rejected, cancelled). */
  waitUntilDecided(id: string, options: WaitOptions = {}) {
    return pollUntil(() => this.retrieve(id), (request) => request.status !== "pending", `approval ${id}`, options);
  }
}

export class Contracts extends Resource {
  list(query?: QueryParams<"GET /v1/contracts">, options?: RequestOptions) {
    return this.core.list("GET /v1/contracts", { query }, options);
  }
  create(body: RequestBody<"POST /v1/contracts">, options?: RequestOptions) {
    return this.core.request("POST /v1/contracts", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/contracts/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/contracts/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/contracts/{id}", { path: { id }, body }, options);
  }
  /** Submit for approval (when a policy asks for one). */
  submit(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/contracts/{id}/submit", { path: { id } }, options);
  }
  sign(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/contracts/{id}/sign", { path: { id } }, options);
  }
}
