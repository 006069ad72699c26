import * as z from "zod";
import type { Mutation, Query } from "../../ops/operation.js";
import type { DeleteOutcome } from "../../ops/references.js";
import { formatEntity, formatList } from "../../render/format.js";
import {
  CREATE,
  DESTROY,
  DeleteOut,
  EntityOut,
  READ,
  UPDATE,
  defineTool,
  type ToolCategory,
} from "../tool.js";

interface Common {
  name: string;
  title: string;
  description: string;
  category: ToolCategory;
  /** Key of the entity in structured content, e.g. "component". */
  key: string;
  /** Human label, e.g. "Component". */
  label: string;
}

type Entity = { id: string };

export function addTool<I extends z.ZodType, O extends Entity>(spec: Common & { op: Mutation<I, O> }) {
  return defineTool({
    ...spec,
    output: z.object({ id: z.string(), [spec.key]: EntityOut }),
    annotations: CREATE,
    shape: (entity) => ({ id: entity.id, [spec.key]: entity }),
    render: (entity) => `${spec.label} added with ID: ${entity.id}\n${formatEntity(spec.label, entity)}`,
  });
}

export function updateTool<I extends z.ZodType, O extends Entity>(spec: Common & { op: Mutation<I, O> }) {
  return defineTool({
    ...spec,
    output: z.object({ [spec.key]: EntityOut }),
    annotations: UPDATE,
    shape: (entity) => ({ [spec.key]: entity }),
    render: (entity) => `${spec.label} ${entity.id} updated.\n${formatEntity(spec.label, entity)}`,
  });
}

export function getTool<I extends z.ZodType, O extends Entity>(spec: Common & { op: Query<I, O> }) {
  return defineTool({
    ...spec,
    output: z.object({ [spec.key]: EntityOut }),
    annotations: READ,
    shape: (entity) => ({ [spec.key]: entity }),
    render: (entity) => formatEntity(spec.label, entity),
  });
}

export function listTool<I extends z.ZodType, O extends Entity>(
  spec: Common & { op: Query<I, O[]>; plural: string },
) {
  return defineTool({
    ...spec,
    output: z.object({ [spec.plural]: z.array(EntityOut), count: z.number() }),
    annotations: READ,
    shape: (items) => ({ [spec.plural]: items, count: items.length }),
    render: (items) => formatList(`${spec.label}s`, items, `No ${spec.label.toLowerCase()}s match.`),
  });
}

export function describeOutcome(outcome: DeleteOutcome): string {
  const deleted = outcome.deleted.map((d) => `${d.kind} ${d.id}`).join(", ");
  const detached = outcome.detached.map((d) => `${d.kind} ${d.id} (${d.field})`).join(", ");
  return `Deleted: ${deleted || "nothing"}.${detached ? ` References removed from: ${detached}.` : ""}`;
}

export function deleteTool<I extends z.ZodType>(spec: Common & { op: Mutation<I, DeleteOutcome> }) {
  return defineTool({
    ...spec,
    output: DeleteOut,
    annotations: DESTROY,
    shape: (outcome) => ({ ...outcome }),
    render: describeOutcome,
  });
}

/** The five standard tools of an entity family (add, update, list, get, delete). */
export function crudTools<
  IA extends z.ZodType,
  IU extends z.ZodType,
  IL extends z.ZodType,
  IG extends z.ZodType,
  ID extends z.ZodType,
  E extends Entity,
>(spec: {
  category: ToolCategory;
  singular: string;
  plural: string;
  label: string;
  describe: { add: string; update: string; list: string; get: string; delete: string };
  ops: {
    add: Mutation<IA, E>;
    update: Mutation<IU, E>;
    list: Query<IL, E[]>;
    get: Query<IG, E>;
    delete: Mutation<ID, DeleteOutcome>;
  };
}) {
  const { category, singular, plural, label } = spec;
  const common = { category, key: singular, label };
  return [
    addTool({
      ...common,
      name: `add_${singular}`,
      title: `Add ${label.toLowerCase()}`,
      description: spec.describe.add,
      op: spec.ops.add,
    }),
    updateTool({
      ...common,
      name: `update_${singular}`,
      title: `Update ${label.toLowerCase()}`,
      description: spec.describe.update,
      op: spec.ops.update,
    }),
    listTool({
      ...common,
      name: `list_${plural}`,
      title: `List ${label.toLowerCase()}s`,
      description: spec.describe.list,
      op: spec.ops.list,
      plural,
    }),
    getTool({
      ...common,
      name: `get_${singular}`,
      title: `Get ${label.toLowerCase()}`,
      description: spec.describe.get,
      op: spec.ops.get,
    }),
    deleteTool({
      ...common,
      name: `delete_${singular}`,
      title: `Delete ${label.toLowerCase()}`,
      description: spec.describe.delete,
      op: spec.ops.delete,
    }),
  ];
}

/** A tool that changes many things at once (clear, reset) and reports counts. */
export function bulkTool<I extends z.ZodType, O extends object>(spec: {
  name: string;
  title: string;
  description: string;
  category: ToolCategory;
  op: Mutation<I, O>;
  render: (result: O) => string;
}) {
  return defineTool({
    ...spec,
    output: z.looseObject({}),
    annotations: DESTROY,
    shape: (result) => ({ ...(result as Record<string, unknown>) }),
  });
}
