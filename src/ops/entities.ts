import * as z from "zod";
import { ModelError, showValue } from "../domain/errors.js";
import { EntityId, list, uniqueList } from "../domain/fields.js";
import { COLLECTIONS, type CollectionKind } from "../domain/kinds.js";
import type { Draft, ModelReader } from "../domain/model.js";
import { relocate } from "./batch.js";
import { ENTITY_KINDS, ENTITY_OPS, isEntityKind, type EntityKind } from "./entity-ops.js";
import { Cascade, opt } from "./input.js";
import { mutation, query } from "./operation.js";
import type { DeleteOutcome } from "./references.js";
import * as threats from "./threats.js";
import * as trust from "./trust.js";

const Kind = z.enum(ENTITY_KINDS, {
  error: (issue) => `${showValue(issue.input)} is not an entity kind; allowed: ${ENTITY_KINDS.join(", ")}`,
});

function kindOfEntity(model: ModelReader, id: string, field: string): EntityKind {
  const kind = model.kindOf(id);
  if (isEntityKind(kind)) return kind;
  throw new ModelError("not_found", `${field}: no entity has id ${JSON.stringify(id)}`, { field, value: id });
}

// ---- list ------------------------------------------------------------------------------------

const Filter = opt(z.string().max(200));

/** Every filter of every kind's list operation; each kind accepts only its own (checked on use). */
export const LIST_FILTERS = {
  type: Filter,
  category: Filter,
  severity: Filter,
  status: Filter,
  classification: Filter,
  trust_level: Filter,
  asset_id: Filter,
  component_id: Filter,
  zone_id: Filter,
  relevant_only: opt(z.boolean()),
};

export function filtersOf(kind: EntityKind): string[] {
  return Object.keys(ENTITY_OPS[kind].list.input.shape);
}

export const listEntities = query(
  z.strictObject({ kind: Kind, ...LIST_FILTERS }),
  (model, { kind, ...filters }) => {
    const allowed = filtersOf(kind);
    const given = Object.fromEntries(
      Object.entries(filters).filter(([, value]) => value !== undefined && value !== null),
    );
    for (const key of Object.keys(given)) {
      if (!allowed.includes(key)) {
        throw new ModelError(
          "invalid_input",
          `${key}: not a filter of ${COLLECTIONS[kind].label}s; their filters: ${allowed.join(", ") || "none"}`,
          { field: key, allowed },
        );
      }
    }
    const op = ENTITY_OPS[kind].list;
    const parsed = op.input.safeParse(given);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join(".");
      throw new ModelError("invalid_input", `${field}: ${issue.message}`, { field });
    }
    return { kind, items: op.query(model, parsed.data) };
  },
);

// ---- get -------------------------------------------------------------------------------------

export const getEntity = query(
  z.strictObject({ id: EntityId.describe("Any entity id (the kind is found from it)") }),
  (model, { id }) => {
    const kind = kindOfEntity(model, id, "id");
    return { kind, entity: ENTITY_OPS[kind].get.query(model, { id }) };
  },
);

// ---- delete ----------------------------------------------------------------------------------

export const deleteEntities = mutation(
  z.strictObject({
    ids: uniqueList(EntityId, 500).pipe(z.array(z.string()).min(1, { error: "give at least one id" })),
    kind: opt(Kind.describe("If given, every id must be of this kind")),
    cascade: Cascade,
  }),
  (draft, { ids, kind, cascade }) => {
    const outcome: DeleteOutcome = { deleted: [], detached: [] };
    const gone = new Set<string>();
    ids.forEach((id, index) => {
      const field = `ids[${index}]`;
      if (gone.has(id)) return; // removed by an earlier cascade of this call
      const found = kindOfEntity(draft, id, field);
      if (kind && found !== kind) {
        throw new ModelError(
          "invalid_input",
          `${field}: ${JSON.stringify(id)} is a ${COLLECTIONS[found].label}, not a ${COLLECTIONS[kind].label}`,
          { field, value: id },
        );
      }
      try {
        const step = ENTITY_OPS[found].delete.apply(draft, { id, cascade });
        outcome.deleted.push(...step.deleted);
        outcome.detached.push(...step.detached);
        for (const d of step.deleted) gone.add(d.id);
      } catch (error) {
        relocate(error, field, true);
      }
    });
    return outcome;
  },
);

// ---- link / unlink ---------------------------------------------------------------------------

interface Relation {
  a: readonly CollectionKind[];
  b: readonly CollectionKind[];
  label: string;
  link(draft: Draft, a: string, b: string): void;
  unlink(draft: Draft, a: string, b: string): void;
}

/** Pairs of entities that can be linked, and the operations that link and unlink them. */
const RELATIONS: readonly Relation[] = [
  {
    a: ["mitigation"],
    b: ["threat"],
    label: "mitigation–threat",
    link: (d, a, b) => void threats.linkMitigationToThreat.apply(d, { mitigation_id: a, threat_id: b }),
    unlink: (d, a, b) => void threats.unlinkMitigationFromThreat.apply(d, { mitigation_id: a, threat_id: b }),
  },
  {
    a: ["assumption"],
    b: ["threat", "mitigation"],
    label: "assumption–threat or mitigation",
    link: (d, a, b) => void threats.linkAssumption.apply(d, { assumption_id: a, linked_id: b }),
    unlink: (d, a, b) => void threats.unlinkAssumption.apply(d, { assumption_id: a, linked_id: b }),
  },
  {
    a: ["component", "data_store"],
    b: ["trust_zone"],
    label: "component or data store–trust zone (placement)",
    link: (d, a, b) => void trust.addComponentToZone.apply(d, { zone_id: b, component_id: a }),
    unlink: (d, a, b) => void trust.removeComponentFromZone.apply(d, { zone_id: b, component_id: a }),
  },
  {
    a: ["connection"],
    b: ["crossing_point"],
    label: "connection–crossing point",
    link: (d, a, b) =>
      void trust.addConnectionToCrossing.apply(d, { crossing_point_id: b, connection_id: a }),
    unlink: (d, a, b) =>
      void trust.removeConnectionFromCrossing.apply(d, { crossing_point_id: b, connection_id: a }),
  },
];

export const LINKABLE = RELATIONS.map((r) => r.label);

const Pair = z.strictObject({
  from: EntityId,
  to: EntityId,
});
const Pairs = list(Pair, 500).min(1, { error: "give at least one pair" });
const LinkInput = z.strictObject({
  links: Pairs.describe(`Pairs of ids, either order: ${LINKABLE.join("; ")}`),
});
const UnlinkInput = z.strictObject({ links: Pairs.describe("Pairs of ids as given to link") });

function relate(action: "link" | "unlink") {
  return mutation(action === "link" ? LinkInput : UnlinkInput, (draft, { links }) => {
    links.forEach(({ from, to }, index) => {
      const where = `links[${index}]`;
      const fromKind = kindOfEntity(draft, from, `${where}.from`);
      const toKind = kindOfEntity(draft, to, `${where}.to`);
      const direct = RELATIONS.find((r) => r.a.includes(fromKind) && r.b.includes(toKind));
      const reverse = RELATIONS.find((r) => r.a.includes(toKind) && r.b.includes(fromKind));
      const relation = direct ?? reverse;
      if (!relation) {
        throw new ModelError(
          "invalid_input",
          `${where}: a ${COLLECTIONS[fromKind].label} and a ${COLLECTIONS[toKind].label} cannot be linked; linkable: ${LINKABLE.join("; ")}`,
          { field: where, allowed: LINKABLE },
        );
      }
      const [a, b] = direct ? [from, to] : [to, from];
      try {
        relation[action](draft, a, b);
      } catch (error) {
        relocate(error, where, true);
      }
    });
    return { count: links.length };
  });
}

export const linkEntities = relate("link");
export const unlinkEntities = relate("unlink");
