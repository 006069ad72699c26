import { terminalSafe } from "../render/terminal.js";
import type { Evidence, ScanResult } from "./types.js";

const LIST_LIMIT = 40;

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MB`
    : `${(bytes / 1024).toFixed(1)} KB`;
}

function location(e: Evidence): string {
  return `${terminalSafe(e.file)}:${e.line}:${e.column}`;
}

/** A human-readable report of a scan: totals, skips, then findings grouped by family. */
export function formatScanSummary(result: ScanResult): string {
  const out: string[] = [];
  const head = `Scanned ${result.files_scanned} files (${megabytes(result.bytes_scanned)}) in ${result.duration_ms} ms`;
  out.push(result.cancelled ? `${head} — cancelled, results are partial.` : `${head}.`);
  const skips = Object.entries(result.skipped).filter(([, n]) => (n ?? 0) > 0);
  if (skips.length > 0)
    out.push(`Skipped: ${skips.map(([reason, n]) => `${n} ${reason.replace(/_/g, " ")}`).join(", ")}.`);

  const weak = result.controls.filter((e) => e.kind !== "present");
  const present = result.controls.filter((e) => e.kind === "present");
  out.push(`Evidence: ${present.length} controls present, ${weak.length} weaknesses or missing controls.`);
  if (result.truncated) out.push(`(${result.truncated} more findings were not kept.)`);

  if (weak.length > 0) {
    out.push("", "Weaknesses and missing controls:");
    for (const e of weak.slice(0, LIST_LIMIT)) {
      out.push(
        `  ${location(e)}  [${e.family}] ${e.kind} ${e.rule} (${e.cwe.join(", ")})`,
        `      ${terminalSafe(e.snippet)}`,
      );
    }
    if (weak.length > LIST_LIMIT) out.push(`  … and ${weak.length - LIST_LIMIT} more`);
  }

  if (present.length > 0) {
    out.push("", "Controls present, by family:");
    const byFamily = new Map<string, Evidence[]>();
    for (const e of present) byFamily.set(e.family, [...(byFamily.get(e.family) ?? []), e]);
    for (const [family, list] of [...byFamily.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const files = new Set(list.map((e) => e.file));
      out.push(
        `  ${family.padEnd(24)} ${String(list.length).padStart(4)} in ${files.size} file(s), e.g. ${location(list[0]!)}`,
      );
    }
  }
  if (result.controls.length === 0) out.push("No security-relevant code was recognised.");
  return out.join("\n");
}
