import type { Family, StrideCategory } from "./families.js";
import type { Language } from "./languages.js";

export type EvidenceKind = "present" | "weakens" | "missing";

/** One place in the code where a rule found a control, a weakness, or a decidable absence. */
export interface Evidence {
  family: Family;
  rule: string;
  kind: EvidenceKind;
  language: Language;
  /** Relative to the project root, forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
  /** The matched line, trimmed and shortened, with secret values replaced by `[redacted]`. */
  snippet: string;
  stride: StrideCategory[];
  cwe: string[];
  rationale: string;
  /**
   * Stable id of this finding: a hash of the rule, the file and the normalised text of the matched
   * line (plus its occurrence number among identical lines), so edits elsewhere in the file keep it.
   */
  fingerprint: string;
}

/** Why a file or folder was not scanned; the counts are reported in `ScanResult.skipped`. */
export type SkipReason =
  | "dependency_or_build_dir"
  | "gitignored"
  | "binary"
  | "too_large"
  | "unsupported_language"
  | "generated"
  | "symlink_outside_root"
  | "symlink_duplicate"
  | "symlink_loop"
  | "broken_symlink"
  | "unreadable";

export interface ScanResult {
  files_scanned: number;
  bytes_scanned: number;
  skipped: Partial<Record<SkipReason, number>>;
  duration_ms: number;
  controls: Evidence[];
  /** True when the scan was stopped through its AbortSignal; the counts and controls are partial. */
  cancelled?: boolean;
  /** Evidence records dropped after `maxEvidence` was reached. */
  truncated?: number;
}

export interface ScanProgress {
  filesScanned: number;
  bytesScanned: number;
  filesDiscovered: number;
}

export interface ScanOptions {
  /** Absolute, already resolved project root. */
  root: string;
  /** Sub-folder to scan, as given by a user or an LLM; resolved inside the root. */
  dir?: string | undefined;
  /** Files larger than this are skipped as `too_large` (default 1 MiB). */
  maxFileBytes?: number | undefined;
  /** Only rules of these families (default: all). */
  families?: string[] | undefined;
  /** Worker threads (default: available cores, at most 8; 0 scans on the calling thread). */
  workers?: number | undefined;
  /** Aborting returns the partial result with `cancelled: true` (it does not throw). */
  signal?: AbortSignal | undefined;
  /** Called at most every 200 ms while scanning, and once at the end. */
  onProgress?: ((progress: ScanProgress) => void) | undefined;
  /** At most this many evidence records are kept (default 10000); the rest are counted in `truncated`. */
  maxEvidence?: number | undefined;
  /** Rule pack folder (default: the packaged `data/scan-rules`). */
  rulesDir?: string | undefined;
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_EVIDENCE = 10_000;
