import type { Threat } from "../domain/entities.js";
import { inherentRisk, residualRisk, type ResidualRisk } from "../domain/risk.js";
import type { ModelView } from "./view.js";

/** Risk and reference facts of a threat, as short strings for reports. */
export function inherentRiskOf(t: Threat): string | undefined {
  try {
    return inherentRisk(t);
  } catch {
    return undefined; // a malformed vector in a hand-edited file must not break the report
  }
}

export function residualOf(view: ModelView, t: Threat): ResidualRisk {
  try {
    return residualRisk(t, view.mitigationsOf(t.id));
  } catch {
    return { level: undefined, source: "unrated", counted: [] };
  }
}

export function cvssOf(t: Threat): string | undefined {
  return (
    [t.cvss_v3, t.cvss_v4].filter((v): v is string => typeof v === "string" && v !== "").join(", ") ||
    undefined
  );
}

type Refs = Partial<
  Record<"cwe" | "capec" | "attack" | "asvs" | "compliance", readonly string[] | undefined>
>;

export function referencesOf(t: Refs): string | undefined {
  const all = [
    ...(t.cwe ?? []),
    ...(t.capec ?? []),
    ...(t.attack ?? []),
    ...(t.asvs ?? []),
    ...(t.compliance ?? []),
  ];
  return all.length > 0 ? all.join(", ") : undefined;
}
