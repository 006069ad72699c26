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

/** Worker -> main thread: the outcome of one batch. */
export interface BatchResult {
  id: number;
  filesScanned: number;
  bytesScanned: number;
  skipped: Partial<Record<SkipReason, number>>;
  evidence: Evidence[];
}
