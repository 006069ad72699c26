import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";
import { expectRefused } from "../helpers/refuse.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect();
});
afterEach(() => s.close());

describe("threat actors", () => {
  it("start with the ten defaults, undecided", async () => {
    const listed = await s.ok("list_threat_actors", {});
    expect(listed.count).toBe(10);
    expect(listed.threat_actors[0]).toMatchObject({
      id: "TA003",
      priority: 1,
      relevance_decided: false,
      is_default: true,
    });
  });

  it("add, update, set relevance and priority, get, delete", async () => {
    const added = await s.ok("add_threat_actor", {
      name: "Fraud ring",
      type: "organized crime",
      capability_level: "high",
      motivations: ["financial", "Financial"],
      resources: "extensive",
    });
    expect(added.threat_actor).toMatchObject({
      motivations: ["Financial"],
      relevance_score: 0.5,
      priority: 0,
      relevance_decided: true,
    });
    expect(
      (await s.ok("update_threat_actor", { id: added.id, relevance_score: 0.9 })).threat_actor
        .relevance_score,
    ).toBe(0.9);
    const decided = await s.ok("set_threat_actor_relevance", { id: "TA007", is_relevant: false });
    expect(decided.threat_actor).toMatchObject({ is_relevant: false, relevance_decided: true });
    expect(
      (await s.ok("set_threat_actor_priority", { id: "TA007", priority: 2 })).threat_actor.priority,
    ).toBe(2);
    expect((await s.ok("list_threat_actors", { relevant_only: true })).count).toBe(10);
    expect((await s.ok("list_threat_actors", { type: "Script Kiddie" })).count).toBe(1);
    expect((await s.ok("get_threat_actor", { id: added.id })).threat_actor.name).toBe("Fraud ring");
    await s.ok("delete_threat_actor", { id: added.id });
    expect((await s.ok("list_threat_actors", {})).count).toBe(10);
  });

  it("validate ranges and enums", async () => {
    await expectRefused(
      s,
      "set_threat_actor_priority",
      { id: "TA001", priority: 11 },
      /priority: 11 is above the maximum 10/,
    );
    await expectRefused(s, "set_threat_actor_priority", { id: "TA001", priority: 0 }, /below the minimum 1/);
    await expectRefused(s, "update_threat_actor", { id: "TA001", relevance_score: 1.5 }, /relevance_score/);
    await expectRefused(
      s,
      "add_threat_actor",
      { name: "X", type: "Alien", capability_level: "Low", motivations: ["Fun"], resources: "Limited" },
      /"Alien" is not a valid ThreatActorType.*"Fun" is not a valid Motivation/s,
    );
    await expectRefused(
      s,
      "set_threat_actor_relevance",
      { id: "TA999", is_relevant: true },
      /no threat actor has id "TA999"/,
    );
  });

  it("clear really clears and reset restores the defaults", async () => {
    await s.ok("clear_threat_actors", {});
    expect((await s.ok("list_threat_actors", {})).count).toBe(0);
    expect((await s.ok("list_threat_actors", {})).count).toBe(0);
    const reset = await s.ok("reset_threat_actors", {});
    expect(reset).toMatchObject({ removed: 0, restored: 10 });
    expect((await s.ok("list_threat_actors", {})).count).toBe(10);
  });
});

describe("trust zones, crossing points and boundaries", () => {
  it("place components in exactly one zone", async () => {
    const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
    const zone = await s.ok("add_trust_zone", {
      name: "Payments",
      trust_level: "high",
      description: "PCI scope",
    });
    expect(zone.trust_zone).toMatchObject({ trust_level: "High", contained_components: [] });
    const placed = await s.ok("add_component_to_zone", { zone_id: zone.id, component_id: api });
    expect(placed.trust_zone.contained_components).toEqual([api]);
    await s.ok("add_component_to_zone", { zone_id: zone.id, component_id: api });
    await expectRefused(
      s,
      "add_component_to_zone",
      { zone_id: "TZ003", component_id: api },
      new RegExp(`already in trust zone ${zone.id}`),
    );
    await expectRefused(
      s,
      "add_component_to_zone",
      { zone_id: "TZ003", component_id: "C-GHOST0" },
      /component_id: no component or data store/,
    );
    await expectRefused(
      s,
      "remove_component_from_zone",
      { zone_id: "TZ003", component_id: api },
      /is not in trust zone TZ003/,
    );
    expect((await s.ok("get_trust_zone", { id: zone.id })).trust_zone.contained_components).toEqual([api]);
    expect((await s.ok("update_trust_zone", { id: zone.id, name: "Cardholder" })).trust_zone.name).toBe(
      "Cardholder",
    );
    await expectRefused(
      s,
      "delete_trust_zone",
      { id: zone.id },
      new RegExp(`referenced by component ${api}`),
    );
    await s.ok("remove_component_from_zone", { zone_id: zone.id, component_id: api });
    await s.ok("delete_trust_zone", { id: zone.id });
    const levels = (await s.ok("list_trust_zones", {})).trust_zones.map(
      (z: { trust_level: string }) => z.trust_level,
    );
    expect(levels).toEqual(["Untrusted", "Low", "Medium", "High", "Full"]);
    expect((await s.ok("list_trust_zones", { trust_level: "Full" })).count).toBe(1);
  });

  it("manage crossing points and their connections", async () => {
    const a = (await s.ok("add_component", { name: "A", type: "Compute" })).id;
    const b = (await s.ok("add_component", { name: "B", type: "Compute" })).id;
    const connection = (await s.ok("add_connection", { source_id: a, destination_id: b })).id;
    const cp = await s.ok("add_crossing_point", {
      source_zone_id: "TZ001",
      destination_zone_id: "TZ003",
      authentication_method: "oauth",
      authorization_method: "role based",
    });
    expect(cp.crossing_point).toMatchObject({
      authentication_method: "OAuth",
      authorization_method: "Role-based",
    });
    await expectRefused(
      s,
      "add_crossing_point",
      { source_zone_id: "TZ001", destination_zone_id: "TZ001" },
      /two different zones/,
    );
    await expectRefused(
      s,
      "add_crossing_point",
      { source_zone_id: "TZ001", destination_zone_id: "TZ404" },
      /destination_zone_id: no trust zone/,
    );
    await expectRefused(
      s,
      "add_crossing_point",
      { source_zone_id: "TZ001", destination_zone_id: "TZ002", authentication_method: "JWT" },
      /"JWT" is not a valid AuthenticationMethod/,
    );
    expect(
      (await s.ok("add_conn_to_crossing", { crossing_point_id: cp.id, connection_id: connection }))
        .crossing_point.connection_ids,
    ).toEqual([connection]);
    await expectRefused(
      s,
      "add_conn_to_crossing",
      { crossing_point_id: cp.id, connection_id: "CN-GHOST0" },
      /no connection has id/,
    );
    await expectRefused(s, "delete_connection", { id: connection }, new RegExp(`crossing point ${cp.id}`));
    expect(
      (await s.ok("remove_conn_from_crossing", { crossing_point_id: cp.id, connection_id: connection }))
        .crossing_point.connection_ids,
    ).toEqual([]);
    await expectRefused(
      s,
      "remove_conn_from_crossing",
      { crossing_point_id: cp.id, connection_id: connection },
      /is not in crossing point/,
    );
    expect(
      (await s.ok("update_crossing_point", { id: cp.id, description: "edge" })).crossing_point.description,
    ).toBe("edge");
    expect((await s.ok("list_crossing_points", { zone_id: "TZ003" })).count).toBeGreaterThanOrEqual(3);
    expect((await s.ok("get_crossing_point", { id: "CP001" })).crossing_point.trust_boundaries).toEqual([
      "TB001",
    ]);
    await s.ok("delete_crossing_point", { id: cp.id });
  });

  it("manage boundaries and clear everything", async () => {
    const tb = await s.ok("add_trust_boundary", {
      name: "VPC",
      type: "virtual machine",
      crossing_point_ids: ["CP001", "CP001"],
      controls: ["WAF"],
    });
    expect(tb.trust_boundary).toMatchObject({
      type: "Virtual Machine",
      crossing_point_ids: ["CP001"],
      controls: ["WAF"],
    });
    await expectRefused(
      s,
      "add_trust_boundary",
      { name: "X", type: "Application" },
      /"Application" is not a valid BoundaryType/,
    );
    await expectRefused(
      s,
      "update_trust_boundary",
      { id: tb.id, name: "Renamed", crossing_point_ids: ["CP404"] },
      /crossing_point_ids\[0\]: no crossing point/,
    );
    expect((await s.ok("get_trust_boundary", { id: tb.id })).trust_boundary.name).toBe("VPC");
    expect(
      (await s.ok("update_trust_boundary", { id: tb.id, controls: [] })).trust_boundary.controls,
    ).toEqual([]);
    expect((await s.ok("list_trust_boundaries", { type: "Network" })).count).toBe(4);
    await expectRefused(s, "delete_crossing_point", { id: "CP001" }, /referenced by trust boundary TB001/);
    await s.ok("delete_trust_boundary", { id: tb.id });
    await s.ok("clear_trust_boundaries", {});
    expect((await s.ok("list_trust_zones", {})).count).toBe(0);
    expect((await s.ok("list_crossing_points", {})).count).toBe(0);
    expect((await s.ok("list_trust_boundaries", {})).count).toBe(0);
  });
});
