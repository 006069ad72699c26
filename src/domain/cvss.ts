import * as z from "zod";
import { showValue } from "./errors.js";
import { cvss40Score } from "./cvss4.js";
import { cvssSeverity, parseVector, type CvssScore, type MetricSpec } from "./cvss-vector.js";

export { CvssError, cvssSeverity, type CvssScore, type CvssSeverity } from "./cvss-vector.js";

// ---- CVSS 3.1 (FIRST specification, section 7) ------------------------------------------------

const V31_SPECS: MetricSpec[] = [
  { key: "AV", values: ["N", "A", "L", "P"], required: true },
  { key: "AC", values: ["L", "H"], required: true },
  { key: "PR", values: ["N", "L", "H"], required: true },
  { key: "UI", values: ["N", "R"], required: true },
  { key: "S", values: ["U", "C"], required: true },
  { key: "C", values: ["H", "L", "N"], required: true },
  { key: "I", values: ["H", "L", "N"], required: true },
  { key: "A", values: ["H", "L", "N"], required: true },
  // Temporal and environmental metrics are validated and kept; the base score ignores them.
  { key: "E", values: ["X", "H", "F", "P", "U"], required: false },
  { key: "RL", values: ["X", "U", "W", "T", "O"], required: false },
  { key: "RC", values: ["X", "C", "R", "U"], required: false },
  { key: "CR", values: ["X", "H", "M", "L"], required: false },
  { key: "IR", values: ["X", "H", "M", "L"], required: false },
  { key: "AR", values: ["X", "H", "M", "L"], required: false },
  { key: "MAV", values: ["X", "N", "A", "L", "P"], required: false },
  { key: "MAC", values: ["X", "L", "H"], required: false },
  { key: "MPR", values: ["X", "N", "L", "H"], required: false },
  { key: "MUI", values: ["X", "N", "R"], required: false },
  { key: "MS", values: ["X", "U", "C"], required: false },
  { key: "MC", values: ["X", "H", "L", "N"], required: false },
  { key: "MI", values: ["X", "H", "L", "N"], required: false },
  { key: "MA", values: ["X", "H", "L", "N"], required: false },
];

const AV: Record<string, number> = { N: 0.85, A: 0.62, L: 0.55, P: 0.2 };
const AC: Record<string, number> = { L: 0.77, H: 0.44 };
const PR_UNCHANGED: Record<string, number> = { N: 0.85, L: 0.62, H: 0.27 };
const PR_CHANGED: Record<string, number> = { N: 0.85, L: 0.68, H: 0.5 };
const UI: Record<string, number> = { N: 0.85, R: 0.62 };
const CIA: Record<string, number> = { H: 0.56, L: 0.22, N: 0 };

/**
 * The specification's Roundup: the smallest number with one decimal that is >= the input, computed on
 * integers so that floating-point noise (e.g. 4.000000000000001) does not push it up a step.
 */
export function roundUp31(value: number): number {
  const scaled = Math.round(value * 100_000);
  if (scaled % 10_000 === 0) return scaled / 100_000;
  return (Math.floor(scaled / 10_000) + 1) / 10;
}

export function cvss31BaseScore(vector: string): CvssScore {
  const { metrics, normalized } = parseVector(vector, "CVSS:3.1", V31_SPECS);
  const m = (k: string) => metrics.get(k)!;
  const changed = m("S") === "C";
  const iss = 1 - (1 - CIA[m("C")]!) * (1 - CIA[m("I")]!) * (1 - CIA[m("A")]!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability =
    8.22 * AV[m("AV")]! * AC[m("AC")]! * (changed ? PR_CHANGED : PR_UNCHANGED)[m("PR")]! * UI[m("UI")]!;
  let score: number;
  if (impact <= 0) score = 0;
  else if (changed) score = roundUp31(Math.min(1.08 * (impact + exploitability), 10));
  else score = roundUp31(Math.min(impact + exploitability, 10));
  return { version: "3.1", vector: normalized, score, severity: cvssSeverity(score) };
}

/** Scores a vector of either version, by its prefix. */
export function cvssScore(vector: string): CvssScore {
  if (vector.trim().startsWith("CVSS:4.0/")) return cvss40Score(vector);
  return cvss31BaseScore(vector);
}

function vectorField(version: "3.1" | "4.0", score: (v: string) => CvssScore) {
  return z
    .string({ error: (issue) => `expected a CVSS ${version} vector, got ${showValue(issue.input)}` })
    .max(400, { error: () => "is longer than any CVSS vector (400 characters)" })
    .transform((s, ctx) => {
      if (s.trim() === "") return "";
      try {
        return score(s).vector;
      } catch (error) {
        ctx.issues.push({
          code: "custom",
          input: s,
          message: `invalid CVSS ${version} vector: ${(error as Error).message}`,
        });
        return z.NEVER;
      }
    });
}

/** A CVSS 3.1 vector (`CVSS:3.1/AV:N/...`), validated and stored in canonical metric order; "" means none. */
export const CvssV31Vector = vectorField("3.1", cvss31BaseScore);
/** A CVSS 4.0 vector (`CVSS:4.0/AV:N/...`), validated and stored in canonical metric order; "" means none. */
export const CvssV40Vector = vectorField("4.0", cvss40Score);
