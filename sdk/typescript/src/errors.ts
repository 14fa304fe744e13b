// Errors: every problem+json answer of the API becomes an APIError subclass chosen by its
// status, carrying the problem's stable `code`, the offending `param` and the `requestId`.
import type { components } from "./schema.js";

/** An RFC 9457 problem document as the API sends it (extension members included). */
export type Problem = components["schemas"]["Problem"] & Record<string, unknown>;

/** Base class of every error the SDK throws. */
export class AuditoryXError extends Error {
  override name = "AuditoryXError";
}

/** The request never got an answer (network failure or timeout), after every retry. */
export class APIConnectionError extends AuditoryXError {
  override name = "APIConnectionError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The API answered with an error status. Branch on `code`, not on the message. */
export class APIError extends AuditoryXError {
  override name = "APIError";
  /** HTTP status. */
  readonly status: number;
  /** The problem's stable code, such as `not_found` or `invalid_request`. */
  readonly code: string | undefined;
  /** The field, query parameter or header the problem is about. */
  readonly param: string | undefined;
  /** The request id (`X-Request-Id`); quote it to support. */
  readonly requestId: string | undefined;
  /** Human-readable explanation. */
  readonly detail: string | undefined;
  /** Per-field messages of a validation problem. */
  readonly errors: { param?: string; message?: string }[];
  /** The whole problem document, with the members some problems add (`quota`, `limit`…). */
  readonly problem: Problem | undefined;
  readonly headers: Headers;

  constructor(status: number, problem: Problem | undefined, headers: Headers, fallback: string) {
    super(
      problem?.detail || problem?.title
        ? `${status} ${problem.code ?? ""}: ${problem.detail ?? problem.title}`.replace(" :", ":")
        : `${status} ${fallback}`,
    );
    this.status = status;
    this.problem = problem;
    this.headers = headers;
    this.code = typeof problem?.code === "string" ? problem.code : undefined;
    this.param = typeof problem?.param === "string" ? problem.param : undefined;
    this.detail = typeof problem?.detail === "string" ? problem.detail : undefined;
    this.requestId =
      (typeof problem?.request_id === "string" ? problem.request_id : undefined) ??
      headers.get("x-request-id") ??
      undefined;
    this.errors = Array.isArray(problem?.errors) ? (problem.errors as APIError["errors"]) : [];
  }
}

export class BadRequestError extends APIError {
  override name = "BadRequestError";
}
export class AuthenticationError extends APIError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends APIError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends APIError {
  override name = "NotFoundError";
}
/** 409: a conflict with the current state (double booking, quota, key in use…). */
export class ConflictError extends APIError {
  override name = "ConflictError";
}
export class PayloadTooLargeError extends APIError {
  override name = "PayloadTooLargeError";
}
export class UnsupportedMediaTypeError extends APIError {
  override name = "UnsupportedMediaTypeError";
}
/** 422: the request is invalid; `param` names the field. */
export class ValidationError extends APIError {
  override name = "ValidationError";
}
/** 429, after the retries: `retryAfter` is the number of seconds to wait. */
export class RateLimitError extends APIError {
  override name = "RateLimitError";
  get retryAfter(): number | undefined {
    return retryAfterSeconds(this.headers);
  }
}
export class ServiceUnavailableError extends APIError {
  override name = "ServiceUnavailableError";
}
export class InternalServerError extends APIError {
  override name = "InternalServerError";
}

/** A webhook whose signature, timestamp or body does not verify. */
export class WebhookVerificationError extends AuditoryXError {
  override name = "WebhookVerificationError";
}

/** A `waitUntil…` method ran out of time; `last` is what the resource looked like then. */
export class WaitTimeoutError<T = unknown> extends AuditoryXError {
  override name = "WaitTimeoutError";
  constructor(
    message: string,
    readonly last: T,
  ) {
    super(message);
  }
}

const BY_STATUS: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  413: PayloadTooLargeError,
  415: UnsupportedMediaTypeError,
  422: ValidationError,
  429: RateLimitError,
  503: ServiceUnavailableError,
};

/** The error class of an error answer. */
export function errorFor(status: number, problem: Problem | undefined, headers: Headers, statusText: string): APIError {
  const ErrorClass = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIError);
  return new ErrorClass(status, problem, headers, statusText);
}

/** `Retry-After` in seconds (a number of seconds or an HTTP date), if the answer has one. */
export function retryAfterSeconds(headers: Headers, now: number = Date.now()): number | undefined {
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
