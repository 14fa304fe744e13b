// Verifying webhooks the API sends (Standard Webhooks, as the worker signs them):
//   webhook-id         the event id, the same on every retry (de-duplicate on it)
//   webhook-timestamp  Unix seconds of the attempt
//   webhook-signature  "v1,<base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`>", keyed with the
//                      base64-decoded part of the endpoint's secret after "whsec_"; during a
//                      secret rotation's grace period two signatures, space-separated.
import { createHmac, timingSafeEqual } from "node:crypto";
import { WebhookVerificationError } from "./errors.js";

const SECRET_PREFIX = "whsec_";
/** How far a delivery's timestamp may be from the receiver's clock (Standard Webhooks: 5 min). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** What every delivery carries. `data` is the object the event is about. */
export interface WebhookEvent<T = Record<string, unknown>> {
  id: string;
  type: string;
  timestamp: string;
  data: T;
}

/** Headers as a `Headers` object, a Node `IncomingHttpHeaders` or a plain object. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export interface VerifyOptions {
  toleranceSeconds?: number;
  /** The receiver's clock (tests). */
  now?: Date;
}

/**
 * Verifies one delivery and answers its parsed event; throws WebhookVerificationError when the
 * signature is not one of `secrets`, the timestamp is too old or too new, or a header is
 * missing. `body` must be the raw request body, byte for byte.
 */
export function verifyWebhook<T = Record<string, unknown>>(
  body: string | Uint8Array,
  headers: HeaderSource,
  secrets: string | readonly string[],
  options: VerifyOptions = {},
): WebhookEvent<T> {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError("missing webhook-id, webhook-timestamp or webhook-signature");
  const seconds = Number(timestamp);
  if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(seconds)) throw new WebhookVerificationError("invalid webhook-timestamp");
  const now = (options.now ?? new Date()).getTime() / 1000;
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (seconds < now - tolerance) throw new WebhookVerificationError("webhook-timestamp is too old");
  if (seconds > now + tolerance) throw new WebhookVerificationError("webhook-timestamp is in the future");
  const raw = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  const presented = signatures
    .split(" ")
    .filter((s) => s.startsWith("v1,"))
    .map((s) => Buffer.from(s.slice(3), "base64"));
  for (const secret of typeof secrets === "string" ? [secrets] : secrets) {
    const expected = sign(secret, id, seconds, raw);
    if (presented.some((p) => p.length === expected.length && timingSafeEqual(p, expected))) {
      return JSON.parse(raw.toString("utf8")) as WebhookEvent<T>;
    }
  }
  throw new WebhookVerificationError("no webhook-signature matches the secret");
}

/** A receiver's verifier for one endpoint (its secret, or during a rotation both secrets). */
export class Webhook {
  readonly #secrets: readonly string[];
  constructor(
    secrets: string | readonly string[],
    private readonly options: VerifyOptions = {},
  ) {
    this.#secrets = typeof secrets === "string" ? [secrets] : secrets;
  }

  verify<T = Record<string, unknown>>(body: string | Uint8Array, headers: HeaderSource): WebhookEvent<T> {
    return verifyWebhook<T>(body, headers, this.#secrets, this.options);
  }
}

/** The `v1,…` signature the API would send (to test a receiver). */
export function signWebhook(secret: string, id: string, timestamp: number, body: string | Uint8Array): string {
  const raw = typeof body === "string" ? Buffer.from(body, "utf8") : Buffer.from(body);
  return `v1,${sign(secret, id, timestamp, raw).toString("base64")}`;
}

function sign(secret: string, id: string, timestamp: number, body: Buffer): Buffer {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  return createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest();
}

function header(headers: HeaderSource, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : record[key];
  return Array.isArray(value) ? value[0] : value;
}
