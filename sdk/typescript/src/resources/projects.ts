// Projects (an album as a DAG of milestones) and their milestones.
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

export class Projects extends Resource {
  list(query?: QueryParams<"GET /v1/projects">, options?: RequestOptions) {
    return this.core.list("GET /v1/projects", { query }, options);
  }
  create(body: RequestBody<"POST /v1/projects">, options?: RequestOptions) {
    return this.core.request("POST /v1/projects", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/projects/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/projects/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/projects/{id}", { path: { id }, body }, options);
  }
  addMilestone(id: string, body: RequestBody<"POST /v1/projects/{id}/milestones">, options?: RequestOptions) {
    return this.core.request("POST /v1/projects/{id}/milestones", { path: { id }, body }, options);
  }
  /** Start the project's workflow: milestones are booked as their dependencies complete. */
  start(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/projects/{id}/start", { path: { id } }, options);
  }
  replan(id: string, body: RequestBody<"POST /v1/projects/{id}/replan">, options?: RequestOptions) {
    return this.core.request("POST /v1/projects/{id}/replan", { path: { id }, body }, options);
  }
  cancel(id: string, body?: RequestBody<"POST /v1/projects/{id}/cancel">, options?: RequestOptions) {
    return this.core.request("POST /v1/projects/{id}/cancel", { path: { id }, body }, options);
  }
  progress(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/projects/{id}/progress", { path: { id } }, options);
  }
}

export class Milestones extends Resource {
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/milestones/{id}", { path: { id } }, options);
  }
  checklist(id: string, body: RequestBody<"POST /v1/milestones/{id}/checklist">, options?: RequestOptions) {
    return this.core.request("POST /v1/milestones/{id}/checklist", { path: { id }, body }, options);
  }
}
