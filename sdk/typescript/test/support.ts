// What the tests share: the live API they run against (the Python test-suite starts it and
// passes its URL and keys in the environment), a fetch that records every exchange, times.
import { randomUUID } from "node:crypto";
import { Client, type ClientOptions } from "../src/index.js";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through tests/sdk/test_typescript_sdk.py`);
  return value;
}

export const baseUrl = required("AUDITORYX_BASE_URL");
export const apiKey = required("AUDITORYX_API_KEY");
/** A key of an organization whose plan allows one request a second, burst 1. */
export const limitedApiKey = required("AUDITORYX_LIMITED_API_KEY");

export function client(options: ClientOptions = {}): Client {
  return new Client({ baseUrl, apiKey, ...options });
}

export interface Exchange {
  method: string;
  url: string;
  headers: Record<string, string>;
  status?: number;
  responseHeaders?: Headers;
  at: number;
}

/** The global fetch, recording every exchange (`lose` makes it drop chosen answers, as a
 * network would: the request reached the server, the caller sees an error). */
export function recordingFetch(lose: (exchange: Exchange) => boolean = () => false) {
  const exchanges: Exchange[] = [];
  const recorded: typeof fetch = async (input, init) => {
    const exchange: Exchange = {
      method: init?.method ?? "GET",
      url: String(input),
      headers: { ...(init?.headers as Record<string, string>) },
      at: Date.now(),
    };
    exchanges.push(exchange);
    const response = await fetch(input, init);
    exchange.status = response.status;
    exchange.responseHeaders = response.headers;
    if (lose(exchange)) {
      await response.arrayBuffer();
      throw new TypeError("fetch failed", { cause: new Error("socket hang up") });
    }
    return response;
  };
  return { fetch: recorded, exchanges };
}

export function unique(prefix: string): string {
  return `${prefix} ${randomUUID().slice(0, 8)}`;
}

/** `days` days from now, at `hour`:00 UTC. */
export function at(days: number, hour: number): string {
  const day = new Date();
  day.setUTCHours(hour, 0, 0, 0);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString();
}

export const ALL_WEEK = Object.fromEntries(
  ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["00:00", "24:00"]]]),
);

/** A creator who works around the clock, in UTC, at 100 USD an hour. */
export async function newCreator(api: Client, tags: string[] = []) {
  return api.creators.create({
    name: unique("Pat Producer"),
    timezone: "UTC",
    currency: "USD",
    hourly_rate: "100",
    working_hours: ALL_WEEK,
    tags,
    skills: { mixing: 4 },
  });
}

/** A member with `role` and a key of their own, obtained as a member does: invited, claimed. */
export async function memberWithKey(api: Client, role: string) {
  const email = `${randomUUID().slice(0, 8)}@northstar.example`;
  const member = await api.members.create({ email, name: email.split("@")[0]!, role });
  const invite = await api.members.inviteApiKey(member.id, { name: `${role} key` });
  const key = await api.apiKeyInvites.claim({ token: invite.token });
  return { member, client: api.withApiKey(key.secret) };
}

/** Reads until `ok` holds. A webhook delivery waits on the 1 s event relay, a workflow and an
 * activity, behind the other test files that run at the same time: the default allows for that. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
