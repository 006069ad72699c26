import * as z from "zod";
import { defaultThreatActors } from "../domain/defaults.js";
import type { ThreatActor } from "../domain/entities.js";
import { CapabilityLevel, Motivation, ResourceLevel, ThreatActorType } from "../domain/enums.js";
import { Description, EntityId, Name, boundedInt, uniqueList } from "../domain/fields.js";
import { DeleteInput, IdInput, NoInput, compact, opt, patch } from "./input.js";
import { mutation, query } from "./operation.js";
import { clearKinds, deleteEntity, requireEntity } from "./references.js";

const Priority = boundedInt(0, 10).describe("1 = highest, 10 = lowest, 0 = not ranked");
const Relevance = z.number().min(0).max(1);
const Motivations = uniqueList(Motivation, 20);

export const addThreatActor = mutation(
  z.strictObject({
    name: Name,
    type: ThreatActorType,
    capability_level: CapabilityLevel,
    motivations: Motivations.pipe(z.array(z.string()).min(1, { error: "give at least one motivation" })),
    resources: ResourceLevel,
    description: opt(Description),
    priority: Priority.default(0),
    relevance_score: Relevance.default(0.5),
    is_relevant: z.boolean().default(true),
  }),
  (draft, input) => {
    const actor = compact({
      id: draft.newId("threat_actor"),
      name: input.name,
      type: input.type,
      capability_level: input.capability_level,
      motivations: input.motivations,
      resources: input.resources,
      description: input.description ?? undefined,
      priority: input.priority,
      relevance_score: input.relevance_score,
      is_relevant: input.is_relevant,
      // Adding an actor is itself a decision about relevance.
      relevance_decided: true,
    }) as ThreatActor;
    return draft.put("threat_actor", actor);
  },
);

export const updateThreatActor = mutation(
  z.strictObject({
    id: EntityId,
    name: opt(Name),
    type: opt(ThreatActorType),
    capability_level: opt(CapabilityLevel),
    motivations: opt(Motivations),
    resources: opt(ResourceLevel),
    description: opt(Description),
    priority: opt(Priority),
    relevance_score: opt(Relevance),
    is_relevant: opt(z.boolean()),
  }),
  (draft, { id, ...changes }) => {
    const current = draft.require("threat_actor", id);
    const decided = changes.is_relevant !== undefined && changes.is_relevant !== null;
    return draft.put(
      "threat_actor",
      patch({ ...current, relevance_decided: current.relevance_decided || decided }, changes),
    );
  },
);

const ACTOR_ORDER = (a: ThreatActor, b: ThreatActor) =>
  (a.priority || 11) - (b.priority || 11) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const listThreatActors = query(
  z.strictObject({ type: opt(ThreatActorType), relevant_only: z.boolean().default(false) }),
  (model, input) =>
    model
      .list("threat_actor")
      .filter((a) => (!input.type || a.type === input.type) && (!input.relevant_only || a.is_relevant))
      .sort(ACTOR_ORDER),
);

export const getThreatActor = query(IdInput, (model, { id }) => requireEntity(model, "threat_actor", id));

export const deleteThreatActor = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "threat_actor", id, cascade),
);

export const setThreatActorRelevance = mutation(
  z.strictObject({ id: EntityId, is_relevant: z.boolean() }),
  (draft, { id, is_relevant }) =>
    draft.put("threat_actor", { ...draft.require("threat_actor", id), is_relevant, relevance_decided: true }),
);

export const setThreatActorPriority = mutation(
  z.strictObject({ id: EntityId, priority: boundedInt(1, 10).describe("1 = highest, 10 = lowest") }),
  (draft, { id, priority }) => draft.put("threat_actor", { ...draft.require("threat_actor", id), priority }),
);

export const resetThreatActors = mutation(NoInput, (draft) => {
  const outcome = clearKinds(draft, ["threat_actor"]);
  const restored = defaultThreatActors().map((actor) => draft.put("threat_actor", actor));
  return { removed: outcome.deleted.length, restored: restored.length };
});

export const clearThreatActors = mutation(NoInput, (draft) => clearKinds(draft, ["threat_actor"]));
