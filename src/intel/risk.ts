import { cvssScore, type CvssScore } from "../domain/cvss.js";
import type { Threat } from "../domain/entities.js";
import type { ModelReader } from "../domain/model.js";
import {
  LIKELIHOODS,
  RISK_LEVELS,
  expiredAcceptances,
  inherentRisk,
  isAcceptanceExpired,
  residualRisk,
  threatImpact,
  type ExpiredAcceptance,
  type MitigationForRisk,
  type ResidualRisk,
  type RiskLevel,
} from "../domain/risk.js";

export interface ThreatRisk {
  id: string;
  numericId: number;
  statement: string;
  status: Threat["status"];
  category?: Threat["category"];
  likelihood?: Threat["likelihood"];
  impact?: RiskLevel;
  inherent?: RiskLevel;
  residual: ResidualRisk;
  cvss_v3?: CvssScore;
  cvss_v4?: CvssScore;
  acceptance?: Threat["acceptance"] & { expired: boolean };
}

export interface RiskAssessment {
  today: string;
  threats: ThreatRisk[];
  /** Open threats counted per likelihood (rows) and impact (columns), in matrix order. */
  matrix: { likelihoods: readonly string[]; impacts: readonly string[]; counts: number[][] };
  by_level: {
    inherent: Record<RiskLevel | "Unrated", number>;
    residual: Record<RiskLevel | "Unrated", number>;
  };
  expired_acceptances: ExpiredAcceptance[];
}

/** Risk of every threat (inherent, CVSS, residual after implemented mitigations, acceptance). Pure. */
export function assessRisk(model: ModelReader, today: string): RiskAssessment {
  const mitigationsByThreat = new Map<string, MitigationForRisk[]>();
  for (const link of model.list("mitigation_link")) {
    const m = model.get("mitigation", link.mitigation_id);
    if (!m) continue;
    const list = mitigationsByThreat.get(link.threat_id);
    if (list) list.push(m);
    else mitigationsByThreat.set(link.threat_id, [m]);
  }
  const counts = LIKELIHOODS.map(() => RISK_LEVELS.map(() => 0));
  const empty = () => ({ Low: 0, Medium: 0, High: 0, Critical: 0, Unrated: 0 });
  const byLevel = { inherent: empty(), residual: empty() };
  const threats = model
    .list("threat")
    .sort((a, b) => a.numericId - b.numericId)
    .map((t): ThreatRisk => {
      const impact = threatImpact(t);
      const inherent = inherentRisk(t);
      const residual = residualRisk(t, mitigationsByThreat.get(t.id) ?? []);
      if (t.status === "threatIdentified") {
        if (impact && t.likelihood)
          counts[LIKELIHOODS.indexOf(t.likelihood)]![RISK_LEVELS.indexOf(impact)]!++;
        byLevel.inherent[inherent ?? "Unrated"]++;
        byLevel.residual[residual.level ?? "Unrated"]++;
      }
      return {
        id: t.id,
        numericId: t.numericId,
        statement: t.statement,
        status: t.status,
        ...(t.category ? { category: t.category } : {}),
        ...(t.likelihood ? { likelihood: t.likelihood } : {}),
        ...(impact ? { impact } : {}),
        ...(inherent ? { inherent } : {}),
        residual,
        ...(t.cvss_v3 ? { cvss_v3: cvssScore(t.cvss_v3) } : {}),
        ...(t.cvss_v4 ? { cvss_v4: cvssScore(t.cvss_v4) } : {}),
        ...(t.acceptance
          ? { acceptance: { ...t.acceptance, expired: isAcceptanceExpired(t.acceptance, today) } }
          : {}),
      };
    });
  return {
    today,
    threats,
    matrix: { likelihoods: LIKELIHOODS, impacts: RISK_LEVELS, counts },
    by_level: byLevel,
    expired_acceptances: expiredAcceptances(model, today),
  };
}
