// Copies bench/results.md (written by `npm run bench`) into README.md between the bench markers.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const START = "<!-- bench:start -->";
const END = "<!-- bench:end -->";

const readme = readFileSync(path.join(REPO, "README.md"), "utf8");
const results = readFileSync(path.join(REPO, "bench/results.md"), "utf8").trim();
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) {
  console.error(`README.md has no ${START} ... ${END} block`);
  process.exit(1);
}
const updated = `${readme.slice(0, from + START.length)}\n\n${results}\n\n${readme.slice(to)}`;
if (updated === readme) console.error("README.md already shows bench/results.md");
else {
  writeFileSync(path.join(REPO, "README.md"), updated);
  console.error("README.md: benchmark table updated from bench/results.md");
}
