import type { Mitigation, RiskAcceptance, Threat } from "./entities.js";
import { ENUMS } from "./enums.js";
import type { ModelReader } from "./model.js";
import { cvssScore, type CvssSeverity } from "./cvss.js";

export type RiskLevel = (typeof ENUMS.ThreatSeverity)[number];
export type Likelihood = (typeof ENUMS.ThreatLikelihood)[number];
export const RISK_LEVELS: readonly RiskLevel[] = ENUMS.ThreatSeverity;
export const LIKELIHOODS: readonly Likelihood[] = ENUMS.ThreatLikelihood;

/**
 * Likelihood (rows, Unlikely..Very Likely) x impact (columns, Low..Critical) -> risk level.
 * Deliberately asymmetric: a critical impact stays at least High unless it is unlikely.
 */
export const RISK_MATRIX: readonly (readonly RiskLevel[])[] = [
  ["Low", "Low", "Medium", "High"],
  ["Low", "Medium", "High", "High"],
  ["Medium", "High", "High", "Critical"],
  ["Medium", "High", "Critical", "Critical"],
];

export function riskLevel(likelihood: Likelihood, impact: RiskLevel): RiskLevel {
  return RISK_MATRIX[LIKELIHOODS.indexOf(likelihood)]![RISK_LEVELS.indexOf(impact)]!;
}

/** Impact implied by a CVSS rating when a threat has no severity of its own. */
export function impactFromCvss(severity: CvssSeverity): RiskLevel {
  return severity === "None" ? "Low" : severity;
}

/** The impact a threat is assessed with: its severity, else the worst of its CVSS ratings. */
export function threatImpact(
  threat: Pick<Threat, "severity" | "cvss_v3" | "cvss_v4">,
): RiskLevel | undefined {
  if (threat.severity) return threat.severity;
  const ratings = [threat.cvss_v3, threat.cvss_v4]
    .filter((v): v is string => typeof v === "string" && v !== "")
    .map((v) => impactFromCvss(cvssScore(v).severity));
  if (ratings.length === 0) return undefined;
  return ratings.reduce((a, b) => (RISK_LEVELS.indexOf(a) >= RISK_LEVELS.indexOf(b) ? a : b));
}

export function inherentRisk(
  threat: Pick<Threat, "severity" | "likelihood" | "cvss_v3" | "cvss_v4">,
): RiskLevel | undefined {
  const impact = threatImpact(threat);
  return impact && threat.likelihood ? riskLevel(threat.likelihood, impact) : undefined;
}

/**
 * How much an implemented mitigation lowers likelihood or impact, in matrix steps, by type and
 * effectiveness (unset effectiveness counts as Medium). Preventive and deterrent controls make the
 * attack less likely; detective and corrective ones limit the damage. Only mitigations with status
 * mitigationResolved count: planned or in-progress work does not reduce risk yet.
 */
const REDUCTION: Record<
  string,
  { axis: "likelihood" | "impact"; Low: number; Medium: number; High: number }
> = {
  Preventive: { axis: "likelihood", Low: 0.5, Medium: 1, High: 2 },
  Deterrent: { axis: "likelihood", Low: 0.5, Medium: 0.5, High: 1 },
  Detective: { axis: "impact", Low: 0.5, Medium: 0.5, High: 1 },
  Corrective: { axis: "impact", Low: 0.5, Medium: 1, High: 1 },
};
/** Mitigations without a type count as a weak preventive control. */
const UNTYPED = { axis: "likelihood" as const, Low: 0.5, Medium: 0.5, High: 0.5 };

export type MitigationForRisk = Pick<Mitigation, "id" | "status"> &
  Partial<Pick<Mitigation, "type" | "effectiveness">>;

export interface ResidualRisk {
  level: RiskLevel | undefined;
  /** "override" when the threat carries a residual level set by a person; "unrated" without severity and likelihood. */
  source: "override" | "computed" | "unrated";
  reason?: string;
  likelihood?: Likelihood;
  impact?: RiskLevel;
  /** Implemented mitigations that were counted. */
  counted: string[];
}

export function residualRisk(
  threat: Pick<
    Threat,
    "severity" | "likelihood" | "cvss_v3" | "cvss_v4" | "residual_risk_level" | "residual_risk_reason"
  >,
  mitigations: readonly MitigationForRisk[],
): ResidualRisk {
  const counted = mitigations.filter((m) => m.status === "mitigationResolved");
  if (threat.residual_risk_level) {
    return {
      level: threat.residual_risk_level,
      source: "override",
      ...(threat.residual_risk_reason ? { reason: threat.residual_risk_reason } : {}),
      counted: counted.map((m) => m.id),
    };
  }
  const impact = threatImpact(threat);
  if (!impact || !threat.likelihood) return { level: undefined, source: "unrated", counted: [] };
  let likelihoodSteps = 0;
  let impactSteps = 0;
  for (const m of counted) {
    const rule = (m.type && REDUCTION[m.type]) || UNTYPED;
    const steps = rule[m.effectiveness ?? "Medium"];
    if (rule.axis === "likelihood") likelihoodSteps += steps;
    else impactSteps += steps;
  }
  const likelihood =
    LIKELIHOODS[Math.max(0, LIKELIHOODS.indexOf(threat.likelihood) - Math.floor(likelihoodSteps))]!;
  const reducedImpact = RISK_LEVELS[Math.max(0, RISK_LEVELS.indexOf(impact) - Math.floor(impactSteps))]!;
  return {
    level: riskLevel(likelihood, reducedImpact),
    source: "computed",
    likelihood,
    impact: reducedImpact,
    counted: counted.map((m) => m.id),
  };
}

/** A calendar date `YYYY-MM-DD` that exists (no 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An acceptance is expired once its expiry date has passed (it is still valid on that day). */
export function isAcceptanceExpired(acceptance: RiskAcceptance, today: string): boolean {
  return acceptance.expires_on !== undefined && acceptance.expires_on < today;
}

export interface ExpiredAcceptance {
  threat_id: string;
  numericId: number;
  expires_on: string;
  owner?: string;
}

/** Threats whose risk acceptance has expired as of `today` (YYYY-MM-DD), in display order. */
export function expiredAcceptances(model: ModelReader, today: string): ExpiredAcceptance[] {
  if (!isCalendarDate(today))
    throw new Error(`today must be a date (YYYY-MM-DD), got ${JSON.stringify(today)}`);
  return model
    .list("threat")
    .filter((t) => t.acceptance && isAcceptanceExpired(t.acceptance, today))
    .sort((a, b) => a.numericId - b.numericId)
    .map((t) => ({
      threat_id: t.id,
      numericId: t.numericId,
      expires_on: t.acceptance!.expires_on!,
      ...(t.acceptance!.owner ? { owner: t.acceptance!.owner } : {}),
    }));
}

/** Today's date in UTC as YYYY-MM-DD (surfaces pass it into the pure functions above). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
