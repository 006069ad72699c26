import type { ImportSummary, KindCounts } from "./import-plan.js";
import type { ExportResult } from "./operations.js";

/** Short text results of export and import, shared by the MCP tools and the CLI. */
export function renderExport(title: string, r: ExportResult): string {
  const lines = [`${title} (model digest ${r.digest.slice(0, 12)}):`];
  for (const f of r.files)
    lines.push(`- ${f.path} (${f.format}, ${f.bytes} bytes, ${f.changed ? "written" : "unchanged"})`);
  for (const w of r.warnings) lines.push(`Warning: ${w}`);
  return lines.join("\n");
}

const counts = (c: KindCounts) =>
  Object.entries(c)
    .map(([kind, n]) => `${n} ${kind.replace(/_/g, " ")}`)
    .join(", ") || "none";

export function renderImport(r: ImportSummary & { path: string }): string {
  const lines = [
    `Imported ${r.path} (${r.format}, mode ${r.mode}${r.exact ? ", complete threatmodel data" : ""}).`,
    `Created: ${counts(r.created)}. Updated: ${counts(r.updated)}. Unchanged: ${counts(r.unchanged)}.`,
  ];
  if (r.mode === "replace") lines.push(`Removed: ${counts(r.removed)}.`);
  lines.push(`Business context: ${r.business_context}.`);
  if (r.skipped.length > 0)
    lines.push(
      `Skipped ${r.skipped.length}:`,
      ...r.skipped.slice(0, 30).map((p) => `- ${p.where}: ${p.reason}`),
    );
  if (r.warnings.length > 0)
    lines.push(`Warnings (${r.warnings.length}):`, ...r.warnings.slice(0, 30).map((w) => `- ${w}`));
  return lines.join("\n");
}
