// Writes the tool reference of README.md (between <!-- tools:start --> and <!-- tools:end -->) from
// the tool declarations of the built server. Run after `npm run build`; `--check` only reports staleness.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { renderToolReference, withToolReference } = await import(
  pathToFileURL(path.join(repo, "dist/mcp/tool-docs.js")).href
);
const file = path.join(repo, "README.md");
const current = readFileSync(file, "utf8");
const next = withToolReference(current, renderToolReference());
if (process.argv.includes("--check")) {
  if (next !== current) {
    console.error("README.md tool reference is stale: run `npm run build && node scripts/gen-tool-docs.mjs`");
    process.exit(1);
  }
  console.error("README.md tool reference is up to date.");
} else if (next === current) {
  console.error("README.md tool reference is up to date.");
} else {
  writeFileSync(file, next);
  console.error("README.md tool reference written.");
}
