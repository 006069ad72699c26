// Everything a request needs beyond the tool listings: the operations, the store and the tool
// declarations. The server imports this module after the handshake, so `initialize` never waits for it.
export { runTool } from "./run-tool.js";
export { execute, invoke } from "../ops/operation.js";
export { promptText } from "../ops/prompts.js";
export { getThreatModelingPlan, phaseGuidance } from "../ops/methodology.js";
export { modelSnapshot } from "../ops/snapshot.js";
export { renderCurrentReport } from "../export/operations.js";
export { TEXT_ADAPTERS } from "./toolsets.js";
export { Project } from "../project.js";
