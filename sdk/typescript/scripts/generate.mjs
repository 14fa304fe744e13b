// Regenerates src/schema.d.ts, the SDK's types, from the API's OpenAPI document.
//
//   npm run generate                        dump the document from the app in this repository
//   npm run generate -- --openapi doc.json  use a document you already have (e.g. a live /openapi.json)
//   npm run generate -- --out DIR           write DIR/schema.d.ts instead (the drift test compares)
//
// The document is dumped with the repository's Python (PYTHON, or ../../.venv/bin/python).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";

const here = dirname(fileURLToPath(import.meta.url));
const sdk = resolve(here, "..");
const repo = resolve(sdk, "..", "..");

function option(name) {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

function dumpDocument() {
  const python = process.env.PYTHON ?? join(repo, ".venv", "bin", "python");
  const text = execFileSync(python, [join(here, "dump_openapi.py")], {
    cwd: repo,
    env: { ...process.env, PYTHONPATH: repo },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(text);
}

const source = option("--openapi");
const document = source ? JSON.parse(readFileSync(source, "utf8")) : dumpDocument();
const out = resolve(option("--out") ?? join(sdk, "src"));
const header =
  "// Generated from the AuditoryX OpenAPI document by `npm run generate`. Do not edit.\n\n";
// A field with a default is optional in a request body, not required.
const ast = await openapiTS(document, { alphabetize: true, defaultNonNullable: false });
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "schema.d.ts"), header + astToString(ast));
console.log(`wrote ${join(out, "schema.d.ts")}`);
