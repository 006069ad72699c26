import { COLLECTIONS, type AnyEntity, type CollectionKind } from "./kinds.js";
import type { ModelReader } from "./model.js";

/**
 * Every reference between entities, in one table: ops check them on write, deletes use them to
 * find referrers, and the loader uses them to report dangling references after a merge or hand edit.
 */
export interface ReferenceRule {
  from: CollectionKind;
  field: string;
  to: readonly CollectionKind[];
  many: boolean;
  /** On cascade: delete the referrer, or just remove the id from its field. */
  onDelete: "delete" | "detach";
  /** Dependent records (links) are removed with their target without needing `cascade`. */
  owned?: boolean;
}

const ELEMENT: CollectionKind[] = ["component", "data_store"];
/** What an assumption can scope: any element of the data-flow diagram. */
export const SCOPED: CollectionKind[] = ["component", "data_store", "connection", "flow", "crossing_point"];

export const REFERENCES: readonly ReferenceRule[] = [
  { from: "component", field: "trust_zone_id", to: ["trust_zone"], many: false, onDelete: "detach" },
  { from: "data_store", field: "trust_zone_id", to: ["trust_zone"], many: false, onDelete: "detach" },
  { from: "connection", field: "source_id", to: ELEMENT, many: false, onDelete: "delete" },
  { from: "connection", field: "destination_id", to: ELEMENT, many: false, onDelete: "delete" },
  { from: "crossing_point", field: "source_zone_id", to: ["trust_zone"], many: false, onDelete: "delete" },
  {
    from: "crossing_point",
    field: "destination_zone_id",
    to: ["trust_zone"],
    many: false,
    onDelete: "delete",
  },
  { from: "crossing_point", field: "connection_ids", to: ["connection"], many: true, onDelete: "detach" },
  {
    from: "trust_boundary",
    field: "crossing_point_ids",
    to: ["crossing_point"],
    many: true,
    onDelete: "detach",
  },
  { from: "flow", field: "asset_id", to: ["asset"], many: false, onDelete: "delete" },
  { from: "flow", field: "source_id", to: [...ELEMENT, "trust_zone"], many: false, onDelete: "delete" },
  { from: "flow", field: "destination_id", to: [...ELEMENT, "trust_zone"], many: false, onDelete: "delete" },
  { from: "threat", field: "affected_components", to: ELEMENT, many: true, onDelete: "detach" },
  {
    from: "threat",
    field: "affected_trust_boundaries",
    to: ["trust_boundary"],
    many: true,
    onDelete: "detach",
  },
  { from: "threat", field: "affected_assets", to: ["asset"], many: true, onDelete: "detach" },
  { from: "threat", field: "affected_flows", to: ["flow"], many: true, onDelete: "detach" },
  {
    from: "threat",
    field: "affected_crossing_points",
    to: ["crossing_point"],
    many: true,
    onDelete: "detach",
  },
  { from: "threat", field: "affected_connections", to: ["connection"], many: true, onDelete: "detach" },
  { from: "assumption", field: "applies_to", to: SCOPED, many: true, onDelete: "detach" },
  {
    from: "mitigation_link",
    field: "mitigation_id",
    to: ["mitigation"],
    many: false,
    onDelete: "delete",
    owned: true,
  },
  {
    from: "mitigation_link",
    field: "threat_id",
    to: ["threat"],
    many: false,
    onDelete: "delete",
    owned: true,
  },
  // A threat's code-validation verdict (stored under the threat's id) goes with the threat.
  { from: "validation", field: "threat_id", to: ["threat"], many: false, onDelete: "delete", owned: true },
  {
    from: "assumption_link",
    field: "assumption_id",
    to: ["assumption"],
    many: false,
    onDelete: "delete",
    owned: true,
  },
  {
    from: "assumption_link",
    field: "linked_id",
    to: ["threat", "mitigation"],
    many: false,
    onDelete: "delete",
    owned: true,
  },
];

export function referencedIds(entity: AnyEntity, rule: ReferenceRule): string[] {
  const value = (entity as unknown as Record<string, unknown>)[rule.field];
  if (value === undefined) return [];
  return rule.many ? (value as string[]) : [value as string];
}

/** The label list for an error message: "component or data store". */
export function describeKinds(kinds: readonly CollectionKind[]): string {
  const labels = kinds.map((k) => COLLECTIONS[k].label);
  return labels.length <= 1
    ? (labels[0] ?? "")
    : `${labels.slice(0, -1).join(", ")} or ${labels[labels.length - 1]}`;
}

export interface Dangling {
  kind: CollectionKind;
  id: string;
  field: string;
  missing: string;
}

/** References that point at nothing (possible after a git merge or a hand edit). */
export function findDanglingReferences(model: ModelReader): Dangling[] {
  const out: Dangling[] = [];
  for (const rule of REFERENCES) {
    for (const entity of model.list(rule.from)) {
      for (const target of referencedIds(entity, rule)) {
        const kind = model.kindOf(target);
        if (kind === undefined || !rule.to.includes(kind)) {
          out.push({ kind: rule.from, id: entity.id, field: rule.field, missing: target });
        }
      }
    }
  }
  return out;
}
