import { ENUMS } from "../domain/enums.js";
import { Model, type ModelReader } from "../domain/model.js";
import { isExternalEntity } from "./views.js";

/**
 * STRIDE-per-element coverage: for each element of the data-flow diagram and each STRIDE category
 * that applies to it, whether a threat covers it, an assumption rules it out, or it is a gap.
 *
 * Applicability (Microsoft's STRIDE-per-element, mapped onto our model):
 * - components (processes): all six; an external entity (a component in an Untrusted zone, or tagged
 *   external) gets S and R;
 * - data stores: T, R, I, D (R because stores often hold the audit trail);
 * - connections and flows (data flows): T, I, D;
 * - crossing points: S, T, I, D, E. A crossing point is where callers are authenticated (S) and
 *   authorised (E) and where traffic can be altered, read or flooded (T, I, D); repudiation is a
 *   property of the processes that log, not of the crossing. Default crossing points that carry no
 *   connection are left out: they describe the template, not this system.
 *
 * A threat covers a cell when its category matches and it lists the element (affected_components,
 * affected_connections, affected_flows, affected_crossing_points). A threat marked not useful counts
 * as a decision, like an assumption: the cell shows "excluded". An assumption covers a cell when it
 * applies_to the element and its excluded_categories include the category (empty: all categories).
 */

export const STRIDE = ENUMS.ThreatCategory;
export type Stride = (typeof STRIDE)[number];
export type Cell = "threat" | "excluded" | "gap" | "n/a";
export type CoverageKind = "component" | "data_store" | "connection" | "flow" | "crossing_point";

export interface CoverageElement {
  kind: CoverageKind;
  id: string;
  name: string;
  categories: Record<Stride, Cell>;
  /** Threat or assumption ids behind each covered or excluded cell. */
  covered_by: Partial<Record<Stride, string[]>>;
}

export interface CoverageGap {
  kind: CoverageKind;
  id: string;
  name: string;
  category: Stride;
}

export interface CoverageMatrix {
  elements: CoverageElement[];
  gaps: CoverageGap[];
  summary: {
    elements: number;
    applicable: number;
    threat: number;
    excluded: number;
    gap: number;
    /** Share of applicable cells covered by a threat or excluded by an assumption, 0..100. */
    percent: number;
  };
}

const ALL: readonly Stride[] = STRIDE;
const S_R: readonly Stride[] = ["Spoofing", "Repudiation"];
const T_R_I_D: readonly Stride[] = [
  "Tampering",
  "Repudiation",
  "Information Disclosure",
  "Denial of Service",
];
const T_I_D: readonly Stride[] = ["Tampering", "Information Disclosure", "Denial of Service"];
const S_T_I_D_E: readonly Stride[] = [
  "Spoofing",
  "Tampering",
  "Information Disclosure",
  "Denial of Service",
  "Elevation of Privilege",
];

export const APPLICABLE: Record<CoverageKind | "external_entity", readonly Stride[]> = {
  component: ALL,
  external_entity: S_R,
  data_store: T_R_I_D,
  connection: T_I_D,
  flow: T_I_D,
  crossing_point: S_T_I_D_E,
};

function compute(model: ModelReader): CoverageMatrix {
  // element id -> category -> covering ids
  const threats = new Map<string, Map<Stride, string[]>>();
  const decided = new Map<string, Map<Stride, string[]>>();
  const mark = (
    target: Map<string, Map<Stride, string[]>>,
    element: string,
    category: Stride,
    by: string,
  ) => {
    let byCategory = target.get(element);
    if (!byCategory) target.set(element, (byCategory = new Map()));
    const list = byCategory.get(category);
    if (list) list.push(by);
    else byCategory.set(category, [by]);
  };
  for (const t of model.list("threat")) {
    if (!t.category) continue;
    const target = t.status === "threatResolvedNotUseful" ? decided : threats;
    const ids = [
      ...t.affected_components,
      ...(t.affected_connections ?? []),
      ...(t.affected_flows ?? []),
      ...(t.affected_crossing_points ?? []),
    ];
    for (const id of new Set(ids)) mark(target, id, t.category, t.id);
  }
  for (const a of model.list("assumption")) {
    const categories = (a.excluded_categories?.length ? a.excluded_categories : STRIDE) as readonly Stride[];
    for (const id of a.applies_to ?? []) for (const c of categories) mark(decided, id, c, a.id);
  }

  const zoneTrust = new Map(model.list("trust_zone").map((z) => [z.id, z.trust_level]));
  const names = new Map<string, string>();
  for (const c of model.list("component")) names.set(c.id, c.name);
  for (const d of model.list("data_store")) names.set(d.id, d.name);
  const zoneNames = new Map(model.list("trust_zone").map((z) => [z.id, z.name]));
  const assetNames = new Map(model.list("asset").map((a) => [a.id, a.name]));

  const rows: { kind: CoverageKind; id: string; name: string; applicable: readonly Stride[] }[] = [];
  for (const c of model.list("component")) {
    const external = isExternalEntity(c.trust_zone_id && zoneTrust.get(c.trust_zone_id), c.tags);
    rows.push({
      kind: "component",
      id: c.id,
      name: c.name,
      applicable: external ? APPLICABLE.external_entity : ALL,
    });
  }
  for (const d of model.list("data_store"))
    rows.push({ kind: "data_store", id: d.id, name: d.name, applicable: T_R_I_D });
  for (const c of model.list("connection")) {
    const name = `${names.get(c.source_id) ?? c.source_id} to ${names.get(c.destination_id) ?? c.destination_id}`;
    rows.push({ kind: "connection", id: c.id, name, applicable: T_I_D });
  }
  for (const f of model.list("flow")) {
    const end = (id: string) => names.get(id) ?? zoneNames.get(id) ?? id;
    const name = `${assetNames.get(f.asset_id) ?? f.asset_id} from ${end(f.source_id)} to ${end(f.destination_id)}`;
    rows.push({ kind: "flow", id: f.id, name, applicable: T_I_D });
  }
  for (const cp of model.list("crossing_point")) {
    if (cp.is_default && cp.connection_ids.length === 0) continue;
    const name = `${zoneNames.get(cp.source_zone_id) ?? cp.source_zone_id} to ${zoneNames.get(cp.destination_zone_id) ?? cp.destination_zone_id}`;
    rows.push({ kind: "crossing_point", id: cp.id, name, applicable: S_T_I_D_E });
  }
  const order: CoverageKind[] = ["component", "data_store", "connection", "flow", "crossing_point"];
  rows.sort(
    (a, b) =>
      order.indexOf(a.kind) - order.indexOf(b.kind) ||
      a.name.localeCompare(b.name) ||
      a.id.localeCompare(b.id),
  );

  const elements: CoverageElement[] = [];
  const gaps: CoverageGap[] = [];
  const counts = { threat: 0, excluded: 0, gap: 0 };
  for (const row of rows) {
    const categories = {} as Record<Stride, Cell>;
    const covered_by: Partial<Record<Stride, string[]>> = {};
    for (const category of STRIDE) {
      if (!row.applicable.includes(category)) {
        categories[category] = "n/a";
        continue;
      }
      const byThreat = threats.get(row.id)?.get(category);
      const byDecision = decided.get(row.id)?.get(category);
      if (byThreat) {
        categories[category] = "threat";
        covered_by[category] = byThreat;
        counts.threat++;
      } else if (byDecision) {
        categories[category] = "excluded";
        covered_by[category] = byDecision;
        counts.excluded++;
      } else {
        categories[category] = "gap";
        counts.gap++;
        gaps.push({ kind: row.kind, id: row.id, name: row.name, category });
      }
    }
    elements.push({ kind: row.kind, id: row.id, name: row.name, categories, covered_by });
  }
  const applicable = counts.threat + counts.excluded + counts.gap;
  return {
    elements,
    gaps,
    summary: {
      elements: elements.length,
      applicable,
      ...counts,
      percent:
        applicable === 0 ? 100 : Math.floor(((counts.threat + counts.excluded) / applicable) * 1000) / 10,
    },
  };
}

const cache = new WeakMap<Model, { revision: number; matrix: CoverageMatrix }>();

/** The coverage matrix of a model (pure; cached per model revision). Treat the result as read-only. */
export function coverageMatrix(model: ModelReader): CoverageMatrix {
  if (!(model instanceof Model)) return compute(model);
  const hit = cache.get(model);
  if (hit && hit.revision === model.revision) return hit.matrix;
  const matrix = compute(model);
  cache.set(model, { revision: model.revision, matrix });
  return matrix;
}
