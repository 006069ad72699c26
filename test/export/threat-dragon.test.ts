import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Model } from "../../src/domain/model.js";
import { graphviz } from "../../src/export/graphviz.js";
import { renderAll } from "../../src/export/render-all.js";
import { buildModel, modelSpecArb } from "./arbitrary-model.js";
import { HOSTILE, IDS, exampleModel, put } from "./example-model.js";
import { importInto } from "./roundtrip.js";
import { TD_DIR, describeErrors, readJson, validateTd } from "./schemas.js";

type Cell = {
  id: string;
  shape: string;
  position?: { x: number; y: number };
  size?: { width: number; height: number };
  source?: { cell: string };
  target?: { cell: string };
  data: {
    name: string;
    type: string;
    threats?: { id: string; type: string; severity: string; status: string; mitigation: string }[];
  };
};
type TdDoc = { summary: { title: string }; detail: { diagrams: { cells: Cell[] }[] } };

async function exportTd(model: Model): Promise<TdDoc> {
  const rendered = renderAll(model, await graphviz(), { formats: ["dragon"], projectName: "example-shop" });
  return JSON.parse(rendered.files.get("dragon")!) as TdDoc;
}

function expectValid(document: unknown) {
  const ok = validateTd(document);
  expect(ok, describeErrors(validateTd.errors)).toBe(true);
}

describe("Threat Dragon export", () => {
  it("is valid against the v2 schema, with a laid-out diagram of the model", async () => {
    const doc = await exportTd(exampleModel());
    expectValid(doc);
    const cells = doc.detail.diagrams[0]!.cells;
    const byName = (name: string) => cells.find((c) => c.data.name === name)!;
    expect(byName("Orders DB").shape).toBe("store");
    expect(byName("Web shop").shape).toBe("actor"); // its zone is untrusted: an external entity
    expect(byName("Orders API").shape).toBe("process");
    expect(
      cells
        .filter((c) => c.shape === "trust-boundary-box")
        .map((c) => c.data.name)
        .sort(),
    ).toEqual(["Application", "Data", "Internet"]);
    const flows = cells.filter((c) => c.shape === "flow");
    expect(flows).toHaveLength(4);
    const ids = new Set(cells.map((c) => c.id));
    for (const f of flows) expect(ids.has(f.source!.cell) && ids.has(f.target!.cell)).toBe(true);
    // Layout: every element sits inside the box of its zone.
    const box = byName("Application");
    const api = byName("Orders API");
    expect(api.position!.x).toBeGreaterThanOrEqual(box.position!.x);
    expect(api.position!.x + api.size!.width).toBeLessThanOrEqual(box.position!.x + box.size!.width);
    expect(api.position!.y).toBeGreaterThanOrEqual(box.position!.y);
    // Threats sit in the cell of the element they affect; unplaced ones get their own holder.
    const t1 = api.data.threats!.find((t) => t.id === IDS.T1)!;
    expect(t1).toMatchObject({ type: "Spoofing", severity: "High", status: "Open" });
    expect(t1.mitigation).toContain("one-time nonce");
    expect(byName("Unplaced threats").data.threats!.map((t) => t.id)).toEqual([IDS.T3]);
    expect(byName("Audit log").data.threats![0]).toMatchObject({
      status: "Accepted",
      type: "Information disclosure",
    });
  });

  it("stays valid for empty, hostile and generated models", async () => {
    expectValid(await exportTd(new Model()));
    const model = exampleModel();
    put(model, "component", {
      id: "C-EVIL",
      name: HOSTILE.join(" ").slice(0, 200),
      type: "Other",
      trust_zone_id: "TZ-APP",
    });
    expectValid(await exportTd(model));
    const viz = await graphviz();
    fc.assert(
      fc.property(modelSpecArb, (spec) => {
        const rendered = renderAll(buildModel(spec), viz, { formats: ["dragon"], projectName: "p" });
        if (!validateTd(JSON.parse(rendered.files.get("dragon")!)))
          throw new Error(describeErrors(validateTd.errors));
      }),
      { numRuns: 40 },
    );
  });

  it("the schema validator is not vacuous", async () => {
    const doc = (await exportTd(exampleModel())) as unknown as { summary: Record<string, unknown> };
    delete doc.summary.title;
    expect(validateTd(doc)).toBe(false);
  });
});

describe("Threat Dragon import", () => {
  it("imports the demo model: elements, flows, boundaries, threats and mitigations", () => {
    const { model, summary } = importInto(
      readJson(path.join(TD_DIR, "v2-threat-model.json")),
      "threat-dragon",
    );
    expect(summary.skipped).toEqual([]);
    expect(model.count("component")).toBe(3); // 2 processes + 1 actor
    expect(model.count("data_store")).toBe(4);
    expect(model.count("connection")).toBe(9); // 10 flows, one with a loose end
    expect(model.count("trust_boundary")).toBe(3);
    expect(model.count("threat")).toBe(14);
    expect(summary.warnings.join("\n")).toMatch(/flow "Web Request" does not join two elements/);
    const threats = model.list("threat");
    expect(threats.filter((t) => t.status === "threatIdentified")).toHaveLength(10);
    expect(threats.filter((t) => t.status === "threatResolved")).toHaveLength(4);
    expect(threats.filter((t) => t.severity === "High")).toHaveLength(8);
    const credentials = model.get("threat", "7df716cd-a982-48a5-b4ed-800ccb670734")!;
    expect(credentials).toMatchObject({
      category: "Information Disclosure",
      severity: "High",
      threatAction: "accessing DB credentials",
      affected_components: ["a25bbb4e-093f-4238-a620-31efdee452dc"],
    });
    expect(credentials.metadata[0]).toMatchObject({ key: "Comments" });
    const store = model.get("data_store", "a25bbb4e-093f-4238-a620-31efdee452dc")!;
    expect(store).toMatchObject({
      name: "Worker Config",
      classification: "Confidential",
      encryption_at_rest: false,
    });
    // Every threat with mitigation text has its mitigation, linked.
    expect(model.count("mitigation_link")).toBe(model.count("mitigation"));
    expect(model.count("mitigation")).toBeGreaterThan(0);
  });

  it("imports the every-methodology test model, zones from boundary boxes included", () => {
    const { model, summary } = importInto(readJson(path.join(TD_DIR, "test-reports.json")), "threat-dragon");
    expect(summary.skipped).toEqual([]);
    expect(model.count("threat")).toBe(8);
    const numbers = model.list("threat").map((t) => t.numericId);
    expect(new Set(numbers).size).toBe(8);
    const die = model.list("threat").find((t) => t.tags.includes("Distributed"))!;
    expect(die.category).toBeUndefined(); // not a STRIDE type: kept as a tag and in metadata
    expect(die.metadata).toContainEqual({ key: "custom:Threat Dragon model", value: "DIE" });
    expect(model.count("trust_zone")).toBe(2);
    expect(summary.warnings.join("\n")).toMatch(/placeholder mitigation text/);
  });

  it("re-importing the same file in merge mode changes nothing", () => {
    const raw = readJson(path.join(TD_DIR, "v2-threat-model.json"));
    const { model } = importInto(raw, "threat-dragon");
    const { summary } = importInto(raw, "threat-dragon", { mode: "merge", skipInvalid: false }, model);
    expect(summary.created).toEqual({});
    expect(summary.updated).toEqual({});
    expect(Object.values(summary.unchanged).reduce((a, b) => a + b, 0)).toBeGreaterThan(30);
  });

  it("our own export imports back into components, stores, connections, zones and threats", async () => {
    const { model, summary } = importInto(await exportTd(exampleModel()), "threat-dragon");
    expect(summary.skipped).toEqual([]);
    expect(model.count("component") + model.count("data_store")).toBe(6); // 5 elements + the unplaced-threats holder
    expect(model.count("connection")).toBe(4);
    expect(model.count("threat")).toBe(3);
    expect(
      model
        .list("trust_zone")
        .map((z) => z.name)
        .sort(),
    ).toEqual(["Application", "Data", "Internet"]);
    expect(model.count("crossing_point")).toBeGreaterThan(0);
  });
});
