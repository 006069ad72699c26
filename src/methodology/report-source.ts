import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Layout } from "../store/layout.js";

/** Where the Markdown report is written, relative to `.threatmodel/`. */
export const REPORT_FILE = "threat-model.md";
const MAX_REPORT_BYTES = 8 * 1024 * 1024;

export interface CurrentReport {
  text: string;
  /** "file": the generated report on disk; "none": nothing generated yet (the text says so). */
  source: "file" | "none";
}

/**
 * The current Markdown report. The one place that decides what "the report" is: today the file the
 * export wrote; the export renderer can be called from here once it exists.
 */
export function readCurrentReport(root: string): CurrentReport {
  const file = path.join(new Layout(root).base, REPORT_FILE);
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch {
    return {
      source: "none",
      text: `# No report yet\n\nNo report has been generated in \`.threatmodel/${REPORT_FILE}\`. Phase 9 (Output Generation and Documentation) generates it from the model.\n`,
    };
  }
  if (size > MAX_REPORT_BYTES) {
    return {
      source: "none",
      text: `# Report too large\n\n\`.threatmodel/${REPORT_FILE}\` is ${size} bytes; open it from the repository instead.\n`,
    };
  }
  return { source: "file", text: readFileSync(file, "utf8") };
}
