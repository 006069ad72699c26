import { ModelError } from "../domain/errors.js";
import { COLLECTIONS, type AnyEntity, type CollectionKind, type EntityByKind } from "../domain/kinds.js";
import type { Draft, ModelReader } from "../domain/model.js";
import { REFERENCES, describeKinds, referencedIds, type ReferenceRule } from "../domain/references.js";

/** Checks that `id` names an entity of one of `kinds`; throws a not-found error naming the field otherwise. */
export function requireRef<K extends CollectionKind>(
  model: ModelReader,
  id: string,
  kinds: readonly K[],
  field: string,
): K {
  const kind = model.kindOf(id);
  if (kind !== undefined && (kinds as readonly CollectionKind[]).includes(kind)) return kind as K;
  const also = kind !== undefined ? ` (${JSON.stringify(id)} is a ${COLLECTIONS[kind].label})` : "";
  throw new ModelError(
    "not_found",
    `${field}: no ${describeKinds(kinds)} has id ${JSON.stringify(id)}${also}`,
    {
      field,
      value: id,
    },
  );
}

export function requireRefs(
  model: ModelReader,
  ids: readonly string[],
  kinds: readonly CollectionKind[],
  field: string,
): void {
  ids.forEach((id, index) => requireRef(model, id, kinds, `${field}[${index}]`));
}

interface ReferrerHit {
  rule: ReferenceRule;
  entity: AnyEntity;
}

function referrersOf(model: ModelReader, kind: CollectionKind, id: string): ReferrerHit[] {
  const hits: ReferrerHit[] = [];
  for (const rule of REFERENCES) {
    if (!rule.to.includes(kind)) continue;
    for (const entity of model.list(rule.from)) {
      if (referencedIds(entity, rule).includes(id)) hits.push({ rule, entity });
    }
  }
  return hits;
}

export interface DeleteOutcome {
  deleted: { kind: CollectionKind; id: string }[];
  detached: { kind: CollectionKind; id: string; field: string }[];
}

/**
 * Deletes an entity. Links are removed with it. Anything else that still refers to it makes the
 * delete fail with the list of referrers, unless `cascade` is set: then referrers that cannot exist
 * without it are deleted too (recursively) and the rest have the reference removed.
 */
export function deleteEntity(
  draft: Draft,
  kind: CollectionKind,
  id: string,
  cascade: boolean,
): DeleteOutcome {
  draft.require(kind, id);
  const outcome: DeleteOutcome = { deleted: [], detached: [] };
  const hits = referrersOf(draft, kind, id);
  const blocking = hits.filter((hit) => !hit.rule.owned);
  if (blocking.length > 0 && !cascade) {
    const names = blocking.map(
      (hit) => `${COLLECTIONS[hit.rule.from].label} ${hit.entity.id} (${hit.rule.field})`,
    );
    throw new ModelError(
      "referenced",
      `${COLLECTIONS[kind].label} ${id} is still referenced by ${names.join(", ")}; remove those references first or pass cascade: true`,
      {
        field: "id",
        value: id,
        referrers: blocking.map((hit) => ({ kind: hit.rule.from, id: hit.entity.id, field: hit.rule.field })),
      },
    );
  }
  draft.remove(kind, id);
  outcome.deleted.push({ kind, id });
  for (const hit of hits) {
    if (!draft.get(hit.rule.from, hit.entity.id)) continue; // already removed by an earlier cascade step
    if (hit.rule.onDelete === "delete") {
      const nested = deleteEntity(draft, hit.rule.from, hit.entity.id, true);
      outcome.deleted.push(...nested.deleted);
      outcome.detached.push(...nested.detached);
    } else {
      const current = draft.get(hit.rule.from, hit.entity.id)!;
      const record = current as unknown as Record<string, unknown>;
      const next = hit.rule.many
        ? { ...record, [hit.rule.field]: (record[hit.rule.field] as string[]).filter((ref) => ref !== id) }
        : Object.fromEntries(Object.entries(record).filter(([key]) => key !== hit.rule.field));
      draft.put(hit.rule.from, next as never);
      outcome.detached.push({ kind: hit.rule.from, id: hit.entity.id, field: hit.rule.field });
    }
  }
  return outcome;
}

/** Deletes every entity of the given kinds, detaching or cascading whatever else refers to them. */
export function clearKinds(draft: Draft, kinds: readonly CollectionKind[]): DeleteOutcome {
  const outcome: DeleteOutcome = { deleted: [], detached: [] };
  for (const kind of kinds) {
    for (const entity of draft.list(kind)) {
      if (!draft.get(kind, entity.id)) continue;
      const step = deleteEntity(draft, kind, entity.id, true);
      outcome.deleted.push(...step.deleted);
      outcome.detached.push(...step.detached);
    }
  }
  return outcome;
}

/** Fetches an entity for a read, or throws a not-found error naming the id. */
export function requireEntity<K extends CollectionKind>(
  model: ModelReader,
  kind: K,
  id: string,
): EntityByKind[K] {
  const found = model.get(kind, id);
  if (!found) {
    throw new ModelError("not_found", `id: no ${COLLECTIONS[kind].label} has id ${JSON.stringify(id)}`, {
      field: "id",
      value: id,
    });
  }
  return found;
}
