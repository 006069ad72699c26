import { coverageMatrix } from "../intel/coverage.js";
import { missingFeatures } from "../domain/business-context.js";
import { modelDigest } from "../domain/digest.js";
import type { Mitigation, Threat } from "../domain/entities.js";
import { isAcceptanceExpired, residualRisk, todayUtc } from "../domain/risk.js";
import type { CollectionKind } from "../domain/kinds.js";
import type { Model, ModelReader } from "../domain/model.js";
import type { PhaseOverride } from "../domain/project-state.js";
import type { PhaseEnvironment } from "./environment.js";
import { PHASES, type PhaseId } from "./phases.js";

/** At most this many missing items are listed per criterion; `missing_count` always has the total. */
export const MAX_LISTED = 25;

export interface CriterionResult {
  id: string;
  description: string;
  met: boolean;
  /** What is still missing, one line per item (at most {@link MAX_LISTED}). */
  missing: string[];
  missing_count: number;
}

export type PhaseState = "met" | "unmet" | "overridden" | "not_applicable";

export interface PhaseResult {
  phase: PhaseId;
  name: string;
  applicable: boolean;
  met: boolean;
  state: PhaseState;
  criteria: CriterionResult[];
  /** The forced advance past this phase, when there is one. */
  override?: PhaseOverride;
}

export interface Evaluation {
  phases: PhaseResult[];
  /** The first applicable phase that is neither met nor overridden; undefined when none is left. */
  current: PhaseId | undefined;
  met_count: number;
  applicable_count: number;
  /** Met phases over applicable phases, rounded down. */
  percent: number;
  model_revision: number;
}

function criterion(id: string, description: string, problems: readonly string[]): CriterionResult {
  return {
    id,
    description,
    met: problems.length === 0,
    missing: problems.slice(0, MAX_LISTED),
    missing_count: problems.length,
  };
}

const ELEMENT_KINDS = ["component", "data_store"] as const;

/** "C-1A2B3C (API)": an id with the name that makes it recognisable. */
function label(model: ModelReader, id: string): string {
  const kind = model.kindOf(id);
  if (!kind) return id;
  const entity = model.get(kind, id) as { name?: string } | undefined;
  return entity?.name ? `${id} (${entity.name})` : id;
}

function isKind(model: ModelReader, id: string, kinds: readonly CollectionKind[]): boolean {
  const kind = model.kindOf(id);
  return kind !== undefined && kinds.includes(kind);
}

function threatLabel(threat: { numericId: number; id: string }): string {
  return `threat ${threat.numericId} (${threat.id})`;
}

function elements(model: ModelReader) {
  return [...model.list("component"), ...model.list("data_store")].sort((a, b) => a.id.localeCompare(b.id));
}

type Check = (model: Model, env: PhaseEnvironment) => CriterionResult[];

/** An acceptance counts while it has a reason and has not expired. */
function accepted(threat: Threat, today: string): boolean {
  return Boolean(threat.acceptance?.reason) && !isAcceptanceExpired(threat.acceptance!, today);
}

function linkedMitigations(model: ModelReader) {
  const byThreat = new Map<string, Mitigation[]>();
  for (const link of model.list("mitigation_link")) {
    const mitigation = model.get("mitigation", link.mitigation_id);
    if (mitigation) byThreat.set(link.threat_id, [...(byThreat.get(link.threat_id) ?? []), mitigation]);
  }
  return byThreat;
}

const noThreats = (model: ModelReader) =>
  model.count("threat") === 0 ? ["no threats yet (phase 6 records them)"] : [];

const CHECKS: Record<PhaseId, Check> = {
  "1": (model) => {
    const context = model.singleton("business_context");
    return [
      criterion(
        "description",
        "The business description is set",
        (context.description ?? "").trim() ? [] : ["the business description is not set"],
      ),
      criterion(
        "features",
        'All 10 business features are set (or recorded as "Cannot be determined: <reason>")',
        missingFeatures(context).map((key) => `${key} is not set`),
      ),
    ];
  },

  "2": (model) => {
    const storage = model
      .list("component")
      .filter((c) => c.type === "Database" || c.type === "Storage")
      .sort((a, b) => a.id.localeCompare(b.id));
    return [
      criterion(
        "components",
        "At least one component is recorded",
        model.count("component") > 0 ? [] : ["no components yet"],
      ),
      criterion(
        "connection_ends",
        "Every connection joins two existing components or data stores",
        model
          .list("connection")
          .flatMap((c) =>
            (["source_id", "destination_id"] as const)
              .filter((end) => !isKind(model, c[end], ELEMENT_KINDS))
              .map((end) => `connection ${c.id}: ${end} ${c[end]} does not exist`),
          ),
      ),
      criterion(
        "data_stores",
        "Data stores are recorded where components are databases or storage",
        model.count("data_store") > 0
          ? []
          : storage.map((c) => `${label(model, c.id)} is ${c.type} but no data store is recorded`),
      ),
    ];
  },

  "3": (model) => {
    const actors = model.list("threat_actor").sort((a, b) => a.id.localeCompare(b.id));
    return [
      criterion(
        "actors",
        "At least one threat actor is in the model",
        actors.length > 0 ? [] : ["no threat actors (reset_threat_actors restores the defaults)"],
      ),
      criterion(
        "relevance_decided",
        "Every threat actor's relevance has been decided (untouched defaults do not count)",
        actors.filter((a) => !a.relevance_decided).map((a) => `${label(model, a.id)}: relevance not decided`),
      ),
      criterion(
        "relevant_actor",
        "At least one threat actor is decided relevant",
        actors.some((a) => a.relevance_decided && a.is_relevant)
          ? []
          : ["no threat actor is decided relevant"],
      ),
    ];
  },

  "4": (model) => {
    const all = elements(model);
    const zoneOf = new Map(all.map((e) => [e.id, e.trust_zone_id]));
    const placed = (id: string) => {
      const zone = zoneOf.get(id);
      return zone !== undefined && model.get("trust_zone", zone) ? zone : undefined;
    };
    const crossings = model.list("crossing_point");
    const crossingProblems = model
      .list("connection")
      .sort((a, b) => a.id.localeCompare(b.id))
      .flatMap((c) => {
        const from = placed(c.source_id);
        const to = placed(c.destination_id);
        if (!from || !to || from === to) return [];
        const attached = crossings.filter((cp) => cp.connection_ids.includes(c.id));
        const joins = (cp: (typeof crossings)[number]) =>
          (cp.source_zone_id === from && cp.destination_zone_id === to) ||
          (cp.source_zone_id === to && cp.destination_zone_id === from);
        if (attached.some(joins)) return [];
        const what = `connection ${c.id} (${label(model, c.source_id)} → ${label(model, c.destination_id)}) crosses ${from} → ${to}`;
        return attached.length === 0
          ? [`${what} but is attached to no crossing point`]
          : [`${what} but its crossing point ${attached.map((cp) => cp.id).join(", ")} joins other zones`];
      });
    const bounded = new Set(model.list("trust_boundary").flatMap((tb) => tb.crossing_point_ids));
    return [
      criterion(
        "placed",
        "At least one component is placed in a trust zone",
        all.length === 0
          ? ["no components to place yet (phase 2)"]
          : all.some((e) => placed(e.id))
            ? []
            : ["no component is in a trust zone"],
      ),
      criterion(
        "zones",
        "Every component and data store is in exactly one existing trust zone",
        all.flatMap((e) =>
          placed(e.id)
            ? []
            : e.trust_zone_id
              ? [`${label(model, e.id)} is in trust zone ${e.trust_zone_id}, which does not exist`]
              : [`${label(model, e.id)} is in no trust zone`],
        ),
      ),
      criterion(
        "crossings",
        "Every connection between two zones is attached to a crossing point joining those zones",
        crossingProblems,
      ),
      criterion(
        "boundaries",
        "Every crossing point is inside a trust boundary",
        crossings
          .filter((cp) => !bounded.has(cp.id))
          .sort((a, b) => a.id.localeCompare(b.id))
          .map(
            (cp) =>
              `crossing point ${cp.id} (${cp.source_zone_id} → ${cp.destination_zone_id}) is in no trust boundary`,
          ),
      ),
    ];
  },

  "5": (model) => {
    const flows = model.list("flow").sort((a, b) => a.id.localeCompare(b.id));
    const endpoint = ["component", "data_store", "trust_zone"] as const;
    return [
      criterion(
        "asset_flow",
        "At least one asset has a flow",
        flows.some((f) => model.get("asset", f.asset_id)) ? [] : ["no asset has a flow yet"],
      ),
      criterion(
        "flow_ends",
        "Every flow's asset, source and destination exist",
        flows.flatMap((f) => [
          ...(model.get("asset", f.asset_id) ? [] : [`flow ${f.id}: asset ${f.asset_id} does not exist`]),
          ...(["source_id", "destination_id"] as const)
            .filter((end) => !isKind(model, f[end], endpoint))
            .map((end) => `flow ${f.id}: ${end} ${f[end]} does not exist`),
        ]),
      ),
    ];
  },

  "6": (model) => {
    const threats = model.list("threat");
    // The STRIDE-per-element audit decides: an element counts as covered once any of its applicable
    // categories has a threat (with that category) or an assumption ruling it out.
    const rows = coverageMatrix(model).elements.filter(
      (e) => e.kind === "component" || e.kind === "data_store" || e.kind === "crossing_point",
    );
    const uncovered = rows.filter(
      (e) => !Object.values(e.categories).some((c) => c === "threat" || c === "excluded"),
    );
    return [
      criterion("threats", "At least one threat is recorded", threats.length > 0 ? [] : ["no threats yet"]),
      criterion(
        "coverage",
        "Every component, data store and crossing point in use has a STRIDE-categorised threat, or an assumption explaining why none applies",
        uncovered.map(
          (e) =>
            `${e.kind.replace("_", " ")} ${e.id} (${e.name}) has no categorised threat and no assumption`,
        ),
      ),
    ];
  },

  "7": (model, env) => {
    const today = env.today ?? todayUtc();
    const mitigations = linkedMitigations(model);
    const handled = (t: Threat) =>
      accepted(t, today) ||
      (mitigations.get(t.id) ?? []).some((m) => m.status !== "mitigationResolvedWillNotAction");
    return [
      criterion("threats", "At least one threat is recorded", noThreats(model)),
      criterion(
        "open_threats_handled",
        "Every open threat has a linked mitigation (not one marked will-not-action) or an unexpired risk acceptance",
        model
          .list("threat")
          .filter((t) => t.status === "threatIdentified" && !handled(t))
          .sort((a, b) => a.numericId - b.numericId)
          .map((t) =>
            t.acceptance
              ? `${threatLabel(t)} has no mitigation and its risk acceptance expired on ${t.acceptance.expires_on}`
              : `${threatLabel(t)} has no mitigation and is not accepted`,
          ),
      ),
    ];
  },

  "7.5": (model, env) => {
    const run = model.singleton("project").code_validation;
    const problems = !run
      ? ["code validation has not run yet"]
      : env.codeDigest !== undefined && env.codeDigest !== run.code_digest
        ? [`the code changed since the last validation (run at ${run.ran_at})`]
        : [];
    return [
      criterion(
        "code_validation",
        "Code validation has run on the current code and its findings are recorded",
        problems,
      ),
    ];
  },

  "8": (model, env) => {
    const today = env.today ?? todayUtc();
    const mitigations = linkedMitigations(model);
    const threats = model.list("threat").sort((a, b) => a.numericId - b.numericId);
    return [
      criterion("threats", "At least one threat is recorded", noThreats(model)),
      criterion(
        "decisions",
        "Every threat has a residual risk decision: resolved, accepted (unexpired), or not useful",
        threats
          .filter((t) => t.status === "threatIdentified" && !accepted(t, today))
          .map((t) => `${threatLabel(t)} has no residual risk decision`),
      ),
      criterion(
        "levels",
        "Every threat has a residual risk level (computed from severity, likelihood and implemented mitigations, or set with a reason)",
        threats
          .filter((t) => residualRisk(t, mitigations.get(t.id) ?? []).level === undefined)
          .map((t) => `${threatLabel(t)} has no residual risk level (give it a severity and likelihood)`),
      ),
    ];
  },

  "9": (model, env) => {
    const exports = env.exports ?? [];
    const digest = modelDigest(model);
    return [
      criterion(
        "exports",
        "The exports exist and were generated from the model as it is now",
        exports.length === 0
          ? ["no exports yet"]
          : exports
              .filter((e) => e.modelDigest !== digest)
              .map((e) => `${e.file} was generated from an earlier version of the model`),
      ),
    ];
  },
};

function latestOverrides(model: ModelReader): Map<string, PhaseOverride> {
  const byPhase = new Map<string, PhaseOverride>();
  for (const override of model.singleton("project").phase_overrides) byPhase.set(override.phase, override);
  return byPhase;
}

/** Evaluates every phase from the model as it is now: nothing is remembered between calls. */
export function evaluatePhases(model: Model, env: PhaseEnvironment): Evaluation {
  const overrides = latestOverrides(model);
  const phases = PHASES.map(({ id, name }): PhaseResult => {
    const applicable = id !== "7.5" || env.hasCode;
    const criteria = applicable ? CHECKS[id](model, env) : [];
    const met = applicable && criteria.every((c) => c.met);
    const override = overrides.get(id);
    const state: PhaseState = !applicable
      ? "not_applicable"
      : met
        ? "met"
        : override
          ? "overridden"
          : "unmet";
    return { phase: id, name, applicable, met, state, criteria, ...(override ? { override } : {}) };
  });
  const applicable = phases.filter((p) => p.applicable);
  const metCount = applicable.filter((p) => p.met).length;
  return {
    phases,
    current: phases.find((p) => p.state === "unmet")?.phase,
    met_count: metCount,
    applicable_count: applicable.length,
    percent: Math.floor((metCount * 100) / applicable.length),
    model_revision: model.revision,
  };
}
