// Idempotent retries and rate limits against the live API.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { RateLimitError } from "../src/index.js";
import { client, limitedApiKey, recordingFetch, unique } from "./support.js";

test("a create whose answer is lost is retried with the same key and creates one record", async () => {
  const name = unique("Lost Answer Records");
  let lost = 0;
  const { fetch, exchanges } = recordingFetch((e) => e.method === "POST" && lost++ === 0);
  const api = client({ fetch });
  const created = await api.clients.create({ name });

  const posts = exchanges.filter((e) => e.method === "POST");
  assert.equal(posts.length, 2, "one POST lost, one retried");
  assert.equal(posts[0]!.status, 201, "the first POST did create the client on the server");
  const key = posts[0]!.headers["idempotency-key"];
  assert.ok(key && key.length >= 32, "an Idempotency-Key is sent by default");
  assert.equal(posts[1]!.headers["idempotency-key"], key, "the retry carries the same key");
  assert.equal(posts[1]!.responseHeaders?.get("idempotent-replayed"), "true", "the server replayed its first answer");
  const found = await client().clients.list({ q: name }).toArray();
  assert.deepEqual(found.map((c) => c.id), [created.id], "exactly one client was created");
});

test("two requests racing with one key: the one that finds it in use is retried and gets the same record", async () => {
  const name = unique("Racing Records");
  const { fetch, exchanges } = recordingFetch();
  const api = client({ fetch });
  const idempotencyKey = randomUUID();
  const [a, b] = await Promise.all([
    api.clients.create({ name }, { idempotencyKey }),
    api.clients.create({ name }, { idempotencyKey }),
  ]);
  assert.equal(a.id, b.id);
  const statuses = exchanges.map((e) => e.status);
  assert.ok(statuses.every((s) => s === 201 || s === 409), `only created, replayed or in use: ${statuses}`);
  const found = await client().clients.list({ q: name }).toArray();
  assert.equal(found.length, 1);
});

// The limited organization's bucket holds one request and refills one a second. Its requests
// are sent together: sent one after the other, a loaded machine can space them past the refill.
const AT_ONCE = 4;

test("a 429 is retried after its Retry-After", async () => {
  const { fetch, exchanges } = recordingFetch();
  const limited = client({ apiKey: limitedApiKey, fetch });
  const started = Date.now();
  const organizations = await Promise.all(
    Array.from({ length: AT_ONCE }, () => limited.organization.retrieve()),
  );
  assert.ok(organizations.every((o) => o.id.startsWith("org_")));
  const refused = exchanges.filter((e) => e.status === 429);
  assert.ok(refused.length > 0, `a request was refused: ${exchanges.map((e) => e.status)}`);
  const retryAfter = Math.min(...refused.map((e) => Number(e.responseHeaders?.get("retry-after"))));
  assert.ok(retryAfter >= 1, "each refusal says how long to wait");
  assert.equal(exchanges.filter((e) => e.status === 200).length, AT_ONCE, "each call ended in a 200");
  // Every attempt after the first AT_ONCE is a retry of a refusal, sent no sooner than asked.
  const retries = exchanges.slice(AT_ONCE);
  assert.equal(retries.length, refused.length, "each refusal was retried once it was due");
  const firstRefused = Math.min(...refused.map((e) => e.at));
  assert.ok(Math.min(...retries.map((e) => e.at)) - firstRefused >= retryAfter * 1000 - 50, "the retries waited as asked");
  assert.ok(Date.now() - started >= retryAfter * 1000 - 50);
});

test("without retries a 429 is a RateLimitError with its retryAfter", async () => {
  const limited = client({ apiKey: limitedApiKey, maxRetries: 0 });
  const outcomes = await Promise.allSettled(
    Array.from({ length: AT_ONCE }, () => limited.organization.retrieve()),
  );
  const errors = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as unknown] : []));
  assert.ok(errors.length > 0, "a request was refused");
  for (const error of errors) {
    assert.ok(error instanceof RateLimitError, String(error));
    assert.equal(error.status, 429);
    assert.equal(error.code, "rate_limited");
    assert.ok((error.retryAfter ?? 0) > 0);
    assert.ok(error.requestId);
  }
});
