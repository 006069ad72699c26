import { EntityId, uniqueList } from "../domain/fields.js";
import type { Draft } from "../domain/model.js";
import { relocate, upsertBatch } from "./batch.js";
import { linkMitigationToThreat } from "./threats.js";

/** Adds mitigation→threat links for a mitigation item (existing links stay; unlink removes). */
const threatLinks = {
  schema: uniqueList(EntityId).describe("Threats it addresses (links are added, never removed)"),
  ids: true,
  apply(draft: Draft, id: string, threatIds: string[], path: string) {
    threatIds.forEach((threat_id, index) => {
      try {
        linkMitigationToThreat.apply(draft, { mitigation_id: id, threat_id });
      } catch (error) {
        relocate(error, `${path}[${index}]`, true);
      }
    });
  },
};

/** Batch upserts by family: kinds that refer to each other share a call, so refs can cross them. */
export const upsertArchitecture = upsertBatch([
  { key: "components", kind: "component" },
  { key: "data_stores", kind: "data_store" },
  { key: "connections", kind: "connection" },
]);

export const upsertThreatActors = upsertBatch([{ key: "threat_actors", kind: "threat_actor" }]);

export const upsertTrust = upsertBatch([
  { key: "trust_zones", kind: "trust_zone" },
  { key: "crossing_points", kind: "crossing_point" },
  { key: "trust_boundaries", kind: "trust_boundary" },
]);

export const upsertAssets = upsertBatch([
  { key: "assets", kind: "asset" },
  { key: "flows", kind: "flow" },
]);

export const upsertThreats = upsertBatch([
  { key: "threats", kind: "threat" },
  { key: "mitigations", kind: "mitigation", extras: { threat_ids: threatLinks } },
]);

export const upsertAssumptions = upsertBatch([{ key: "assumptions", kind: "assumption" }]);
