import { STRIDE, coverageMatrix } from "../intel/coverage.js";
import { BUSINESS_FEATURES } from "../domain/business-context.js";
import { ENUMS } from "../domain/enums.js";
import type { Model } from "../domain/model.js";
import type { Evaluation } from "./criteria.js";
import type { PhaseEnvironment } from "./environment.js";
import { phaseChecklist, phaseOf, progressLine, stateLabel, table } from "./format.js";
import { PHASE_IDS, guidanceToolOf, phaseName, type PhaseId } from "./phases.js";
import { fillTemplate, loadTemplate } from "./template.js";

/** The analysis plans, by tool name, with their data file under `data/guidance/`. */
export const PLANS = {
  get_threat_modeling_plan: "plan-threat-modeling",
  get_business_context_analysis_plan: "plan-business-context",
  get_architecture_analysis_plan: "plan-architecture",
  get_trust_boundary_analysis_plan: "plan-trust-boundary-analysis",
  get_trust_boundary_detection_plan: "plan-trust-boundary-detection",
  get_asset_flow_analysis_plan: "plan-asset-flow",
} as const;
export type PlanTool = keyof typeof PLANS;

export interface GuidanceContext {
  model: Model;
  evaluation: Evaluation;
  env: PhaseEnvironment;
  /** For the overall plan: whether the folder it was asked about holds code, and whether to include 7.5 steps. */
  plan?: { directory: string; hasCode: boolean; includeCodeValidation: boolean };
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

/** The phase that follows `id` for this project (7.5 is skipped when it does not apply). */
export function nextPhase(ctx: GuidanceContext, id: PhaseId): PhaseId | undefined {
  const phases = ctx.evaluation.phases;
  const after = phases.findIndex((p) => p.phase === id) + 1;
  return phases.slice(after).find((p) => p.applicable)?.phase;
}

function nextStep(ctx: GuidanceContext, id: PhaseId): string {
  const phase = phaseOf(ctx.evaluation, id);
  const next = nextPhase(ctx, id);
  const lines: string[] = [];
  if (!phase.applicable) {
    return next
      ? `Nothing to do here for this project. Continue with phase ${next} (${phaseName(next)}), guidance from \`${guidanceToolOf(next)}\`.`
      : "Nothing to do here for this project.";
  }
  if (id === "7") {
    lines.push(
      folderNote(ctx) +
        (ctx.env.hasCode
          ? "The project has source code, so phase 7.5 (code validation) comes next."
          : "The project has no source code, so phase 7.5 (code validation) does not apply; phase 8 comes next."),
      "",
    );
  }
  lines.push(
    phase.met
      ? `Every criterion of this phase is met. Confirm it and move on:`
      : `Work through the unmet items above, then confirm the phase:`,
    "",
    "```json",
    JSON.stringify({ tool: "advance_phase", arguments: { phase: id } }),
    "```",
    "",
    "`advance_phase` refuses while a criterion is unmet and says what is missing. Only if an item truly cannot be done, repeat the call with `force: true` and a `reason`; the exception is recorded in the model and shown in reports.",
  );
  lines.push(
    "",
    next
      ? `Next: phase ${next} (${phaseName(next)}), guidance from \`${guidanceToolOf(next)}\`.`
      : "This is the last phase. After code changes, come back through the phases that re-open (`get_threat_model_progress` shows them).",
  );
  return lines.join("\n");
}

function featureTable(): string {
  return table(
    ["Feature", "Why it matters", "Allowed values"],
    BUSINESS_FEATURES.map((f) => [
      `\`${f.key}\``,
      f.why,
      ENUMS[f.enum].join(", ") + (f.key === "regulatory_requirements" ? " (several, comma-separated)" : ""),
    ]),
  );
}

function architectureSummary(model: Model): string {
  const components = model.list("component").sort(byId);
  const stores = model.list("data_store").sort(byId);
  const connections = model.list("connection").sort(byId);
  if (components.length + stores.length === 0) return "Nothing is recorded yet.";
  const parts: string[] = [];
  if (components.length > 0) {
    parts.push(
      table(
        ["Component", "Name", "Type", "Provider / service", "Zone"],
        components.map((c) => [
          c.id,
          c.name,
          c.type,
          [c.service_provider, c.specific_service].filter(Boolean).join(" / "),
          c.trust_zone_id ?? "",
        ]),
      ),
    );
  }
  if (stores.length > 0) {
    parts.push(
      table(
        ["Data store", "Name", "Type", "Classification", "Zone"],
        stores.map((d) => [d.id, d.name, d.type, d.classification, d.trust_zone_id ?? ""]),
      ),
    );
  }
  if (connections.length > 0) {
    parts.push(
      table(
        ["Connection", "From", "To", "Protocol", "Encrypted"],
        connections.map((c) => [
          c.id,
          c.source_id,
          c.destination_id,
          c.protocol ?? "",
          c.encryption ? "yes" : "no",
        ]),
      ),
    );
  }
  return parts.join("\n\n");
}

function actorTable(model: Model): string {
  const actors = model.list("threat_actor").sort(byId);
  if (actors.length === 0) return "No threat actors are in the model.";
  return table(
    ["Actor", "Name", "Type", "Capability", "Decided", "Relevant", "Priority"],
    actors.map((a) => [
      a.id,
      a.name,
      a.type,
      a.capability_level,
      a.relevance_decided ? "yes" : "**no**",
      a.relevance_decided ? (a.is_relevant ? "yes" : "no") : "?",
      a.priority || "",
    ]),
  );
}

function zoneTable(model: Model): string {
  const zones = model.list("trust_zone").sort(byId);
  if (zones.length === 0) return "No trust zones are in the model.";
  const members = new Map<string, string[]>();
  for (const e of [...model.list("component"), ...model.list("data_store")]) {
    if (e.trust_zone_id) members.set(e.trust_zone_id, [...(members.get(e.trust_zone_id) ?? []), e.id]);
  }
  const zoneTableText = table(
    ["Zone", "Name", "Trust level", "Members", "Default"],
    zones.map((z) => [
      z.id,
      z.name,
      z.trust_level,
      (members.get(z.id) ?? []).sort().join(", "),
      z.is_default ? "yes" : "",
    ]),
  );
  const crossings = model.list("crossing_point").sort(byId);
  const boundaries = model.list("trust_boundary");
  const crossingTable = crossings.length
    ? table(
        ["Crossing point", "From zone", "To zone", "Connections", "In boundary"],
        crossings.map((cp) => [
          cp.id,
          cp.source_zone_id,
          cp.destination_zone_id,
          cp.connection_ids.join(", "),
          boundaries
            .filter((tb) => tb.crossing_point_ids.includes(cp.id))
            .map((tb) => tb.id)
            .join(", "),
        ]),
      )
    : "No crossing points yet.";
  return `${zoneTableText}\n\n${crossingTable}`;
}

function assetTable(model: Model): string {
  const assets = model.list("asset").sort(byId);
  if (assets.length === 0) return "No assets are in the model.";
  const flows = model.list("flow");
  return table(
    ["Asset", "Name", "Type", "Classification", "Flows", "Default"],
    assets.map((a) => [
      a.id,
      a.name,
      a.type,
      a.classification,
      flows.filter((f) => f.asset_id === a.id).length,
      a.is_default ? "yes" : "",
    ]),
  );
}

const CELL: Record<string, string> = { threat: "T", excluded: "x", gap: "·", "n/a": "" };

/** The STRIDE-per-element matrix: T a threat covers it, x an assumption rules it out, · a gap. */
function coverageTable(model: Model): string {
  const matrix = coverageMatrix(model);
  if (matrix.elements.length === 0)
    return "No components, data stores, connections, flows or crossing points yet.";
  const rows = matrix.elements.map((e) => [e.id, e.name, ...STRIDE.map((c) => CELL[e.categories[c]] ?? "")]);
  return `${table(["Element", "Name", "S", "T", "R", "I", "D", "E"], rows)}\n\nCovered or ruled out: ${matrix.summary.percent}% of applicable cells; ${matrix.summary.gap} gap(s).`;
}

function codeValidationNote(ctx: GuidanceContext): string {
  const run = ctx.model.singleton("project").code_validation;
  if (!ctx.env.hasCode) return "The project has no source code: this phase does not apply.";
  if (!run) return "Code validation has not run on this project yet.";
  return `Last run: ${run.ran_at}, ${run.files_scanned} file(s) scanned, ${run.findings} finding(s).`;
}

function overridesList(ctx: GuidanceContext): string {
  const overrides = ctx.model.singleton("project").phase_overrides;
  if (overrides.length === 0) return "No phase was skipped with force.";
  return overrides
    .map(
      (o) =>
        `- Phase ${o.phase} forced on ${o.at}${o.reason ? `: ${o.reason}` : ""} (unmet then: ${o.unmet.length} item(s))`,
    )
    .join("\n");
}

function phaseTable(ctx: GuidanceContext): string {
  return table(
    ["Phase", "Name", "Guidance tool", "Status"],
    ctx.evaluation.phases.map((p) => [p.phase, p.name, `\`${guidanceToolOf(p.phase)}\``, stateLabel(p)]),
  );
}

/** What a checked folder holds, when it is not the project root itself. */
function folderNote(ctx: GuidanceContext): string {
  const plan = ctx.plan;
  if (!plan || plan.directory === ".") return "";
  return `\`${plan.directory}\` ${plan.hasCode ? "holds" : "holds no"} source code. `;
}

function codeValidationPlan(ctx: GuidanceContext): string {
  const note = folderNote(ctx);
  if (!ctx.env.hasCode)
    return `${note}The project has no source code, so phase 7.5 (code validation) is skipped.`;
  if (ctx.plan && !ctx.plan.includeCodeValidation) {
    return `${note}The project has source code. You asked to leave the code-validation steps out of this plan; progress still counts phase 7.5 while the project has code.`;
  }
  return `${note}The project has source code, so phase 7.5 (code validation) applies: after planning mitigations, check the code for the controls the model relies on (\`${guidanceToolOf("7.5")}\`).`;
}

/** Every placeholder a guidance, plan or prompt text may use. */
export function placeholderValues(
  ctx: GuidanceContext,
  phase?: PhaseId,
  extra: Readonly<Record<string, () => string>> = {},
): Record<string, () => string> {
  const forPhase = (f: (id: PhaseId) => string) => () => {
    if (!phase) throw new Error("this placeholder needs a phase");
    return f(phase);
  };
  return {
    phase: forPhase((id) => id),
    name: forPhase((id) => phaseName(id)),
    status: forPhase((id) => phaseChecklist(phaseOf(ctx.evaluation, id))),
    next: forPhase((id) => nextStep(ctx, id)),
    progress: () => progressLine(ctx.evaluation),
    phases: () => phaseTable(ctx),
    features: featureTable,
    phase_1_status: () => phaseChecklist(phaseOf(ctx.evaluation, "1")),
    phase_4_status: () => phaseChecklist(phaseOf(ctx.evaluation, "4")),
    architecture: () => architectureSummary(ctx.model),
    actors: () => actorTable(ctx.model),
    zones: () => zoneTable(ctx.model),
    assets: () => assetTable(ctx.model),
    coverage: () => coverageTable(ctx.model),
    code_validation: () => codeValidationNote(ctx),
    code_validation_plan: () => codeValidationPlan(ctx),
    overrides: () => overridesList(ctx),
    ...extra,
  };
}

export function renderPhaseGuidance(ctx: GuidanceContext, phase: PhaseId): string {
  return fillTemplate(loadTemplate("guidance", `phase-${phase}`), placeholderValues(ctx, phase));
}

export function renderPlan(ctx: GuidanceContext, plan: PlanTool): string {
  return fillTemplate(loadTemplate("guidance", PLANS[plan]), placeholderValues(ctx));
}

/** Every template name under `data/guidance/` (phases and plans). */
export const GUIDANCE_TEMPLATES: readonly string[] = [
  ...PHASE_IDS.map((id) => `phase-${id}`),
  ...Object.values(PLANS),
];
