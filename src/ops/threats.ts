import * as z from "zod";
import type { Assumption, Mitigation, Threat } from "../domain/entities.js";
import { MetadataItem, linkId } from "../domain/entities.js";
import {
  AttackComplexity,
  AttackVector,
  MitigationCost,
  MitigationEffectiveness,
  MitigationStatus,
  MitigationType,
  ThreatCategory,
  ThreatLikelihood,
  ThreatSeverity,
  ThreatStatus,
} from "../domain/enums.js";
import { ModelError } from "../domain/errors.js";
import { EntityId, Tag, list, optionalText, text, uniqueList } from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import type { Draft, ModelReader } from "../domain/model.js";
import { composeStatement } from "../domain/statement.js";
import { CvssV31Vector, CvssV40Vector } from "../domain/cvss.js";
import {
  AsvsIds,
  AttackIds,
  AttackMitigationIds,
  CapecIds,
  ComplianceTags,
  CweIds,
} from "../domain/frameworks.js";
import { DeleteInput, IdInput, compact, opt, patch } from "./input.js";
import { mutation, query } from "./operation.js";
import { deleteEntity, requireEntity, requireRefs } from "./references.js";
import { byNumericId } from "./sorting.js";

const GrammarField = text(LIMITS.grammarField);
const Ids = uniqueList(EntityId);
const Tags = uniqueList(Tag, 50);
const ELEMENT = ["component", "data_store"] as const;

// ---- threats ---------------------------------------------------------------------------------

const threatFields = {
  category: opt(ThreatCategory),
  severity: opt(ThreatSeverity),
  likelihood: opt(ThreatLikelihood),
  affected_components: opt(Ids.describe("Component or data store ids")),
  affected_assets: opt(Ids.describe("Asset ids")),
  affected_trust_boundaries: opt(Ids.describe("Trust boundary ids")),
  affected_flows: opt(Ids.describe("Flow ids")),
  affected_crossing_points: opt(Ids.describe("Crossing point ids")),
  impacted_goal: opt(uniqueList(GrammarField, 20).describe("e.g. confidentiality, integrity, availability")),
  impacted_assets: opt(uniqueList(GrammarField, 50).describe("Asset names as they read in the statement")),
  attack_vector: opt(AttackVector),
  attack_complexity: opt(AttackComplexity),
  tags: opt(Tags),
  affected_connections: opt(Ids.describe("Connection ids")),
  cvss_v3: opt(CvssV31Vector.describe("CVSS 3.1 vector, e.g. CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N")),
  cvss_v4: opt(CvssV40Vector.describe("CVSS 4.0 vector, e.g. CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/...")),
  ...frameworkInputs(AttackIds),
};

/** Framework reference inputs shared by threats and mitigations. */
function frameworkInputs(attack: typeof AttackIds | typeof AttackMitigationIds) {
  return {
    cwe: opt(CweIds.describe("CWE ids, e.g. CWE-79")),
    capec: opt(CapecIds.describe("CAPEC ids, e.g. CAPEC-66")),
    attack: opt(attack.describe("MITRE ATT&CK ids, e.g. T1190")),
    asvs: opt(AsvsIds.describe("OWASP ASVS requirements, e.g. V5.3.4")),
    compliance: opt(
      ComplianceTags.describe("Compliance controls as <framework>:<control>, e.g. PCI-DSS:3.5.1"),
    ),
  };
}

function checkThreatReferences(
  draft: Draft,
  threat: Pick<
    Threat,
    | "affected_components"
    | "affected_assets"
    | "affected_trust_boundaries"
    | "affected_flows"
    | "affected_crossing_points"
    | "affected_connections"
  >,
) {
  requireRefs(draft, threat.affected_components, ELEMENT, "affected_components");
  requireRefs(draft, threat.affected_assets, ["asset"], "affected_assets");
  requireRefs(draft, threat.affected_trust_boundaries, ["trust_boundary"], "affected_trust_boundaries");
  requireRefs(draft, threat.affected_flows ?? [], ["flow"], "affected_flows");
  requireRefs(draft, threat.affected_crossing_points ?? [], ["crossing_point"], "affected_crossing_points");
  requireRefs(draft, threat.affected_connections ?? [], ["connection"], "affected_connections");
}

/** A residual risk level set by hand needs a reason (the computed level is the default). */
function checkResidualOverride(threat: Threat): void {
  if (threat.residual_risk_level && !threat.residual_risk_reason) {
    throw new ModelError(
      "invalid_input",
      'residual_risk_reason: required when residual_risk_level is set (say why the level computed from mitigations does not apply; pass residual_risk_level "" to go back to the computed level)',
      { field: "residual_risk_reason" },
    );
  }
}

/** Sets the statement from the grammar fields; refuses (never truncates) one over Threat Composer's limit. */
function withStatement(threat: Threat): Threat {
  const statement = composeStatement(threat);
  if (statement.length > LIMITS.statement) {
    throw new ModelError(
      "invalid_input",
      `statement: the composed threat statement is ${statement.length} characters; the limit is ${LIMITS.statement} (shorten the grammar fields)`,
      { field: "statement" },
    );
  }
  return { ...threat, statement };
}

export const addThreat = mutation(
  z.strictObject({
    threat_source: GrammarField.describe("Who: e.g. 'internet-based attacker' (no leading article)"),
    prerequisites: optionalText(LIMITS.grammarField).describe(
      "Condition, e.g. 'with a stolen session token'",
    ),
    threat_action: GrammarField.describe("What they can do, e.g. 'replay payment requests'"),
    threat_impact: optionalText(LIMITS.grammarField).describe("Direct impact, e.g. 'duplicate charges'"),
    status: opt(ThreatStatus),
    ...threatFields,
  }),
  (draft, input) => {
    const threat = withStatement(
      compact({
        id: draft.newId("threat"),
        numericId: draft.nextNumericId("threat"),
        threatSource: input.threat_source,
        prerequisites: input.prerequisites,
        threatAction: input.threat_action,
        threatImpact: input.threat_impact,
        impactedGoal: input.impacted_goal ?? [],
        impactedAssets: input.impacted_assets ?? [],
        statement: "",
        status: input.status ?? "threatIdentified",
        tags: input.tags ?? [],
        category: input.category ?? undefined,
        severity: input.severity ?? undefined,
        likelihood: input.likelihood ?? undefined,
        attack_vector: input.attack_vector ?? undefined,
        attack_complexity: input.attack_complexity ?? undefined,
        affected_components: input.affected_components ?? [],
        affected_trust_boundaries: input.affected_trust_boundaries ?? [],
        affected_assets: input.affected_assets ?? [],
        affected_flows: input.affected_flows ?? undefined,
        affected_crossing_points: input.affected_crossing_points ?? undefined,
        affected_connections: input.affected_connections ?? undefined,
        cvss_v3: input.cvss_v3 ?? undefined,
        cvss_v4: input.cvss_v4 ?? undefined,
        cwe: input.cwe ?? undefined,
        capec: input.capec ?? undefined,
        attack: input.attack ?? undefined,
        asvs: input.asvs ?? undefined,
        compliance: input.compliance ?? undefined,
        metadata: [],
      }) as Threat,
    );
    checkThreatReferences(draft, threat);
    return draft.put("threat", threat);
  },
);

export const updateThreat = mutation(
  z.strictObject({
    id: EntityId,
    threat_source: opt(GrammarField),
    prerequisites: opt(optionalText(LIMITS.grammarField)),
    threat_action: opt(GrammarField),
    threat_impact: opt(optionalText(LIMITS.grammarField)),
    status: opt(ThreatStatus),
    status_reason: opt(
      optionalText(LIMITS.content).describe("Why the status changed (e.g. why it is not useful)"),
    ),
    residual_risk_level: opt(
      z
        .union([ThreatSeverity, z.literal("")])
        .describe('Residual risk set by hand (needs residual_risk_reason); "" returns to the computed level'),
    ),
    residual_risk_reason: opt(
      optionalText(LIMITS.content).describe("Why the residual level was set by hand"),
    ),
    ...threatFields,
  }),
  (draft, { id, ...input }) => {
    const current = draft.require("threat", id);
    const clearsOverride = input.residual_risk_level === "";
    const threat = withStatement(
      patch(current, {
        threatSource: input.threat_source,
        prerequisites: input.prerequisites,
        threatAction: input.threat_action,
        threatImpact: input.threat_impact,
        status: input.status,
        status_reason: input.status_reason,
        residual_risk_level: input.residual_risk_level,
        residual_risk_reason: clearsOverride ? "" : input.residual_risk_reason,
        category: input.category,
        severity: input.severity,
        likelihood: input.likelihood,
        attack_vector: input.attack_vector,
        attack_complexity: input.attack_complexity,
        affected_components: input.affected_components,
        affected_assets: input.affected_assets,
        affected_trust_boundaries: input.affected_trust_boundaries,
        affected_flows: input.affected_flows,
        affected_crossing_points: input.affected_crossing_points,
        impactedGoal: input.impacted_goal,
        impactedAssets: input.impacted_assets,
        tags: input.tags,
        affected_connections: input.affected_connections,
        cvss_v3: input.cvss_v3,
        cvss_v4: input.cvss_v4,
        cwe: input.cwe,
        capec: input.capec,
        attack: input.attack,
        asvs: input.asvs,
        compliance: input.compliance,
      }),
    );
    checkThreatReferences(draft, threat);
    checkResidualOverride(threat);
    return draft.put("threat", threat);
  },
);

export interface ThreatView extends Threat {
  mitigations: { id: string; numericId: number; content: string; status: Mitigation["status"] }[];
  assumptions: { id: string; numericId: number; description: string }[];
  /** The code-validation verdict, when one is recorded. */
  validation?: { verdict: string; source: string; stale: boolean; decided_at: string };
}

/** Threats with their linked mitigations and assumptions, computed with one pass over the links. */
export function threatViews(model: ModelReader, threats: readonly Threat[]): ThreatView[] {
  const mitigationsByThreat = new Map<string, ThreatView["mitigations"]>();
  for (const link of model.list("mitigation_link")) {
    const mitigation = model.get("mitigation", link.mitigation_id);
    if (!mitigation) continue;
    const entry = {
      id: mitigation.id,
      numericId: mitigation.numericId,
      content: mitigation.content,
      status: mitigation.status,
    };
    mitigationsByThreat.set(link.threat_id, [...(mitigationsByThreat.get(link.threat_id) ?? []), entry]);
  }
  const assumptionsByItem = assumptionsByLinkedId(model);
  return threats.map((threat) => {
    const validation = model.get("validation", threat.id);
    return {
      ...threat,
      mitigations: (mitigationsByThreat.get(threat.id) ?? []).sort(byNumericId),
      assumptions: assumptionsByItem.get(threat.id) ?? [],
      ...(validation
        ? {
            validation: {
              verdict: validation.verdict,
              source: validation.source,
              stale: validation.stale !== undefined,
              decided_at: validation.decided_at,
            },
          }
        : {}),
    };
  });
}

function assumptionsByLinkedId(model: ModelReader) {
  const byItem = new Map<string, { id: string; numericId: number; description: string }[]>();
  for (const link of model.list("assumption_link")) {
    const assumption = model.get("assumption", link.assumption_id);
    if (!assumption) continue;
    const entry = { id: assumption.id, numericId: assumption.numericId, description: assumption.description };
    byItem.set(link.linked_id, [...(byItem.get(link.linked_id) ?? []), entry].sort(byNumericId));
  }
  return byItem;
}

export const listThreats = query(
  z.strictObject({ category: opt(ThreatCategory), severity: opt(ThreatSeverity), status: opt(ThreatStatus) }),
  (model, input) =>
    threatViews(
      model,
      model
        .list("threat")
        .filter(
          (t) =>
            (!input.category || t.category === input.category) &&
            (!input.severity || t.severity === input.severity) &&
            (!input.status || t.status === input.status),
        )
        .sort(byNumericId),
    ),
);

export const getThreat = query(
  IdInput,
  (model, { id }) => threatViews(model, [requireEntity(model, "threat", id)])[0]!,
);

export const deleteThreat = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "threat", id, cascade),
);

// ---- mitigations -----------------------------------------------------------------------------

const mitigationFields = {
  type: opt(MitigationType),
  implementation_details: opt(optionalText(LIMITS.shortText)),
  cost: opt(MitigationCost),
  effectiveness: opt(MitigationEffectiveness),
  responsible_party: opt(optionalText(LIMITS.name)),
  verification_method: opt(optionalText(LIMITS.content)),
  metadata: opt(list(MetadataItem, 50).describe("Threat Composer metadata: [{key, value}]")),
  tags: opt(Tags),
  ...frameworkInputs(AttackMitigationIds),
};

export const addMitigation = mutation(
  z.strictObject({
    content: text(LIMITS.content),
    status: MitigationStatus.default("mitigationIdentified"),
    ...mitigationFields,
  }),
  (draft, input) => {
    const mitigation = compact({
      id: draft.newId("mitigation"),
      numericId: draft.nextNumericId("mitigation"),
      content: input.content,
      status: input.status,
      type: input.type ?? undefined,
      implementation_details: input.implementation_details ?? undefined,
      cost: input.cost ?? undefined,
      effectiveness: input.effectiveness ?? undefined,
      responsible_party: input.responsible_party ?? undefined,
      verification_method: input.verification_method ?? undefined,
      tags: input.tags ?? undefined,
      cwe: input.cwe ?? undefined,
      capec: input.capec ?? undefined,
      attack: input.attack ?? undefined,
      asvs: input.asvs ?? undefined,
      compliance: input.compliance ?? undefined,
      metadata: input.metadata ?? [],
    }) as Mitigation;
    return draft.put("mitigation", mitigation);
  },
);

export const updateMitigation = mutation(
  z.strictObject({
    id: EntityId,
    content: opt(text(LIMITS.content)),
    status: opt(MitigationStatus),
    ...mitigationFields,
  }),
  (draft, { id, ...changes }) => draft.put("mitigation", patch(draft.require("mitigation", id), changes)),
);

export interface MitigationView extends Mitigation {
  threats: { id: string; numericId: number; statement: string }[];
  assumptions: { id: string; numericId: number; description: string }[];
}

export function mitigationViews(model: ModelReader, mitigations: readonly Mitigation[]): MitigationView[] {
  const threatsByMitigation = new Map<string, MitigationView["threats"]>();
  for (const link of model.list("mitigation_link")) {
    const threat = model.get("threat", link.threat_id);
    if (!threat) continue;
    const entry = { id: threat.id, numericId: threat.numericId, statement: threat.statement };
    threatsByMitigation.set(link.mitigation_id, [
      ...(threatsByMitigation.get(link.mitigation_id) ?? []),
      entry,
    ]);
  }
  const assumptionsByItem = assumptionsByLinkedId(model);
  return mitigations.map((m) => ({
    ...m,
    threats: (threatsByMitigation.get(m.id) ?? []).sort(byNumericId),
    assumptions: assumptionsByItem.get(m.id) ?? [],
  }));
}

export const listMitigations = query(
  z.strictObject({ type: opt(MitigationType), status: opt(MitigationStatus) }),
  (model, input) =>
    mitigationViews(
      model,
      model
        .list("mitigation")
        .filter((m) => (!input.type || m.type === input.type) && (!input.status || m.status === input.status))
        .sort(byNumericId),
    ),
);

export const getMitigation = query(
  IdInput,
  (model, { id }) => mitigationViews(model, [requireEntity(model, "mitigation", id)])[0]!,
);

export const deleteMitigation = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "mitigation", id, cascade),
);

// ---- links -----------------------------------------------------------------------------------

const MitigationLinkInput = z.strictObject({ mitigation_id: EntityId, threat_id: EntityId });

export const linkMitigationToThreat = mutation(MitigationLinkInput, (draft, { mitigation_id, threat_id }) => {
  draft.require("mitigation", mitigation_id, "mitigation_id");
  draft.require("threat", threat_id, "threat_id");
  const id = linkId(mitigation_id, threat_id);
  const existing = draft.get("mitigation_link", id);
  if (existing) return { link: existing, created: false };
  return { link: draft.put("mitigation_link", { id, mitigation_id, threat_id }), created: true };
});

export const unlinkMitigationFromThreat = mutation(
  MitigationLinkInput,
  (draft, { mitigation_id, threat_id }) => {
    const id = linkId(mitigation_id, threat_id);
    if (!draft.get("mitigation_link", id)) {
      throw new ModelError("not_found", `mitigation ${mitigation_id} is not linked to threat ${threat_id}`, {
        field: "mitigation_id",
        value: mitigation_id,
      });
    }
    draft.remove("mitigation_link", id);
    return { mitigation_id, threat_id };
  },
);

const AssumptionLinkInput = z.strictObject({
  assumption_id: EntityId,
  linked_id: EntityId.describe("Threat or mitigation id"),
});

export const linkAssumption = mutation(AssumptionLinkInput, (draft, { assumption_id, linked_id }) => {
  draft.require("assumption", assumption_id, "assumption_id");
  const kind = draft.kindOf(linked_id);
  if (kind !== "threat" && kind !== "mitigation") {
    throw new ModelError(
      "not_found",
      `linked_id: no threat or mitigation has id ${JSON.stringify(linked_id)}`,
      {
        field: "linked_id",
        value: linked_id,
      },
    );
  }
  const id = linkId(assumption_id, linked_id);
  const existing = draft.get("assumption_link", id);
  if (existing) return { link: existing, created: false };
  const type = kind === "threat" ? "Threat" : "Mitigation";
  return { link: draft.put("assumption_link", { id, assumption_id, linked_id, type }), created: true };
});

export const unlinkAssumption = mutation(AssumptionLinkInput, (draft, { assumption_id, linked_id }) => {
  const id = linkId(assumption_id, linked_id);
  if (!draft.get("assumption_link", id)) {
    throw new ModelError("not_found", `assumption ${assumption_id} is not linked to ${linked_id}`, {
      field: "assumption_id",
      value: assumption_id,
    });
  }
  draft.remove("assumption_link", id);
  return { assumption_id, linked_id };
});

export type { Assumption };
