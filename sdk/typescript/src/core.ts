// The HTTP core every resource calls: authentication, the sub-organization header, automatic
// Idempotency-Key on POST, retries that are safe, and problem+json errors.
import { randomUUID } from "node:crypto";
import { APIConnectionError, APIError, errorFor, retryAfterSeconds, type Problem } from "./errors.js";
import { PageList, type Page } from "./pagination.js";
import type { ItemOf, ListOf, PathParams, QueryParams, RequestBody, Route, Success } from "./routes.js";

export interface ClientOptions {
  /** `ax_live_…` or `ax_test_…`; defaults to the AUDITORYX_API_KEY environment variable. */
  apiKey?: string;
  /** Where the API is; defaults to AUDITORYX_BASE_URL, else http://localhost:8000. */
  baseUrl?: string;
  /** Act on this sub-organization (`AuditoryX-Organization` header) on every request. */
  organization?: string;
  /** Retries of a request that may be retried (default 3). */
  maxRetries?: number;
  /** Longest wait before a retry; an answer asking for longer is not retried (default 60 s). */
  maxRetryDelayMs?: number;
  /** Time limit of one attempt (default 60 s). */
  timeoutMs?: number;
  /** The fetch to use (default: the global fetch). */
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** The POST's Idempotency-Key; by default a new UUID, the same on every retry. */
  idempotencyKey?: string;
  /** Act on this sub-organization for this request. */
  organization?: string;
  maxRetries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

/** A body that is not JSON, such as a CSV roster. */
export interface RawBody {
  contentType: string;
  data: string;
}

export interface RequestParts<R extends Route> {
  path?: PathParams<R>;
  query?: QueryParams<R> | undefined;
  body?: RequestBody<R> | RawBody;
  /** `true`: answer the body as text (a CSV export), whatever its type. */
  text?: boolean;
}

const RETRY_BASE_MS = 500;

export class Core {
  readonly baseUrl: string;
  readonly #apiKey: string;
  readonly #options: Required<Pick<ClientOptions, "maxRetries" | "maxRetryDelayMs" | "timeoutMs">> &
    Pick<ClientOptions, "organization">;
  readonly #fetch: typeof fetch;

  constructor(options: ClientOptions = {}) {
    const apiKey = options.apiKey ?? process.env.AUDITORYX_API_KEY;
    if (!apiKey) throw new TypeError("an API key is required (apiKey or AUDITORYX_API_KEY)");
    this.#apiKey = apiKey;
    this.baseUrl = (options.baseUrl ?? process.env.AUDITORYX_BASE_URL ?? "http://localhost:8000").replace(/\/+$/, "");
    this.#options = {
      maxRetries: options.maxRetries ?? 3,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 60_000,
      timeoutMs: options.timeoutMs ?? 60_000,
      organization: options.organization,
    };
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Call one route of the API and answer its parsed success body. */
  async request<R extends Route>(route: R, parts: RequestParts<R> = {}, options: RequestOptions = {}): Promise<Success<R>> {
    const [method, template] = route.split(" ") as [string, string];
    const url = this.#url(template, parts.path as Record<string, string | number> | undefined, parts.query);
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.#apiKey}`,
      accept: "application/json",
      ...options.headers,
    };
    const organization = options.organization ?? this.#options.organization;
    if (organization) headers["auditoryx-organization"] = organization;
    // One key for every attempt: a retry of a POST whose answer was lost is replayed, not redone.
    if (method === "POST") headers["idempotency-key"] = options.idempotencyKey ?? randomUUID();
    let body: string | undefined;
    if (parts.body !== undefined) {
      if (isRaw(parts.body)) {
        headers["content-type"] = parts.body.contentType;
        body = parts.body.data;
      } else {
        headers["content-type"] = "application/json";
        body = JSON.stringify(parts.body);
      }
    }
    const maxRetries = options.maxRetries ?? this.#options.maxRetries;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, body, signal: this.#signal(options) });
      } catch (error) {
        if (options.signal?.aborted) throw error;
        // No answer: the request may or may not have run. Only requests that are safe to repeat
        // go again (a PATCH might not be: it is left to the caller).
        if (attempt < maxRetries && method !== "PATCH") {
          await sleep(backoff(attempt));
          continue;
        }
        throw new APIConnectionError(`${method} ${template}: ${describe(error)}`, { cause: error });
      }
      if (response.ok) return (await this.#parse(response, parts.text)) as Success<R>;
      const problem = await readProblem(response);
      const delay = attempt < maxRetries ? this.#retryDelay(method, response, problem, attempt) : undefined;
      if (delay === undefined) throw errorFor(response.status, problem, response.headers, response.statusText);
      await sleep(delay);
    }
  }

  /** A cursor-paginated list: await it for one page, or iterate it for every item. */
  list<R extends Route>(
    route: R,
    parts: RequestParts<R> = {},
    options: RequestOptions = {},
    cursor: (item: ItemOf<R>) => string | number = (item) => (item as { id: string }).id,
  ): PageList<ItemOf<R>> {
    const query = (parts.query ?? {}) as Record<string, unknown>;
    return new PageList<ItemOf<R>>(
      async (startingAfter) => {
        const pageQuery = startingAfter === undefined ? query : { ...query, starting_after: startingAfter };
        const page = await this.request(route, { ...parts, query: pageQuery as QueryParams<R> }, options);
        return page as unknown as ListOf<R> & Page<ItemOf<R>>;
      },
      cursor,
      query.starting_after as string | number | undefined,
    );
  }

  #retryDelay(method: string, response: Response, problem: Problem | undefined, attempt: number): number | undefined {
    const status = response.status;
    const retryable =
      status === 429 || // refused before it ran
      // A tenant move's write freeze refuses before doing anything: even a PATCH repeats.
      (status === 503 && (method !== "PATCH" || problem?.code === "tenant_moving")) ||
      (status === 409 && method === "POST" && problem?.code === "idempotency_key_in_use");
    if (!retryable) return undefined;
    const asked = retryAfterSeconds(response.headers) ?? rateLimitResetSeconds(response.headers);
    const delay = asked === undefined ? backoff(attempt) : asked * 1000;
    return delay > this.#options.maxRetryDelayMs ? undefined : delay;
  }

  #signal(options: RequestOptions): AbortSignal {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? this.#options.timeoutMs);
    return options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  }

  #url(template: string, path: Record<string, string | number> | undefined, query: unknown): string {
    const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const value = path?.[name];
      if (value === undefined) throw new TypeError(`${template}: missing path parameter ${name}`);
      return encodeURIComponent(String(value));
    });
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
    }
    const qs = search.toString();
    return `${this.baseUrl}${filled}${qs ? `?${qs}` : ""}`;
  }

  async #parse(response: Response, text?: boolean): Promise<unknown> {
    if (response.status === 204) return undefined;
    const body = await response.text();
    if (text || !(response.headers.get("content-type") ?? "").includes("json")) return body;
    return body ? JSON.parse(body) : undefined;
  }
}

function isRaw(body: unknown): body is RawBody {
  return typeof body === "object" && body !== null && "contentType" in body && "data" in body && Object.keys(body).length === 2;
}

async function readProblem(response: Response): Promise<Problem | undefined> {
  try {
    const parsed: unknown = JSON.parse(await response.text());
    return typeof parsed === "object" && parsed !== null ? (parsed as Problem) : undefined;
  } catch {
    return undefined;
  }
}

/** The wait the `RateLimit` header asks for: `t` of a budget that has nothing left (`r=0`). */
export function rateLimitResetSeconds(headers: Headers): number | undefined {
  const value = headers.get("ratelimit");
  if (!value) return undefined;
  let wait: number | undefined;
  for (const item of value.split(",")) {
    const params = Object.fromEntries(
      item.split(";").slice(1).map((p) => p.trim().split("=") as [string, string]),
    );
    if (params.r === "0" && params.t !== undefined) wait = Math.max(wait ?? 0, Number(params.t));
  }
  return wait;
}

function backoff(attempt: number): number {
  return RETRY_BASE_MS * 2 ** attempt * (0.75 + Math.random() / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

export { APIError };
