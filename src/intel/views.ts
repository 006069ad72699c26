import { ENUMS } from "../domain/enums.js";
import { Model, type ModelReader } from "../domain/model.js";
import type { SubjectKind, ViewKind } from "./schema.js";

/**
 * The model as the threat library sees it: one plain object per element with its fields, derived
 * facts (trust level of its zone, traits, how a connection crosses trust) and relations as direct
 * object references. Built once per model revision; conditions then only walk properties.
 */
export interface View {
  kind: ViewKind;
  id: string;
  name: string;
  [field: string]: unknown;
}

export interface TraitDef {
  id: string;
  description: string;
  kinds: readonly ("component" | "data_store")[];
  tags: readonly string[];
  keywords: readonly string[];
  types: readonly string[];
}

export interface ModelViews {
  subjects: Record<SubjectKind, View[]>;
  byId: Map<string, View>;
  /** Why an element has a trait, for explanations: element id -> trait -> reason. */
  traitReasons: Map<string, Map<string, string>>;
}

const TRUST = ENUMS.TrustLevel as readonly string[];
const AUTHN_WEAKEST_FIRST = [
  "None",
  "Password",
  "API Key",
  "Other",
  "Token",
  "OAuth",
  "IAM Role",
  "Certificate",
  "Biometric",
  "Multi-factor",
];
const AUTHZ_WEAKEST_FIRST = [
  "None",
  "Discretionary",
  "Other",
  "Rule-based",
  "Role-based",
  "Attribute-based",
  "Policy-based",
  "Mandatory",
];

/** Tags that mark the built-in traits by hand. */
export const EXTERNAL_TAGS = ["external", "external-entity"];
export const INTERNET_FACING_TAGS = ["internet-facing", "public"];

/** An external entity (user, partner system) rather than one of our processes: STRIDE gives it S and R only. */
export function isExternalEntity(trustLevel: unknown, tags: readonly string[] | undefined): boolean {
  return trustLevel === "Untrusted" || (tags ?? []).some((t) => EXTERNAL_TAGS.includes(t.toLowerCase()));
}

/** Lower-cased words separated by single spaces, padded, so phrases match on word boundaries. */
export function normaliseWords(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;
}

function weakest(values: readonly (string | undefined)[], order: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const value of values) {
    if (value === undefined) continue;
    if (best === undefined || order.indexOf(value) < order.indexOf(best)) best = value;
  }
  return best;
}

function crossing(from: unknown, to: unknown): string {
  const a = typeof from === "string" ? TRUST.indexOf(from) : -1;
  const b = typeof to === "string" ? TRUST.indexOf(to) : -1;
  if (a < 0 || b < 0) return "unknown";
  return b > a ? "up" : b < a ? "down" : "same";
}

/** A view without undefined fields, built in one go (deleting keys later would slow every read). */
function withoutUndefined(view: View): View {
  const out: Record<string, unknown> = {};
  for (const key in view) if (view[key] !== undefined) out[key] = view[key];
  return out as View;
}

function matchTraits(view: View, traits: readonly TraitDef[], reasons: Map<string, string>): void {
  const tags = ((view.tags as string[] | undefined) ?? []).map((t) => t.toLowerCase());
  const texts: [label: string, text: string][] = [
    ["name", view.name],
    ...(typeof view.specific_service === "string"
      ? [["specific_service", view.specific_service] as [string, string]]
      : []),
  ];
  const normalised = texts.map(([label, text]) => [label, text, normaliseWords(text)] as const);
  for (const trait of traits) {
    if (!(trait.kinds as readonly string[]).includes(view.kind)) continue;
    const tag = trait.tags.find((t) => tags.includes(t));
    if (tag !== undefined) {
      reasons.set(trait.id, `tagged ${JSON.stringify(tag)}`);
      continue;
    }
    if (typeof view.type === "string" && trait.types.includes(view.type)) {
      reasons.set(trait.id, `type is ${view.type}`);
      continue;
    }
    for (const keyword of trait.keywords) {
      const needle = normaliseWords(keyword);
      const hit = normalised.find(([, , words]) => words.includes(needle));
      if (hit) {
        reasons.set(trait.id, `${hit[0]} ${JSON.stringify(hit[1])} mentions ${JSON.stringify(keyword)}`);
        break;
      }
    }
  }
}

export function buildViews(model: ModelReader, traits: readonly TraitDef[]): ModelViews {
  const byId = new Map<string, View>();
  const add = (draft: View) => {
    const view = withoutUndefined(draft);
    byId.set(view.id, view);
    return view;
  };
  const context = model.singleton("business_context");
  const business: View = withoutUndefined({
    kind: "business",
    id: "business",
    name: "business context",
    industry_sector: context.industry_sector,
    data_sensitivity: context.data_sensitivity,
    user_base_size: context.user_base_size,
    geographic_scope: context.geographic_scope,
    regulatory_requirements: context.regulatory_requirements ?? [],
    system_criticality: context.system_criticality,
    deployment_environment: context.deployment_environment,
    authentication_requirement: context.authentication_requirement,
  });
  const actors: View[] = [];
  const shared = () => ({ actors, business });

  for (const a of model.list("threat_actor")) {
    if (!a.is_relevant) continue;
    actors.push(add({ kind: "threat_actor", ...a } as unknown as View));
  }
  for (const z of model.list("trust_zone")) add({ kind: "trust_zone", ...z, ...shared() });
  for (const b of model.list("trust_boundary")) {
    add({
      kind: "trust_boundary",
      id: b.id,
      name: b.name,
      type: b.type,
      controls: b.controls,
      description: b.description,
      ...shared(),
    });
  }

  const elements: View[] = [];
  const placed = <T extends { trust_zone_id?: string | undefined }>(
    kind: "component" | "data_store",
    entity: T & { id: string; name: string },
  ) => {
    const zone = entity.trust_zone_id ? byId.get(entity.trust_zone_id) : undefined;
    const view = add({
      ...entity,
      kind,
      tags: (entity as { tags?: string[] }).tags ?? [],
      zone,
      trust_level: zone?.trust_level,
      traits: [],
      inbound: [],
      outbound: [],
      flows_in: [],
      flows_out: [],
      ...shared(),
    } as unknown as View);
    elements.push(view);
    return view;
  };
  const components = model.list("component").map((c) => placed("component", c));
  const dataStores = model.list("data_store").map((d) => placed("data_store", d));

  const connections: View[] = [];
  for (const c of model.list("connection")) {
    const source = byId.get(c.source_id);
    const destination = byId.get(c.destination_id);
    if (!source || !destination) continue; // dangling: reported by validation, not a threat
    const view = add({
      ...c,
      kind: "connection",
      name: `${source.name} to ${destination.name}`,
      source,
      destination,
      crossing_points: [],
      crosses: crossing(source.trust_level, destination.trust_level),
      crosses_zones:
        source.zone !== undefined && destination.zone !== undefined && source.zone !== destination.zone,
      ...shared(),
    } as unknown as View);
    (source.outbound as View[]).push(view);
    (destination.inbound as View[]).push(view);
    connections.push(view);
  }

  const crossingPoints: View[] = [];
  for (const cp of model.list("crossing_point")) {
    const from = byId.get(cp.source_zone_id);
    const to = byId.get(cp.destination_zone_id);
    const view = add({
      ...cp,
      kind: "crossing_point",
      name: `${from?.name ?? cp.source_zone_id} to ${to?.name ?? cp.destination_zone_id}`,
      source_zone: from,
      destination_zone: to,
      connections: cp.connection_ids
        .map((id) => byId.get(id))
        .filter((v): v is View => v?.kind === "connection"),
      crosses: crossing(from?.trust_level, to?.trust_level),
      boundaries: [],
      ...shared(),
    } as unknown as View);
    for (const connection of view.connections as View[]) (connection.crossing_points as View[]).push(view);
    crossingPoints.push(view);
  }
  for (const b of model.list("trust_boundary")) {
    const boundary = byId.get(b.id)!;
    for (const id of b.crossing_point_ids) {
      const cp = byId.get(id);
      if (cp?.kind === "crossing_point") (cp.boundaries as View[]).push(boundary);
    }
  }
  for (const connection of connections) {
    const cps = connection.crossing_points as View[];
    connection.in_crossing_point = cps.length > 0;
    const authn = weakest(
      cps.map((cp) => cp.authentication_method as string | undefined),
      AUTHN_WEAKEST_FIRST,
    );
    const authz = weakest(
      cps.map((cp) => cp.authorization_method as string | undefined),
      AUTHZ_WEAKEST_FIRST,
    );
    if (authn !== undefined) connection.authentication = authn;
    if (authz !== undefined) connection.authorization = authz;
  }

  const assets: View[] = model
    .list("asset")
    .map((a) => add({ ...a, kind: "asset", flows: [], ...shared() } as unknown as View));
  const flows: View[] = [];
  for (const f of model.list("flow")) {
    const asset = byId.get(f.asset_id);
    const source = byId.get(f.source_id);
    const destination = byId.get(f.destination_id);
    if (!asset || !source || !destination) continue;
    const view = add({
      ...f,
      kind: "flow",
      name: `${asset.name} from ${source.name} to ${destination.name}`,
      asset,
      source,
      destination,
      crosses: crossing(source.trust_level, destination.trust_level),
      ...shared(),
    } as unknown as View);
    (asset.flows as View[]).push(view);
    if (source.kind !== "trust_zone") (source.flows_out as View[]).push(view);
    if (destination.kind !== "trust_zone") (destination.flows_in as View[]).push(view);
    flows.push(view);
  }

  // Traits: keyword/tag/type matches first, then the structural ones that depend on neighbours.
  const traitReasons = new Map<string, Map<string, string>>();
  for (const view of elements) {
    const reasons = new Map<string, string>();
    matchTraits(view, traits, reasons);
    const tags = view.tags as string[];
    if (view.trust_level === "Untrusted") reasons.set("external_entity", "sits in an Untrusted zone");
    else if (isExternalEntity(undefined, tags)) reasons.set("external_entity", "tagged external");
    const publicTag = tags.find((t) => INTERNET_FACING_TAGS.includes(t.toLowerCase()));
    if (publicTag && !reasons.has("external_entity"))
      reasons.set("internet_facing", `tagged ${JSON.stringify(publicTag)}`);
    traitReasons.set(view.id, reasons);
  }
  const isExternal = (v: View) => traitReasons.get(v.id)?.has("external_entity") === true;
  for (const view of elements) {
    const reasons = traitReasons.get(view.id)!;
    if (reasons.has("external_entity") || reasons.has("internet_facing")) continue;
    if (view.trust_level === "Low") reasons.set("internet_facing", "sits in a Low-trust (DMZ) zone");
    else {
      const from = (view.inbound as View[]).find((c) => isExternal(c.source as View));
      if (from)
        reasons.set(
          "internet_facing",
          `receives connection ${from.id} from external ${(from.source as View).name}`,
        );
    }
  }
  for (const view of elements) {
    view.traits = [...traitReasons.get(view.id)!.keys()];
    // Not a rule-readable field (absent from the schema); explanations use it.
    Object.defineProperty(view, "trait_reasons", { value: traitReasons.get(view.id), enumerable: false });
  }

  return {
    subjects: {
      component: components,
      data_store: dataStores,
      connection: connections,
      flow: flows,
      crossing_point: crossingPoints,
      asset: assets,
    },
    byId,
    traitReasons,
  };
}

const cache = new WeakMap<object, { revision: number; traits: readonly TraitDef[]; views: ModelViews }>();

/** Views of a model, rebuilt only when the model's revision (or the trait set) changes. */
export function viewsFor(model: ModelReader, traits: readonly TraitDef[]): ModelViews {
  if (!(model instanceof Model)) return buildViews(model, traits);
  const hit = cache.get(model);
  if (hit && hit.revision === model.revision && hit.traits === traits) return hit.views;
  const views = buildViews(model, traits);
  cache.set(model, { revision: model.revision, traits, views });
  return views;
}
