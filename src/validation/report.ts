import { pathLabel } from "../render/format.js";
import { escapeMarkdownInline } from "../export/escape.js";
import type { ModelReader } from "../domain/model.js";
import type { ThreatValidation, Verdict } from "../domain/validation.js";

export interface RemediationReport {
  threats: number;
  validated: number;
  by_verdict: Record<Verdict, number>;
  /** Fully mitigated counts 1, partially 0.5, the rest 0; averaged over validated threats (null when none). */
  score: number | null;
  stale: { threat_id: string; numericId: number; reasons: string[] }[];
  rows: {
    threat_id: string;
    numericId: number;
    statement: string;
    status: string;
    verdict: Verdict | "not validated";
    source?: ThreatValidation["source"];
    stale: boolean;
    evidence: string[];
    reasons: string[];
  }[];
  mitigation_moves: {
    mitigation_id: string;
    numericId: number;
    status: string;
    basis: string;
    evidence: string[];
  }[];
}

const WEIGHT: Record<Verdict, number> = {
  mitigated: 1,
  partially_mitigated: 0.5,
  not_mitigated: 0,
  unknown: 0,
};

export function remediationReport(model: ModelReader): RemediationReport {
  const threats = model.list("threat").sort((a, b) => a.numericId - b.numericId);
  const byVerdict: Record<Verdict, number> = {
    mitigated: 0,
    partially_mitigated: 0,
    not_mitigated: 0,
    unknown: 0,
  };
  const rows: RemediationReport["rows"] = [];
  const stale: RemediationReport["stale"] = [];
  let weight = 0;
  let validated = 0;
  for (const threat of threats) {
    const validation = model.get("validation", threat.id);
    if (validation) {
      byVerdict[validation.verdict]++;
      weight += WEIGHT[validation.verdict];
      validated++;
      if (validation.stale)
        stale.push({ threat_id: threat.id, numericId: threat.numericId, reasons: validation.stale.reasons });
    }
    rows.push({
      threat_id: threat.id,
      numericId: threat.numericId,
      statement: threat.statement,
      status: threat.status,
      verdict: validation?.verdict ?? "not validated",
      ...(validation ? { source: validation.source } : {}),
      stale: validation?.stale !== undefined,
      evidence: (validation?.evidence ?? []).map(
        (e) => `${pathLabel(e.file)}:${e.line} ${e.rule} (${e.kind})`,
      ),
      reasons: validation?.reasons ?? [],
    });
  }
  const mitigation_moves = model
    .list("mitigation")
    .filter((m) => m.status_basis)
    .sort((a, b) => a.numericId - b.numericId)
    .map((m) => ({
      mitigation_id: m.id,
      numericId: m.numericId,
      status: m.status,
      basis: m.status_basis!.reason,
      evidence: m.status_basis!.evidence,
    }));
  return {
    threats: threats.length,
    validated,
    by_verdict: byVerdict,
    score: validated === 0 ? null : Math.round((weight / validated) * 100) / 100,
    stale,
    rows,
    mitigation_moves,
  };
}

/** Threat statements, reasons and evidence are user or repository text: no link, tag, code or emphasis. */
const cell = escapeMarkdownInline;

/** The remediation report as Markdown (written to `.threatmodel/remediation-report.md`). */
/** Carried by every remediation export, so a later export may overwrite it (and nothing else). */
export const REMEDIATION_MARK = "threatmodel:remediation";

export function remediationMarkdown(report: RemediationReport): string {
  const lines = [
    `<!-- ${REMEDIATION_MARK} -->`,
    "# Remediation status",
    "",
    `Threats: ${report.threats}; validated against the code: ${report.validated}; score: ${report.score ?? "n/a"} (mitigated = 1, partially = 0.5).`,
    "",
    `| Verdict | Threats |`,
    `| --- | ---: |`,
    ...Object.entries(report.by_verdict).map(([verdict, n]) => `| ${verdict.replace(/_/g, " ")} | ${n} |`),
    "",
    "## Threats",
    "",
    "| Threat | Status | Verdict | Evidence |",
    "| --- | --- | --- | --- |",
    ...report.rows.map(
      (r) =>
        `| T-${String(r.numericId).padStart(4, "0")} ${cell(r.statement)} | ${r.status} | ${r.verdict.replace(/_/g, " ")}${r.source === "agent" ? " (agent)" : ""}${r.stale ? " **stale**" : ""} | ${cell(r.evidence.join("; ")) || "none"} |`,
    ),
  ];
  if (report.stale.length > 0) {
    lines.push("", "## Stale verdicts", "");
    for (const s of report.stale)
      lines.push(`- T-${String(s.numericId).padStart(4, "0")}: ${cell(s.reasons.join("; "))}`);
  }
  if (report.mitigation_moves.length > 0) {
    lines.push("", "## Mitigation statuses set from evidence", "");
    for (const m of report.mitigation_moves) {
      lines.push(
        `- M-${String(m.numericId).padStart(4, "0")} → ${m.status}: ${cell(m.basis)}${m.evidence.length ? ` (${cell(m.evidence.join(", "))})` : ""}`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}
