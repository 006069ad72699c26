import { afterEach, describe, expect, it } from "vitest";
import { Threat } from "../../src/domain/entities.js";
import { coverageMatrix, type CoverageMatrix } from "../../src/intel/coverage.js";
import { connect, type TestSession } from "../helpers/client.js";
import { buildModel } from "./example-model.js";

let numericId = 0;
function threat(
  id: string,
  category: string,
  affected: Record<string, string[]>,
  status = "threatIdentified",
) {
  return Threat.parse({
    id,
    numericId: ++numericId,
    threatSource: "attacker",
    threatAction: `attack ${id}`,
    impactedGoal: [],
    impactedAssets: [],
    statement: `An attacker can attack ${id}`,
    status,
    tags: [],
    category,
    affected_components: [],
    affected_trust_boundaries: [],
    affected_assets: [],
    metadata: [],
    ...affected,
  });
}

/**
 * External user U (Untrusted zone) -> app A -> data store D; flow F of asset AS from U to A; crossing
 * point CP carries U -> A; CPD is an unused default crossing point.
 */
function exampleModel() {
  const model = buildModel({
    trust_zone: [
      { id: "Z0", trust_level: "Untrusted" },
      { id: "Z1", trust_level: "Medium" },
    ],
    component: [
      { id: "U", name: "Customer", trust_zone_id: "Z0" },
      { id: "A", name: "App", trust_zone_id: "Z1" },
    ],
    data_store: [{ id: "D", name: "Orders" }],
    connection: [
      { id: "CN0", source_id: "U", destination_id: "A" },
      { id: "CN", source_id: "A", destination_id: "D" },
    ],
    asset: [{ id: "AS", name: "Order" }],
    flow: [{ id: "F", asset_id: "AS", source_id: "U", destination_id: "A" }],
    crossing_point: [
      { id: "CP", source_zone_id: "Z0", destination_zone_id: "Z1", connection_ids: ["CN0"] },
      { id: "CPD", source_zone_id: "Z0", destination_zone_id: "Z1", is_default: true },
    ],
    assumption: [
      {
        id: "AS1",
        numericId: 1,
        description: "Orders are append-only",
        category: "Data",
        applies_to: ["D"],
        excluded_categories: ["Repudiation"],
      },
      {
        id: "AS2",
        numericId: 2,
        description: "Internal link is a dedicated fibre",
        category: "Network",
        applies_to: ["CN"],
      },
    ],
  });
  const threats = [
    threat("T1", "Spoofing", { affected_components: ["A"] }),
    threat("T2", "Tampering", { affected_connections: ["CN"] }),
    threat("T3", "Information Disclosure", { affected_flows: ["F"] }, "threatResolvedNotUseful"),
    threat("T4", "Elevation of Privilege", { affected_crossing_points: ["CP"] }),
    threat("T5", "Repudiation", { affected_components: ["U"] }),
  ];
  for (const t of threats) model.put("threat", t.id, t);
  return model;
}

const cells = (m: CoverageMatrix, id: string) => m.elements.find((e) => e.id === id)!.categories;

describe("coverage matrix", () => {
  it("applies STRIDE per element and marks threats, exclusions and gaps", () => {
    const m = coverageMatrix(exampleModel());
    expect(m.elements.map((e) => `${e.kind}:${e.id}`)).toEqual([
      "component:A",
      "component:U",
      "data_store:D",
      "connection:CN",
      "connection:CN0",
      "flow:F",
      "crossing_point:CP",
    ]);
    expect(cells(m, "A")).toEqual({
      Spoofing: "threat",
      Tampering: "gap",
      Repudiation: "gap",
      "Information Disclosure": "gap",
      "Denial of Service": "gap",
      "Elevation of Privilege": "gap",
    });
    // An external entity only has S and R.
    expect(cells(m, "U")).toEqual({
      Spoofing: "gap",
      Tampering: "n/a",
      Repudiation: "threat",
      "Information Disclosure": "n/a",
      "Denial of Service": "n/a",
      "Elevation of Privilege": "n/a",
    });
    expect(cells(m, "D")).toEqual({
      Spoofing: "n/a",
      Tampering: "gap",
      Repudiation: "excluded",
      "Information Disclosure": "gap",
      "Denial of Service": "gap",
      "Elevation of Privilege": "n/a",
    });
    // A threat wins over an assumption; an assumption without categories excludes all of them.
    expect(cells(m, "CN")).toMatchObject({
      Tampering: "threat",
      "Information Disclosure": "excluded",
      "Denial of Service": "excluded",
      Spoofing: "n/a",
    });
    // A threat marked not useful is a decision, shown as excluded.
    expect(cells(m, "F")).toMatchObject({
      Tampering: "gap",
      "Information Disclosure": "excluded",
      "Denial of Service": "gap",
    });
    expect(cells(m, "CP")).toEqual({
      Spoofing: "gap",
      Tampering: "gap",
      Repudiation: "n/a",
      "Information Disclosure": "gap",
      "Denial of Service": "gap",
      "Elevation of Privilege": "threat",
    });
    expect(m.elements.find((e) => e.id === "CN")!.covered_by).toEqual({
      Tampering: ["T2"],
      "Information Disclosure": ["AS2"],
      "Denial of Service": ["AS2"],
    });
    expect(m.summary).toEqual({
      elements: 7,
      applicable: 26,
      threat: 4,
      excluded: 4,
      gap: 18,
      percent: 30.7,
    });
    expect(m.gaps).toHaveLength(18);
    expect(m.gaps).toContainEqual({
      kind: "crossing_point",
      id: "CP",
      name: "Z0 to Z1",
      category: "Spoofing",
    });
  });

  it("is cached per model revision and recomputed after a change", () => {
    const model = exampleModel();
    const first = coverageMatrix(model);
    expect(coverageMatrix(model)).toBe(first);
    const extra = threat("T6", "Tampering", { affected_components: ["A"] });
    model.put("threat", extra.id, extra);
    const second = coverageMatrix(model);
    expect(second).not.toBe(first);
    expect(cells(second, "A").Tampering).toBe("threat");
    expect(second.summary.gap).toBe(first.summary.gap - 1);
  });
});

describe("get_coverage_matrix", () => {
  let session: TestSession;
  afterEach(() => session?.close());

  it("reports gaps, and accepted suggestions close some of them", async () => {
    session = await connect();
    const api = (
      await session.ok("add_component", { name: "API", type: "Compute", tags: ["internet-facing"] })
    ).id;
    const db = (
      await session.ok("add_data_store", { name: "DB", type: "Relational", classification: "Restricted" })
    ).id;
    await session.ok("add_connection", { source_id: api, destination_id: db });
    const before = await session.ok("get_coverage_matrix", {
      kinds: ["component", "data_store", "connection"],
    });
    expect(before.total_elements).toBe(3);
    expect(before.summary.threat).toBe(0);
    expect(before.total_gaps).toBe(6 + 4 + 3);

    await session.ok("suggest_threats", { dry_run: false, scope: [api, db] });
    const after = await session.ok("get_coverage_matrix", {
      kinds: ["component", "data_store"],
      only_gaps: true,
    });
    const dbRow = (await session.ok("get_coverage_matrix", { kinds: ["data_store"] })).elements[0];
    expect(dbRow.categories).toMatchObject({
      "Information Disclosure": "threat",
      Tampering: "threat",
      Repudiation: "threat",
    });
    expect(after.total_gaps).toBeLessThan(6 + 4);
    expect(
      after.elements.every((e: { categories: Record<string, string> }) =>
        Object.values(e.categories).includes("gap"),
      ),
    ).toBe(true);
  });
});
