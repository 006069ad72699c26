import * as z from "zod";
import { optionalText, text } from "./fields.js";
import { LIMITS } from "./limits.js";

/** A phase the user advanced past with `force`, recorded so reports can show it. */
export const PhaseOverride = z.strictObject({
  phase: z.string(),
  at: z.string(),
  reason: optionalText(LIMITS.content),
  unmet: z.array(text(LIMITS.content)).max(200),
});
export type PhaseOverride = z.infer<typeof PhaseOverride>;

/** The last code-validation run (phase 7.5), written by the scanner. */
export const CodeValidationRun = z.strictObject({
  ran_at: z.string(),
  /** Digest of the code that was scanned; phase 7.5 is stale once the code no longer matches it. */
  code_digest: z.string(),
  files_scanned: z.number().int().min(0),
  findings: z.number().int().min(0),
});
export type CodeValidationRun = z.infer<typeof CodeValidationRun>;

/** Project-level state that is not an entity: methodology records and settings. */
export const ProjectState = z.strictObject({
  phase_overrides: z.array(PhaseOverride).max(1000),
  code_validation: CodeValidationRun.optional(),
});
export type ProjectState = z.infer<typeof ProjectState>;

export const EMPTY_PROJECT_STATE: ProjectState = { phase_overrides: [] };
