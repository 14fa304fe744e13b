// The long-running processes: a booking that needs approval, and an album booked in bulk,
// followed with the SDK's waitUntil… methods while the real worker runs their workflows.
import assert from "node:assert/strict";
import { before, test } from "node:test";
import type { Client } from "../src/index.js";
import { at, client, eventually, memberWithKey, newCreator, unique } from "./support.js";

const TAG = `needs-approval-${Date.now()}`;
let manager: Client;

before(async () => {
  const api = client();
  manager = (await memberWithKey(api, "manager")).client;
  const policy = await api.approvalPolicies.create({
    name: unique("Tagged creators"),
    subject_type: "booking",
    conditions: { creator_tags: [TAG] },
    steps: [{ name: "manager", approvers: [{ role: "manager" }] }],
  });
  assert.equal((await api.approvalPolicies.retrieve(policy.id)).name, policy.name);
  await api.approvalPolicies.create({
    name: unique("Every album"),
    subject_type: "bulk_booking",
    steps: [{ name: "manager", approvers: [{ role: "manager" }] }],
  });
  assert.ok((await api.approvalPolicies.list().toArray()).length >= 2);
});

test("a booking waits for its approval, which a manager gives with a key of their own", async () => {
  const api = client();
  const creator = await newCreator(api, [TAG]);
  const booking = await api.bookings.create({ creator_id: creator.id, start: at(30, 10), end: at(30, 12), title: "Vocals", status: "confirmed" });
  assert.equal(booking.status, "pending_approval");
  const requestId = booking.approval_request_id;
  assert.ok(requestId);

  const inbox = await manager.approvals.list({ status: "pending" }).toArray();
  assert.ok(inbox.some((r) => r.id === requestId), "the request is in the manager's inbox");
  await eventually(() => manager.approvals.retrieve(requestId), (r) => (r.steps ?? []).some((s) => s.assignments.some((a) => a.status === "pending")));
  await manager.approvals.decide(requestId, { decision: "approve", comment: "go" });
  const decided = await api.approvals.waitUntilDecided(requestId, { timeoutMs: 30_000, intervalMs: 250 });
  assert.equal(decided.status, "approved");
  const confirmed = await eventually(() => api.bookings.retrieve(booking.id), (b) => b.status === "confirmed");
  assert.equal(confirmed.status, "confirmed");
});

test("an album booked in bulk: held, approved once, every session confirmed", async () => {
  const api = client();
  const [tracking, mixing] = [await newCreator(api), await newCreator(api)];
  const sessions = [
    { ref: "track-1", creator_id: tracking.id, start: at(50, 9), duration_minutes: 120 },
    { ref: "track-2", creator_id: tracking.id, start: at(51, 9), duration_minutes: 120 },
    { ref: "mix", creator_id: mixing.id, start: at(52, 9), duration_minutes: 180 },
  ];
  const plan = await api.bulkBookings.plan({ title: "Album plan", sessions });
  assert.equal(plan.object, "bulk_booking_plan");

  const batch = await api.bulkBookings.create({ title: unique("Album"), mode: "all_or_nothing", sessions });
  const waiting = await api.bulkBookings.waitUntilFinished(batch.id, { until: ["awaiting_approval"], timeoutMs: 60_000, intervalMs: 250 });
  assert.equal(waiting.status, "awaiting_approval");
  assert.ok(waiting.approval_request_id);
  await eventually(() => manager.approvals.retrieve(waiting.approval_request_id!), (r) => (r.steps ?? []).some((s) => s.assignments.some((a) => a.status === "pending")));
  await manager.approvals.decide(waiting.approval_request_id, { decision: "approve" });

  const done = await api.bulkBookings.waitUntilFinished(batch.id, { timeoutMs: 60_000, intervalMs: 250 });
  assert.equal(done.status, "confirmed");
  const items = await api.bulkBookings.items(batch.id, { limit: 2 }).toArray();
  assert.deepEqual(items.map((i) => i.ref), ["track-1", "track-2", "mix"], "all items across pages, in order");
  assert.ok(items.every((i) => i.status === "confirmed"));
  const booked = await api.bookings.list({ batch_id: batch.id }).toArray();
  assert.equal(booked.length, 3);
  assert.ok((await api.bulkBookings.list().toArray()).some((b) => b.id === batch.id));

  const other = await api.bulkBookings.create({ title: unique("Cancelled"), sessions: [{ creator_id: mixing.id, start: at(60, 9), duration_minutes: 60 }] });
  await api.bulkBookings.cancel(other.id, { reason: "changed our minds" });
  assert.equal((await api.bulkBookings.waitUntilFinished(other.id, { timeoutMs: 60_000, intervalMs: 250 })).status, "cancelled");
});
