// E-mail: the organization's templates and settings, and the outbox of what was sent.
import type { RequestOptions } from "../core.js";
import type { PathParams, QueryParams, RequestBody } from "../routes.js";
import { Resource } from "./resource.js";

type TemplateName = PathParams<"GET /v1/email-templates/{name}">["name"];

export class EmailTemplates extends Resource {
  list(options?: RequestOptions) {
    return this.core.request("GET /v1/email-templates", {}, options);
  }
  retrieve(name: TemplateName, options?: RequestOptions) {
    return this.core.request("GET /v1/email-templates/{name}", { path: { name } }, options);
  }
  /** Override a template (sandboxed, rendered under a time and size budget). */
  set(name: TemplateName, body: RequestBody<"PUT /v1/email-templates/{name}">, options?: RequestOptions) {
    return this.core.request("PUT /v1/email-templates/{name}", { path: { name }, body }, options);
  }
  /** Back to the built-in template. */
  delete(name: TemplateName, options?: RequestOptions) {
    return this.core.request("DELETE /v1/email-templates/{name}", { path: { name } }, options);
  }
  preview(name: TemplateName, body?: RequestBody<"POST /v1/email-templates/{name}/preview">, options?: RequestOptions) {
    return this.core.request("POST /v1/email-templates/{name}/preview", { path: { name }, body }, options);
  }
}

export class CommunicationSettings extends Resource {
  retrieve(options?: RequestOptions) {
    return this.core.request("GET /v1/communication-settings", {}, options);
  }
  update(body: RequestBody<"PATCH /v1/communication-settings">, options?: RequestOptions) {
    return this.core.request("PATCH /v1/communication-settings", { body }, options);
  }
}

export class EmailOutbox extends Resource {
  list(query?: QueryParams<"GET /v1/email-outbox">, options?: RequestOptions) {
    return this.core.list("GET /v1/email-outbox", { query }, options);
  }
}
