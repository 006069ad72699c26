import { ENUMS } from "../domain/enums.js";

/**
 * What the threat library's conditions can read: for each kind of element, its fields (model fields
 * plus derived facts) and relations. Rules are checked against this when they are loaded, so a typo
 * in a field name or an enum value is a load error, not a rule that silently never fires.
 */

/** Element kinds a rule can be about (its subject). */
export const SUBJECT_KINDS = [
  "component",
  "data_store",
  "connection",
  "flow",
  "crossing_point",
  "asset",
] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

export const VIEW_KINDS = [
  ...SUBJECT_KINDS,
  "trust_zone",
  "trust_boundary",
  "threat_actor",
  "business",
] as const;
export type ViewKind = (typeof VIEW_KINDS)[number];

/** How a connection or crossing point moves between trust levels (`up` = into a more trusted zone). */
export const CROSSINGS = ["up", "down", "same", "unknown"] as const;

export type FieldSpec =
  | { type: "enum"; values: readonly string[]; /** ascending order, for gte/lte */ ordered?: boolean }
  | { type: "enums"; values: readonly string[] }
  | { type: "boolean" }
  | { type: "number" }
  | { type: "text" }
  | { type: "texts" }
  /** Free JSON (configuration, metadata): any sub-path may be read. */
  | { type: "object" }
  | { type: "ref"; kinds: readonly ViewKind[] }
  | { type: "refs"; kinds: readonly ViewKind[] };

const en = (values: readonly string[], ordered = false): FieldSpec => ({ type: "enum", values, ordered });
const ens = (values: readonly string[]): FieldSpec => ({ type: "enums", values });
const bool: FieldSpec = { type: "boolean" };
const num: FieldSpec = { type: "number" };
const txt: FieldSpec = { type: "text" };
const txts: FieldSpec = { type: "texts" };
const obj: FieldSpec = { type: "object" };
const ref = (...kinds: ViewKind[]): FieldSpec => ({ type: "ref", kinds });
const refs = (...kinds: ViewKind[]): FieldSpec => ({ type: "refs", kinds });

/** Backups from weakest to strongest. */
export const BACKUP_ORDER = ["None", "Monthly", "Weekly", "Daily", "Hourly", "Continuous"] as const;
/** Asset classification without "Other" (which has no place on the scale). */
const ASSET_SCALE = ["Public", "Internal", "Confidential", "Restricted", "Regulated"] as const;

/** Fields every element view has, plus the model-wide relations (relevant actors, business context). */
const common = (kind: string): Record<string, FieldSpec> => ({
  kind: en([kind]),
  id: txt,
  name: txt,
  description: txt,
  actors: refs("threat_actor"),
  business: ref("business"),
});

/** Components and data stores share their placement and traffic facts. */
const element = (kind: string): Record<string, FieldSpec> => ({
  ...common(kind),
  tags: txts,
  /** Derived traits (see data/threat-library/traits.yaml and the built-in internet_facing / external_entity). */
  traits: txts,
  zone: ref("trust_zone"),
  trust_level: en(ENUMS.TrustLevel, true),
  inbound: refs("connection"),
  outbound: refs("connection"),
  flows_in: refs("flow"),
  flows_out: refs("flow"),
});

export const VIEW_FIELDS: Record<ViewKind, Record<string, FieldSpec>> = {
  component: {
    ...element("component"),
    type: en(ENUMS.ComponentType),
    service_provider: en(ENUMS.ServiceProvider),
    specific_service: txt,
    version: txt,
    configuration: obj,
  },
  data_store: {
    ...element("data_store"),
    type: en(ENUMS.DataStoreType),
    classification: en(ENUMS.DataClassification, true),
    encryption_at_rest: bool,
    backup_frequency: en(BACKUP_ORDER, true),
  },
  connection: {
    ...common("connection"),
    protocol: en(ENUMS.Protocol),
    port: num,
    encryption: bool,
    source: ref("component", "data_store"),
    destination: ref("component", "data_store"),
    crossing_points: refs("crossing_point"),
    /** Listed in at least one crossing point. */
    in_crossing_point: bool,
    /** Source and destination sit in different, known trust zones. */
    crosses_zones: bool,
    crosses: en(CROSSINGS),
    /** Weakest authentication / authorization of the crossing points that list it (unset if none says). */
    authentication: en(ENUMS.AuthenticationMethod),
    authorization: en(ENUMS.AuthorizationMethod),
  },
  flow: {
    ...common("flow"),
    asset: ref("asset"),
    source: ref("component", "data_store", "trust_zone"),
    destination: ref("component", "data_store", "trust_zone"),
    transformation_type: en(ENUMS.TransformationType),
    controls: ens(ENUMS.ControlType),
    protocol: txt,
    encryption: bool,
    authenticated: bool,
    authorized: bool,
    validated: bool,
    risk_level: num,
    crosses: en(CROSSINGS),
  },
  crossing_point: {
    ...common("crossing_point"),
    source_zone: ref("trust_zone"),
    destination_zone: ref("trust_zone"),
    connections: refs("connection"),
    authentication_method: en(ENUMS.AuthenticationMethod),
    authorization_method: en(ENUMS.AuthorizationMethod),
    is_default: bool,
    crosses: en(CROSSINGS),
    boundaries: refs("trust_boundary"),
  },
  asset: {
    ...common("asset"),
    type: en(ENUMS.AssetType),
    classification: en(ASSET_SCALE, true),
    lifecycle_state: en(ENUMS.LifecycleState),
    owner: txt,
    sensitivity: num,
    criticality: num,
    metadata: obj,
    is_default: bool,
    flows: refs("flow"),
  },
  trust_zone: {
    ...common("trust_zone"),
    trust_level: en(ENUMS.TrustLevel, true),
    is_default: bool,
  },
  trust_boundary: {
    ...common("trust_boundary"),
    type: en(ENUMS.BoundaryType),
    controls: txts,
  },
  threat_actor: {
    ...common("threat_actor"),
    type: en(ENUMS.ThreatActorType),
    capability_level: en(ENUMS.CapabilityLevel, true),
    resources: en(ENUMS.ResourceLevel, true),
    motivations: ens(ENUMS.Motivation),
    priority: num,
  },
  business: {
    industry_sector: en(ENUMS.IndustrySector),
    data_sensitivity: en(ENUMS.DataSensitivity, true),
    user_base_size: en(ENUMS.UserBaseSize, true),
    geographic_scope: en(ENUMS.GeographicScope, true),
    regulatory_requirements: ens(ENUMS.RegulatoryRequirement),
    system_criticality: en(ENUMS.SystemCriticality, true),
    deployment_environment: en(ENUMS.DeploymentEnvironment),
    authentication_requirement: en(ENUMS.AuthenticationRequirement),
  },
};
