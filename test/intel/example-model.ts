import { COLLECTIONS, type CollectionKind } from "../../src/domain/kinds.js";
import { Model } from "../../src/domain/model.js";
import { BusinessContext } from "../../src/domain/business-context.js";

/** Neutral values for required fields the rule examples leave out. */
const DEFAULTS: Partial<Record<CollectionKind, (id: string) => Record<string, unknown>>> = {
  component: (id) => ({ name: id, type: "Compute" }),
  data_store: (id) => ({
    name: id,
    type: "Relational",
    classification: "Internal",
    encryption_at_rest: false,
  }),
  connection: () => ({ encryption: false }),
  trust_zone: (id) => ({ name: id, trust_level: "Medium" }),
  crossing_point: () => ({ connection_ids: [] }),
  trust_boundary: (id) => ({ name: id, type: "Network", crossing_point_ids: [], controls: [] }),
  asset: (id) => ({ name: id, type: "Data", classification: "Internal" }),
  flow: () => ({
    controls: [],
    encryption: false,
    authenticated: false,
    authorized: false,
    validated: false,
  }),
  threat_actor: (id) => ({
    name: id,
    type: "External",
    capability_level: "Medium",
    motivations: [],
    resources: "Moderate",
    priority: 0,
    relevance_score: 0.5,
    is_relevant: true,
    relevance_decided: true,
  }),
};

export type ExampleEntities = Record<string, Record<string, unknown>[]>;
export type Patch = Record<string, Record<string, unknown> | null>;

/** Applies a patch: fields are merged (null deletes a field); a null entry removes the element. */
export function applyPatch(entities: ExampleEntities, patch: Patch): ExampleEntities {
  const out: ExampleEntities = {};
  const used = new Set<string>();
  for (const [kind, list] of Object.entries(entities)) {
    out[kind] = [];
    for (const entity of list) {
      const id = String(entity.id ?? kind);
      if (!(id in patch)) {
        out[kind]!.push(entity);
        continue;
      }
      used.add(id);
      const change = patch[id];
      if (change === null) continue;
      const merged: Record<string, unknown> = { ...entity };
      for (const [key, value] of Object.entries(change!)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      out[kind]!.push(merged);
    }
  }
  const unknown = Object.keys(patch).filter((id) => !used.has(id));
  if (unknown.length > 0)
    throw new Error(`patch names elements the example does not have: ${unknown.join(", ")}`);
  return out;
}

/** Builds an in-memory model from example entities, validating each one with the real schema. */
export function buildModel(entities: ExampleEntities): Model {
  const model = new Model();
  for (const [kind, list] of Object.entries(entities)) {
    if (kind === "business_context") {
      model.setSingleton("business_context", BusinessContext.parse({ description: "", ...list[0] }));
      continue;
    }
    if (!(kind in COLLECTIONS)) throw new Error(`unknown kind ${kind} in example`);
    const k = kind as CollectionKind;
    for (const raw of list) {
      const id = String(raw.id);
      const entity = COLLECTIONS[k].schema.parse({ ...(DEFAULTS[k]?.(id) ?? {}), ...raw });
      model.put(k, id, entity as never);
    }
  }
  return model;
}
