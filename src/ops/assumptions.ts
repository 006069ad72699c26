import * as z from "zod";
import type { Assumption } from "../domain/entities.js";
import { ThreatCategory } from "../domain/enums.js";
import { EntityId, Tag, optionalText, text, uniqueList } from "../domain/fields.js";
import type { Draft } from "../domain/model.js";
import { SCOPED } from "../domain/references.js";
import { LIMITS } from "../domain/limits.js";
import { DeleteInput, IdInput, compact, opt, patch } from "./input.js";
import { mutation, query } from "./operation.js";
import { deleteEntity, requireEntity, requireRefs } from "./references.js";
import { byNumericId } from "./sorting.js";

const fields = {
  impact: opt(optionalText(LIMITS.content)),
  rationale: opt(optionalText(LIMITS.content)),
  tags: opt(uniqueList(Tag, 50)),
  applies_to: opt(
    uniqueList(EntityId).describe(
      "Element ids it is about (components, data stores, connections, flows, crossing points)",
    ),
  ),
  excluded_categories: opt(
    uniqueList(ThreatCategory, 6).describe("STRIDE categories it rules out for those elements; empty = all"),
  ),
};

function checkScope(draft: Draft, assumption: Assumption) {
  requireRefs(draft, assumption.applies_to ?? [], SCOPED, "applies_to");
}

export const addAssumption = mutation(
  z.strictObject({
    description: text(LIMITS.content),
    category: text(LIMITS.name).describe("e.g. Infrastructure, Operations, Scope, Code Analysis"),
    ...fields,
  }),
  (draft, input) => {
    const assumption = compact({
      id: draft.newId("assumption"),
      numericId: draft.nextNumericId("assumption"),
      description: input.description,
      category: input.category,
      impact: input.impact ?? undefined,
      rationale: input.rationale ?? undefined,
      tags: input.tags ?? undefined,
      applies_to: input.applies_to ?? undefined,
      excluded_categories: input.excluded_categories ?? undefined,
    }) as Assumption;
    checkScope(draft, assumption);
    return draft.put("assumption", assumption);
  },
);

export const updateAssumption = mutation(
  z.strictObject({
    id: EntityId,
    description: opt(text(LIMITS.content)),
    category: opt(text(LIMITS.name)),
    ...fields,
  }),
  (draft, { id, ...changes }) => {
    const assumption = patch(draft.require("assumption", id), changes);
    checkScope(draft, assumption);
    return draft.put("assumption", assumption);
  },
);

export const listAssumptions = query(
  z.strictObject({ category: opt(z.string().max(LIMITS.name)) }),
  (model, input) =>
    model
      .list("assumption")
      .filter((a) => !input.category || a.category.toLowerCase() === input.category.trim().toLowerCase())
      .sort(byNumericId),
);

export const getAssumption = query(IdInput, (model, { id }) => requireEntity(model, "assumption", id));

export const deleteAssumption = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "assumption", id, cascade),
);
