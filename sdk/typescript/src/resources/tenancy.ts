// The organization, its sub-organizations, members, roles, permissions, API keys and the
// audit log.
import type { RequestOptions } from "../core.js";
import type { QueryParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

/** The organization the key acts on. */
export class OrganizationResource extends Resource {
  retrieve(options?: RequestOptions) {
    return this.core.request("GET /v1/organization", {}, options);
  }
  update(body: RequestBody<"PATCH /v1/organization">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/organization", { body }, options);
  }
  /** Its plan with its own terms: limits, prices, enabled modules, trial, read-only. */
  entitlements(options?: RequestOptions) {
    return this.core.request("GET /v1/organization/plan", {}, options);
  }
  /** The API reference as the organization sees it: only its enabled modules' paths. */
  openapi(options?: RequestOptions) {
    return this.core.request("GET /v1/openapi.json", {}, options);
  }
  /** Delete the organization after its grace period (owners only; `confirm`: its name). */
  requestDeletion(
    body: RequestBody<"POST /v1/organization/deletion">,
    options?: RequestOptions,
  ) {
    return this.core.request("POST /v1/organization/deletion", { body }, options);
  }
  /** The organization's deletion: its state and when its grace period ends. */
  deletion(options?: RequestOptions) {
    return this.core.request("GET /v1/organization/deletion", {}, options);
  }
  /** Cancel the deletion during its grace period (owners only). */
  cancelDeletion(options?: RequestOptions) {
    return this.core.request("DELETE /v1/organization/deletion", {}, options);
  }
}

/** Sub-organizations (imprints), all depths. */
export class Organizations extends Resource {
  list(query?: QueryParams<"GET /v1/organizations">, options?: RequestOptions) {
    return this.core.list("GET /v1/organizations", { query }, options);
  }
  create(body: RequestBody<"POST /v1/organizations">, options?: RequestOptions) {
    return this.core.request("POST /v1/organizations", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/organizations/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/organizations/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/organizations/{id}", { path: { id }, body }, options);
  }
}

export class Members extends Resource {
  list(query?: QueryParams<"GET /v1/members">, options?: RequestOptions) {
    return this.core.list("GET /v1/members", { query }, options);
  }
  create(body: RequestBody<"POST /v1/members">, options?: RequestOptions) {
    return this.core.request("POST /v1/members", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/members/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/members/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/members/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/members/{id}", { path: { id } }, options);
  }
  /** Invite the member to claim an API key of their own; hand them the answer's `token`. */
  inviteApiKey(id: string, body: RequestBody<"POST /v1/members/{id}/api-key-invites">, options?: RequestOptions) {
    return this.core.request("POST /v1/members/{id}/api-key-invites", { path: { id }, body }, options);
  }
}

export class ApiKeyInvites extends Resource {
  /** Exchange an invite's token for the key (its `secret` is shown once). The token is the
   * only credential this route looks at. */
  claim(body: RequestBody<"POST /v1/api-key-invites/claim">, options?: RequestOptions) {
    return this.core.request("POST /v1/api-key-invites/claim", { body }, options);
  }
}

export class Permissions extends Resource {
  list(options?: RequestOptions) {
    return this.core.request("GET /v1/permissions", {}, options);
  }
}

/** Built-in roles (by name) and custom roles (`rol_…`). */
export class Roles extends Resource {
  list(query?: QueryParams<"GET /v1/roles">, options?: RequestOptions) {
    return this.core.list("GET /v1/roles", { query }, options);
  }
  create(body: RequestBody<"POST /v1/roles">, options?: RequestOptions) {
    return this.core.request("POST /v1/roles", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/roles/{id}", { path: { id } }, options);
  }
  update(id: string, body: RequestBody<"PATCH /v1/roles/{id}">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/roles/{id}", { path: { id }, body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/roles/{id}", { path: { id } }, options);
  }
}

export class ApiKeys extends Resource {
  list(query?: QueryParams<"GET /v1/api-keys">, options?: RequestOptions) {
    return this.core.list("GET /v1/api-keys", { query }, options);
  }
  /** The answer carries `secret` once. */
  create(body: RequestBody<"POST /v1/api-keys">, options?: RequestOptions) {
    return this.core.request("POST /v1/api-keys", { body }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/api-keys/{id}", { path: { id } }, options);
  }
  revoke(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/api-keys/{id}/revoke", { path: { id } }, options);
  }
}

/** SCIM provisioning: the bearer tokens an identity provider uses (owner only). */
export class ScimTokens extends Resource {
  list(query?: QueryParams<"GET /v1/scim-tokens">, options?: RequestOptions) {
    return this.core.list("GET /v1/scim-tokens", { query }, options);
  }
  /** The answer carries `token` once. */
  create(body: RequestBody<"POST /v1/scim-tokens">, options?: RequestOptions) {
    return this.core.request("POST /v1/scim-tokens", { body }, options);
  }
  /** A new token (carrying `token` once) replaces this one, which stops working at once. */
  rotate(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/scim-tokens/{id}/rotate", { path: { id } }, options);
  }
  revoke(id: string, options?: RequestOptions) {
    return this.core.request("POST /v1/scim-tokens/{id}/revoke", { path: { id } }, options);
  }
}

/** Which role the members of a SCIM group get (owner only). */
export class ScimGroupMappings extends Resource {
  list(query?: QueryParams<"GET /v1/scim-group-mappings">, options?: RequestOptions) {
    return this.core.list("GET /v1/scim-group-mappings", { query }, options);
  }
  create(body: RequestBody<"POST /v1/scim-group-mappings">, options?: RequestOptions) {
    return this.core.request("POST /v1/scim-group-mappings", { body }, options);
  }
  delete(id: string, options?: RequestOptions) {
    return this.core.request("DELETE /v1/scim-group-mappings/{id}", { path: { id } }, options);
  }
}

export class AuditEvents extends Resource {
  list(query?: QueryParams<"GET /v1/audit-events">, options?: RequestOptions) {
    return this.core.list("GET /v1/audit-events", { query }, options);
  }
  retrieve(id: string, options?: RequestOptions) {
    return this.core.request("GET /v1/audit-events/{id}", { path: { id } }, options);
  }
}

/** A test-mode key's sandbox: reset it (optionally seeded with the demo label) and read the
 * e-mail it captured instead of sending. */
export class Sandbox extends Resource {
  reset(body?: RequestBody<"POST /v1/sandbox/reset">, options?: RequestOptions) {
    return this.core.request("POST /v1/sandbox/reset", { body }, options);
  }
  emails(query?: QueryParams<"GET /v1/sandbox/emails">, options?: RequestOptions) {
    return this.core.list("GET /v1/sandbox/emails", { query }, options);
  }
}

/** The organization's single sign-on (OpenID Connect) settings; the client secret is sent
 * with `set` and never returned. */
export class Sso extends Resource {
  retrieve(options?: RequestOptions) {
    return this.core.request("GET /v1/sso", {}, options);
  }
  set(body: RequestBody<"PUT /v1/sso">, options?: RequestOptions) {
    return this.core.request("PUT /v1/sso", { body }, options);
  }
  delete(options?: RequestOptions) {
    return this.core.request("DELETE /v1/sso", {}, options);
  }
}
