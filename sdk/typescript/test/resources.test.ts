// Every resource of the Client, called at least once against the live API.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { Client, NotFoundError, PermissionDeniedError } from "../src/index.js";
import { ALL_WEEK, at, baseUrl, client, memberWithKey, newCreator, unique } from "./support.js";

const api = client();
const today = new Date().toISOString().slice(0, 10);

test("organization, sub-organizations, members, roles, permissions, API keys, audit events", async () => {
  const organization = await api.organization.retrieve();
  assert.equal((await api.organization.update({ name: organization.name })).id, organization.id);

  const imprint = await api.organizations.create({ name: unique("Imprint") });
  assert.equal((await api.organizations.retrieve(imprint.id)).name, imprint.name);
  await api.organizations.update(imprint.id, { region: "eu" });
  assert.ok((await api.organizations.list().toArray()).some((o) => o.id === imprint.id));
  const inImprint = api.withOrganization(imprint.id);
  await inImprint.artists.create({ name: "Imprint Artist" });
  assert.deepEqual((await inImprint.artists.list().toArray()).map((a) => a.name), ["Imprint Artist"]);

  const member = await api.members.create({ email: `${Date.now()}@northstar.example`, name: "Vic Viewer", role: "viewer" });
  assert.equal((await api.members.retrieve(member.id)).role, "viewer");
  assert.equal((await api.members.update(member.id, { role: "coordinator" })).role, "coordinator");
  assert.ok((await api.members.list({ q: "Vic" }).toArray()).some((m) => m.id === member.id));
  await api.members.delete(member.id);

  const permissions = await api.permissions.list();
  assert.ok(permissions.data.some((p) => p.name === "bookings:write"));
  const role = await api.roles.create({ name: unique("booker"), permissions: ["bookings:read", "bookings:write"] });
  assert.equal((await api.roles.retrieve(role.id)).name, role.name);
  await api.roles.update(role.id, { description: "books sessions" });
  assert.ok((await api.roles.list({ limit: 100 }).toArray()).some((r) => r.id === role.id));
  await api.roles.delete(role.id);
  await assert.rejects(api.roles.retrieve(role.id), NotFoundError);

  const key = await api.apiKeys.create({ name: "reporting", permissions: ["analytics:read"] });
  assert.match(key.secret, /^ax_live_/);
  assert.equal((await api.apiKeys.retrieve(key.id)).name, "reporting");
  await api.apiKeys.revoke(key.id);
  assert.ok((await api.apiKeys.list({ include_revoked: true }).toArray()).some((k) => k.id === key.id));

  const audit = await api.auditEvents.list({ action: "role.created", limit: 5 });
  assert.ok(audit.data.length > 0);
  assert.equal((await api.auditEvents.retrieve(audit.data[0]!.id)).action, "role.created");
});

test("roster: artists one by one and in bulk (JSON and CSV), creators, rooms, time off, absences, feeds", async () => {
  const artist = await api.artists.create({ name: unique("Nova"), genres: ["pop"] });
  assert.equal((await api.artists.update(artist.id, { status: "paused" })).status, "paused");
  assert.equal((await api.artists.retrieve(artist.id)).status, "paused");
  const crm = randomUUID().slice(0, 8);
  const report = await api.artists.bulk([
    { name: "Ari", external_ref: `${crm}-1` },
    { name: "Bo", external_ref: `${crm}-2`, genres: ["jazz"] },
  ]);
  assert.equal(report.summary.created, 2);
  const csv = await api.artists.bulk(`name,external_ref,genres\nAri Lane ${crm},${crm}-1,pop;soul\nCyd,${crm}-3,\n`);
  assert.deepEqual([csv.summary.created, csv.summary.updated], [1, 1]);
  const renamed = await api.artists.list({ q: `Ari Lane ${crm}` }).toArray();
  assert.deepEqual(renamed.map((a) => a.genres), [["pop", "soul"]], "the CSV row updated the JSON one");
  await api.artists.delete(artist.id);

  const creator = await newCreator(api);
  await api.creators.update(creator.id, { bio: "Two Grammys" });
  assert.equal((await api.creators.retrieve(creator.id)).bio, "Two Grammys");
  const free = await api.creators.availability(creator.id, { from: at(3, 0), to: at(4, 0) });
  assert.ok(free);
  assert.ok((await api.creators.list({ skill: "mixing" }).toArray()).some((c) => c.id === creator.id));

  const room = await api.rooms.create({ name: unique("Studio A"), timezone: "UTC", currency: "USD", hourly_rate: "40", working_hours: ALL_WEEK });
  await api.rooms.update(room.id, { capacity: 6 });
  assert.equal((await api.rooms.retrieve(room.id)).capacity, 6);
  assert.ok(await api.rooms.availability(room.id, { from: at(3, 0), to: at(4, 0) }));
  assert.ok((await api.rooms.list().toArray()).some((r) => r.id === room.id));

  const off = await api.timeOff.create({ creator_id: creator.id, start: at(5, 0), end: at(6, 0), reason: "holiday" });
  assert.ok((await api.timeOff.list({ creator_id: creator.id }).toArray()).some((t) => t.id === off.id));
  await api.timeOff.delete(off.id);

  const away = await memberWithKey(api, "manager");
  const delegate = await memberWithKey(api, "manager");
  const absence = await api.absences.create({ member_id: away.member.id, delegate_member_id: delegate.member.id, starts_at: at(1, 0), ends_at: at(2, 0) });
  assert.ok((await api.absences.list({ member_id: away.member.id }).toArray()).some((a) => a.id === absence.id));
  await api.absences.delete(absence.id);

  const feed = await api.calendarFeeds.create({ creator_id: creator.id });
  assert.ok((await api.calendarFeeds.list().toArray()).some((f) => f.id === feed.id));
  await api.calendarFeeds.revoke(feed.id);

  await api.rooms.delete(room.id);
  await api.creators.delete(creator.id);
});

test("bookings: conflicts, hold, confirm, reschedule, complete, no-show, cancel; clients; matches", async () => {
  const customer = await api.clients.create({ name: unique("Acme Music"), email: "ops@acme.example" });
  await api.clients.update(customer.id, { phone: "+44 20 7946 0000" });
  assert.equal((await api.clients.retrieve(customer.id)).phone, "+44 20 7946 0000");
  const creator = await newCreator(api);
  const slot = { creator_id: creator.id, start: at(20, 10), end: at(20, 12) };
  assert.equal((await api.bookings.conflicts({ sessions: [slot] })).ok, true);

  const held = await api.bookings.create({ ...slot, client_id: customer.id, title: "Drums" });
  assert.equal(held.status, "held");
  assert.equal((await api.bookings.confirm(held.id)).status, "confirmed");
  const moved = await api.bookings.reschedule(held.id, { start: at(21, 10), end: at(21, 12) });
  assert.equal(moved.start.slice(0, 13), at(21, 10).slice(0, 13));
  assert.equal((await api.bookings.cancel(held.id, { reason: "artist ill" })).status, "cancelled");

  const past = await api.bookings.create({ creator_id: creator.id, start: at(25, 10), end: at(25, 11), status: "confirmed" });
  await assert.rejects(api.bookings.complete(past.id), (e: { status?: number }) => e.status === 409);
  await assert.rejects(api.bookings.noShow(past.id), (e: { status?: number }) => e.status === 409);
  assert.ok((await api.bookings.list({ creator_id: creator.id }).toArray()).length === 2);
  assert.equal((await api.bookings.retrieve(past.id)).status, "confirmed");

  const matches = await api.matches.find({ skills: [{ skill: "mixing", min_level: 3 }], duration_minutes: 60, window_start: at(30, 0), window_end: at(31, 0) });
  assert.ok(matches);
  await assert.rejects(api.clients.delete(customer.id), (e: { code?: string }) => e.code === "in_use");
  const unused = await api.clients.create({ name: unique("Unused") });
  await api.clients.delete(unused.id);
});

test("contracts, projects and milestones", async () => {
  const signee = await api.artists.create({ name: unique("Signee") });
  const contract = await api.contracts.create({ title: "Producer agreement", artist_id: signee.id, amount: "1000", currency: "USD" });
  await api.contracts.update(contract.id, { terms: "2 points" });
  assert.equal((await api.contracts.retrieve(contract.id)).terms, "2 points");
  const submitted = await api.contracts.submit(contract.id);
  assert.ok(["approved", "pending_approval"].includes(submitted.status));
  if (submitted.status === "approved") assert.equal((await api.contracts.sign(contract.id)).status, "signed");
  assert.ok((await api.contracts.list().toArray()).some((c) => c.id === contract.id));

  const project = await api.projects.create({
    name: unique("Debut album"),
    currency: "USD",
    milestones: [{ key: "tracking", name: "Tracking", checklist: [{ id: "demo", label: "Demos in" }] }],
  });
  await api.projects.update(project.id, { budget: "20000" });
  const withMix = await api.projects.addMilestone(project.id, { key: "mixing", name: "Mixing", depends_on: ["tracking"] });
  assert.ok(withMix);
  const full = await api.projects.retrieve(project.id);
  const tracking = (full.milestones ?? []).find((m) => m.key === "tracking")!;
  await api.milestones.checklist(tracking.id, { item_id: "demo", done: true });
  assert.equal((await api.milestones.retrieve(tracking.id)).checklist[0]?.done, true);
  assert.ok(await api.projects.progress(project.id));
  await api.projects.start(project.id);
  await assert.rejects(api.projects.replan(project.id, { milestone_id: "mil_00000000000000000000000000", delay_days: 1 }), (e: { code?: string; param?: string }) => e.code === "unknown_id");
  await api.projects.cancel(project.id, { reason: "label merger" });
  assert.ok((await api.projects.list().toArray()).some((p) => p.id === project.id));
});

test("ledger: exchange rates, revenue imports, entries, budgets, analytics", async () => {
  await api.exchangeRates.set({ reporting_currency: "USD", rates: [{ date: today, base: "EUR", quote: "USD", rate: "1.1" }] });
  assert.ok((await api.exchangeRates.retrieve()).data.length > 0);
  const artist = await api.artists.create({ name: unique("Earner") });
  const period = today.slice(0, 7);
  const imported = await api.revenueImports.create({ source_name: "distrokid", rows: [{ period, artist: artist.id, source: "spotify", territory: "GB", amount: "12.50", currency: "EUR" }] });
  assert.ok(imported);
  const reports = await api.revenueImports.list().toArray();
  const reportId = reports[0]?.id;
  assert.ok(reportId);
  assert.equal((await api.revenueImports.retrieve(reportId)).id, reportId);
  const csv = await api.revenueImports.create(`period,artist,source,territory,amount,currency\n${period},${artist.id},apple,US,3.00,USD\n`, { mode: "partial" });
  assert.ok(csv);
  await api.revenueImports.delete(reportId);

  const entry = await api.ledgerEntries.create({ kind: "expense", occurred_on: today, amount: "250", currency: "USD", artist_id: artist.id, description: "Mastering" });
  assert.equal((await api.ledgerEntries.retrieve(entry.id)).description, "Mastering");
  assert.ok((await api.ledgerEntries.list({ artist_id: artist.id }).toArray()).some((e) => e.id === entry.id));

  const budget = await api.budgets.create({ name: "Q3", amount: "5000", currency: "USD", artist_id: artist.id });
  await api.budgets.update(budget.id, { warn_at_percent: 70 });
  assert.equal((await api.budgets.retrieve(budget.id)).warn_at_percent, 70);
  assert.ok((await api.budgets.list({ artist_id: artist.id }).toArray()).length === 1);

  assert.ok(await api.analytics.roster());
  assert.ok(await api.analytics.artistComparison({ artist_id: [artist.id] }));
  assert.ok(await api.analytics.creatorUtilisation());
  assert.ok(await api.analytics.bookingPipeline());
  assert.ok(await api.analytics.budgets({ artist_id: artist.id }));
  assert.ok(await api.analytics.forecast({ artist_id: artist.id }));
  assert.ok(await api.analytics.budgetScenarios({ artist_id: artist.id, sessions_per_month: 4, price_per_session: "300", currency: "USD" }));
  await api.budgets.delete(budget.id);
});

test("events, event types, integrations, e-mail templates, settings and outbox, usage", async () => {
  const types = await api.eventTypes.list();
  assert.ok(types.data.some((t) => t.type === "booking.created"));
  const events = await api.events.list({ type: "client.created", limit: 1 });
  assert.equal((await api.events.retrieve(events.data[0]!.id)).type, "client.created");

  assert.ok(Array.isArray((await api.integrations.list()).data));
  assert.deepEqual((await api.integrations.slackNotifications()).routes, []);
  assert.deepEqual((await api.integrations.reconciliations("hubspot")).data, []);

  const templates = await api.emailTemplates.list();
  assert.ok(templates.data.some((t) => t.name === "approval_request"));
  const name = "approval_request";
  await api.emailTemplates.set(name, { subject: "Please decide: {{ summary }}", html: "<p>{{ link }}</p>", text: "{{ link }}" });
  assert.equal((await api.emailTemplates.retrieve(name)).subject, "Please decide: {{ summary }}");
  assert.ok(await api.emailTemplates.preview(name));
  await api.emailTemplates.delete(name);

  await api.communicationSettings.update({ brand_name: "Northstar" });
  assert.equal((await api.communicationSettings.retrieve()).brand_name, "Northstar");
  assert.ok(Array.isArray((await api.emailOutbox.list().toArray())));

  assert.equal((await api.usage.retrieve({ from: today, to: today })).object, "usage");
  assert.match(await api.usage.csv({ from: today, to: today }), /^day,metric,group,status_class,api_key_id,count/);
  assert.ok(await api.usage.statement(today.slice(0, 7)));
});

test("sandbox: a test-mode key resets its sandbox with the demo label; a live key is refused", async () => {
  const key = await api.apiKeys.create({ name: unique("sandbox"), mode: "test" });
  const sandbox = new Client({ baseUrl, apiKey: key.secret, timeoutMs: 60_000 });
  assert.equal((await sandbox.organization.retrieve()).sandbox, true);
  await sandbox.artists.create({ name: "Scratch Artist" });
  const reset = await sandbox.sandbox.reset({ seed: "demo" });
  assert.equal(reset.deleted["artists"], 1);
  const names = (await sandbox.artists.list().toArray()).map((a) => a.name);
  assert.ok(!names.includes("Scratch Artist"));
  assert.equal(names.length, reset.seeded["artists"]);
  assert.deepEqual(await sandbox.sandbox.emails().toArray(), []);
  await assert.rejects(api.sandbox.reset(), (error: unknown) =>
    error instanceof PermissionDeniedError && error.code === "sandbox_only");
});
