import * as z from "zod";
import { renderActorAnalysis } from "../../methodology/actor-analysis.js";
import { phaseChecklist, phaseOf, progressLine, progressReport } from "../../methodology/format.js";
import { PHASES, guidanceToolOf } from "../../methodology/phases.js";
import * as ops from "../../ops/methodology.js";
import { acceptThreatRisk } from "../../ops/risk.js";
import { formatEntity, loadIssueLines } from "../../render/format.js";
import { DESTROY, EntityOut, READ, UPDATE, defineTool, type AnyTool } from "../tool.js";

const GuidanceOut = z.object({
  phase: z.string(),
  name: z.string(),
  state: z.string(),
  guidance: z.string(),
  current_phase: z.string().nullable(),
  percent: z.number(),
});

const guidanceShape = (r: ops.GuidanceResult) => ({ ...r, current_phase: r.current_phase ?? null });

const phaseGuidanceTools = PHASES.map(({ id, name }) =>
  defineTool({
    name: guidanceToolOf(id),
    title: `Phase ${id} guidance`,
    description:
      id === "7"
        ? `Steps, example calls and done-criteria for phase 7 (${name}); also says whether \`directory\` holds code.`
        : `Steps, example calls and done-criteria for phase ${id} (${name}), filled in from the model.`,
    category: "methodology",
    op: ops.phaseGuidance(id),
    output: GuidanceOut,
    annotations: READ,
    shape: guidanceShape,
    render: (r) => r.guidance,
  }),
);

const StatusOut = z.looseObject({
  current_phase: z.string().nullable(),
  current_phase_name: z.string().nullable(),
  percent: z.number(),
  overall_completion: z.number(),
  phases: z.array(z.looseObject({ phase: z.string(), state: z.string() })),
});

function statusShape(r: ops.StatusResult) {
  const { current, ...rest } = r;
  return { ...rest, current_phase: current ?? null, current_phase_name: r.current_phase_name ?? null };
}

function renderStatus(r: ops.StatusResult): string {
  const lines = [progressLine(r)];
  if (r.current) {
    const phase = phaseOf(r, r.current);
    lines.push("", `## Phase ${phase.phase}: ${phase.name}`, "", phaseChecklist(phase));
    lines.push("", `Guidance: \`${guidanceToolOf(phase.phase)}\`.`);
  }
  const issues = loadIssueLines(r.load_issues ?? []);
  if (issues.length > 0) lines.push("", ...issues);
  return lines.join("\n");
}

const PlanOut = z.object({
  plan: z.string(),
  text: z.string(),
  current_phase: z.string().nullable(),
  percent: z.number(),
});
const planShape = (r: ops.PlanResult) => ({ ...r, current_phase: r.current_phase ?? null });

const PLAN_TOOLS = [
  [
    "get_business_context_analysis_plan",
    "Business context plan",
    "How to derive the ten business features from evidence.",
  ],
  [
    "get_architecture_analysis_plan",
    "Architecture plan",
    "How to gather and review components, connections and data stores.",
  ],
  [
    "get_trust_boundary_analysis_plan",
    "Trust boundary review plan",
    "How to review zones, crossing points and boundaries, with current gaps.",
  ],
  [
    "get_trust_boundary_detection_plan",
    "Trust boundary detection plan",
    "How to derive zones, crossing points and boundaries from the architecture.",
  ],
  ["get_asset_flow_analysis_plan", "Asset flow plan", "How to review assets and their flows."],
] as const;

function renderAdvance(r: Awaited<ReturnType<typeof ops.advancePhase.run>>): string {
  if (r.outcome === "all_complete") return `Nothing to advance: ${progressLine(r.status)}`;
  const head =
    r.outcome === "complete"
      ? `Phase ${r.phase} (${r.name}) is complete.`
      : r.outcome === "forced"
        ? `Phase ${r.phase} (${r.name}) was skipped with force; the override and its ${r.override?.unmet.length ?? 0} unmet item(s) are recorded in the model.`
        : `Phase ${r.phase} (${r.name}) does not apply to this project (no source code).`;
  const current = r.status.current;
  const lines = [head, progressLine(r.status)];
  if (current)
    lines.push(`Advanced to phase: ${current} - ${phaseOf(r.status, current).name}`, "", r.guidance ?? "");
  else lines.push("Threat modeling process completed: no phase is left open.");
  return lines.join("\n");
}

export const methodologyTools: AnyTool[] = [
  defineTool({
    name: "get_threat_modeling_plan",
    title: "Threat modeling plan",
    description:
      "The whole method: phases, how to work, current progress, and whether code validation applies.",
    category: "methodology",
    op: ops.getThreatModelingPlan,
    output: PlanOut,
    annotations: READ,
    shape: planShape,
    render: (r) => r.text,
  }),
  ...phaseGuidanceTools,
  defineTool({
    name: "follow_threat_modeling_plan",
    title: "Follow the plan",
    description: "Guidance for the current phase, or for the `phase` given.",
    category: "methodology",
    op: ops.followThreatModelingPlan,
    output: GuidanceOut,
    annotations: READ,
    shape: guidanceShape,
    render: (r) => r.guidance,
  }),
  defineTool({
    name: "advance_phase",
    title: "Advance phase",
    description:
      "Confirm a phase is done: refuses with what is missing unless its criteria are met; `force` with a `reason` records an override.",
    category: "methodology",
    op: ops.advancePhase,
    output: z.looseObject({ outcome: z.string(), status: z.looseObject({}) }),
    annotations: UPDATE,
    shape: (r) => ({ ...r, status: statusShape(r.status) }),
    render: renderAdvance,
  }),
  defineTool({
    name: "withdraw_phase_override",
    title: "Withdraw a forced phase",
    description:
      "Take back an `advance_phase` made with `force`: the phase is judged by its criteria again and reports no longer list the override.",
    category: "methodology",
    op: ops.withdrawPhaseOverride,
    output: z.object({ phase: z.string(), name: z.string(), withdrawn: z.looseObject({}) }),
    annotations: DESTROY,
    shape: (r) => r,
    render: (r) => `Phase ${r.phase} (${r.name}): the forced skip of ${r.withdrawn.at} is withdrawn.`,
  }),
  defineTool({
    name: "get_current_phase_status",
    title: "Current phase status",
    description: "The current phase and, for every phase, which criteria are met and what is missing.",
    category: "methodology",
    op: ops.getPhaseStatus,
    output: StatusOut,
    annotations: READ,
    shape: statusShape,
    render: renderStatus,
  }),
  defineTool({
    name: "get_threat_model_progress",
    title: "Progress",
    description: "Progress over all phases, computed from the model on every call.",
    category: "methodology",
    op: ops.getPhaseStatus,
    output: StatusOut,
    annotations: READ,
    shape: statusShape,
    render: progressReport,
  }),
  defineTool({
    name: "validate_business_context_completeness",
    title: "Validate business context",
    description: "Check that the description and all ten business features are recorded.",
    category: "business-context",
    op: ops.validateBusinessContextCompleteness,
    output: z.object({
      complete: z.boolean(),
      has_description: z.boolean(),
      features_set: z.number(),
      missing_features: z.array(z.string()),
      undetermined: z.record(z.string(), z.string()),
    }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) =>
      r.complete
        ? `✅ VALIDATION PASSED: the description and all 10 business features are recorded${Object.keys(r.undetermined).length ? ` (${Object.keys(r.undetermined).length} as cannot be determined)` : ""}.`
        : `❌ VALIDATION FAILED: ${[r.has_description ? "" : "the description", ...r.missing_features].filter(Boolean).join(", ")} still missing. Record them with set_business_context ("Cannot be determined: <reason>" is allowed).`,
  }),
  ...PLAN_TOOLS.map(([name, title, description]) =>
    defineTool({
      name,
      title,
      description,
      category: "methodology",
      op: ops.analysisPlan(name),
      output: PlanOut,
      annotations: READ,
      shape: planShape,
      render: (r) => r.text,
    }),
  ),
  defineTool({
    name: "analyze_threat_actors",
    title: "Analyze threat actors",
    description: "Summary of relevant, irrelevant and undecided actors, with recommendations.",
    category: "threat-actors",
    op: ops.analyzeThreatActors,
    output: z.looseObject({ total: z.number(), relevant: z.number(), recommendations: z.array(z.string()) }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: renderActorAnalysis,
  }),
  defineTool({
    name: "accept_threat_risk",
    title: "Accept a threat's risk",
    description:
      "Record that the business accepts an open threat's risk, with a reason (counts for phases 7 and 8).",
    category: "threats",
    op: acceptThreatRisk,
    output: z.object({ threat: EntityOut }),
    annotations: UPDATE,
    shape: (threat) => ({ threat }),
    render: (threat) => `Risk of threat ${threat.numericId} accepted.\n${formatEntity("Threat", threat)}`,
  }),
];
