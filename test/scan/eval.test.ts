import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FAMILIES } from "../../src/scan/families.js";
import {
  evaluateFixtures,
  formatEvalTable,
  formatMismatches,
  PRECISION_THRESHOLD,
  RECALL_THRESHOLD,
  type EvalReport,
} from "../../src/scan/evaluate.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "scan");
const CODE_LANGUAGES = ["javascript", "typescript", "python", "java", "go", "csharp", "ruby", "php"];

let report: EvalReport | undefined;
async function evaluation(): Promise<EvalReport> {
  report ??= await evaluateFixtures(FIXTURES);
  return report;
}

describe("scanner evaluation over the before/after fixtures", () => {
  it("prints the per-family table", async () => {
    const r = await evaluation();
    console.log(`${formatEvalTable(r)}\n${formatMismatches(r)}`);
    expect(r.families).toHaveLength(FAMILIES.length);
  });

  for (const family of FAMILIES) {
    it(`${family}: precision >= ${PRECISION_THRESHOLD} and recall >= ${RECALL_THRESHOLD}`, async () => {
      const score = (await evaluation()).families.find((s) => s.family === family)!;
      expect(score.expected, "the family has expectations").toBeGreaterThan(0);
      expect(score.precision).toBeGreaterThanOrEqual(PRECISION_THRESHOLD);
      expect(score.recall).toBeGreaterThanOrEqual(RECALL_THRESHOLD);
    });

    it(`${family}: fixtures cover at least three programming languages`, async () => {
      const score = (await evaluation()).families.find((s) => s.family === family)!;
      const code = score.languages.filter((l) => CODE_LANGUAGES.includes(l));
      expect(code.length).toBeGreaterThanOrEqual(3);
    });
  }

  it("covers every infrastructure-as-code format", async () => {
    const languages = new Set((await evaluation()).families.flatMap((s) => s.languages));
    for (const iac of ["terraform", "cloudformation", "kubernetes", "dockerfile"])
      expect(languages).toContain(iac);
  });
});
