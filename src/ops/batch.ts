import * as z from "zod";
import { ModelError, isModelError, showValue } from "../domain/errors.js";
import { EntityId } from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import type { Draft } from "../domain/model.js";
import { REFERENCES } from "../domain/references.js";
import { parseOrThrow } from "../domain/validate.js";
import { ENTITY_OPS, type EntityKind } from "./entity-ops.js";
import { opt } from "./input.js";
import { mutation, type Mutation } from "./operation.js";

/**
 * Re-throws a refusal at another place: under `path` ("name: ..." becomes "components[3].name: ..."),
 * or, with `replace`, as `path` itself ("threat_id: ..." becomes "mitigations[0].threat_ids[2]: ...").
 */
export function relocate(error: unknown, path: string, replace = false): never {
  if (!isModelError(error)) throw error;
  const field = error.details.field;
  const target = field && !replace ? `${path}.${field}` : path;
  const body =
    field && error.message.startsWith(`${field}:`)
      ? error.message.slice(field.length + 1).trimStart()
      : error.message;
  throw new ModelError(error.code, `${target}: ${body}`, { ...error.details, field: target });
}

/** Something an item can ask for besides its own fields, done after the item is saved (e.g. links). */
export interface ItemExtra {
  schema: z.ZodType;
  /** Runs after the item is created or updated (refs resolved); refusals name `path`. */
  apply(draft: Draft, id: string, value: never, path: string): void;
  /** The value holds ids (refs are resolved in them). */
  ids?: boolean;
}

/** One array of an upsert: the items of one kind. */
export interface UpsertPart {
  /** The array's key in the input, e.g. "components". */
  key: string;
  kind: EntityKind;
  extras?: Record<string, ItemExtra>;
}

/** How items work, said once in the upsert tools' descriptions rather than on every item field. */
export const UPSERT_RULES =
  "Items with id are updated (omitted fields stay), others created; ref names an item for later items to use as id. All or nothing.";

/**
 * The schema of one item: the update operation's fields with `id` optional, plus `ref` and extras.
 * Creating items are re-checked against the add operation (its required fields and defaults).
 */
export function itemSchema(part: UpsertPart) {
  const ops = ENTITY_OPS[part.kind];
  const extras = Object.fromEntries(
    Object.entries(part.extras ?? {}).map(([key, extra]) => [key, opt(extra.schema)]),
  );
  // Update fields, with the add operation's description where the update field has none.
  const addShape = ops.add.input.shape as Record<string, z.ZodType>;
  const fields = Object.fromEntries(
    Object.entries(ops.update.input.shape as Record<string, z.ZodType>).map(([key, schema]) => {
      const described = addShape[key]?.description;
      return [key, schema.description === undefined && described ? schema.describe(described) : schema];
    }),
  );
  return z.strictObject({ ...fields, id: opt(EntityId), ref: opt(EntityId), ...extras });
}

/** Fields of `kind` that hold ids, where refs are replaced by real ids. */
function idFields(part: UpsertPart): string[] {
  const fromRules = REFERENCES.filter((rule) => rule.from === part.kind).map((rule) => rule.field);
  const fromExtras = Object.entries(part.extras ?? {})
    .filter(([, extra]) => extra.ids)
    .map(([key]) => key);
  return ["id", ...fromRules, ...fromExtras];
}

function resolveRefs(item: Record<string, unknown>, fields: string[], refs: Map<string, string>) {
  const swap = (value: unknown) => (typeof value === "string" ? (refs.get(value) ?? value) : value);
  const out = { ...item };
  for (const field of fields) {
    const value = out[field];
    if (Array.isArray(value)) out[field] = value.map(swap);
    else if (value !== undefined && value !== null) out[field] = swap(value);
  }
  return out;
}

export interface UpsertResult {
  /** Ids of each array's items, in item order. */
  ids: Record<string, string[]>;
  created: number;
  updated: number;
  refs: Record<string, string>;
}

type Item = Record<string, unknown>;

function applyItem(
  draft: Draft,
  part: UpsertPart,
  raw: Item,
  where: string,
  refs: Map<string, string>,
  refOwners: Map<string, string>,
): { id: string; created: boolean } {
  const ops = ENTITY_OPS[part.kind];
  const { ref, ...rest } = raw;
  if (typeof ref === "string") {
    const owner = refOwners.get(ref);
    if (owner !== undefined) {
      throw new ModelError("conflict", `${where}.ref: ${showValue(ref)} is already the ref of ${owner}`, {
        field: `${where}.ref`,
        value: ref,
      });
    }
    if (draft.kindOf(ref) !== undefined) {
      throw new ModelError(
        "conflict",
        `${where}.ref: ${showValue(ref)} is already an id in the model; choose a ref that is not an id`,
        { field: `${where}.ref`, value: ref },
      );
    }
  }
  const resolved = resolveRefs(rest, idFields(part), refs);
  const extraKeys = Object.keys(part.extras ?? {});
  const fields = Object.fromEntries(Object.entries(resolved).filter(([key]) => !extraKeys.includes(key)));
  const created = fields.id === undefined || fields.id === null;
  const { id: _none, ...createFields } = fields;
  // Parse errors already carry the item's path; refusals of the operation itself are moved under it.
  const op = created ? ops.add : ops.update;
  const parsed = parseOrThrow(op.input, created ? createFields : fields, where);
  let id: string;
  try {
    id = op.apply(draft, parsed).id;
  } catch (error) {
    relocate(error, where);
  }
  for (const [key, extra] of Object.entries(part.extras ?? {})) {
    const value = resolved[key];
    if (value === undefined || value === null) continue;
    extra.apply(draft, id, value as never, `${where}.${key}`);
  }
  if (typeof ref === "string") {
    refs.set(ref, id);
    refOwners.set(ref, where);
  }
  return { id, created };
}

/**
 * A batch upsert over one or more kinds, as ONE mutation: items without an id are created with the
 * kind's add operation, items with an id are updated with its update operation, in the order of
 * `parts` and then of the items. Any refusal names the item and field and changes nothing.
 */
export function upsertBatch(parts: readonly UpsertPart[]): Mutation<z.ZodType, UpsertResult> {
  const shape = Object.fromEntries(
    parts.map((part) => [
      part.key,
      opt(
        z
          .array(itemSchema(part))
          .max(LIMITS.listItems, { error: () => `has more than ${LIMITS.listItems} items` }),
      ),
    ]),
  );
  const keys = parts.map((p) => p.key);
  const input = z.strictObject(shape).check(
    z.refine((value: Record<string, unknown[] | null | undefined>) => keys.some((k) => value[k]?.length), {
      error: () => `give at least one item in ${keys.join(" or ")}`,
    }),
  );
  return mutation(input, (draft, value) => {
    const given = value as Record<string, Item[] | null | undefined>;
    const refs = new Map<string, string>();
    const refOwners = new Map<string, string>();
    const result: UpsertResult = { ids: {}, created: 0, updated: 0, refs: {} };
    for (const part of parts) {
      const items = given[part.key];
      if (!items || items.length === 0) continue;
      result.ids[part.key] = items.map((item, index) => {
        const outcome = applyItem(draft, part, item, `${part.key}[${index}]`, refs, refOwners);
        if (outcome.created) result.created++;
        else result.updated++;
        return outcome.id;
      });
    }
    result.refs = Object.fromEntries(refs);
    return result;
  });
}
