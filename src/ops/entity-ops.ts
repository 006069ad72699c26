import type * as z from "zod";
import type { CollectionKind } from "../domain/kinds.js";
import * as actors from "./actors.js";
import * as architecture from "./architecture.js";
import * as assets from "./assets.js";
import * as assumptions from "./assumptions.js";
import type { Mutation, Query } from "./operation.js";
import type { DeleteOutcome } from "./references.js";
import * as threats from "./threats.js";
import * as trust from "./trust.js";

// The registry holds operations of different input types; callers parse input with each op's own schema.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyObjectMutation<O> = Mutation<z.ZodObject<any>, O>;
type AnyObjectQuery<O> = Query<z.ZodObject<any>, O>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** The five standard operations of one entity kind. */
export interface EntityOps {
  add: AnyObjectMutation<{ id: string }>;
  update: AnyObjectMutation<{ id: string }>;
  list: AnyObjectQuery<{ id: string }[]>;
  get: AnyObjectQuery<{ id: string }>;
  delete: AnyObjectMutation<DeleteOutcome>;
}

/** Kinds a user creates and edits directly (links are made with the link operations). */
export const ENTITY_KINDS = [
  "component",
  "data_store",
  "connection",
  "threat_actor",
  "trust_zone",
  "crossing_point",
  "trust_boundary",
  "asset",
  "flow",
  "threat",
  "mitigation",
  "assumption",
] as const satisfies readonly CollectionKind[];
export type EntityKind = (typeof ENTITY_KINDS)[number];

export function isEntityKind(kind: string | undefined): kind is EntityKind {
  return (ENTITY_KINDS as readonly string[]).includes(kind ?? "");
}

/** Every kind's operations, so batch and generic tools call exactly what the per-kind tools call. */
export const ENTITY_OPS: Record<EntityKind, EntityOps> = {
  component: {
    add: architecture.addComponent,
    update: architecture.updateComponent,
    list: architecture.listComponents,
    get: architecture.getComponent,
    delete: architecture.deleteComponent,
  },
  data_store: {
    add: architecture.addDataStore,
    update: architecture.updateDataStore,
    list: architecture.listDataStores,
    get: architecture.getDataStore,
    delete: architecture.deleteDataStore,
  },
  connection: {
    add: architecture.addConnection,
    update: architecture.updateConnection,
    list: architecture.listConnections,
    get: architecture.getConnection,
    delete: architecture.deleteConnection,
  },
  threat_actor: {
    add: actors.addThreatActor,
    update: actors.updateThreatActor,
    list: actors.listThreatActors,
    get: actors.getThreatActor,
    delete: actors.deleteThreatActor,
  },
  trust_zone: {
    add: trust.addTrustZone,
    update: trust.updateTrustZone,
    list: trust.listTrustZones,
    get: trust.getTrustZone,
    delete: trust.deleteTrustZone,
  },
  crossing_point: {
    add: trust.addCrossingPoint,
    update: trust.updateCrossingPoint,
    list: trust.listCrossingPoints,
    get: trust.getCrossingPoint,
    delete: trust.deleteCrossingPoint,
  },
  trust_boundary: {
    add: trust.addTrustBoundary,
    update: trust.updateTrustBoundary,
    list: trust.listTrustBoundaries,
    get: trust.getTrustBoundary,
    delete: trust.deleteTrustBoundary,
  },
  asset: {
    add: assets.addAsset,
    update: assets.updateAsset,
    list: assets.listAssets,
    get: assets.getAsset,
    delete: assets.deleteAsset,
  },
  flow: {
    add: assets.addFlow,
    update: assets.updateFlow,
    list: assets.listFlows,
    get: assets.getFlow,
    delete: assets.deleteFlow,
  },
  threat: {
    add: threats.addThreat,
    update: threats.updateThreat,
    list: threats.listThreats,
    get: threats.getThreat,
    delete: threats.deleteThreat,
  },
  mitigation: {
    add: threats.addMitigation,
    update: threats.updateMitigation,
    list: threats.listMitigations,
    get: threats.getMitigation,
    delete: threats.deleteMitigation,
  },
  assumption: {
    add: assumptions.addAssumption,
    update: assumptions.updateAssumption,
    list: assumptions.listAssumptions,
    get: assumptions.getAssumption,
    delete: assumptions.deleteAssumption,
  },
};
