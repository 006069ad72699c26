import { statSync } from "node:fs";
import * as z from "zod";
import { BUSINESS_FEATURES } from "../domain/business-context.js";
import { ModelError } from "../domain/errors.js";
import { LIMITS } from "../domain/limits.js";
import type { Model } from "../domain/model.js";
import type { PhaseOverride } from "../domain/project-state.js";
import { optionalText } from "../domain/fields.js";
import { analyzeActors } from "../methodology/actor-analysis.js";
import { detectCode } from "../methodology/code-detection.js";
import { evaluatePhases, type Evaluation, type PhaseResult } from "../methodology/criteria.js";
import { buildEnvironment, type PhaseEnvironment } from "../methodology/environment.js";
import { phaseOf } from "../methodology/format.js";
import {
  renderPhaseGuidance,
  renderPlan,
  type GuidanceContext,
  type PlanTool,
} from "../methodology/guidance.js";
import { parsePhase, phaseName, type PhaseId } from "../methodology/phases.js";
import { resolveInsideRoot } from "../store/paths.js";
import { businessContextStatus } from "./business-context.js";
import { NoInput, opt } from "./input.js";
import { mutation, query, task, type OpContext } from "./operation.js";

/** Reads the project folder (code, exports), then evaluates and renders against one consistent model. */
export async function withEvaluation<T>(
  ctx: OpContext,
  fn: (c: GuidanceContext) => T,
  scope?: (root: string) => GuidanceContext["plan"],
): Promise<T> {
  const env = await buildEnvironment(ctx.store.root, ctx.signal);
  const plan = scope?.(ctx.store.root);
  return ctx.store.read((model) =>
    fn({ model, env, evaluation: evaluatePhases(model, env), ...(plan ? { plan } : {}) }),
  );
}

/** A folder given by the agent, inside the project root and existing. */
export function projectFolder(
  root: string,
  directory: string,
  field = "directory",
): { absolute: string; relative: string } {
  const resolved = resolveInsideRoot(root, directory, field);
  let isDirectory = false;
  try {
    isDirectory = statSync(resolved.absolute).isDirectory();
  } catch {
    isDirectory = false;
  }
  if (!isDirectory) {
    throw new ModelError(
      "not_found",
      `${field}: ${JSON.stringify(directory)} is not a folder in the project`,
      {
        field,
        value: directory,
      },
    );
  }
  return resolved;
}

function codeScope(directory: string, includeCodeValidation = true) {
  return (root: string): GuidanceContext["plan"] => {
    const folder = projectFolder(root, directory);
    return {
      directory: folder.relative || ".",
      hasCode: detectCode(folder.absolute).hasCode,
      includeCodeValidation,
    };
  };
}

// ---- status ----------------------------------------------------------------------------------

export interface StatusResult extends Evaluation {
  current_phase_name: string | undefined;
  current_phase_complete: boolean;
  /** Met phases over applicable phases, from 0 to 1. */
  overall_completion: number;
  has_code: boolean;
  /** Model files left out when loading (a bad hand edit or merge), with the reason. */
  load_issues?: { file: string; reason: string }[];
}

function statusOf(evaluation: Evaluation, env: PhaseEnvironment): StatusResult {
  return {
    ...evaluation,
    current_phase_name: evaluation.current ? phaseName(evaluation.current) : undefined,
    current_phase_complete: evaluation.current === undefined,
    overall_completion: evaluation.applicable_count ? evaluation.met_count / evaluation.applicable_count : 0,
    has_code: env.hasCode,
  };
}

export const getPhaseStatus = task(NoInput, async (ctx) => ({
  ...(await withEvaluation(ctx, (c) => statusOf(c.evaluation, c.env))),
  load_issues: [...ctx.store.loadIssues()],
}));

// ---- guidance --------------------------------------------------------------------------------

export interface GuidanceResult {
  phase: PhaseId;
  name: string;
  state: PhaseResult["state"];
  guidance: string;
  current_phase: PhaseId | undefined;
  percent: number;
}

function guidanceOf(c: GuidanceContext, phase: PhaseId): GuidanceResult {
  return {
    phase,
    name: phaseName(phase),
    state: phaseOf(c.evaluation, phase).state,
    guidance: renderPhaseGuidance(c, phase),
    current_phase: c.evaluation.current,
    percent: c.evaluation.percent,
  };
}

const Directory = z
  .string()
  .max(LIMITS.name)
  .default(".")
  .describe("Folder inside the project to check for source code");

/** The guidance of one phase; phase 7 also takes the seed's `directory` (where to look for code). */
export function phaseGuidance(phase: PhaseId) {
  if (phase === "7") {
    return task(z.strictObject({ directory: Directory }), (ctx, input) =>
      withEvaluation(ctx, (c) => guidanceOf(c, phase), codeScope(input.directory)),
    );
  }
  return task(NoInput, (ctx) => withEvaluation(ctx, (c) => guidanceOf(c, phase)));
}

export const followThreatModelingPlan = task(
  z.strictObject({
    phase: opt(
      z.union([z.string().max(20), z.number()]).describe('e.g. "1", "4", "7.5"; default: the current phase'),
    ),
  }),
  (ctx, input) => {
    const requested = input.phase === undefined || input.phase === null ? undefined : parsePhase(input.phase);
    return withEvaluation(ctx, (c) => guidanceOf(c, requested ?? c.evaluation.current ?? "9"));
  },
);

export interface PlanResult {
  plan: string;
  text: string;
  current_phase: PhaseId | undefined;
  percent: number;
}

export const getThreatModelingPlan = task(
  z.strictObject({
    directory: Directory,
    auto_validate_code: z
      .boolean()
      .default(true)
      .describe("Include the code-validation steps when the folder holds code"),
  }),
  (ctx, input) =>
    withEvaluation(
      ctx,
      (c): PlanResult => ({
        plan: "get_threat_modeling_plan",
        text: renderPlan(c, "get_threat_modeling_plan"),
        current_phase: c.evaluation.current,
        percent: c.evaluation.percent,
      }),
      codeScope(input.directory, input.auto_validate_code),
    ),
);

export function analysisPlan(plan: Exclude<PlanTool, "get_threat_modeling_plan">) {
  return task(NoInput, (ctx) =>
    withEvaluation(ctx, (c): PlanResult => ({
      plan,
      text: renderPlan(c, plan),
      current_phase: c.evaluation.current,
      percent: c.evaluation.percent,
    })),
  );
}

// ---- advancing -------------------------------------------------------------------------------

export interface AdvanceResult {
  phase: PhaseId;
  name: string;
  /** "complete": criteria met; "forced": skipped with an override; "not_applicable": nothing to confirm. */
  outcome: "complete" | "forced" | "not_applicable";
  override?: PhaseOverride;
  status: StatusResult;
  /** Guidance of the phase to work on now (absent when none is left). */
  guidance?: string;
}

function unmetItems(phase: PhaseResult): string[] {
  return phase.criteria
    .filter((c) => !c.met)
    .flatMap((c) => (c.missing_count > 0 ? c.missing : [c.description]));
}

function refusal(phase: PhaseResult): ModelError {
  const lines = phase.criteria
    .filter((c) => !c.met)
    .flatMap((c) => [
      `- ${c.description}:`,
      ...c.missing.map((m) => `  - ${m}`),
      ...(c.missing_count > c.missing.length ? [`  - …and ${c.missing_count - c.missing.length} more`] : []),
    ]);
  return new ModelError(
    "conflict",
    [
      `phase ${phase.phase} (${phase.name}) is not complete, so it was not advanced. Missing:`,
      ...lines,
      "Complete these, or call advance_phase again with force: true and a reason to skip the phase (the override is recorded and shown in reports).",
    ].join("\n"),
    { field: "phase", value: phase.phase },
  );
}

export const advancePhase = task(
  z.strictObject({
    phase: opt(
      z
        .union([z.string().max(20), z.number()])
        .describe('The phase you finished, e.g. "1" or "7.5"; default: the current phase'),
    ),
    force: z
      .boolean()
      .default(false)
      .describe("Skip the phase although criteria are unmet (needs a reason; recorded)"),
    reason: opt(optionalText(LIMITS.content).describe("Why the phase is skipped (required with force)")),
  }),
  async (ctx, input) => {
    const requested = input.phase === undefined || input.phase === null ? undefined : parsePhase(input.phase);
    const reason = (input.reason ?? "").trim();
    if (input.force && !reason) {
      throw new ModelError(
        "invalid_input",
        "reason: force: true needs a reason saying why the phase cannot be completed",
        {
          field: "reason",
        },
      );
    }
    const env = await buildEnvironment(ctx.store.root, ctx.signal);
    const decided = await ctx.store.mutate((draft, model: Model) => {
      const evaluation = evaluatePhases(model, env);
      const id = requested ?? evaluation.current;
      if (id === undefined) return undefined;
      const phase = phaseOf(evaluation, id);
      if (!phase.applicable) return { id, outcome: "not_applicable" as const };
      if (phase.met) return { id, outcome: "complete" as const };
      if (!input.force) throw refusal(phase);
      const override: PhaseOverride = {
        phase: id,
        at: new Date().toISOString(),
        reason,
        unmet: unmetItems(phase),
      };
      const state = draft.singleton("project");
      draft.setSingleton("project", {
        ...state,
        phase_overrides: [...state.phase_overrides.filter((o) => o.phase !== id), override],
      });
      return { id, outcome: "forced" as const, override };
    });
    return withEvaluation(ctx, (c): AdvanceResult | { outcome: "all_complete"; status: StatusResult } => {
      const status = statusOf(c.evaluation, c.env);
      if (!decided) return { outcome: "all_complete", status };
      const current = c.evaluation.current;
      return {
        phase: decided.id,
        name: phaseName(decided.id),
        outcome: decided.outcome,
        ...(decided.override ? { override: decided.override } : {}),
        status,
        ...(current ? { guidance: renderPhaseGuidance(c, current) } : {}),
      };
    });
  },
);

/** Takes back a forced `advance_phase`: the phase is judged by its criteria again. */
export const withdrawPhaseOverride = mutation(
  z.strictObject({
    phase: z
      .union([z.string().max(20), z.number()])
      .describe('The phase whose forced skip to withdraw, e.g. "7.5"'),
  }),
  (draft, input) => {
    const id = parsePhase(input.phase);
    const state = draft.singleton("project");
    const withdrawn = state.phase_overrides.find((o) => o.phase === id);
    if (withdrawn === undefined) {
      const forced = state.phase_overrides.map((o) => o.phase);
      throw new ModelError(
        "not_found",
        `phase: phase ${id} was not skipped with force; ${forced.length > 0 ? `forced phases: ${forced.join(", ")}` : "no phase was"}`,
        { field: "phase", value: input.phase },
      );
    }
    draft.setSingleton("project", {
      ...state,
      phase_overrides: state.phase_overrides.filter((o) => o.phase !== id),
    });
    return { phase: id, name: phaseName(id), withdrawn };
  },
);

// ---- business context and actors -------------------------------------------------------------

export const validateBusinessContextCompleteness = query(NoInput, (model) => {
  const context = model.singleton("business_context");
  const status = businessContextStatus(context);
  const undetermined = Object.fromEntries(
    BUSINESS_FEATURES.filter((f) => context.undetermined?.[f.key] !== undefined).map((f) => [
      f.key,
      context.undetermined![f.key]!,
    ]),
  );
  return { ...status, undetermined };
});

export const analyzeThreatActors = query(NoInput, (model) => analyzeActors(model));
