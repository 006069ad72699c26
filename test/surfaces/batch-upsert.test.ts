import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENUMS } from "../../src/domain/enums.js";
import { connect, type TestSession } from "../helpers/client.js";
import { snapshotModel } from "../helpers/files.js";
import { expectRefused } from "../helpers/refuse.js";
import { threatArgs } from "../helpers/stdio.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect({ toolset: "compact" });
});
afterEach(() => s.close());

const components = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ name: `Service ${i}`, type: "Compute" }));

describe("batch upserts", () => {
  it("creates components, data stores and connections in one call, connections using refs", async () => {
    const saved = await s.ok("upsert_architecture", {
      components: [
        { ref: "web", name: "Web", type: "compute" },
        { ref: "api", name: "API", type: "Container" },
      ],
      data_stores: [{ ref: "db", name: "Orders", type: "Relational", classification: "Confidential" }],
      connections: [
        { source_id: "web", destination_id: "api", protocol: "HTTPS", encryption: true },
        { source_id: "api", destination_id: "db", port: 5432 },
      ],
    });
    expect(saved).toMatchObject({ created: 5, updated: 0 });
    expect(saved.components).toHaveLength(2);
    expect(saved.refs).toEqual({
      web: saved.components[0],
      api: saved.components[1],
      db: saved.data_stores[0],
    });

    const connection = await s.ok("get_entity", { id: saved.connections[1] });
    expect(connection.kind).toBe("connection");
    expect(connection.entity).toMatchObject({
      source_id: saved.components[1],
      destination_id: saved.data_stores[0],
      port: 5432,
      encryption: false,
    });
    const listed = await s.ok("list_entities", { kind: "component" });
    expect(listed.items.map((c: { name: string }) => c.name)).toEqual(["API", "Web"]);
    expect((await s.call("upsert_architecture", { components: components(1) })).text).toMatch(
      /^Saved: 1 created, 0 updated/,
    );
  });

  it("updates items that carry an id and creates the rest, in one change", async () => {
    const first = await s.ok("upsert_architecture", { components: components(3) });
    const [a, b] = first.components;
    const second = await s.ok("upsert_architecture", {
      components: [
        { id: a, description: "front door" },
        { id: b, type: "Serverless", name: "Renamed" },
        { name: "New one", type: "Other" },
      ],
    });
    expect(second).toMatchObject({ created: 1, updated: 2 });
    expect(second.components.slice(0, 2)).toEqual([a, b]);
    expect((await s.ok("get_entity", { id: a })).entity).toMatchObject({
      name: "Service 0",
      description: "front door",
    });
    expect((await s.ok("get_entity", { id: b })).entity).toMatchObject({
      name: "Renamed",
      type: "Serverless",
    });
  });

  it("one bad enum among 50 items changes nothing and names the item, field, value and allowed values", async () => {
    await s.ok("upsert_architecture", { components: components(1) });
    const items = components(50);
    items[17] = { name: "Rocket", type: "spaceship" };
    const text = await expectRefused(
      s,
      "upsert_architecture",
      { components: items },
      /components\[17\]\.type/,
    );
    expect(text).toContain(
      `components[17].type: "spaceship" is not a valid ComponentType; allowed: ${ENUMS.ComponentType.join(", ")}`,
    );
    expect((await s.ok("list_entities", { kind: "component" })).count).toBe(1);
  });

  it("a create item missing a required field, deep in the batch, changes nothing", async () => {
    await s.ok("upsert_architecture", { components: components(1) });
    const items: Record<string, unknown>[] = components(50);
    items[42] = { type: "Compute" };
    const text = await expectRefused(
      s,
      "upsert_architecture",
      { components: items },
      /components\[42\]\.name/,
    );
    expect(text).not.toMatch(/components\[(?!42)/);
  });

  it("a refusal of the operation (dangling reference) names the item and rolls back earlier items", async () => {
    await s.ok("upsert_architecture", { components: components(1) });
    const before = snapshotModel(s.root);
    const text = await s.fail("upsert_architecture", {
      components: components(5),
      connections: [{ source_id: "nope", destination_id: "also-nope" }],
    });
    expect(text).toContain('connections[0].source_id: no component or data store has id "nope"');
    expect(snapshotModel(s.root)).toEqual(before);
  });

  it("refuses unknown fields, duplicate refs and refs that are already ids", async () => {
    const first = await s.ok("upsert_architecture", { components: components(1) });
    await expectRefused(
      s,
      "upsert_architecture",
      { components: [{ name: "X", type: "Compute", colour: "red" }] },
      /components\[0\].*colour/,
    );
    await expectRefused(
      s,
      "upsert_architecture",
      {
        components: [{ ref: "x", name: "A", type: "Compute" }],
        data_stores: [{ ref: "x", name: "B", type: "Cache", classification: "Public" }],
      },
      /data_stores\[0\]\.ref: "x" is already the ref of components\[0\]/,
    );
    await expectRefused(
      s,
      "upsert_architecture",
      { components: [{ ref: first.components[0], name: "A", type: "Compute" }] },
      /components\[0\]\.ref: .* is already an id in the model/,
    );
    await expectRefused(
      s,
      "upsert_architecture",
      {},
      /give at least one item in components or data_stores or connections/,
    );
    await expectRefused(
      s,
      "upsert_threats",
      { threats: [{ ...threatArgs("the API"), status_reason: "why" }] },
      /threats\[0\]: unknown field "status_reason"/,
    );
  });

  it("creates threats and mitigations with links in one call; updates keep links", async () => {
    const arch = await s.ok("upsert_architecture", { components: components(2) });
    const saved = await s.ok("upsert_threats", {
      threats: [
        {
          ref: "t1",
          ...threatArgs("login"),
          category: "Spoofing",
          severity: "high",
          affected_components: [arch.components[0]],
        },
        { ref: "t2", ...threatArgs("upload"), category: "Tampering", severity: "Critical" },
      ],
      mitigations: [
        { content: "Require MFA", threat_ids: ["t1"] },
        { content: "Validate uploads", threat_ids: ["t1", "t2"], type: "Preventive" },
      ],
    });
    expect(saved).toMatchObject({ created: 4 });
    const threat = await s.ok("get_entity", { id: saved.refs.t1 });
    expect(threat.entity.statement).toContain("abuse login");
    expect(threat.entity.mitigations.map((m: { content: string }) => m.content)).toEqual([
      "Require MFA",
      "Validate uploads",
    ]);
    await s.ok("upsert_threats", {
      mitigations: [{ id: saved.mitigations[1], status: "mitigationResolved" }],
    });
    const second = await s.ok("get_entity", { id: saved.refs.t2 });
    expect(second.entity.mitigations).toEqual([
      expect.objectContaining({ content: "Validate uploads", status: "mitigationResolved" }),
    ]);
    await expectRefused(
      s,
      "upsert_threats",
      { mitigations: [{ content: "x" }, { content: "Y", threat_ids: [saved.refs.t1, "missing"] }] },
      /mitigations\[1\]\.threat_ids\[1\]: no threat has id "missing"/,
    );
  });

  it("covers every family", async () => {
    const actors = await s.ok("list_entities", { kind: "threat_actor", relevant_only: false });
    const decided = await s.ok("upsert_threat_actors", {
      threat_actors: [
        { id: actors.items[0].id, is_relevant: false },
        {
          name: "Rogue admin",
          type: "Insider",
          capability_level: "High",
          motivations: ["Revenge"],
          resources: "Limited",
        },
      ],
    });
    expect(decided).toMatchObject({ created: 1, updated: 1 });
    const trust = await s.ok("upsert_trust", {
      trust_zones: [
        { ref: "dmz", name: "DMZ", trust_level: "Low" },
        { ref: "core", name: "Core", trust_level: "High" },
      ],
      crossing_points: [
        {
          ref: "cp",
          source_zone_id: "dmz",
          destination_zone_id: "core",
          authentication_method: "Certificate",
        },
      ],
      trust_boundaries: [{ name: "Perimeter", type: "Network", crossing_point_ids: ["cp"] }],
    });
    expect(trust.created).toBe(4);
    const asset = { ref: "pii", name: "Customer PII", type: "Data", classification: "Confidential" };
    // Refs live for one call only.
    await expectRefused(
      s,
      "upsert_assets",
      { assets: [asset], flows: [{ asset_id: "pii", source_id: "dmz", destination_id: "core" }] },
      /flows\[0\]\.source_id: no component, data store or trust zone has id "dmz"/,
    );
    const assets = await s.ok("upsert_assets", {
      assets: [asset],
      flows: [
        { asset_id: "pii", source_id: trust.refs.dmz, destination_id: trust.refs.core, encryption: true },
      ],
    });
    expect(assets.created).toBe(2);
    const assumptions = await s.ok("upsert_assumptions", {
      assumptions: [{ description: "TLS terminates at the load balancer", category: "Infrastructure" }],
    });
    expect(assumptions.assumptions).toHaveLength(1);
    expect((await s.ok("list_entities", { kind: "flow" })).items[0]).toMatchObject({
      asset_id: assets.refs.pii,
      source_id: trust.refs.dmz,
    });
  });
});

describe("generic entity tools", () => {
  it("list_entities applies a kind's own filters and refuses filters of other kinds", async () => {
    await s.ok("upsert_threats", {
      threats: [
        { ...threatArgs("a"), severity: "High" },
        { ...threatArgs("b"), severity: "Low" },
      ],
    });
    const high = await s.ok("list_entities", { kind: "threat", severity: "high" });
    expect(high.items.map((t: { severity: string }) => t.severity)).toEqual(["High"]);
    expect(await s.fail("list_entities", { kind: "component", severity: "High" })).toContain(
      "severity: not a filter of components; their filters: type",
    );
    expect(await s.fail("list_entities", { kind: "threat", severity: "Huge" })).toMatch(
      /severity: "Huge" is not a valid ThreatSeverity/,
    );
    expect(await s.fail("list_entities", { kind: "widget" })).toMatch(/kind: "widget" is not an entity kind/);
  });

  it("get_entity finds the kind from the id and refuses unknown ids", async () => {
    expect((await s.ok("get_entity", { id: "TA001" })).kind).toBe("threat_actor");
    expect(await s.fail("get_entity", { id: "C-NOPE00" })).toContain('id: no entity has id "C-NOPE00"');
  });

  it("delete_entities is all or nothing, checks the kind and cascades on request", async () => {
    const arch = await s.ok("upsert_architecture", {
      components: [
        { ref: "a", name: "A", type: "Compute" },
        { ref: "b", name: "B", type: "Compute" },
      ],
      connections: [{ source_id: "a", destination_id: "b" }],
    });
    const [a, b] = arch.components;
    await expectRefused(
      s,
      "delete_entities",
      { ids: [b, a] },
      /ids\[0\]: component .* is still referenced by connection/,
    );
    await expectRefused(
      s,
      "delete_entities",
      { ids: [a], kind: "threat" },
      /ids\[0\]: .* is a component, not a threat/,
    );
    await expectRefused(
      s,
      "delete_entities",
      { ids: [a, "C-GONE00"], cascade: true },
      /ids\[1\]: no entity has id/,
    );
    const deleted = await s.ok("delete_entities", { ids: [a, arch.connections[0], b], cascade: true });
    expect(deleted.deleted.map((d: { id: string }) => d.id).sort()).toEqual(
      [a, b, arch.connections[0]].sort(),
    );
    expect((await s.ok("list_entities", { kind: "connection" })).count).toBe(0);
  });

  it("link and unlink infer the relation from the ids, in either order", async () => {
    const arch = await s.ok("upsert_architecture", {
      components: [{ ref: "a", name: "A", type: "Compute" }],
      data_stores: [{ ref: "d", name: "D", type: "Cache", classification: "Internal" }],
      connections: [{ source_id: "a", destination_id: "d" }],
    });
    const trust = await s.ok("upsert_trust", {
      trust_zones: [
        { ref: "z1", name: "Z1", trust_level: "Low" },
        { ref: "z2", name: "Z2", trust_level: "High" },
      ],
      crossing_points: [{ source_zone_id: "z1", destination_zone_id: "z2" }],
    });
    const tm = await s.ok("upsert_threats", {
      threats: [{ ...threatArgs("x") }],
      mitigations: [{ content: "M" }],
    });
    const assumption = await s.ok("upsert_assumptions", {
      assumptions: [{ description: "A", category: "Scope" }],
    });
    const result = await s.ok("link", {
      links: [
        { from: arch.refs.a, to: trust.refs.z1 },
        { from: trust.refs.z2, to: arch.refs.d },
        { from: arch.connections[0], to: trust.crossing_points[0] },
        { from: tm.threats[0], to: tm.mitigations[0] },
        { from: assumption.assumptions[0], to: tm.mitigations[0] },
      ],
    });
    expect(result.count).toBe(5);
    expect((await s.ok("get_entity", { id: arch.refs.d })).entity.trust_zone_id).toBe(trust.refs.z2);
    expect((await s.ok("get_entity", { id: trust.crossing_points[0] })).entity.connection_ids).toEqual([
      arch.connections[0],
    ]);
    expect((await s.ok("get_entity", { id: tm.threats[0] })).entity.mitigations).toHaveLength(1);
    expect((await s.ok("get_entity", { id: tm.mitigations[0] })).entity.assumptions).toHaveLength(1);

    await expectRefused(
      s,
      "link",
      {
        links: [
          { from: tm.mitigations[0], to: tm.threats[0] },
          { from: arch.refs.a, to: tm.threats[0] },
        ],
      },
      /links\[1\]: a component and a threat cannot be linked; linkable: mitigation–threat/,
    );
    await expectRefused(
      s,
      "link",
      { links: [{ from: arch.refs.a, to: trust.refs.z2 }] },
      /links\[0\]: .* is already in trust zone/,
    );
    await s.ok("unlink", { links: [{ from: tm.mitigations[0], to: tm.threats[0] }] });
    expect((await s.ok("get_entity", { id: tm.threats[0] })).entity.mitigations).toHaveLength(0);
    await expectRefused(
      s,
      "unlink",
      { links: [{ from: tm.mitigations[0], to: tm.threats[0] }] },
      /links\[0\]: mitigation .* is not linked to threat/,
    );
  });
});
