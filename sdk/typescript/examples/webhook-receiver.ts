// Receive webhooks: verify each delivery's signature before trusting it, de-duplicate on its id.
//   AUDITORYX_WEBHOOK_SECRET=whsec_… node dist/examples/webhook-receiver.js
// Register the URL first: client.webhookEndpoints.create({ url, event_types: ["booking.confirmed"] })
// answers the secret once.
import { createServer } from "node:http";
import { Webhook, WebhookVerificationError } from "../src/index.js";

const secret = process.env.AUDITORYX_WEBHOOK_SECRET;
if (!secret) throw new Error("set AUDITORYX_WEBHOOK_SECRET to the endpoint's whsec_… secret");
const webhook = new Webhook(secret);
const seen = new Set<string>(); // use your database in production

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    try {
      // The raw body, byte for byte: parsing and re-serialising it would break the signature.
      const event = webhook.verify(Buffer.concat(chunks), request.headers);
      if (!seen.has(event.id)) {
        seen.add(event.id);
        console.log(event.type, event.data.id);
      }
      response.writeHead(204).end(); // any 2xx within 15 s; anything else is retried
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      response.writeHead(400).end();
    }
  });
}).listen(Number(process.env.PORT ?? 8080));
