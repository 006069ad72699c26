import { CVSS40_LOOKUP, MAX_COMPOSED, MAX_SEVERITY } from "./cvss4-lookup.js";
import { cvssSeverity, parseVector, type CvssScore, type MetricSpec } from "./cvss-vector.js";

/**
 * CVSS 4.0 scoring as the FIRST specification defines it (section 8): the vector falls into a
 * MacroVector (six equivalence-class levels EQ1..EQ6) whose score comes from the lookup table; the
 * score is then lowered by interpolating towards the next-lower MacroVectors, in proportion to how far
 * the vector sits from the most severe vectors of its class.
 */

const IMPACT = ["H", "L", "N"] as const;
const SPECS: MetricSpec[] = [
  { key: "AV", values: ["N", "A", "L", "P"], required: true },
  { key: "AC", values: ["L", "H"], required: true },
  { key: "AT", values: ["N", "P"], required: true },
  { key: "PR", values: ["N", "L", "H"], required: true },
  { key: "UI", values: ["N", "P", "A"], required: true },
  { key: "VC", values: IMPACT, required: true },
  { key: "VI", values: IMPACT, required: true },
  { key: "VA", values: IMPACT, required: true },
  { key: "SC", values: IMPACT, required: true },
  { key: "SI", values: IMPACT, required: true },
  { key: "SA", values: IMPACT, required: true },
  { key: "E", values: ["X", "A", "P", "U"], required: false },
  { key: "CR", values: ["X", "H", "M", "L"], required: false },
  { key: "IR", values: ["X", "H", "M", "L"], required: false },
  { key: "AR", values: ["X", "H", "M", "L"], required: false },
  { key: "MAV", values: ["X", "N", "A", "L", "P"], required: false },
  { key: "MAC", values: ["X", "L", "H"], required: false },
  { key: "MAT", values: ["X", "N", "P"], required: false },
  { key: "MPR", values: ["X", "N", "L", "H"], required: false },
  { key: "MUI", values: ["X", "N", "P", "A"], required: false },
  { key: "MVC", values: ["X", "H", "L", "N"], required: false },
  { key: "MVI", values: ["X", "H", "L", "N"], required: false },
  { key: "MVA", values: ["X", "H", "L", "N"], required: false },
  { key: "MSC", values: ["X", "H", "L", "N"], required: false },
  { key: "MSI", values: ["X", "S", "H", "L", "N"], required: false },
  { key: "MSA", values: ["X", "S", "H", "L", "N"], required: false },
  // Supplemental metrics: validated and kept, never part of the score.
  { key: "S", values: ["X", "N", "P"], required: false },
  { key: "AU", values: ["X", "N", "Y"], required: false },
  { key: "R", values: ["X", "A", "U", "I"], required: false },
  { key: "V", values: ["X", "D", "C"], required: false },
  { key: "RE", values: ["X", "L", "M", "H"], required: false },
  { key: "U", values: ["X", "Clear", "Green", "Amber", "Red"], required: false },
];

/** Severity steps of each metric value (the reference uses tenths; kept so the arithmetic matches). */
const STEPS: Record<string, Record<string, number>> = {
  AV: { N: 0.0, A: 0.1, L: 0.2, P: 0.3 },
  PR: { N: 0.0, L: 0.1, H: 0.2 },
  UI: { N: 0.0, P: 0.1, A: 0.2 },
  AC: { L: 0.0, H: 0.1 },
  AT: { N: 0.0, P: 0.1 },
  VC: { H: 0.0, L: 0.1, N: 0.2 },
  VI: { H: 0.0, L: 0.1, N: 0.2 },
  VA: { H: 0.0, L: 0.1, N: 0.2 },
  SC: { H: 0.1, L: 0.2, N: 0.3 },
  SI: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  SA: { S: 0.0, H: 0.1, L: 0.2, N: 0.3 },
  CR: { H: 0.0, M: 0.1, L: 0.2 },
  IR: { H: 0.0, M: 0.1, L: 0.2 },
  AR: { H: 0.0, M: 0.1, L: 0.2 },
};
const DISTANCE_METRICS = ["AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR"];

/** The value a metric takes for scoring: modified (environmental) values win; unset threat/requirement metrics assume the worst. */
function effective(metrics: ReadonlyMap<string, string>): (key: string) => string {
  return (key) => {
    const raw = metrics.get(key) ?? "X";
    if (key === "E") return raw === "X" ? "A" : raw;
    if (key === "CR" || key === "IR" || key === "AR") return raw === "X" ? "H" : raw;
    const modified = metrics.get(`M${key}`);
    if (modified !== undefined && modified !== "X") return modified;
    return raw;
  };
}

export function macroVector(m: (key: string) => string): [number, number, number, number, number, number] {
  const av = m("AV"),
    pr = m("PR"),
    ui = m("UI");
  const eq1 =
    av === "N" && pr === "N" && ui === "N"
      ? 0
      : (av === "N" || pr === "N" || ui === "N") && av !== "P"
        ? 1
        : 2;
  const eq2 = m("AC") === "L" && m("AT") === "N" ? 0 : 1;
  const vc = m("VC"),
    vi = m("VI"),
    va = m("VA");
  const eq3 = vc === "H" && vi === "H" ? 0 : vc === "H" || vi === "H" || va === "H" ? 1 : 2;
  // MSI:S / MSA:S (safety) surface as the effective SI / SA value "S".
  const si = m("SI"),
    sa = m("SA");
  const eq4 = si === "S" || sa === "S" ? 0 : m("SC") === "H" || si === "H" || sa === "H" ? 1 : 2;
  const e = m("E");
  const eq5 = e === "A" ? 0 : e === "P" ? 1 : 2;
  const eq6 =
    (m("CR") === "H" && vc === "H") || (m("IR") === "H" && vi === "H") || (m("AR") === "H" && va === "H")
      ? 0
      : 1;
  return [eq1, eq2, eq3, eq4, eq5, eq6];
}

const lookup = (eqs: readonly number[]) => CVSS40_LOOKUP.get(eqs.join("")) ?? Number.NaN;

export function cvss40Score(vector: string): CvssScore {
  const { metrics, normalized } = parseVector(vector, "CVSS:4.0", SPECS);
  const m = effective(metrics);
  const result = (score: number): CvssScore => ({
    version: "4.0",
    vector: normalized,
    score,
    severity: cvssSeverity(score),
  });

  if (["VC", "VI", "VA", "SC", "SI", "SA"].every((k) => m(k) === "N")) return result(0);

  const eqs = macroVector(m);
  const [eq1, eq2, eq3, eq4, eq5, eq6] = eqs;
  const value = lookup(eqs);

  // Scores of the next-lower MacroVector along each EQ (NaN where there is none).
  const lower = (index: number, step = 1) => lookup(eqs.map((x, i) => (i === index ? x + step : x)));
  const lowerEq1 = lower(0);
  const lowerEq2 = lower(1);
  let lowerEq3Eq6: number;
  if (eq3 === 0 && eq6 === 0) {
    // Two ways down (00 -> 01 or 00 -> 10): the higher of the two.
    const left = lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
    const right = lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
    lowerEq3Eq6 = left > right ? left : right;
  } else if (eq3 === 1 && eq6 === 0) {
    lowerEq3Eq6 = lookup([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
  } else if (eq3 === 2) {
    lowerEq3Eq6 = Number.NaN;
  } else {
    lowerEq3Eq6 = lookup([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
  }
  const lowerEq4 = lower(3);
  const lowerEq5 = lower(4);

  // The first most-severe vector of the class that the scored vector does not exceed in any metric.
  const candidates: Record<string, string>[] = [];
  for (const a of MAX_COMPOSED.eq1[eq1]!)
    for (const b of MAX_COMPOSED.eq2[eq2]!)
      for (const c of MAX_COMPOSED.eq3eq6[eq3]![eq6]!)
        for (const d of MAX_COMPOSED.eq4[eq4]!)
          for (const e of MAX_COMPOSED.eq5[eq5]!) candidates.push({ ...a, ...b, ...c, ...d, ...e });
  let distance: Record<string, number> = {};
  for (const max of candidates) {
    distance = Object.fromEntries(DISTANCE_METRICS.map((k) => [k, STEPS[k]![m(k)]! - STEPS[k]![max[k]!]!]));
    if (Object.values(distance).every((d) => d >= 0)) break;
  }
  const d = (k: string) => distance[k]!;
  const distanceEq1 = d("AV") + d("PR") + d("UI");
  const distanceEq2 = d("AC") + d("AT");
  const distanceEq3Eq6 = d("VC") + d("VI") + d("VA") + d("CR") + d("IR") + d("AR");
  const distanceEq4 = d("SC") + d("SI") + d("SA");

  const step = 0.1;
  const parts: [lowerScore: number, distance: number, depth: number][] = [
    [lowerEq1, distanceEq1, MAX_SEVERITY.eq1[eq1]! * step],
    [lowerEq2, distanceEq2, MAX_SEVERITY.eq2[eq2]! * step],
    [lowerEq3Eq6, distanceEq3Eq6, MAX_SEVERITY.eq3eq6[eq3]![eq6]! * step],
    [lowerEq4, distanceEq4, MAX_SEVERITY.eq4[eq4]! * step],
  ];
  let existing = 0;
  let total = 0;
  for (const [lowerScore, dist, depth] of parts) {
    const available = value - lowerScore;
    if (Number.isNaN(available)) continue;
    existing++;
    total += available * (dist / depth);
  }
  // EQ5 has no depth: it counts towards the mean but never moves the score.
  if (!Number.isNaN(value - lowerEq5)) existing++;
  let score = existing === 0 ? value : value - total / existing;
  score = Math.min(10, Math.max(0, score));
  // Round half up to one decimal; the epsilon absorbs floating-point error just below a .x5 tie.
  return result(Math.round((score + 1e-6) * 10) / 10);
}
