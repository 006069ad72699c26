import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { yaml } from "../lazy.js";
import * as z from "zod";
import { FAMILIES, type Family } from "./families.js";
import { languageFromContent, languageFromName } from "./languages.js";
import { scanProject } from "./scan-project.js";
import type { Evidence, EvidenceKind } from "./types.js";

/** Below these, for any family, the evaluation fails. */
export const PRECISION_THRESHOLD = 0.9;
export const RECALL_THRESHOLD = 0.8;

const ExpectationSchema = z
  .strictObject({
    family: z.enum(FAMILIES).optional(),
    rule: z.string().optional(),
    kind: z.enum(["present", "weakens", "missing"]),
    file: z.string().min(1),
    /** 1-based line, or `at`: a substring of the line (its first occurrence in the file). */
    line: z.number().int().positive().optional(),
    at: z.string().min(1).optional(),
  })
  .refine((e) => (e.line === undefined) !== (e.at === undefined), "give exactly one of `line` and `at`");

const CaseSchema = z.strictObject({
  description: z.string().min(5),
  before: z.array(ExpectationSchema).default([]),
  after: z.array(ExpectationSchema).default([]),
});

type Expectation = z.infer<typeof ExpectationSchema>;

interface ResolvedExpectation {
  family: Family;
  rule?: string;
  kind: EvidenceKind;
  file: string;
  line: number;
}

export interface Mismatch {
  case: string;
  side: "before" | "after";
  type: "unexpected" | "missed";
  family: string;
  kind: string;
  file: string;
  line: number;
  rule?: string;
  snippet?: string;
}

export interface FamilyScore {
  family: Family;
  cases: number;
  languages: string[];
  expected: number;
  reported: number;
  truePositives: number;
  precision: number;
  recall: number;
}

export interface EvalReport {
  families: FamilyScore[];
  mismatches: Mismatch[];
  failing: Family[];
}

function resolveLine(sideDir: string, caseName: string, e: Expectation): number {
  if (e.line !== undefined) return e.line;
  const text = readFileSync(path.join(sideDir, e.file), "utf8");
  const index = text.split("\n").findIndex((l) => l.includes(e.at!));
  if (index < 0) throw new Error(`${caseName}: ${e.file} has no line containing ${JSON.stringify(e.at)}`);
  return index + 1;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}

function languagesOf(dir: string): string[] {
  const found = new Set<string>();
  for (const file of filesUnder(dir)) {
    const named = languageFromName(file);
    if (named === "structured") found.add(languageFromContent(readFileSync(file, "utf8")));
    else if (named !== null) found.add(named);
  }
  return [...found];
}

function sameSpot(e: ResolvedExpectation, d: Evidence): boolean {
  return (
    e.family === d.family &&
    e.kind === d.kind &&
    e.file === d.file &&
    e.line === d.line &&
    (e.rule === undefined || e.rule === d.rule)
  );
}

/**
 * Runs the scanner over every fixture case (`<fixtures>/<family>/<case>/{before,after}` with an
 * `expect.yaml`) and scores each family: precision = expected detections / all detections of the
 * family; recall = found expectations / all expectations of the family. Every detection counts,
 * including those of other families than the case's own.
 */
export async function evaluateFixtures(
  fixturesDir: string,
  options: { rulesDir?: string } = {},
): Promise<EvalReport> {
  const tally = new Map<
    Family,
    { cases: number; languages: Set<string>; expected: number; reported: number; tp: number }
  >();
  for (const f of FAMILIES) tally.set(f, { cases: 0, languages: new Set(), expected: 0, reported: 0, tp: 0 });
  const mismatches: Mismatch[] = [];

  for (const family of FAMILIES) {
    const familyDir = path.join(fixturesDir, family);
    let caseNames: string[];
    try {
      caseNames = readdirSync(familyDir).filter((n) => statSync(path.join(familyDir, n)).isDirectory());
    } catch {
      continue;
    }
    for (const name of caseNames.sort()) {
      const caseDir = path.join(familyDir, name);
      const caseId = `${family}/${name}`;
      const parsed = CaseSchema.safeParse(
        yaml().parse(readFileSync(path.join(caseDir, "expect.yaml"), "utf8")),
      );
      if (!parsed.success) throw new Error(`${caseId}/expect.yaml: ${z.prettifyError(parsed.error)}`);
      const own = tally.get(family)!;
      own.cases++;
      for (const side of ["before", "after"] as const) {
        const sideDir = path.join(caseDir, side);
        for (const l of languagesOf(sideDir)) own.languages.add(l);
        const expected: ResolvedExpectation[] = parsed.data[side].map((e) => {
          const r: ResolvedExpectation = {
            family: e.family ?? family,
            kind: e.kind,
            file: e.file,
            line: resolveLine(sideDir, caseId, e),
          };
          if (e.rule !== undefined) r.rule = e.rule;
          return r;
        });
        const scanOptions =
          options.rulesDir === undefined
            ? { root: sideDir, workers: 0 }
            : { root: sideDir, workers: 0, rulesDir: options.rulesDir };
        const detections = (await scanProject(scanOptions)).controls;
        const used = new Set<number>();
        for (const e of expected) {
          tally.get(e.family)!.expected++;
          const hit = detections.findIndex((d, i) => !used.has(i) && sameSpot(e, d));
          if (hit >= 0) {
            used.add(hit);
            tally.get(e.family)!.tp++;
          } else {
            const m: Mismatch = {
              case: caseId,
              side,
              type: "missed",
              family: e.family,
              kind: e.kind,
              file: e.file,
              line: e.line,
            };
            if (e.rule !== undefined) m.rule = e.rule;
            mismatches.push(m);
          }
        }
        detections.forEach((d, i) => {
          tally.get(d.family)!.reported++;
          if (used.has(i)) return;
          mismatches.push({
            case: caseId,
            side,
            type: "unexpected",
            family: d.family,
            kind: d.kind,
            file: d.file,
            line: d.line,
            rule: d.rule,
            snippet: d.snippet,
          });
        });
      }
    }
  }

  const families: FamilyScore[] = FAMILIES.map((family) => {
    const t = tally.get(family)!;
    return {
      family,
      cases: t.cases,
      languages: [...t.languages].sort(),
      expected: t.expected,
      reported: t.reported,
      truePositives: t.tp,
      precision: t.reported === 0 ? (t.expected === 0 ? 0 : 1) : t.tp / t.reported,
      recall: t.expected === 0 ? 0 : t.tp / t.expected,
    };
  });
  const failing = families
    .filter((s) => s.precision < PRECISION_THRESHOLD || s.recall < RECALL_THRESHOLD)
    .map((s) => s.family);
  return { families, mismatches, failing };
}

/** The per-family table printed by `npm run eval:scan`. */
export function formatEvalTable(report: EvalReport): string {
  const rows = [
    ["family", "cases", "languages", "expected", "reported", "TP", "precision", "recall", ""],
    ...report.families.map((s) => [
      s.family,
      String(s.cases),
      s.languages.join(","),
      String(s.expected),
      String(s.reported),
      String(s.truePositives),
      s.precision.toFixed(3),
      s.recall.toFixed(3),
      report.failing.includes(s.family) ? "FAIL" : "ok",
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const numeric = new Set([1, 3, 4, 5, 6, 7]);
  return rows
    .map((r) =>
      r
        .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** One line per mismatch, for diagnosing a failing family. */
export function formatMismatches(report: EvalReport): string {
  return report.mismatches
    .map(
      (m) =>
        `${m.type.padEnd(10)} ${m.case} [${m.side}] ${m.family}/${m.kind} ${m.file}:${m.line}${m.rule ? ` ${m.rule}` : ""}${m.snippet ? `  ${m.snippet}` : ""}`,
    )
    .join("\n");
}
