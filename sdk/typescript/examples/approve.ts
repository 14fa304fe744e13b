// Decide pending approvals as a manager, with a key that acts as the manager (claimed from an
// invite: POST /v1/members/{id}/api-key-invites, then apiKeyInvites.claim({ token })).
//   AUDITORYX_API_KEY=<the manager's key> node dist/examples/approve.js
import { Client, ConflictError } from "../src/index.js";

const manager = new Client();

for await (const request of manager.approvals.list({ status: "pending", approver: "me" })) {
  console.log(`${request.id}: ${request.summary} (${request.amount ?? "-"} ${request.currency ?? ""})`);
  try {
    await manager.approvals.decide(request.id, { decision: "approve", comment: "approved from the SDK example" });
  } catch (error) {
    // Someone else decided it first, or the step moved on: the answer says which.
    if (error instanceof ConflictError) console.log(`  not decided: ${error.code}`);
    else throw error;
    continue;
  }
  const decided = await manager.approvals.waitUntilDecided(request.id, { timeoutMs: 60_000 });
  console.log(`  ${decided.status}`);
}
