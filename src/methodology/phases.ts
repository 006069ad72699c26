import { ModelError, showValue } from "../domain/errors.js";

/** The ten phases of the method, in order, under the seed's numbers and names. */
export const PHASES = [
  { id: "1", name: "Business Context Analysis" },
  { id: "2", name: "Architecture Analysis" },
  { id: "3", name: "Threat Actor Analysis" },
  { id: "4", name: "Trust Boundary Analysis" },
  { id: "5", name: "Asset Flow Analysis" },
  { id: "6", name: "Threat Identification" },
  { id: "7", name: "Mitigation Planning" },
  { id: "7.5", name: "Code Validation Analysis" },
  { id: "8", name: "Residual Risk Analysis" },
  { id: "9", name: "Output Generation and Documentation" },
] as const;

export type PhaseId = (typeof PHASES)[number]["id"];
export const PHASE_IDS = PHASES.map((p) => p.id) as PhaseId[];

export function phaseName(id: PhaseId): string {
  return PHASES.find((p) => p.id === id)!.name;
}

/** The guidance tool of a phase: `get_phase_7_5_guidance` for 7.5. */
export function guidanceToolOf(id: PhaseId): string {
  return `get_phase_${id.replace(".", "_")}_guidance`;
}

/** Reads a phase given as "3", "3.0", "7.5", "phase 4" or a number; refuses anything else. */
export function parsePhase(raw: string | number, field = "phase"): PhaseId {
  const text = String(raw)
    .trim()
    .replace(/^phase\s*/i, "");
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  const match = PHASE_IDS.find((id) => Number(id) === value);
  if (!match) {
    throw new ModelError(
      "invalid_input",
      `${field}: ${showValue(raw)} is not a phase; allowed: ${PHASE_IDS.join(", ")}`,
      { field, value: raw, allowed: PHASE_IDS },
    );
  }
  return match;
}
