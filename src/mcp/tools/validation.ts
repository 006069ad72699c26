import * as z from "zod";
import * as ops from "../../ops/validation.js";
import { jsonQuote, pathLabel } from "../../render/format.js";
import { CREATE, READ, defineTool, type AnyTool } from "../tool.js";

/** Snippets are repository text: quoted and labelled, so they read as data, never as instructions. */
const quote = (snippet: string) => `untrusted code: ${jsonQuote(snippet)}`;

/** Reasons name files and verdicts: kept on one line whatever a file name holds. */
const oneLine = (text: string) => text.replace(/[\r\n\u0085\u2028\u2029]+/g, " ");

interface Outcome {
  numericId: number;
  verdict: string;
  source: string;
  reasons: string[];
  evidence: { file: string; line: number; rule: string; kind: string; snippet: string }[];
  stale?: { reasons: string[] } | undefined;
  scanner_verdict?: string | undefined;
}

function renderOutcomes(outcomes: readonly Outcome[]): string {
  return outcomes
    .map((o) => {
      const head = `T-${String(o.numericId).padStart(4, "0")}: ${o.verdict.replace(/_/g, " ")} (${o.source}${o.scanner_verdict ? `; scanner says ${o.scanner_verdict.replace(/_/g, " ")}` : ""})${o.stale ? ` STALE: ${oneLine(o.stale.reasons.join("; "))}` : ""}`;
      const evidence = o.evidence
        .slice(0, 6)
        .map((e) => `    ${pathLabel(e.file)}:${e.line} ${e.rule} [${e.kind}] ${quote(e.snippet)}`);
      return [head, ...o.reasons.map((r) => `  - ${oneLine(r)}`), ...evidence].join("\n");
    })
    .join("\n");
}

const Counts = z.record(z.string(), z.number());
const ScanOut = z.looseObject({ files_scanned: z.number() });

function scanLine(scan: ops.ScanSummary): string {
  const skipped = Object.entries(scan.skipped)
    .map(([reason, n]) => `${n} ${reason.replace(/_/g, " ")}`)
    .join(", ");
  return `Scanned ${scan.files_scanned} files (${(scan.bytes_scanned / 1024).toFixed(0)} KB) in ${scan.duration_ms} ms; ${scan.findings} findings${skipped ? `; skipped ${skipped}` : ""}.`;
}

const verdictTool = {
  category: "validation" as const,
  output: z.object({
    scan: ScanOut,
    note: z.string(),
    verdicts: Counts,
    threats: z.array(z.looseObject({})),
  }),
  annotations: { ...CREATE, idempotentHint: true },
  shape: (r: {
    scan: ops.ScanSummary;
    note: string;
    verdicts: Record<string, number>;
    threats: Outcome[];
  }) => ({ ...r }),
  render: (r: {
    scan: ops.ScanSummary;
    note: string;
    verdicts: Record<string, number>;
    threats: Outcome[];
  }) =>
    [
      scanLine(r.scan),
      `Verdicts: ${Object.entries(r.verdicts)
        .map(([k, n]) => `${n} ${k.replace(/_/g, " ")}`)
        .join(", ")}.`,
      r.note,
      renderOutcomes(r.threats),
    ].join("\n"),
};

export const validationTools: AnyTool[] = [
  defineTool({
    name: "validate_security_controls",
    title: "Inventory security controls in code",
    description:
      "Scan a folder for security controls and weaknesses (20 control families, 7 languages + IaC). Changes nothing.",
    category: "validation",
    op: ops.validateSecurityControls,
    output: z.object({ scan: ScanOut, note: z.string(), families: z.array(z.looseObject({})) }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) =>
      [
        scanLine(r.scan),
        r.note,
        ...r.families.map(
          (f) =>
            `${f.family}: ${f.present} present, ${f.weakens} weakening, ${f.missing} missing\n${f.examples.map((e) => `    ${pathLabel(e.file)}:${e.line} ${e.rule} [${e.kind}] ${quote(e.snippet)}`).join("\n")}`,
        ),
      ].join("\n"),
  }),
  defineTool({
    ...verdictTool,
    name: "validate_threat_remediation",
    title: "Check threats against code",
    description:
      "Scan a folder and record, for the given threats, whether the code mitigates them, with evidence.",
    op: ops.validateThreatRemediation,
  }),
  defineTool({
    ...verdictTool,
    name: "validate_threat_model_against_code",
    title: "Check all threats against code",
    description: "Scan a folder and record a verdict with evidence for every threat.",
    op: ops.validateThreatModelAgainstCode,
  }),
  defineTool({
    name: "execute_code_validation_step",
    title: "Run phase 7.5",
    description:
      "Phase 7.5 in one call: scan the project, re-check stored evidence, record verdicts, move mitigation statuses on evidence, write the remediation report.",
    category: "validation",
    op: ops.executeCodeValidationStep,
    output: z.object({
      scan: ScanOut,
      note: z.string(),
      verdicts: Counts,
      threats: z.array(z.looseObject({})),
      report: z.string(),
    }),
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) =>
      [
        scanLine(r.scan),
        `Verdicts: ${Object.entries(r.verdicts)
          .map(([k, n]) => `${n} ${k.replace(/_/g, " ")}`)
          .join(", ")}; score ${r.score ?? "n/a"}.`,
        r.mitigation_moves.length
          ? `Mitigation statuses moved on evidence: ${r.mitigation_moves.map((m) => `M-${String(m.numericId).padStart(4, "0")} ${m.from} → ${m.to}`).join(", ")}.`
          : "No mitigation status moved.",
        `Report: ${r.report}`,
        r.note,
        renderOutcomes(r.threats),
      ].join("\n"),
  }),
  defineTool({
    name: "generate_remediation_report",
    title: "Remediation report",
    description:
      "Summarise stored verdicts (score, stale evidence, statuses moved) and write .threatmodel/remediation-report.md.",
    category: "validation",
    op: ops.generateRemediationReport,
    output: z.object({ threats: z.number(), validated: z.number(), by_verdict: Counts, file: z.string() }),
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) =>
      `${r.validated} of ${r.threats} threats validated; score ${r.score ?? "n/a"}; ${Object.entries(
        r.by_verdict,
      )
        .map(([k, n]) => `${n} ${k.replace(/_/g, " ")}`)
        .join(", ")}; ${r.stale.length} stale. Written to ${r.file}.`,
  }),
  defineTool({
    name: "export_threat_model_with_remediation_status",
    title: "Export remediation status",
    description:
      "Write threats with their code-validation verdicts and evidence to a file inside the project (.json or Markdown).",
    category: "validation",
    op: ops.exportThreatModelWithRemediationStatus,
    output: z.object({ path: z.string(), format: z.string(), bytes: z.number() }),
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) =>
      `Remediation status (${r.format}, ${r.validated}/${r.threats} threats validated) written to ${r.path} (${r.bytes} bytes).`,
  }),
  defineTool({
    name: "record_threat_verdict",
    title: "Record your verdict on a threat",
    description:
      "Confirm or override the code verdict for a threat with your reasoning and the file:line evidence you read; re-checked on later runs.",
    category: "validation",
    op: ops.recordThreatVerdict,
    output: z.object({ threat_id: z.string(), verdict: z.string() }),
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) =>
      `Verdict for threat ${r.threat_id}: ${r.verdict.replace(/_/g, " ")} (agent), ${r.evidence.length} evidence item(s) fingerprinted.`,
  }),
];
