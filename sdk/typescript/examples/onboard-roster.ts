// Onboard a roster from a CSV file (upsert by external_ref), then list it page by page.
//   AUDITORYX_API_KEY=ax_live_… node dist/examples/onboard-roster.js roster.csv
// roster.csv: name,external_ref,genres,status  (list columns separated by ";")
import { readFile } from "node:fs/promises";
import { Client, ValidationError } from "../src/index.js";

const client = new Client(); // AUDITORYX_API_KEY, AUDITORYX_BASE_URL
const csv = await readFile(process.argv[2] ?? "roster.csv", "utf8");

// Validate first: nothing is written, every row is reported.
const check = await client.artists.bulk(csv, { dry_run: true });
console.log("dry run:", check.summary);

try {
  const report = await client.artists.bulk(csv);
  console.log("imported:", report.summary);
} catch (error) {
  if (error instanceof ValidationError) console.error(`refused (${error.code}, ${error.param}): ${error.detail}`);
  else throw error;
}

// Every artist, however many pages: the iterator follows starting_after itself.
for await (const artist of client.artists.list({ limit: 100 })) {
  console.log(artist.id, artist.name, artist.genres.join(";"));
}
