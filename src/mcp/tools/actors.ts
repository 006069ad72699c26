import * as ops from "../../ops/actors.js";
import { bulkTool, crudTools, describeOutcome, updateTool } from "./crud.js";

const actor = { category: "threat-actors", key: "threat_actor", label: "Threat actor" } as const;

export const actorTools = [
  ...crudTools({
    category: "threat-actors",
    singular: "threat_actor",
    plural: "threat_actors",
    label: "Threat actor",
    describe: {
      add: "Add a threat actor (type, capability, motivations, resources). Counts as a relevance decision.",
      update: "Change fields of a threat actor.",
      list: "List threat actors by priority; filter by type or relevant_only.",
      get: "Get one threat actor.",
      delete: "Delete a threat actor.",
    },
    ops: {
      add: ops.addThreatActor,
      update: ops.updateThreatActor,
      list: ops.listThreatActors,
      get: ops.getThreatActor,
      delete: ops.deleteThreatActor,
    },
  }),
  updateTool({
    ...actor,
    name: "set_threat_actor_relevance",
    title: "Set threat actor relevance",
    description:
      "Record whether an actor is relevant to this system (phase 3 needs a decision for every actor).",
    op: ops.setThreatActorRelevance,
  }),
  updateTool({
    ...actor,
    name: "set_threat_actor_priority",
    title: "Set threat actor priority",
    description: "Rank an actor from 1 (most important) to 10.",
    op: ops.setThreatActorPriority,
  }),
  bulkTool({
    name: "reset_threat_actors",
    title: "Reset threat actors",
    description: "Replace all threat actors with the 10 defaults (relevance undecided).",
    category: "threat-actors",
    op: ops.resetThreatActors,
    render: (r) => `Threat actors reset: ${r.removed} removed, ${r.restored} defaults restored.`,
  }),
  bulkTool({
    name: "clear_threat_actors",
    title: "Clear threat actors",
    description: "Delete every threat actor (defaults do not come back; use reset_threat_actors for that).",
    category: "threat-actors",
    op: ops.clearThreatActors,
    render: describeOutcome,
  }),
];
