import { parentPort, workerData } from "node:worker_threads";
import { scanBatch } from "./batch.js";
import { compileRules } from "./compile.js";
import type { BatchRequest, WorkerInit } from "./worker-protocol.js";

/** Worker thread entry: compiles the rules once, then scans batches until terminated. */
const init = workerData as WorkerInit;
const ruleSet = compileRules(init.rules);
parentPort!.on("message", (request: BatchRequest) => {
  parentPort!.postMessage(scanBatch(ruleSet, init.maxFileBytes, request));
});
