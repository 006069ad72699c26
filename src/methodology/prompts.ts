import type { Model } from "../domain/model.js";
import { table } from "./format.js";

/** The quick-start prompts: name, what the client shows, their arguments and their data file. */
export const PROMPTS = [
  {
    name: "threat_model_project",
    title: "Threat model this project",
    description: "Build or continue the threat model of this project, phase by phase.",
    template: "threat-model-project",
    args: [],
  },
  {
    name: "threat_model_subfolder",
    title: "Threat model a subfolder",
    description: "Give one folder its own threat model in <folder>/.threatmodel/.",
    template: "threat-model-subfolder",
    args: [
      { name: "folder", description: "Folder inside the project, e.g. services/billing", required: true },
    ],
  },
  {
    name: "update_threat_model",
    title: "Update the threat model after code changes",
    description: "Bring the model in line with the code after changes, re-opening the phases they affect.",
    template: "update-threat-model",
    args: [{ name: "since", description: "Git ref the changes are relative to (optional)", required: false }],
  },
  {
    name: "implement_mitigations",
    title: "Implement mitigations for open threats",
    description: "Implement the planned mitigations in the code and record their status.",
    template: "implement-mitigations",
    args: [],
  },
  {
    name: "complete_threat_model",
    title: "Complete all phases and generate the report",
    description: "Finish every open phase and generate the outputs.",
    template: "complete-threat-model",
    args: [],
  },
] as const;

export type PromptName = (typeof PROMPTS)[number]["name"];

const SEVERITY_ORDER = ["Critical", "High", "Medium", "Low"];

/** Open threats with the mitigations still to implement, most severe first. */
export function mitigationWork(model: Model): string {
  const mitigationsOf = new Map<string, string[]>();
  for (const link of model.list("mitigation_link")) {
    mitigationsOf.set(link.threat_id, [...(mitigationsOf.get(link.threat_id) ?? []), link.mitigation_id]);
  }
  const rows: unknown[][] = [];
  const threats = model
    .list("threat")
    .filter((t) => t.status === "threatIdentified")
    .sort(
      (a, b) =>
        SEVERITY_ORDER.indexOf(a.severity ?? "Low") - SEVERITY_ORDER.indexOf(b.severity ?? "Low") ||
        a.numericId - b.numericId,
    );
  for (const threat of threats) {
    for (const id of (mitigationsOf.get(threat.id) ?? []).sort()) {
      const m = model.get("mitigation", id);
      if (!m || m.status === "mitigationResolved" || m.status === "mitigationResolvedWillNotAction") continue;
      rows.push([threat.numericId, threat.severity ?? "", m.id, m.status, m.content]);
    }
  }
  if (rows.length === 0) {
    return threats.length === 0
      ? "No threat is open, so nothing is waiting to be implemented."
      : `${threats.length} threat(s) are open but none has a mitigation left to implement: plan mitigations first (phase 7).`;
  }
  return `Mitigations still to implement:\n\n${table(["Threat", "Severity", "Mitigation id", "Status", "Mitigation"], rows)}`;
}
