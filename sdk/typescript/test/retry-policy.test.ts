// What is retried and after how long, against a local server that answers as the API does
// when it is unavailable or rate limited (the live tests cannot make the API answer 503).
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { APIConnectionError, Client, ServiceUnavailableError } from "../src/index.js";

type Answer = (request: IncomingMessage, response: ServerResponse) => void;

async function withServer(answers: Answer[], run: (client: Client, seen: { method: string; at: number; key?: string }[]) => Promise<void>) {
  const seen: { method: string; at: number; key?: string }[] = [];
  const server = createServer((request, response) => {
    seen.push({ method: request.method ?? "", at: Date.now(), key: request.headers["idempotency-key"] as string | undefined });
    request.resume();
    const answer = answers[seen.length - 1];
    if (answer) answer(request, response);
    else response.writeHead(500).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await run(new Client({ apiKey: "ax_test_local", baseUrl: `http://127.0.0.1:${port}` }), seen);
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const problem = (status: number, code: string, headers: Record<string, string> = {}): Answer => (_req, res) => {
  res.writeHead(status, { "content-type": "application/problem+json", ...headers });
  res.end(JSON.stringify({ type: `urn:auditoryx:problem:${code}`, title: code, status, code, request_id: "req_local" }));
};
const ok: Answer = (_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ object: "organization", id: "org_local" }));
};
const hangUp: Answer = (req) => req.socket.destroy();

test("a 503 is retried after its Retry-After", async () => {
  await withServer([problem(503, "temporal_unavailable", { "retry-after": "1" }), ok], async (client, seen) => {
    assert.equal((await client.organization.retrieve()).id, "org_local");
    assert.equal(seen.length, 2);
    assert.ok(seen[1]!.at - seen[0]!.at >= 950);
  });
});

test("a 429 without Retry-After waits for the exhausted budget's RateLimit reset", async () => {
  const limited = problem(429, "rate_limited", { ratelimit: '"key";r=0;t=1, "org";r=5;t=0' });
  await withServer([limited, ok], async (client, seen) => {
    await client.organization.retrieve();
    assert.ok(seen[1]!.at - seen[0]!.at >= 950);
  });
});

test("a wait longer than maxRetryDelayMs is not taken", async () => {
  await withServer([problem(503, "temporal_unavailable", { "retry-after": "120" })], async (_client, seen) => {
    const client = new Client({ apiKey: "k", baseUrl: _client.core.baseUrl, maxRetryDelayMs: 5_000 });
    await assert.rejects(client.organization.retrieve(), ServiceUnavailableError);
    assert.equal(seen.length, 1);
  });
});

test("a POST whose connection drops is retried with the same Idempotency-Key; a PATCH is not", async () => {
  await withServer([hangUp, (_q, s) => s.writeHead(201, { "content-type": "application/json" }).end('{"id":"cli_1"}')], async (client, seen) => {
    assert.equal((await client.clients.create({ name: "Acme" })).id, "cli_1");
    assert.equal(seen.length, 2);
    assert.ok(seen[0]!.key);
    assert.equal(seen[1]!.key, seen[0]!.key);
  });
  await withServer([hangUp, ok], async (client, seen) => {
    await assert.rejects(client.clients.update("cli_1", { name: "Acme Ltd" }), APIConnectionError);
    assert.equal(seen.length, 1, "a PATCH that may have run is left to the caller");
  });
});

test("a PATCH refused by a tenant move's freeze is retried after its Retry-After; another 503 is not", async () => {
  await withServer([problem(503, "tenant_moving", { "retry-after": "1" }), ok], async (client, seen) => {
    await client.clients.update("cli_1", { name: "Acme Ltd" });
    assert.equal(seen.length, 2, "the freeze refused it before it did anything");
    assert.ok(seen[1]!.at - seen[0]!.at >= 950);
  });
  await withServer([problem(503, "database_unavailable", { "retry-after": "1" }), ok], async (client, seen) => {
    await assert.rejects(client.clients.update("cli_1", { name: "Acme Ltd" }), ServiceUnavailableError);
    assert.equal(seen.length, 1);
  });
});

test("a 409 other than idempotency_key_in_use is not retried", async () => {
  await withServer([problem(409, "booking_conflict"), ok], async (client, seen) => {
    await assert.rejects(client.clients.create({ name: "Acme" }), (e: { code?: string; requestId?: string }) => e.code === "booking_conflict" && e.requestId === "req_local");
    assert.equal(seen.length, 1);
  });
});

test("a POST answered idempotency_key_in_use is retried with its key until the first one finishes", async () => {
  const created: Answer = (_q, s) => s.writeHead(201, { "content-type": "application/json" }).end('{"id":"cli_1"}');
  await withServer([problem(409, "idempotency_key_in_use"), created], async (client, seen) => {
    assert.equal((await client.clients.create({ name: "Acme" }, { idempotencyKey: "order-7" })).id, "cli_1");
    assert.deepEqual(seen.map((s) => s.key), ["order-7", "order-7"]);
  });
});
