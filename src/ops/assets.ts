import * as z from "zod";
import { defaultAssets } from "../domain/defaults.js";
import type { Asset, Flow } from "../domain/entities.js";
import {
  AssetClassification,
  AssetType,
  ControlType,
  LifecycleState,
  TransformationType,
} from "../domain/enums.js";
import {
  Description,
  EntityId,
  JsonObject,
  Name,
  boundedInt,
  optionalText,
  uniqueList,
} from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import { DeleteInput, IdInput, NoInput, compact, opt, patch } from "./input.js";
import { mutation, query } from "./operation.js";
import { clearKinds, deleteEntity, requireEntity, requireRef } from "./references.js";
import { byId, byName } from "./sorting.js";

// ---- assets ----------------------------------------------------------------------------------

const Score = boundedInt(1, 5);
const assetFields = {
  lifecycle_state: opt(LifecycleState),
  description: opt(Description),
  owner: opt(optionalText(LIMITS.name)),
  sensitivity: opt(Score),
  criticality: opt(Score),
  metadata: opt(JsonObject),
};

export const addAsset = mutation(
  z.strictObject({ name: Name, type: AssetType, classification: AssetClassification, ...assetFields }),
  (draft, input) => {
    const asset = compact({
      id: draft.newId("asset"),
      name: input.name,
      type: input.type,
      classification: input.classification,
      lifecycle_state: input.lifecycle_state ?? undefined,
      description: input.description ?? undefined,
      owner: input.owner ?? undefined,
      sensitivity: input.sensitivity ?? undefined,
      criticality: input.criticality ?? undefined,
      metadata: input.metadata ?? undefined,
    }) as Asset;
    return draft.put("asset", asset);
  },
);

export const updateAsset = mutation(
  z.strictObject({
    id: EntityId,
    name: opt(Name),
    type: opt(AssetType),
    classification: opt(AssetClassification),
    ...assetFields,
  }),
  (draft, { id, ...changes }) => draft.put("asset", patch(draft.require("asset", id), changes)),
);

export const listAssets = query(
  z.strictObject({ type: opt(AssetType), classification: opt(AssetClassification) }),
  (model, input) =>
    model
      .list("asset")
      .filter(
        (a) =>
          (!input.type || a.type === input.type) &&
          (!input.classification || a.classification === input.classification),
      )
      .sort(byName),
);

export const getAsset = query(IdInput, (model, { id }) => {
  const asset = requireEntity(model, "asset", id);
  const flows = model
    .list("flow")
    .filter((flow) => flow.asset_id === id)
    .sort(byId);
  return { ...asset, flows };
});

export const deleteAsset = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "asset", id, cascade),
);

// ---- flows -----------------------------------------------------------------------------------

const ENDPOINT = ["component", "data_store", "trust_zone"] as const;
const flowFields = {
  transformation_type: opt(TransformationType),
  controls: opt(uniqueList(ControlType, 20)),
  description: opt(Description),
  protocol: opt(optionalText(LIMITS.smallText)),
  risk_level: opt(boundedInt(1, 5)),
};

export const addFlow = mutation(
  z.strictObject({
    asset_id: EntityId,
    source_id: EntityId.describe("Component, data store or trust zone id"),
    destination_id: EntityId.describe("Component, data store or trust zone id"),
    ...flowFields,
    encryption: z.boolean().default(false),
    authenticated: z.boolean().default(false),
    authorized: z.boolean().default(false),
    validated: z.boolean().default(false),
  }),
  (draft, input) => {
    draft.require("asset", input.asset_id, "asset_id");
    requireRef(draft, input.source_id, ENDPOINT, "source_id");
    requireRef(draft, input.destination_id, ENDPOINT, "destination_id");
    const flow = compact({
      id: draft.newId("flow"),
      asset_id: input.asset_id,
      source_id: input.source_id,
      destination_id: input.destination_id,
      transformation_type: input.transformation_type ?? undefined,
      controls: input.controls ?? [],
      description: input.description ?? undefined,
      protocol: input.protocol ?? undefined,
      encryption: input.encryption,
      authenticated: input.authenticated,
      authorized: input.authorized,
      validated: input.validated,
      risk_level: input.risk_level ?? undefined,
    }) as Flow;
    return draft.put("flow", flow);
  },
);

export const updateFlow = mutation(
  z.strictObject({
    id: EntityId,
    asset_id: opt(EntityId),
    source_id: opt(EntityId),
    destination_id: opt(EntityId),
    ...flowFields,
    encryption: opt(z.boolean()),
    authenticated: opt(z.boolean()),
    authorized: opt(z.boolean()),
    validated: opt(z.boolean()),
  }),
  (draft, { id, ...changes }) => {
    const current = draft.require("flow", id);
    if (changes.asset_id) draft.require("asset", changes.asset_id, "asset_id");
    if (changes.source_id) requireRef(draft, changes.source_id, ENDPOINT, "source_id");
    if (changes.destination_id) requireRef(draft, changes.destination_id, ENDPOINT, "destination_id");
    return draft.put("flow", patch(current, changes));
  },
);

export const listFlows = query(
  z.strictObject({ asset_id: opt(EntityId), component_id: opt(EntityId) }),
  (model, input) =>
    model
      .list("flow")
      .filter(
        (f) =>
          (!input.asset_id || f.asset_id === input.asset_id) &&
          (!input.component_id ||
            f.source_id === input.component_id ||
            f.destination_id === input.component_id),
      )
      .sort(byId),
);

export const getFlow = query(IdInput, (model, { id }) => requireEntity(model, "flow", id));

export const deleteFlow = mutation(DeleteInput, (draft, { id, cascade }) =>
  deleteEntity(draft, "flow", id, cascade),
);

export const clearAssetFlows = mutation(NoInput, (draft) => clearKinds(draft, ["flow", "asset"]));

export const resetAssetFlows = mutation(NoInput, (draft) => {
  const outcome = clearKinds(draft, ["flow", "asset"]);
  const restored = defaultAssets().map((asset) => draft.put("asset", asset));
  return { removed: outcome.deleted.length, restored: restored.length, detached: outcome.detached.length };
});
