// Book an album's sessions as one bulk booking and wait for its saga to finish.
//   AUDITORYX_API_KEY=ax_live_… node dist/examples/book-album.js cre_tracking cre_mixing
import { Client } from "../src/index.js";

const client = new Client();
const [tracking, mixing] = process.argv.slice(2);
if (!tracking || !mixing) throw new Error("usage: book-album.js <tracking creator id> <mixing creator id>");

const monday = new Date();
monday.setUTCDate(monday.getUTCDate() + ((8 - monday.getUTCDay()) % 7 || 7));
monday.setUTCHours(10, 0, 0, 0);
const day = (n: number) => new Date(monday.getTime() + n * 86_400_000).toISOString();

const sessions = [
  { ref: "track-1", creator_id: tracking, start: day(0), duration_minutes: 240 },
  { ref: "track-2", creator_id: tracking, start: day(1), duration_minutes: 240 },
  { ref: "mix", creator_id: mixing, start: day(3), duration_minutes: 360 },
];

// The plan first (nothing is held): what would clash, what it costs.
const plan = await client.bulkBookings.plan({ title: "Debut album", sessions });
console.log("plan:", JSON.stringify(plan).slice(0, 200));

// Then the batch. A retry of this POST (network error, 503) reuses its Idempotency-Key, so
// the album is never booked twice.
const batch = await client.bulkBookings.create({ title: "Debut album", mode: "all_or_nothing", sessions });
const state = await client.bulkBookings.waitUntilFinished(batch.id, { until: ["awaiting_approval"], timeoutMs: 300_000 });
if (state.status === "awaiting_approval") {
  console.log(`waiting for approval ${state.approval_request_id} (see approve.ts)`);
} else {
  console.log(`finished: ${state.status}`);
  for await (const item of client.bulkBookings.items(batch.id)) console.log(item.index, item.ref, item.status, item.booking_id);
}
