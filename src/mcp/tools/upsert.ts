import * as z from "zod";
import { UPSERT_RULES, type UpsertResult } from "../../ops/batch.js";
import type { Mutation } from "../../ops/operation.js";
import * as ops from "../../ops/upserts.js";
import { CREATE, defineTool, type ToolCategory } from "../tool.js";

function renderUpsert(result: UpsertResult): string {
  const refOf = new Map(Object.entries(result.refs).map(([ref, id]) => [id, ref]));
  const lines = [`Saved: ${result.created} created, ${result.updated} updated. Ids in item order:`];
  for (const [key, ids] of Object.entries(result.ids)) {
    const shown = ids.map((id) => (refOf.has(id) ? `${refOf.get(id)}=${id}` : id));
    lines.push(`${key}: ${shown.join(", ")}`);
  }
  return lines.join("\n");
}

/** A batch upsert tool: arrays of items per kind, created or updated in one all-or-nothing change. */
function upsertTool(spec: {
  name: string;
  title: string;
  description: string;
  category: ToolCategory;
  keys: string[];
  op: Mutation<z.ZodType, UpsertResult>;
}) {
  const { keys, ...rest } = spec;
  return defineTool({
    ...rest,
    output: z.object({
      ...Object.fromEntries(keys.map((key) => [key, z.array(z.string()).optional()])),
      created: z.number(),
      updated: z.number(),
      refs: z.record(z.string(), z.string()),
    }),
    annotations: CREATE,
    shape: (result) => ({
      ...result.ids,
      created: result.created,
      updated: result.updated,
      refs: result.refs,
    }),
    render: renderUpsert,
  });
}

const HOW = UPSERT_RULES;
const SAME = "Items work as in upsert_architecture.";

export const upsertTools = [
  upsertTool({
    name: "upsert_architecture",
    title: "Save components, data stores, connections",
    description: `Create or update components, data stores and connections in one call. ${HOW}`,
    category: "architecture",
    keys: ["components", "data_stores", "connections"],
    op: ops.upsertArchitecture,
  }),
  upsertTool({
    name: "upsert_threat_actors",
    title: "Save threat actors",
    description: `Create or update threat actors; decide relevance with is_relevant. ${SAME}`,
    category: "threat-actors",
    keys: ["threat_actors"],
    op: ops.upsertThreatActors,
  }),
  upsertTool({
    name: "upsert_trust",
    title: "Save trust zones, crossing points, boundaries",
    description: `Create or update trust zones, crossing points and trust boundaries. ${SAME} Place elements in zones with link.`,
    category: "trust-boundaries",
    keys: ["trust_zones", "crossing_points", "trust_boundaries"],
    op: ops.upsertTrust,
  }),
  upsertTool({
    name: "upsert_assets",
    title: "Save assets and flows",
    description: `Create or update assets and the flows that carry them. ${SAME}`,
    category: "assets-flows",
    keys: ["assets", "flows"],
    op: ops.upsertAssets,
  }),
  upsertTool({
    name: "upsert_threats",
    title: "Save threats and mitigations",
    description: `Create or update threats (Threat Composer grammar; the statement is composed) and mitigations; a mitigation's threat_ids adds links. ${SAME}`,
    category: "threats",
    keys: ["threats", "mitigations"],
    op: ops.upsertThreats,
  }),
  upsertTool({
    name: "upsert_assumptions",
    title: "Save assumptions",
    description: `Create or update assumptions; link them to threats or mitigations with link. ${SAME}`,
    category: "assumptions",
    keys: ["assumptions"],
    op: ops.upsertAssumptions,
  }),
];
