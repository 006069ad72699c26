import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Model } from "../../src/domain/model.js";
import { graphviz } from "../../src/export/graphviz.js";
import { renderAll } from "../../src/export/render-all.js";
import { isNativeMetadata } from "../../src/export/threat-composer/format.js";
import { buildModel, modelSpecArb } from "./arbitrary-model.js";
import { HOSTILE, IDS, exampleModel, put } from "./example-model.js";
import { canonicalModel, exportTc, importInto } from "./roundtrip.js";
import { TC_DIR, TC_FIXTURES, describeErrors, readJson, validateTc } from "./schemas.js";

function expectValid(document: unknown) {
  const ok = validateTc(document);
  expect(ok, describeErrors(validateTc.errors)).toBe(true);
}

type Doc = Record<string, unknown> & {
  threats: { id: string; metadata: { key: string; value: unknown }[]; statement: string }[];
  mitigations: { id: string; metadata: { key: string }[] }[];
  applicationInfo: { name: string; description: string };
  architecture: { description: string };
  dataflow: { description: string; image?: string };
};

describe("Threat Composer export", () => {
  it("is valid against the published schema, extended and plain, and the validator is not vacuous", () => {
    for (const extended of [true, false]) expectValid(exportTc(exampleModel(), extended).document);
    expectValid(exportTc(new Model()).document);
    const broken = exportTc(exampleModel()).document as Doc;
    broken.threats[0]!.metadata.push({ key: "Severity", value: "High" });
    expect(validateTc(broken)).toBe(false);
  });

  it("carries STRIDE and Priority, the application description and the diagram", async () => {
    const model = exampleModel();
    const rendered = renderAll(model, await graphviz(), { formats: ["tc"], projectName: "example-shop" });
    const doc = JSON.parse(rendered.files.get("tc")!) as Doc;
    expectValid(doc);
    expect(doc.applicationInfo.name).toBe("example-shop");
    const t1 = doc.threats.find((t) => t.id === IDS.T1)!;
    expect(t1.metadata).toContainEqual({ key: "STRIDE", value: ["S"] });
    expect(t1.metadata).toContainEqual({ key: "Priority", value: "High" });
    expect(t1.metadata).toContainEqual({ key: "custom:Likelihood", value: "Likely" });
    const t3 = doc.threats.find((t) => t.id === IDS.T3)!;
    expect(t3.metadata).toContainEqual({ key: "Priority", value: "High" }); // Critical has no Priority of its own
    expect(t3.metadata.some((m) => m.key === "STRIDE")).toBe(false);
    expect(doc.applicationInfo.description).toContain("An online shop");
    expect(doc.architecture.description).toContain("Orders API");
    expect(doc.dataflow.description).toContain("Card data");
    expect(doc.dataflow.image).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from(doc.dataflow.image!.split(",")[1]!, "base64").toString("utf8");
    expect(svg).toContain("Orders API");
    // Plain mode: no private payload anywhere.
    const plain = exportTc(model, false).document as Doc;
    expect(JSON.stringify(plain)).not.toContain("custom:threatmodel");
    expect(plain.architecture.description).not.toContain("threatmodel-data");
  });

  it("shows framework ids and CVSS as readable custom entries, and still round-trips exactly", () => {
    const model = exampleModel();
    const threat = model.get("threat", IDS.T1)!;
    put(model, "threat", {
      ...threat,
      cwe: ["CWE-287", "CWE-384"],
      attack: ["T1078"],
      cvss_v3: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
    });
    const { document } = exportTc(model);
    expectValid(document);
    const metadata = (document as Doc).threats.find((t) => t.id === IDS.T1)!.metadata;
    expect(metadata).toContainEqual({ key: "custom:cwe", value: ["CWE-287", "CWE-384"] });
    expect(metadata).toContainEqual({ key: "custom:attack", value: ["T1078"] });
    expect(metadata).toContainEqual({
      key: "custom:cvss_v3",
      value: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N (7.5 High)",
    });
    expect(canonicalModel(importInto(document, "threat-composer").model)).toEqual(canonicalModel(model));
  });

  it("stays valid and inert with hostile text in every field", () => {
    const model = exampleModel();
    const hostile = HOSTILE.join(" ");
    put(model, "component", {
      id: "C-EVIL",
      name: hostile.slice(0, 200),
      type: "Other",
      description: hostile,
    });
    const t = model.get("threat", IDS.T1)!;
    model.put("threat", t.id, {
      ...t,
      tags: ["<b>x</b>", "a|b"],
      metadata: [{ key: "Comments", value: hostile }],
    });
    const { document } = exportTc(model);
    expectValid(document);
    const architecture = (document as Doc).architecture.description;
    expect(architecture).not.toMatch(/<script|<img|<svg/i);
  });
});

describe("Threat Composer size limits", () => {
  function hugeArchitecture() {
    const model = exampleModel();
    for (let i = 0; i < 12; i++)
      put(model, "component", {
        id: `C-BIG${i}`,
        name: `Big ${i}`,
        type: "Other",
        description: "x".repeat(9_000),
      });
    return model;
  }

  it("refuses (never cuts) data that cannot fit, and the other formats are still written", async () => {
    const rendered = renderAll(hugeArchitecture(), await graphviz(), {
      formats: ["tc", "md"],
      projectName: "p",
    });
    expect(rendered.files.has("tc")).toBe(false);
    expect(rendered.files.has("md")).toBe(true);
    expect(rendered.warnings.join("\n")).toMatch(
      /tc: not written: threat composer export: the architecture data is \d+ characters, over Threat Composer's 100000-character description limit/,
    );
  });

  it("plain export shortens only the readable summary, says so, and stays valid", () => {
    const { document, warnings } = exportTc(hugeArchitecture(), false);
    expectValid(document);
    expect(warnings.join("\n")).toMatch(/architecture: the readable summary was shortened/);
    expect((document as Doc).architecture.description).toMatch(/shortened: see the threatmodel report/);
  });
});

describe("Threat Composer import of the fixtures", () => {
  for (const name of TC_FIXTURES) {
    it(`imports ${name}`, () => {
      const raw = readJson(path.join(TC_DIR, name)) as {
        threats?: { id: string; statement: string; metadata?: { key: string; value: unknown }[] }[];
        mitigations?: unknown[];
        assumptions?: unknown[];
      };
      const { model, summary } = importInto(raw, "threat-composer");
      expect(model.count("threat")).toBe(raw.threats?.length ?? 0);
      expect(model.count("mitigation")).toBe(raw.mitigations?.length ?? 0);
      expect(model.count("assumption")).toBe(raw.assumptions?.length ?? 0);
      expect(summary.skipped).toEqual([]);
      for (const source of raw.threats ?? []) {
        const threat = model.get("threat", source.id)!;
        expect(threat.statement).toBe(source.statement);
        const stride = source.metadata?.find((m) => m.key === "STRIDE")?.value as string[] | undefined;
        if (stride?.length) expect(threat.category?.[0]).toBe(stride[0]);
        const priority = source.metadata?.find((m) => m.key === "Priority")?.value;
        if (priority) expect(threat.severity).toBe(priority);
        else expect(threat.severity).toBeUndefined();
      }
      // Re-exported, it is still a valid Threat Composer file, and importing that gives the same model.
      const again = exportTc(model);
      expectValid(again.document);
      expect(canonicalModel(importInto(again.document, "threat-composer").model)).toEqual(
        canonicalModel(model),
      );
    });
  }

  it("warns about the dangling links of ThreatComposer.tc.json instead of failing", () => {
    const raw = readJson(path.join(TC_DIR, "ThreatComposer.tc.json")) as {
      mitigationLinks: unknown[];
      assumptionLinks: unknown[];
    };
    const { model, summary } = importInto(raw, "threat-composer");
    const dropped = summary.warnings.filter((w) => w.includes("link dropped"));
    expect(dropped.filter((w) => w.startsWith("mitigationLinks"))).toHaveLength(4);
    expect(dropped.filter((w) => w.startsWith("assumptionLinks"))).toHaveLength(10);
    expect(model.count("mitigation_link")).toBe(raw.mitigationLinks.length - 4);
    expect(model.count("assumption_link")).toBe(raw.assumptionLinks.length - 10);
    expect(summary.warnings.some((w) => w.includes("architecture.image is not imported"))).toBe(true);
  });

  it("refuses invalid items as a whole, or skips and lists them with skip_invalid", () => {
    const raw = {
      schema: 1,
      threats: [
        {
          id: "9f1e0000-0000-4000-8000-000000000001",
          numericId: 1,
          threatSource: "a",
          threatAction: "x".repeat(201),
        },
        {
          id: "9f1e0000-0000-4000-8000-000000000002",
          numericId: 2,
          threatSource: "b",
          threatAction: "do things",
        },
      ],
      mitigations: [{ id: "9f1e0000-0000-4000-8000-000000000003", numericId: 1, content: "y".repeat(1001) }],
    };
    expect(() => importInto(raw, "threat-composer")).toThrow(
      /import refused, nothing was changed: 2 item\(s\).*threats\[0\]: threatAction: is 201 characters; the limit is 200.*mitigations\[0\]: content/,
    );
    const { model, summary } = importInto(raw, "threat-composer", { mode: "replace", skipInvalid: true });
    expect(model.count("threat")).toBe(1);
    expect(model.count("mitigation")).toBe(0);
    expect(summary.skipped.map((p) => p.where)).toEqual(["threats[0]", "mitigations[0]"]);
  });

  it("maps foreign metadata: multi-letter STRIDE kept, brainstorm warned, assumption comments as rationale", () => {
    const raw = {
      schema: 1,
      threats: [
        {
          id: "9f1e0000-0000-4000-8000-00000000000a",
          numericId: 7,
          threatAction: "tamper with <b>logs</b>",
          metadata: [
            { key: "STRIDE", value: ["T", "R"] },
            { key: "Comments", value: "see ticket" },
          ],
        },
      ],
      assumptions: [
        {
          id: "9f1e0000-0000-4000-8000-00000000000b",
          numericId: 1,
          content: "TLS everywhere",
          metadata: [{ key: "Comments", value: "per policy" }],
        },
      ],
      brainstorm: { threatSources: [{ id: "x", content: "y", createdAt: "2025-01-01T00:00:00Z" }] },
    };
    const { model, summary } = importInto(raw, "threat-composer");
    const threat = model.list("threat")[0]!;
    expect(threat.category).toBe("Tampering");
    expect(threat.threatSource).toBe("threat source");
    expect(threat.threatAction).toBe("tamper with <b>logs</b>"); // kept as text; every export escapes it
    expect(threat.metadata).toEqual([
      { key: "STRIDE", value: ["T", "R"] },
      { key: "Comments", value: "see ticket" },
    ]);
    expect(model.list("assumption")[0]).toMatchObject({ category: "Imported", rationale: "per policy" });
    expect(summary.warnings.join("\n")).toMatch(/brainstorm: 1 brainstorm item/);
    expect(summary.warnings.join("\n")).toMatch(/no threatSource; set to Threat Composer's default/);
  });

  it("in merge mode renumbers an imported item whose number is taken, and keeps the rest", () => {
    const model = exampleModel();
    const before = model.count("threat");
    const raw = {
      schema: 1,
      threats: [
        { id: "9f1e0000-0000-4000-8000-00000000000c", numericId: 1, threatSource: "x", threatAction: "y" },
      ],
    };
    const { summary } = importInto(raw, "threat-composer", { mode: "merge", skipInvalid: false }, model);
    expect(model.count("threat")).toBe(before + 1);
    expect(model.get("threat", "9f1e0000-0000-4000-8000-00000000000c")!.numericId).toBe(4);
    expect(summary.warnings.join("\n")).toMatch(/number 1 is taken by another threat; imported as 4/);
    expect(summary.created).toEqual({ threat: 1 });
  });
});

describe("Threat Composer round trip", () => {
  it("export then import reproduces the example model exactly", () => {
    const model = exampleModel();
    const { model: back } = importInto(exportTc(model).document, "threat-composer");
    expect(canonicalModel(back)).toEqual(canonicalModel(model));
  });

  it("edits made in Threat Composer to STRIDE and Priority win over the carried values", () => {
    const doc = exportTc(exampleModel()).document as Doc;
    const t1 = doc.threats.find((t) => t.id === IDS.T1)!;
    t1.metadata = t1.metadata.map((m) =>
      m.key === "STRIDE"
        ? { key: "STRIDE", value: ["E"] }
        : m.key === "Priority"
          ? { key: "Priority", value: "Low" }
          : m,
    );
    const { model, summary } = importInto(doc, "threat-composer");
    expect(model.get("threat", IDS.T1)).toMatchObject({
      category: "Elevation of Privilege",
      severity: "Low",
    });
    expect(summary.warnings.filter((w) => w.startsWith("threats["))).toHaveLength(2);
  });

  it("property: for generated models, export is schema-valid and import reproduces the model exactly", () => {
    fc.assert(
      fc.property(modelSpecArb, (spec) => {
        const model = buildModel(spec);
        const { document } = exportTc(model);
        if (!validateTc(document)) throw new Error(describeErrors(validateTc.errors));
        for (const t of (document as Doc).threats) {
          for (const m of t.metadata) expect(isNativeMetadata("threat", m as never)).toBe(true);
        }
        const { model: back, summary } = importInto(document, "threat-composer");
        expect(summary.skipped).toEqual([]);
        expect(canonicalModel(back)).toEqual(canonicalModel(model));
      }),
      { numRuns: 150 },
    );
  });
});
