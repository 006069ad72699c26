import type { CompiledRuleSet } from "./compile.js";
import { scanFileSync } from "./scan-file.js";
import type { BatchRequest, BatchResult } from "./worker-protocol.js";

/** Scans one batch of files on the current thread; used by workers and by the in-process mode. */
export function scanBatch(
  ruleSet: CompiledRuleSet,
  maxFileBytes: number,
  request: BatchRequest,
): BatchResult {
  const result: BatchResult = { id: request.id, filesScanned: 0, bytesScanned: 0, skipped: {}, evidence: [] };
  for (const [absolute, relative] of request.files) {
    let outcome;
    try {
      outcome = scanFileSync(ruleSet, absolute, relative, maxFileBytes);
    } catch (error) {
      console.error(`scan: ${relative}: ${(error as Error).message}`);
      outcome = { status: "skipped" as const, reason: "unreadable" as const };
    }
    if (outcome.status === "skipped") {
      result.skipped[outcome.reason] = (result.skipped[outcome.reason] ?? 0) + 1;
      continue;
    }
    result.filesScanned++;
    result.bytesScanned += outcome.bytes;
    for (const e of outcome.evidence) result.evidence.push(e);
  }
  return result;
}
