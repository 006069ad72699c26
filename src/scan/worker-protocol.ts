import type { Language } from "./languages.js";
import type { Rule } from "./rule-packs.js";
import type { Evidence, SkipReason } from "./types.js";

export interface WorkerInit {
  rules: Rule[];
  maxFileBytes: number;
}

/** Main thread -> worker: files to scan, as [absolute, relative] pairs. */
export interface BatchRequest {
  id: number;
  files: Array<[string, string]>;
}

/**
 * Evidence as it crosses from a worker to the main thread: only what is specific to the finding.
 * The rule's family, kind, STRIDE, CWE and rationale are looked up again on the main thread, so
 * messages stay small and discarded findings (beyond the evidence limit) cost little.
 */
export type WireEvidence = [
  rule: string,
  language: Language,
  file: string,
  line: number,
  column: number,
  snippet: string,
  fingerprint: string,
];

export function toWire(e: Evidence): WireEvidence {
  return [e.rule, e.language, e.file, e.line, e.column, e.snippet, e.fingerprint];
}

/** The outcome of one batch: full evidence when scanned on this thread, wire records from workers. */
export interface BatchResult {
  id: number;
  filesScanned: number;
  bytesScanned: number;
  skipped: Partial<Record<SkipReason, number>>;
  evidence: Evidence[];
  wire?: WireEvidence[];
}
