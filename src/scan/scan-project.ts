import { realpathSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { ModelError } from "../domain/errors.js";
import { resolveInsideRoot } from "../store/paths.js";
import { scanBatch } from "./batch.js";
import { compileRules, type CompiledRuleSet } from "./compile.js";
import { discoverFiles, type DiscoveredFile } from "./discover.js";
import { FAMILIES, isFamily } from "./families.js";
import { WorkerPool } from "./pool.js";
import { workerScript } from "./worker-script.js";
import { loadRulePacks, rulesOf, type Rule } from "./rule-packs.js";
import {
  DEFAULT_MAX_EVIDENCE,
  DEFAULT_MAX_FILE_BYTES,
  type Evidence,
  type EvidenceKind,
  type ScanOptions,
  type ScanResult,
  type SkipReason,
} from "./types.js";
import type { BatchRequest, BatchResult, WireEvidence } from "./worker-protocol.js";

const BATCH_FILES = 48;
/** The calling thread scans in smaller steps so it gets back to feeding the workers quickly. */
const MAIN_THREAD_BATCH = 8;
/** Trees with fewer files than this are scanned on the calling thread (starting workers costs more). */
const INLINE_FILE_LIMIT = 256;
const PROGRESS_INTERVAL_MS = 200;

/** Compiled rule sets for in-thread scans, per rule folder and family selection. */
const compiledCache = new Map<string, CompiledRuleSet>();

function compiledFor(
  rulesDir: string | undefined,
  families: string[] | undefined,
  rules: Rule[],
): CompiledRuleSet {
  const key = `${rulesDir ?? ""}\0${[...(families ?? [])].sort().join(",")}`;
  let compiled = compiledCache.get(key);
  if (!compiled) {
    compiled = compileRules(rules);
    compiledCache.set(key, compiled);
  }
  return compiled;
}

function fromWire(w: WireEvidence, rule: Rule): Evidence {
  const [id, language, file, line, column, snippet, fingerprint] = w;
  return {
    family: rule.family,
    rule: id,
    kind: rule.kind,
    language,
    file,
    line,
    column,
    snippet,
    stride: [...rule.stride],
    cwe: [...rule.cwe],
    rationale: rule.rationale,
    fingerprint,
  };
}

function compareEvidence(a: Evidence, b: Evidence): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

function checkOptions(options: ScanOptions): {
  maxFileBytes: number;
  maxEvidence: number;
  families: string[] | undefined;
} {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isInteger(maxFileBytes) || maxFileBytes <= 0) {
    throw new ModelError(
      "invalid_input",
      `maxFileBytes must be a positive integer, not ${String(options.maxFileBytes)}`,
      {
        field: "max_file_bytes",
        value: options.maxFileBytes,
      },
    );
  }
  const maxEvidence = options.maxEvidence ?? DEFAULT_MAX_EVIDENCE;
  const families = options.families;
  for (const family of families ?? []) {
    if (!isFamily(family)) {
      throw new ModelError("invalid_input", `unknown control family ${JSON.stringify(family)}`, {
        field: "families",
        value: family,
        allowed: FAMILIES,
      });
    }
  }
  return { maxFileBytes, maxEvidence, families };
}

/** Where the scan starts: the root, or a folder (or single file) inside it. */
function startingPoint(
  root: string,
  dir: string | undefined,
): { absolute: string; relative: string; isFile: boolean } {
  const contained =
    dir === undefined || dir === "" || dir === "."
      ? { absolute: root, relative: "" }
      : resolveInsideRoot(root, dir, "code_directory");
  let isFile: boolean;
  try {
    const info = statSync(contained.absolute);
    isFile = info.isFile();
    if (!isFile && !info.isDirectory()) throw new Error("not a file or folder");
  } catch {
    throw new ModelError(
      "not_found",
      `code_directory ${JSON.stringify(dir ?? ".")} does not exist inside the project`,
      {
        field: "code_directory",
        value: dir,
      },
    );
  }
  return { ...contained, isFile };
}

async function* singleFile(start: { absolute: string; relative: string }): AsyncGenerator<DiscoveredFile> {
  yield { absolute: start.absolute, relative: start.relative };
}

/**
 * Scans the project (or `dir` inside it) for evidence of security controls and weaknesses.
 *
 * Files are discovered on the calling thread and scanned in batches by worker threads (or inline
 * for small trees), so memory stays bounded by a few batches. Throws ModelError for a `dir` outside
 * the root, a missing folder or unknown families. Aborting `signal` stops the scan promptly and
 * resolves with what was scanned so far and `cancelled: true`.
 */
export async function scanProject(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const { maxFileBytes, maxEvidence, families } = checkOptions(options);
  let root: string;
  try {
    root = realpathSync(path.resolve(options.root));
  } catch {
    throw new ModelError("not_found", `project root ${JSON.stringify(options.root)} does not exist`, {
      field: "root",
      value: options.root,
    });
  }
  const start = startingPoint(root, options.dir);
  const rules = rulesOf(loadRulePacks(options.rulesDir), families);
  const signal = options.signal;
  const ruleById = new Map(rules.map((r) => [r.id, r]));

  const skipped: Partial<Record<SkipReason, number>> = {};
  /** Present controls and, separately, weaknesses/missing controls (merged when the scan ends). */
  const controls: Evidence[] = [];
  const weaknesses: Evidence[] = [];
  let filesScanned = 0;
  let bytesScanned = 0;
  let filesDiscovered = 0;
  let truncated = 0;
  let lastProgress = Number.NEGATIVE_INFINITY;
  let closed = false;

  const progress = (force: boolean): void => {
    if (!options.onProgress) return;
    const now = performance.now();
    if (!force && now - lastProgress < PROGRESS_INTERVAL_MS) return;
    lastProgress = now;
    try {
      options.onProgress({ filesScanned, bytesScanned, filesDiscovered });
    } catch (error) {
      console.error(`scan: progress callback failed: ${(error as Error).message}`);
    }
  };
  /** Keeps a finding within the evidence limit: weaknesses and missing controls displace present ones. */
  const keep = (kind: EvidenceKind, make: () => Evidence): void => {
    if (controls.length + weaknesses.length >= maxEvidence) {
      truncated++;
      if (kind === "present" || controls.length === 0) return;
      controls.pop();
    }
    (kind === "present" ? controls : weaknesses).push(make());
  };
  const absorb = (result: BatchResult): void => {
    if (closed) return;
    filesScanned += result.filesScanned;
    bytesScanned += result.bytesScanned;
    for (const [reason, n] of Object.entries(result.skipped))
      skipped[reason as SkipReason] = (skipped[reason as SkipReason] ?? 0) + n;
    for (const e of result.evidence) keep(e.kind, () => e);
    for (const w of result.wire ?? []) {
      const rule = ruleById.get(w[0]);
      if (rule) keep(rule.kind, () => fromWire(w, rule));
    }
    progress(false);
  };
  const finish = (cancelled: boolean): ScanResult => {
    progress(true);
    closed = true;
    controls.push(...weaknesses);
    weaknesses.length = 0;
    controls.sort(compareEvidence);
    const result: ScanResult = {
      files_scanned: filesScanned,
      bytes_scanned: bytesScanned,
      skipped,
      duration_ms: Math.round(performance.now() - started),
      controls,
    };
    if (truncated > 0) result.truncated = truncated;
    if (cancelled) result.cancelled = true;
    return result;
  };

  if (signal?.aborted) return finish(true);
  const files = start.isFile
    ? singleFile(start)
    : discoverFiles(root, start, (reason) => (skipped[reason] = (skipped[reason] ?? 0) + 1), signal);

  let exhausted = false;
  /** The next files from discovery, up to INLINE_FILE_LIMIT; sets `exhausted` at the end. */
  const readAhead = async (): Promise<DiscoveredFile[]> => {
    const list: DiscoveredFile[] = [];
    while (list.length < INLINE_FILE_LIMIT) {
      const next = await files.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      filesDiscovered++;
      list.push(next.value);
    }
    return list;
  };

  // Read ahead a little: small trees are scanned inline.
  const first = await readAhead();
  if (signal?.aborted) return finish(true);

  let batchId = 0;
  const toBatch = (list: DiscoveredFile[]): BatchRequest => ({
    id: batchId++,
    files: list.map((f) => [f.absolute, f.relative]),
  });
  // The calling thread scans too (between feeding the workers), so one core is left to it.
  const workerCount = Math.min(options.workers ?? Math.min(Math.max(availableParallelism() - 1, 1), 7), 16);

  const script = exhausted || workerCount <= 0 ? null : workerScript();
  if (script === null) {
    const ruleSet = compiledFor(options.rulesDir, families, rules);
    let pending = first;
    for (;;) {
      for (let i = 0; i < pending.length; i += 16) {
        if (signal?.aborted) return finish(true);
        absorb(scanBatch(ruleSet, maxFileBytes, toBatch(pending.slice(i, i + 16))));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (exhausted) return finish(false);
      pending = await readAhead();
    }
  }

  const pool = new WorkerPool(script, workerCount, { rules, maxFileBytes }, absorb);
  const onAbort = (): void => pool.interrupt();
  signal?.addEventListener("abort", onAbort, { once: true });
  const local = compiledFor(options.rulesDir, families, rules);
  // Workers get a batch whenever they have room; otherwise the calling thread scans it itself.
  const dispatch = async (list: DiscoveredFile[]): Promise<void> => {
    if (pool.hasRoom()) {
      await pool.submit(toBatch(list));
      return;
    }
    for (let i = 0; i < list.length; i += MAIN_THREAD_BATCH) {
      if (signal?.aborted) return;
      absorb(scanBatch(local, maxFileBytes, toBatch(list.slice(i, i + MAIN_THREAD_BATCH))));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  try {
    for (let i = 0; i < first.length; i += BATCH_FILES) await dispatch(first.slice(i, i + BATCH_FILES));
    let batch: DiscoveredFile[] = [];
    for await (const file of files) {
      filesDiscovered++;
      batch.push(file);
      if (batch.length >= BATCH_FILES) {
        await dispatch(batch);
        batch = [];
      }
    }
    if (signal?.aborted) return finish(true);
    if (batch.length > 0) await dispatch(batch);
    await pool.drain();
    return finish(false);
  } catch (error) {
    if (signal?.aborted) return finish(true);
    throw error;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await pool.terminate();
  }
}
