import { cvssScore } from "../domain/cvss.js";
import type { MetadataItem, Mitigation, Threat } from "../domain/entities.js";
import { FRAMEWORK_FIELDS } from "../domain/frameworks.js";

type WithFrameworks = Partial<
  Pick<Threat, "cwe" | "capec" | "attack" | "asvs" | "compliance" | "cvss_v3" | "cvss_v4" | "rule_id">
> &
  Partial<Pick<Mitigation, "library_id">>;

/**
 * Threat Composer `custom:` metadata entries for a threat's or mitigation's framework references,
 * CVSS vectors (with their computed scores) and library provenance. Exporters append these to the
 * entity's own metadata (skipping keys it already has).
 */
export function frameworkMetadata(entity: WithFrameworks): MetadataItem[] {
  const items: MetadataItem[] = [];
  for (const field of FRAMEWORK_FIELDS) {
    const values = entity[field];
    if (values && values.length > 0) items.push({ key: `custom:${field}`, value: [...values] });
  }
  for (const field of ["cvss_v3", "cvss_v4"] as const) {
    const vector = entity[field];
    if (!vector) continue;
    const score = cvssScore(vector);
    items.push({
      key: `custom:${field}`,
      value: `${score.vector} (${score.score.toFixed(1)} ${score.severity})`,
    });
  }
  if (entity.rule_id) items.push({ key: "custom:rule_id", value: entity.rule_id });
  if (entity.library_id) items.push({ key: "custom:library_id", value: entity.library_id });
  return items;
}

/** One line per framework for text reports, e.g. "CWE: CWE-311, CWE-312". */
export function frameworkLines(entity: WithFrameworks): string[] {
  const labels = {
    cwe: "CWE",
    capec: "CAPEC",
    attack: "ATT&CK",
    asvs: "ASVS",
    compliance: "Compliance",
  } as const;
  const lines: string[] = [];
  for (const field of FRAMEWORK_FIELDS) {
    const values = entity[field];
    if (values && values.length > 0) lines.push(`${labels[field]}: ${values.join(", ")}`);
  }
  for (const [field, label] of [
    ["cvss_v3", "CVSS 3.1"],
    ["cvss_v4", "CVSS 4.0"],
  ] as const) {
    const vector = entity[field];
    if (vector) {
      const score = cvssScore(vector);
      lines.push(`${label}: ${score.score.toFixed(1)} ${score.severity} (${score.vector})`);
    }
  }
  return lines;
}
