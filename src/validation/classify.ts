import { pathLabel } from "../render/format.js";
import { picomatch } from "../lazy.js";
import type { Component, Mitigation, Threat } from "../domain/entities.js";
import type { CodeEvidence, Verdict } from "../domain/validation.js";
import { familyStride, type Evidence, type Family } from "../scan/index.js";
import { familiesIn } from "./families.js";

export interface ThreatContext {
  threat: Threat;
  /** Mitigations linked to the threat. */
  mitigations: readonly Mitigation[];
  /** Components and data stores the threat affects (for their code paths). */
  elements: readonly Pick<Component, "id" | "name" | "code_paths">[];
}

export interface Classification {
  verdict: Verdict;
  families: Family[];
  reasons: string[];
  evidence: CodeEvidence[];
}

const PER_FAMILY_AND_KIND = 3;

function threatText(threat: Threat): string {
  return [
    threat.statement,
    threat.threatAction,
    threat.threatImpact ?? "",
    threat.prerequisites ?? "",
    ...threat.tags,
  ].join(" ");
}

function mitigationText(mitigation: Mitigation): string {
  return [mitigation.content, mitigation.implementation_details ?? ""].join(" ");
}

/** Which code an element's evidence may come from: its code paths, or the whole project when none are recorded. */
export function scopeMatcher(elements: ThreatContext["elements"]): {
  matches: (file: string) => boolean;
  label: string;
} {
  const patterns = elements.flatMap((e) => e.code_paths ?? []);
  if (patterns.length === 0)
    return {
      matches: () => true,
      label: "the whole project (no code paths recorded for the affected components)",
    };
  const globs = patterns.map((p) => p.replace(/\/+$/, ""));
  const matchers = globs.map((glob) => {
    const isGlob = picomatch().scan(glob).isGlob;
    return isGlob
      ? picomatch()(glob, { dot: true })
      : (file: string) => file === glob || file.startsWith(`${glob}/`);
  });
  return { matches: (file) => matchers.some((m) => m(file)), label: globs.join(", ") };
}

export function toCodeEvidence(evidence: Evidence): CodeEvidence {
  return {
    file: evidence.file,
    line: evidence.line,
    column: evidence.column,
    rule: evidence.rule,
    family: evidence.family,
    kind: evidence.kind,
    snippet: evidence.snippet.slice(0, 400),
    fingerprint: evidence.fingerprint,
  };
}

const where = (e: Evidence) => `${pathLabel(e.file)}:${e.line}`;

/**
 * Classifies one threat from scanner evidence. The families it concerns come from its own words
 * and its linked mitigations; failing that, from its STRIDE category, in which case the verdict is
 * never stronger than "partially mitigated" (the link between the evidence and the threat is weak).
 */
export function classifyThreat(context: ThreatContext, evidence: readonly Evidence[]): Classification {
  const { threat } = context;
  const named = new Set<Family>([
    ...familiesIn(threatText(threat)),
    ...context.mitigations.flatMap((m) => familiesIn(mitigationText(m))),
  ]);
  const broad = named.size === 0;
  const families: Family[] = broad
    ? threat.category
      ? (Object.keys(familyStride) as Family[]).filter((f) => familyStride[f].includes(threat.category!))
      : []
    : [...named].sort();
  const reasons: string[] = [];
  if (families.length === 0) {
    return {
      verdict: "unknown",
      families: [],
      reasons: [
        "No control family could be tied to this threat: give it a STRIDE category or mitigations that name the control.",
      ],
      evidence: [],
    };
  }
  const scope = scopeMatcher(context.elements);
  reasons.push(
    `Looked in ${scope.label} for: ${families.join(", ")}${broad ? ` (from the ${threat.category} category)` : ""}.`,
  );

  const inScope = evidence.filter((e) => families.includes(e.family) && scope.matches(e.file));
  const chosen: Evidence[] = [];
  const present = new Set<Family>();
  const weak = new Set<Family>();
  for (const family of families) {
    const found = inScope.filter((e) => e.family === family);
    const controls = found.filter((e) => e.kind === "present");
    const weaknesses = found.filter((e) => e.kind !== "present");
    if (controls.length > 0) present.add(family);
    if (weaknesses.length > 0) weak.add(family);
    chosen.push(...controls.slice(0, PER_FAMILY_AND_KIND), ...weaknesses.slice(0, PER_FAMILY_AND_KIND));
    if (controls.length > 0)
      reasons.push(
        `${family}: control found (${controls.slice(0, 3).map(where).join(", ")}${controls.length > 3 ? `, +${controls.length - 3}` : ""}).`,
      );
    if (weaknesses.length > 0)
      reasons.push(
        `${family}: weakness found (${weaknesses
          .slice(0, 3)
          .map((e) => `${where(e)} ${e.rule}`)
          .join(", ")}${weaknesses.length > 3 ? `, +${weaknesses.length - 3}` : ""}).`,
      );
    if (found.length === 0) reasons.push(`${family}: no evidence either way.`);
  }

  let verdict: Verdict;
  if (present.size === 0 && weak.size === 0) verdict = "unknown";
  else if (broad) verdict = present.size > 0 ? "partially_mitigated" : "unknown";
  else if (present.size === 0) verdict = "not_mitigated";
  else if (present.size === families.length && weak.size === 0) verdict = "mitigated";
  else verdict = "partially_mitigated";
  if (broad && weak.size > 0 && present.size === 0) {
    reasons.push(
      "Weaknesses were found in related families, but nothing ties them to this threat specifically.",
    );
  }
  return { verdict, families, reasons, evidence: chosen.map(toCodeEvidence) };
}

/** Families a mitigation is about (used to move its status on evidence). */
export function mitigationFamilies(mitigation: Mitigation): Family[] {
  return familiesIn(mitigationText(mitigation));
}
