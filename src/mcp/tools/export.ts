import * as z from "zod";
import {
  diffThreatModel,
  executeFinalExport,
  exportComprehensive,
  exportThreatModel,
  importThreatModel,
} from "../../export/operations.js";
import { renderExport, renderImport } from "../../export/render-results.js";
import { CREATE, DESTROY, READ, defineTool, type AnyTool } from "../tool.js";

const ExportOut = z.object({
  digest: z.string(),
  files: z.array(z.object({ format: z.string(), path: z.string(), bytes: z.number(), changed: z.boolean() })),
  warnings: z.array(z.string()),
});

const Counts = z.record(z.string(), z.number());

export const exportTools: AnyTool[] = [
  defineTool({
    name: "export_comprehensive_threat_model",
    title: "Export threat model (Threat Composer + Markdown)",
    description:
      "Write the model as a Threat Composer JSON and a Markdown report at output_path (inside the project; a bare name goes under .threatmodel/). Only files this tool wrote are overwritten.",
    category: "export",
    op: exportComprehensive,
    output: ExportOut,
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) => renderExport("Exported", r),
  }),
  defineTool({
    name: "execute_final_export_step",
    title: "Final export (all formats)",
    description:
      "Phase 9: write every format under .threatmodel/ with stable names (Markdown, HTML, Threat Composer, Threat Dragon, SARIF, Mermaid, SVG); unchanged files are not rewritten.",
    category: "export",
    op: executeFinalExport,
    output: ExportOut,
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) => renderExport("Final export complete", r),
  }),
  defineTool({
    name: "export_threat_model",
    title: "Export chosen formats",
    description:
      "Write chosen formats under .threatmodel/ with stable names; returns paths and whether each changed.",
    category: "export",
    op: exportThreatModel,
    output: ExportOut,
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) => renderExport("Exported", r),
  }),
  defineTool({
    name: "import_threat_model",
    title: "Import Threat Composer or Threat Dragon",
    description:
      "Import a .tc.json or Threat Dragon v2 file from the project. merge adds/updates; replace makes the model the file's content. All-or-nothing unless skip_invalid.",
    category: "export",
    op: importThreatModel,
    output: z.object({
      path: z.string(),
      format: z.string(),
      mode: z.string(),
      exact: z.boolean(),
      created: Counts,
      updated: Counts,
      unchanged: Counts,
      removed: Counts,
      business_context: z.string(),
      warnings: z.array(z.string()),
      skipped: z.array(z.object({ where: z.string(), reason: z.string() })),
    }),
    annotations: DESTROY,
    shape: (r) => ({ ...r }),
    render: renderImport,
  }),
  defineTool({
    name: "diff_threat_model",
    title: "Diff against another version",
    description:
      "What changed in the model since a git ref (e.g. main) or versus a file (.tc.json, snapshot): threats, mitigations, links, boundaries, flows, statuses. Markdown for a PR comment plus JSON.",
    category: "export",
    op: diffThreatModel,
    output: z.looseObject({
      against: z.string(),
      total: z.number(),
      summary: z.record(
        z.string(),
        z.object({ added: z.number(), removed: z.number(), changed: z.number() }),
      ),
      changes: z.array(z.looseObject({ kind: z.string(), id: z.string(), change: z.string() })),
      markdown: z.string(),
    }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) => r.markdown,
  }),
];
