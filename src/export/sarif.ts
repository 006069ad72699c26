import { createHash } from "node:crypto";
import { VERSION } from "../version.js";
import { relativeLinkTarget } from "./escape.js";
import type { ReportData } from "./report-data.js";
import { ModelView, isOpen, mitigationLabel, threatLabel } from "./view.js";

const LEVEL = { Critical: "error", High: "error", Medium: "warning", Low: "note" } as const;
/** GitHub code scanning reads `security-severity` (0.1–10) to rank security alerts. */
const SECURITY_SEVERITY = { Critical: "9.5", High: "8.0", Medium: "5.5", Low: "3.0" } as const;

/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per open threat that has code evidence (and is
 * not shown mitigated by it), one result per evidence location, so alerts appear on the lines the
 * scanner pointed at. Results carry stable fingerprints so alerts survive unrelated edits.
 */
export function renderSarif(data: ReportData): string {
  const view = new ModelView(data.model);
  const evidence = new Map((data.evidence ?? []).map((e) => [e.threat_id, e]));
  const rules: object[] = [];
  const results: object[] = [];
  for (const threat of view.threats) {
    const found = evidence.get(threat.id);
    if (!isOpen(threat) || !found || found.verdict === "mitigated" || found.evidence.length === 0) continue;
    const ruleId = threatLabel(threat);
    const mitigations = view.mitigationsOf(threat.id);
    const ruleIndex = rules.length;
    rules.push({
      id: ruleId,
      name: `Threat${threat.numericId}`,
      shortDescription: { text: threat.statement.slice(0, 1024) },
      fullDescription: { text: threat.statement },
      help: {
        text: mitigations.length
          ? `Mitigations: ${mitigations.map((m) => `${mitigationLabel(m)} ${m.content}`).join("; ")}`
          : "No mitigation is linked to this threat yet.",
      },
      defaultConfiguration: { level: threat.severity ? LEVEL[threat.severity] : "warning" },
      properties: {
        tags: ["security", "threat-model", ...(threat.category ? [threat.category] : [])],
        ...(threat.severity ? { "security-severity": SECURITY_SEVERITY[threat.severity] } : {}),
        threatId: threat.id,
      },
    });
    for (const e of found.evidence) {
      const uri = relativeLinkTarget(e.file);
      if (uri === undefined) continue; // not a path inside the project: no location to show
      const fingerprint = createHash("sha256")
        .update(`${threat.id}\u0000${e.file}\u0000${e.rule}\u0000${e.snippet}`)
        .digest("hex");
      results.push({
        ruleId,
        ruleIndex,
        level: threat.severity ? LEVEL[threat.severity] : "warning",
        message: {
          text: `${ruleId} (${found.verdict.replace(/_/g, " ")}): ${threat.statement} — evidence: ${e.rule} (${e.kind})`,
        },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri, uriBaseId: "%SRCROOT%" },
              region: {
                startLine: Math.max(1, e.line),
                startColumn: Math.max(1, e.column),
                snippet: { text: e.snippet },
              },
            },
          },
        ],
        partialFingerprints: { "threatmodel/v1": fingerprint },
        properties: { verdict: found.verdict, family: e.family },
      });
    }
  }
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "threat-modeling-mcp-server",
            semanticVersion: VERSION,
            rules,
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { description: { text: "The project root" } } },
        results,
        properties: { "threatmodel:digest": data.generatedFrom.digest },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
