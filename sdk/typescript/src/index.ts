// AuditoryX Enterprise API client for Node 20+.
export { Client } from "./client.js";
export { Core, type ClientOptions, type RawBody, type RequestOptions } from "./core.js";
export {
  APIConnectionError,
  APIError,
  AuditoryXError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServiceUnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
  WaitTimeoutError,
  WebhookVerificationError,
  type Problem,
} from "./errors.js";
export { PageList, type Page } from "./pagination.js";
export type { ItemOf, ListOf, Operation, PathParams, QueryParams, RequestBody, Route, Success } from "./routes.js";
export type { components, operations, paths } from "./schema.js";
export { FINAL_BULK_BOOKING_STATUSES, type BulkBooking } from "./resources/bookings.js";
export type { WaitOptions } from "./waiting.js";
export { DEFAULT_TOLERANCE_SECONDS, signWebhook, verifyWebhook, Webhook, type HeaderSource, type VerifyOptions, type WebhookEvent } from "./webhooks.js";
export type * from "./types.js";
