import { parentPort, workerData } from "node:worker_threads";
import { scanBatch } from "./batch.js";
import { compileRules } from "./compile.js";
import { toWire, type BatchRequest, type BatchResult, type WorkerInit } from "./worker-protocol.js";

/** Files scanned between two turns of the event loop. */
const STEP = 8;

/** Worker thread entry: compiles the rules once, then scans batches until terminated. */
const init = workerData as WorkerInit;
const ruleSet = compileRules(init.rules);

async function scan(request: BatchRequest): Promise<BatchResult> {
  const total: BatchResult = {
    id: request.id,
    filesScanned: 0,
    bytesScanned: 0,
    skipped: {},
    evidence: [],
    wire: [],
  };
  for (let i = 0; i < request.files.length; i += STEP) {
    const part = scanBatch(ruleSet, init.maxFileBytes, {
      id: request.id,
      files: request.files.slice(i, i + STEP),
    });
    total.filesScanned += part.filesScanned;
    total.bytesScanned += part.bytesScanned;
    for (const [reason, n] of Object.entries(part.skipped)) {
      total.skipped[reason as keyof BatchResult["skipped"]] =
        (total.skipped[reason as keyof BatchResult["skipped"]] ?? 0) + n;
    }
    for (const e of part.evidence) total.wire!.push(toWire(e));
    // Let Node run the finalizers of collected ast-grep trees (native memory V8 does not see).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return total;
}

// Batches are handled one at a time, in order.
let queue = Promise.resolve();
parentPort!.on("message", (request: BatchRequest) => {
  queue = queue.then(async () => parentPort!.postMessage(await scan(request)));
});
