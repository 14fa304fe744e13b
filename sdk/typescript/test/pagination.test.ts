// Lists: await for one page, iterate for all of them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { client, recordingFetch, unique } from "./support.js";

test("iterating a list walks every page with starting_after", async () => {
  const api = client();
  const tag = unique("Paged");
  const created: string[] = [];
  for (let i = 0; i < 5; i++) created.push((await api.clients.create({ name: `${tag} ${i}` })).id);

  const { fetch, exchanges } = recordingFetch();
  const listing = client({ fetch }).clients.list({ q: tag, limit: 2 });
  const first = await listing;
  assert.equal(first.data.length, 2);
  assert.equal(first.has_more, true);

  const seen: string[] = [];
  for await (const item of listing) seen.push(item.id);
  assert.deepEqual(seen, [...created].reverse(), "every client once, newest first");
  const pages = exchanges.slice(1).map((e) => new URL(e.url).searchParams.get("starting_after"));
  assert.equal(pages.length, 3, "three pages of at most two");
  assert.deepEqual(pages, [null, seen[1], seen[3]]);
});

test("pages() and toArray(max)", async () => {
  const api = client();
  const pages = [];
  for await (const page of api.clients.list({ limit: 3 }).pages()) pages.push(page);
  assert.ok(pages.length >= 2, "the clients above fill more than one page of three");
  assert.ok(pages.slice(0, -1).every((p) => p.data.length === 3 && p.has_more));
  assert.equal(pages.at(-1)!.has_more, false);
  assert.equal((await api.clients.list({ limit: 2 }).toArray(3)).length, 3);
});
