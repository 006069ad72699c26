import { pathLabel } from "../render/format.js";
import type { Mitigation, Threat } from "../domain/entities.js";
import type { Draft, ModelReader } from "../domain/model.js";
import type { CodeEvidence, ThreatValidation } from "../domain/validation.js";
import type { Evidence } from "../scan/index.js";
import {
  classifyThreat,
  mitigationFamilies,
  scopeMatcher,
  type Classification,
  type ThreatContext,
} from "./classify.js";
import { checkEvidence, type EvidenceCheck } from "./cited-evidence.js";

export function contextFor(model: ModelReader, threat: Threat): ThreatContext {
  const mitigations = model
    .list("mitigation_link")
    .filter((link) => link.threat_id === threat.id)
    .map((link) => model.get("mitigation", link.mitigation_id))
    .filter((m): m is Mitigation => m !== undefined);
  const elements = threat.affected_components
    .map((id) => model.get("component", id) ?? model.get("data_store", id))
    .filter((e) => e !== undefined)
    .map((e) => ({ id: e.id, name: e.name, code_paths: "code_paths" in e ? e.code_paths : undefined }));
  return { threat, mitigations, elements };
}

export function classifyAll(model: ModelReader, threats: readonly Threat[], evidence: readonly Evidence[]) {
  return new Map(threats.map((t) => [t.id, classifyThreat(contextFor(model, t), evidence)] as const));
}

const sameContent = (a: Omit<ThreatValidation, "decided_at">, b: Omit<ThreatValidation, "decided_at">) =>
  JSON.stringify(a) === JSON.stringify(b);

export interface VerdictOutcome {
  threat_id: string;
  numericId: number;
  statement: string;
  verdict: ThreatValidation["verdict"];
  source: ThreatValidation["source"];
  reasons: string[];
  evidence: CodeEvidence[];
  stale?: ThreatValidation["stale"];
  /** What the scanner concluded when an agent's verdict was kept instead. */
  scanner_verdict?: ThreatValidation["verdict"];
}

/**
 * Records scanner verdicts. An agent's verdict is kept (the client's LLM overrides the scanner),
 * unless its own evidence went stale, in which case it is kept but marked stale with the reasons.
 * A verdict identical to the stored one rewrites nothing (its decision time stays).
 */
export function recordScannerVerdicts(
  draft: Draft,
  classifications: ReadonlyMap<string, Classification>,
  staleAgentVerdicts: ReadonlyMap<string, string[]>,
  now: string,
): VerdictOutcome[] {
  const outcomes: VerdictOutcome[] = [];
  for (const [threatId, result] of classifications) {
    const threat = draft.require("threat", threatId);
    const stored = draft.get("validation", threatId);
    const base = { threat_id: threatId, numericId: threat.numericId, statement: threat.statement };
    if (stored?.source === "agent") {
      const staleReasons = staleAgentVerdicts.get(threatId);
      const next: ThreatValidation = staleReasons?.length
        ? { ...stored, stale: stored.stale ?? { since: now, reasons: staleReasons } }
        : stored;
      if (next !== stored) draft.put("validation", next);
      outcomes.push({
        ...base,
        verdict: next.verdict,
        source: "agent",
        reasons: next.reasons,
        evidence: next.evidence,
        scanner_verdict: result.verdict,
        ...(next.stale ? { stale: next.stale } : {}),
      });
      continue;
    }
    const candidate = {
      id: threatId,
      threat_id: threatId,
      verdict: result.verdict,
      source: "scanner" as const,
      families: result.families,
      reasons: result.reasons,
      evidence: result.evidence,
    };
    const previous = stored ? (({ decided_at: _d, ...rest }) => rest)(stored) : undefined;
    if (!previous || !sameContent(previous, candidate)) {
      const reasons =
        stored && stored.verdict !== result.verdict
          ? [...candidate.reasons, `Changed from ${stored.verdict} (decided ${stored.decided_at}).`].slice(
              0,
              30,
            )
          : candidate.reasons;
      draft.put("validation", { ...candidate, reasons, decided_at: now });
    }
    const saved = draft.get("validation", threatId)!;
    outcomes.push({
      ...base,
      verdict: saved.verdict,
      source: "scanner",
      reasons: saved.reasons,
      evidence: saved.evidence,
    });
  }
  return outcomes;
}

/** Re-checks the evidence of every agent verdict; returns the stale reasons per threat. */
export async function recheckAgentVerdicts(root: string, validations: readonly ThreatValidation[]) {
  const stale = new Map<string, string[]>();
  for (const validation of validations) {
    if (validation.source !== "agent") continue;
    const reasons = (await checkAll(root, validation.evidence))
      .filter((c) => c.check.status === "changed" || c.check.status === "missing")
      .map((c) => c.check.reason);
    if (reasons.length > 0) stale.set(validation.threat_id, reasons);
  }
  return stale;
}

export async function checkAll(
  root: string,
  evidence: readonly CodeEvidence[],
): Promise<{ evidence: CodeEvidence; check: EvidenceCheck }[]> {
  const out = [];
  for (const item of evidence) out.push({ evidence: item, check: await checkEvidence(root, item) });
  return out;
}

export interface StatusMove {
  mitigation_id: string;
  numericId: number;
  from: Mitigation["status"];
  to: Mitigation["status"];
  reason: string;
}

const FORWARD: Partial<Record<Mitigation["status"], Mitigation["status"][]>> = {
  mitigationIdentified: ["mitigationInProgress", "mitigationResolved"],
  mitigationInProgress: ["mitigationResolved"],
};

/**
 * Moves mitigation statuses forward on evidence only: resolved when every control family the
 * mitigation names is found (and no weakness) in the code of the threats it addresses; in progress
 * when some are. Never moves a status backwards or touches "will not action".
 */
export function moveMitigationStatuses(
  draft: Draft,
  evidence: readonly Evidence[],
  now: string,
): StatusMove[] {
  const moves: StatusMove[] = [];
  for (const mitigation of draft.list("mitigation")) {
    const families = mitigationFamilies(mitigation);
    if (families.length === 0) continue;
    const threats = draft
      .list("mitigation_link")
      .filter((l) => l.mitigation_id === mitigation.id)
      .map((l) => draft.get("threat", l.threat_id))
      .filter((t): t is Threat => t !== undefined);
    const scopes =
      threats.length > 0
        ? threats.map((t) => scopeMatcher(contextFor(draft, t).elements))
        : [scopeMatcher([])];
    const inScope = evidence.filter(
      (e) => families.includes(e.family) && scopes.some((s) => s.matches(e.file)),
    );
    const found = families.filter((f) => inScope.some((e) => e.family === f && e.kind === "present"));
    const weak = families.filter((f) => inScope.some((e) => e.family === f && e.kind !== "present"));
    const target: Mitigation["status"] | undefined =
      found.length === families.length && weak.length === 0
        ? "mitigationResolved"
        : found.length > 0
          ? "mitigationInProgress"
          : undefined;
    if (!target || !(FORWARD[mitigation.status] ?? []).includes(target)) continue;
    const cited = inScope
      .filter((e) => e.kind === "present")
      .slice(0, 5)
      .map((e) => `${pathLabel(e.file)}:${e.line} (${e.rule})`);
    const reason =
      target === "mitigationResolved"
        ? `code validation found ${families.join(", ")} in place${weak.length ? "" : " with no weakness"}`
        : `code validation found ${found.join(", ")} but not ${families.filter((f) => !found.includes(f)).join(", ") || "without weaknesses"}`;
    draft.put("mitigation", {
      ...mitigation,
      status: target,
      status_basis: { at: now, reason, evidence: cited },
    });
    moves.push({
      mitigation_id: mitigation.id,
      numericId: mitigation.numericId,
      from: mitigation.status,
      to: target,
      reason,
    });
  }
  return moves;
}
