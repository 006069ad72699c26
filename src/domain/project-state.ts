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

/** Project-level state that is not an entity: methodology records and settings. */
export const ProjectState = z.strictObject({
  phase_overrides: z.array(PhaseOverride).max(1000),
});
export type ProjectState = z.infer<typeof ProjectState>;

export const EMPTY_PROJECT_STATE: ProjectState = { phase_overrides: [] };
