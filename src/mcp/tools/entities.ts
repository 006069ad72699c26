import * as z from "zod";
import { COLLECTIONS } from "../../domain/kinds.js";
import * as ops from "../../ops/entities.js";
import { formatEntity, formatList } from "../../render/format.js";
import { CREATE, DESTROY, DeleteOut, EntityOut, READ, defineTool } from "../tool.js";
import { describeOutcome } from "./crud.js";

const labelOf = (kind: keyof typeof COLLECTIONS) => {
  const label = COLLECTIONS[kind].label;
  return label.charAt(0).toUpperCase() + label.slice(1);
};

/** Kind-generic tools of the compact toolset: each calls the kind's own operation. */
export const entityTools = [
  defineTool({
    name: "list_entities",
    title: "List entities",
    description: "List the entities of one kind, with the filters that kind has (e.g. threat: severity).",
    category: "model",
    op: ops.listEntities,
    output: z.object({ kind: z.string(), count: z.number(), items: z.array(EntityOut) }),
    annotations: READ,
    shape: (r) => ({ kind: r.kind, count: r.items.length, items: r.items }),
    render: (r) => formatList(`${labelOf(r.kind)}s`, r.items, `No ${COLLECTIONS[r.kind].label}s match.`),
  }),
  defineTool({
    name: "get_entity",
    title: "Get entity",
    description: "Get any entity by id, with its links (kind found from the id).",
    category: "model",
    op: ops.getEntity,
    output: z.object({ kind: z.string(), entity: EntityOut }),
    annotations: READ,
    shape: (r) => ({ kind: r.kind, entity: r.entity }),
    render: (r) => formatEntity(labelOf(r.kind), r.entity),
  }),
  defineTool({
    name: "delete_entities",
    title: "Delete entities",
    description: "Delete entities by id, all or nothing. Referenced ones are refused unless cascade is true.",
    category: "model",
    op: ops.deleteEntities,
    output: DeleteOut,
    annotations: DESTROY,
    shape: (r) => ({ ...r }),
    render: describeOutcome,
  }),
  defineTool({
    name: "link",
    title: "Link entities",
    description: "Link pairs of entities; kinds come from the ids. Repeating a link is harmless.",
    category: "model",
    op: ops.linkEntities,
    output: z.object({ count: z.number() }),
    annotations: { ...CREATE, idempotentHint: true },
    shape: (r) => ({ ...r }),
    render: (r) => `Linked ${r.count} pair${r.count === 1 ? "" : "s"}.`,
  }),
  defineTool({
    name: "unlink",
    title: "Unlink entities",
    description: "Remove links made with link (same pairs), all or nothing.",
    category: "model",
    op: ops.unlinkEntities,
    output: z.object({ count: z.number() }),
    annotations: DESTROY,
    shape: (r) => ({ ...r }),
    render: (r) => `Unlinked ${r.count} pair${r.count === 1 ? "" : "s"}.`,
  }),
];
