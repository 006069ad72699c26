#!/usr/bin/env node
// Scores the built scanner (dist/) against the before/after fixtures in test/fixtures/scan and
// prints precision and recall per control family. Exits 1 when any family is below the
// thresholds (precision 0.9, recall 0.8). Run through `npm run eval:scan` (which builds first).
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, "..", "test", "fixtures", "scan");

let scan;
try {
  scan = await import("../dist/scan/index.js");
} catch (error) {
  console.error(`eval-scan: cannot load dist/scan/index.js (run \`npm run build\` first): ${error.message}`);
  process.exit(2);
}

const started = performance.now();
const report = await scan.evaluateFixtures(fixtures);
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(scan.formatEvalTable(report));
const totals = report.families.reduce(
  (t, s) => ({
    expected: t.expected + s.expected,
    reported: t.reported + s.reported,
    tp: t.tp + s.truePositives,
  }),
  { expected: 0, reported: 0, tp: 0 },
);
const cases = report.families.reduce((n, s) => n + s.cases, 0);
console.log(
  `\n${cases} cases, ${totals.expected} expected detections, ${totals.reported} reported, ` +
    `micro precision ${(totals.tp / Math.max(totals.reported, 1)).toFixed(3)}, ` +
    `micro recall ${(totals.tp / Math.max(totals.expected, 1)).toFixed(3)} (${seconds} s)`,
);
if (report.mismatches.length > 0) {
  console.log("\nMismatches:");
  console.log(scan.formatMismatches(report));
}
if (report.failing.length > 0) {
  console.error(
    `\neval-scan: below precision ${scan.PRECISION_THRESHOLD} or recall ${scan.RECALL_THRESHOLD}: ${report.failing.join(", ")}`,
  );
  process.exit(1);
}
