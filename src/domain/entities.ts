import { showValue } from "./errors.js";
import * as z from "zod";
import {
  AssetClassification,
  AssetType,
  AttackComplexity,
  AttackVector,
  AuthenticationMethod,
  AuthorizationMethod,
  BackupFrequency,
  BoundaryType,
  CapabilityLevel,
  ComponentType,
  ControlType,
  DataClassification,
  DataStoreType,
  LifecycleState,
  MitigationCost,
  MitigationEffectiveness,
  MitigationStatus,
  MitigationType,
  Motivation,
  Protocol,
  ResourceLevel,
  ServiceProvider,
  ThreatActorType,
  ThreatCategory,
  ThreatLikelihood,
  ThreatSeverity,
  ThreatStatus,
  TransformationType,
  TrustLevel,
  enumOf,
} from "./enums.js";
import {
  Description,
  EntityId,
  JsonObject,
  Name,
  Tag,
  boundedInt,
  list,
  optionalText,
  text,
  uniqueList,
} from "./fields.js";
import { LIMITS } from "./limits.js";
import { CvssV31Vector, CvssV40Vector } from "./cvss.js";
import { StatusBasis } from "./validation.js";
import { AsvsIds, AttackIds, AttackMitigationIds, CapecIds, ComplianceTags, CweIds } from "./frameworks.js";

const ShortText = optionalText(LIMITS.shortText);
const Flag = z.boolean({ error: (issue) => `expected true or false, got ${showValue(issue.input)}` });
const IsDefault = Flag.optional();
const Ids = uniqueList(EntityId);
const Tags = uniqueList(Tag, 50);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, {
  error: (issue) => `${showValue(issue.input)} is not a date (YYYY-MM-DD)`,
});

export const Component = z.strictObject({
  id: EntityId,
  name: Name,
  type: ComponentType,
  service_provider: ServiceProvider.optional(),
  specific_service: optionalText(LIMITS.name).optional(),
  version: optionalText(LIMITS.smallText * 2).optional(),
  description: Description.optional(),
  configuration: JsonObject.optional(),
  /** The trust zone this component sits in (membership lives here, so a component is in at most one zone). */
  trust_zone_id: EntityId.optional(),
  /** Free labels; the threat library reads some (e.g. llm, agent, mcp-server, internet-facing). */
  tags: Tags.optional(),
  /** Where this component's code lives (root-relative folders, files or globs); scopes code validation. */
  code_paths: uniqueList(text(LIMITS.name), 50).optional(),
});
export type Component = z.infer<typeof Component>;

export const Connection = z.strictObject({
  id: EntityId,
  source_id: EntityId,
  destination_id: EntityId,
  protocol: Protocol.optional(),
  port: boundedInt(0, 65535).optional(),
  encryption: Flag,
  description: Description.optional(),
});
export type Connection = z.infer<typeof Connection>;

export const DataStore = z.strictObject({
  id: EntityId,
  name: Name,
  type: DataStoreType,
  classification: DataClassification,
  encryption_at_rest: Flag,
  backup_frequency: BackupFrequency.optional(),
  description: Description.optional(),
  trust_zone_id: EntityId.optional(),
  tags: Tags.optional(),
});
export type DataStore = z.infer<typeof DataStore>;

export const ThreatActor = z.strictObject({
  id: EntityId,
  name: Name,
  type: ThreatActorType,
  capability_level: CapabilityLevel,
  motivations: uniqueList(Motivation, 20),
  resources: ResourceLevel,
  description: Description.optional(),
  /** 1 (highest) to 10; 0 means not ranked. */
  priority: boundedInt(0, 10),
  relevance_score: z
    .number({ error: (issue) => `expected a number from 0 to 1, got ${showValue(issue.input)}` })
    .min(0, { error: (issue) => `${String(issue.input)} is below 0` })
    .max(1, { error: (issue) => `${String(issue.input)} is above 1` }),
  is_relevant: Flag,
  /** True once the user or agent has decided this actor's relevance (untouched defaults are undecided). */
  relevance_decided: Flag,
  is_default: IsDefault,
});
export type ThreatActor = z.infer<typeof ThreatActor>;

export const TrustZone = z.strictObject({
  id: EntityId,
  name: Name,
  trust_level: TrustLevel,
  description: Description.optional(),
  is_default: IsDefault,
});
export type TrustZone = z.infer<typeof TrustZone>;

export const CrossingPoint = z.strictObject({
  id: EntityId,
  source_zone_id: EntityId,
  destination_zone_id: EntityId,
  connection_ids: Ids,
  authentication_method: AuthenticationMethod.optional(),
  authorization_method: AuthorizationMethod.optional(),
  description: Description.optional(),
  is_default: IsDefault,
});
export type CrossingPoint = z.infer<typeof CrossingPoint>;

export const TrustBoundary = z.strictObject({
  id: EntityId,
  name: Name,
  type: BoundaryType,
  crossing_point_ids: Ids,
  controls: uniqueList(text(LIMITS.name), 100),
  description: Description.optional(),
  is_default: IsDefault,
});
export type TrustBoundary = z.infer<typeof TrustBoundary>;

export const Asset = z.strictObject({
  id: EntityId,
  name: Name,
  type: AssetType,
  classification: AssetClassification,
  lifecycle_state: LifecycleState.optional(),
  description: Description.optional(),
  owner: optionalText(LIMITS.name).optional(),
  sensitivity: boundedInt(1, 5).optional(),
  criticality: boundedInt(1, 5).optional(),
  metadata: JsonObject.optional(),
  is_default: IsDefault,
});
export type Asset = z.infer<typeof Asset>;

export const Flow = z.strictObject({
  id: EntityId,
  asset_id: EntityId,
  source_id: EntityId,
  destination_id: EntityId,
  transformation_type: TransformationType.optional(),
  controls: uniqueList(ControlType, 20),
  description: Description.optional(),
  protocol: optionalText(LIMITS.smallText).optional(),
  encryption: Flag,
  authenticated: Flag,
  authorized: Flag,
  validated: Flag,
  risk_level: boundedInt(1, 5).optional(),
});
export type Flow = z.infer<typeof Flow>;

/** Threat Composer metadata entry (`Comments`, `custom:*`, `STRIDE`, `Priority`, ...). */
export const MetadataItem = z.strictObject({
  key: text(LIMITS.smallText),
  value: z.union([optionalText(LIMITS.content), list(optionalText(LIMITS.name), 50)]),
});
export type MetadataItem = z.infer<typeof MetadataItem>;

export const Assumption = z.strictObject({
  id: EntityId,
  numericId: boundedInt(1, 1_000_000_000),
  description: text(LIMITS.content),
  category: text(LIMITS.name),
  impact: optionalText(LIMITS.content).optional(),
  rationale: optionalText(LIMITS.content).optional(),
  tags: Tags.optional(),
  /** Elements (components, data stores, connections, flows, crossing points) this assumption is about. */
  applies_to: Ids.optional(),
  /** STRIDE categories this assumption rules out for those elements (empty: all of them). */
  excluded_categories: uniqueList(ThreatCategory, 6).optional(),
});
export type Assumption = z.infer<typeof Assumption>;

export const RiskAcceptance = z.strictObject({
  reason: text(LIMITS.content),
  owner: optionalText(LIMITS.name).optional(),
  expires_on: IsoDate.optional(),
});
export type RiskAcceptance = z.infer<typeof RiskAcceptance>;

/** Id of a threat-library rule or mitigation-library entry, e.g. `TM-DS-001`, `MIT-TLS`. */
export const LibraryId = z.string().regex(/^[A-Z][A-Z0-9]{0,9}(?:-[A-Z0-9]{1,12}){1,4}$/, {
  error: (issue) => `${showValue(issue.input)} is not a library id (e.g. TM-DS-001)`,
});

/** Framework references shared by threats and mitigations. */
const frameworkRefs = {
  cwe: CweIds.optional(),
  capec: CapecIds.optional(),
  asvs: AsvsIds.optional(),
  /** Compliance controls as <framework>:<control>, e.g. PCI-DSS:3.5.1. */
  compliance: ComplianceTags.optional(),
};

export const Threat = z.strictObject({
  id: EntityId,
  numericId: boundedInt(1, 1_000_000_000),
  threatSource: text(LIMITS.grammarField),
  prerequisites: optionalText(LIMITS.grammarField).optional(),
  threatAction: text(LIMITS.grammarField),
  threatImpact: optionalText(LIMITS.grammarField).optional(),
  impactedGoal: uniqueList(text(LIMITS.grammarField), 20),
  impactedAssets: uniqueList(text(LIMITS.grammarField), 50),
  statement: optionalText(LIMITS.statement),
  status: ThreatStatus,
  /** Why the status was set (required context for an accepted or not-useful threat). */
  status_reason: optionalText(LIMITS.content).optional(),
  tags: Tags,
  category: ThreatCategory.optional(),
  severity: ThreatSeverity.optional(),
  likelihood: ThreatLikelihood.optional(),
  attack_vector: AttackVector.optional(),
  attack_complexity: AttackComplexity.optional(),
  affected_components: Ids,
  affected_trust_boundaries: Ids,
  affected_assets: Ids,
  affected_flows: Ids.optional(),
  affected_crossing_points: Ids.optional(),
  affected_connections: Ids.optional(),
  acceptance: RiskAcceptance.optional(),
  residual_risk_level: ThreatSeverity.optional(),
  /** Why the residual level was set by hand instead of computed from mitigations. */
  residual_risk_reason: optionalText(LIMITS.content).optional(),
  cvss_v3: CvssV31Vector.optional(),
  cvss_v4: CvssV40Vector.optional(),
  ...frameworkRefs,
  /** ATT&CK technique ids. */
  attack: AttackIds.optional(),
  /** The threat-library rule that suggested this threat. */
  rule_id: LibraryId.optional(),
  metadata: list(MetadataItem, 50),
});
export type Threat = z.infer<typeof Threat>;

export const Mitigation = z.strictObject({
  id: EntityId,
  numericId: boundedInt(1, 1_000_000_000),
  content: text(LIMITS.content),
  status: MitigationStatus,
  type: MitigationType.optional(),
  implementation_details: ShortText.optional(),
  cost: MitigationCost.optional(),
  effectiveness: MitigationEffectiveness.optional(),
  responsible_party: optionalText(LIMITS.name).optional(),
  verification_method: optionalText(LIMITS.content).optional(),
  tags: Tags.optional(),
  ...frameworkRefs,
  /** ATT&CK technique or mitigation ids. */
  attack: AttackMitigationIds.optional(),
  /** The mitigation-library entry this mitigation was created from. */
  library_id: LibraryId.optional(),
  /** Why code validation last moved the status (statuses move only on evidence). */
  status_basis: StatusBasis.optional(),
  metadata: list(MetadataItem, 50),
});
export type Mitigation = z.infer<typeof Mitigation>;

export const MitigationLink = z.strictObject({
  id: z.string(),
  mitigation_id: EntityId,
  threat_id: EntityId,
});
export type MitigationLink = z.infer<typeof MitigationLink>;

export const AssumptionLinkType = enumOfLinkType();
function enumOfLinkType() {
  return z.preprocess(
    (v) =>
      typeof v === "string"
        ? (({ threat: "Threat", mitigation: "Mitigation" } as Record<string, string>)[v.toLowerCase()] ?? v)
        : v,
    z.enum(["Threat", "Mitigation"], {
      error: (issue) => `${showValue(issue.input)} is not a link type; allowed: Threat, Mitigation`,
    }),
  );
}

export const AssumptionLink = z.strictObject({
  id: z.string(),
  assumption_id: EntityId,
  linked_id: EntityId,
  type: AssumptionLinkType,
});
export type AssumptionLink = z.infer<typeof AssumptionLink>;

export const linkId = (a: string, b: string) => `${a}__${b}`;

// Re-exported so surfaces can build filters from the same enum fields.
export { enumOf };
