import { invoke } from "../../src/ops/operation.js";
import { addComponent, addConnection, addDataStore } from "../../src/ops/architecture.js";
import { addAsset, addFlow } from "../../src/ops/assets.js";
import { addAssumption } from "../../src/ops/assumptions.js";
import { addMitigation, addThreat, linkMitigationToThreat } from "../../src/ops/threats.js";
import { addComponentToZone, addConnectionToCrossing } from "../../src/ops/trust.js";
import type { ModelStore } from "../../src/store/store.js";

/**
 * A small model with one of every kind and references between them (zone placement, a
 * connection in a crossing point, a flow, threats with a linked mitigation, a scoped assumption),
 * so random calls find ids of every kind to act on.
 */
export async function seedModel(store: ModelStore): Promise<void> {
  const ctx = { store };
  const api = await invoke(addComponent, ctx, { name: "Orders API", type: "Compute", code_paths: ["src"] });
  const web = await invoke(addComponent, ctx, { name: "Web", type: "Compute", tags: ["internet-facing"] });
  const db = await invoke(addDataStore, ctx, {
    name: "Orders DB",
    type: "Relational",
    classification: "Confidential",
    encryption_at_rest: false,
  });
  const link = await invoke(addConnection, ctx, {
    source_id: api.id,
    destination_id: db.id,
    protocol: "TCP",
    port: 5432,
    encryption: false,
  });
  await invoke(addComponentToZone, ctx, { zone_id: "TZ001", component_id: web.id });
  await invoke(addConnectionToCrossing, ctx, { crossing_point_id: "CP001", connection_id: link.id });
  const asset = await invoke(addAsset, ctx, {
    name: "Card data",
    type: "Data",
    classification: "Restricted",
  });
  const flow = await invoke(addFlow, ctx, { asset_id: asset.id, source_id: web.id, destination_id: api.id });
  const threat = await invoke(addThreat, ctx, {
    threat_source: "remote attacker",
    prerequisites: "with network access",
    threat_action: "inject SQL into the order lookup",
    threat_impact: "reading every order",
    category: "Tampering",
    severity: "High",
    affected_components: [api.id, db.id],
    affected_flows: [flow.id],
  });
  await invoke(addThreat, ctx, {
    threat_source: "insider",
    prerequisites: "with database credentials",
    threat_action: "read card data",
    threat_impact: "a data breach",
    category: "Information Disclosure",
    affected_components: [db.id],
  });
  const mitigation = await invoke(addMitigation, ctx, { content: "Use parameterized queries" });
  await invoke(linkMitigationToThreat, ctx, { mitigation_id: mitigation.id, threat_id: threat.id });
  await invoke(addAssumption, ctx, {
    description: "The database is reachable from the API only",
    category: "Infrastructure",
    applies_to: [db.id],
  });
}
