// A real delivery from the worker to a receiver in this process, verified with the SDK.
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { signWebhook, verifyWebhook, Webhook, WebhookVerificationError, type WebhookEvent } from "../src/index.js";
import { client, eventually, unique } from "./support.js";

interface Delivery {
  body: Buffer;
  headers: IncomingHttpHeaders;
}

test("a delivery from the worker verifies; a tampered or foreign one does not", async () => {
  const deliveries: Delivery[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      deliveries.push({ body: Buffer.concat(chunks), headers: request.headers });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const { port } = receiver.address() as AddressInfo;
  const api = client();
  try {
    const endpoint = await api.webhookEndpoints.create({
      url: `http://127.0.0.1:${port}/hooks`,
      event_types: ["client.created"],
      description: unique("receiver"),
    });
    const secret = endpoint.secret;
    assert.ok(secret, "the secret is shown when the endpoint is created");
    assert.match(secret, /^whsec_/);
    const created = await api.clients.create({ name: unique("Webhook Client") });

    const delivery = await eventually(
      async () => deliveries.find((d) => JSON.parse(d.body.toString()).data?.id === created.id),
      (d) => d !== undefined,
    );
    const event: WebhookEvent<{ id: string; name: string }> = new Webhook(secret).verify(delivery!.body, delivery!.headers);
    assert.equal(event.type, "client.created");
    assert.equal(event.data.id, created.id);
    assert.equal(event.id, delivery!.headers["webhook-id"]);
    assert.equal((await api.events.retrieve(event.id)).type, "client.created", "the event is the API's own");

    const tampered = Buffer.from(delivery!.body.toString().replace(created.id, "cli_someoneelse0000000000000"));
    assert.throws(() => verifyWebhook(tampered, delivery!.headers, secret), WebhookVerificationError);
    const foreign = "whsec_" + Buffer.alloc(24, 7).toString("base64");
    assert.throws(() => verifyWebhook(delivery!.body, delivery!.headers, foreign), WebhookVerificationError);
    const later = new Date(Number(delivery!.headers["webhook-timestamp"]) * 1000 + 600_000);
    assert.throws(() => verifyWebhook(delivery!.body, delivery!.headers, secret, { now: later }), /too old/);
    // During a rotation a receiver may hold both secrets.
    assert.equal(verifyWebhook(delivery!.body, delivery!.headers, [foreign, secret]).id, event.id);

    const attempts = await eventually(
      () => api.webhookEndpoints.attempts(endpoint.id, { event_id: event.id }).toArray(),
      (list) => list.length > 0,
    );
    assert.equal(attempts[0]!.status_code, 204);

    // A resend is a second delivery of the same event, under the same webhook-id.
    await api.webhookEndpoints.resend(endpoint.id, { event_id: event.id });
    const again = await eventually(
      async () => deliveries.filter((d) => d.headers["webhook-id"] === event.id),
      (list) => list.length >= 2,
    );
    assert.equal(verifyWebhook(again[1]!.body, again[1]!.headers, secret).id, event.id);

    const rotated = await api.webhookEndpoints.rotateSecret(endpoint.id, { grace_hours: 1 });
    assert.notEqual(rotated.secret, secret);
    await api.webhookEndpoints.update(endpoint.id, { description: "rotated" });
    assert.equal((await api.webhookEndpoints.retrieve(endpoint.id)).description, "rotated");
    assert.ok((await api.webhookEndpoints.list().toArray()).some((e) => e.id === endpoint.id));
    await api.webhookEndpoints.recover(endpoint.id, { since: new Date(Date.now() - 3600_000).toISOString() });
    await api.webhookEndpoints.delete(endpoint.id);
  } finally {
    receiver.close();
  }
});

test("signWebhook produces what verifyWebhook accepts", () => {
  const secret = "whsec_" + Buffer.alloc(24, 1).toString("base64");
  const body = JSON.stringify({ id: "ev_1", type: "booking.created", timestamp: "", data: {} });
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = { "webhook-id": "ev_1", "webhook-timestamp": String(timestamp), "webhook-signature": signWebhook(secret, "ev_1", timestamp, body) };
  assert.equal(verifyWebhook(body, new Headers(headers), secret).type, "booking.created");
  assert.throws(() => verifyWebhook(body, { ...headers, "webhook-signature": "v1,AAAA" }, secret), WebhookVerificationError);
});
