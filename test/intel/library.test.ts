import { mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateRules } from "../../src/intel/evaluate.js";
import { DEFAULT_LIBRARY_DIR, LibraryError, loadThreatLibrary } from "../../src/intel/library.js";
import { applyPatch, buildModel, type ExampleEntities, type Patch } from "./example-model.js";

const library = loadThreatLibrary();

describe("threat library data", () => {
  it("loads and validates every rule, mitigation and trait", () => {
    expect(library.rules.length).toBeGreaterThanOrEqual(80);
    expect(library.rules.filter((r) => !r.privacy).length).toBeGreaterThanOrEqual(80);
    expect(library.mitigations.size).toBeGreaterThan(40);
    for (const rule of library.rules) {
      expect(rule.cwe.length, rule.id).toBeGreaterThan(0);
      expect(
        rule.mitigations.every((m) => library.mitigations.has(m)),
        rule.id,
      ).toBe(true);
    }
  });

  it("has rules for every subject kind and STRIDE category, and LINDDUN rules for all seven categories", () => {
    const kinds = new Set(library.rules.map((r) => r.applies_to));
    expect([...kinds].sort()).toEqual([
      "asset",
      "component",
      "connection",
      "crossing_point",
      "data_store",
      "flow",
    ]);
    const stride = new Set(library.rules.flatMap((r) => (r.stride ? [r.stride] : [])));
    expect(stride.size).toBe(6);
    const linddun = new Set(library.rules.flatMap((r) => (r.linddun ? [r.linddun] : [])));
    expect(linddun.size).toBe(7);
  });
});

describe.each(library.rules.map((r) => [r.id, r] as const))("rule %s", (id, rule) => {
  const run = (entities: ExampleEntities) =>
    evaluateRules(buildModel(entities), library, { rules: new Set([id]), linddun: true }).filter(
      (s) => s.element.id === rule.example.fires_on,
    );

  it("fires on its minimal example, with an explanation and element-specific text", () => {
    const hits = run(rule.example.model as ExampleEntities);
    expect(hits).toHaveLength(1);
    const [hit] = hits;
    expect(hit!.rule_id).toBe(id);
    expect(hit!.element.kind).toBe(rule.applies_to);
    expect(hit!.why.matched.length).toBeGreaterThan(0);
    expect(hit!.statement.length).toBeGreaterThan(20);
    for (const field of [
      hit!.grammar.threatSource,
      hit!.grammar.prerequisites,
      hit!.grammar.threatAction,
      hit!.grammar.threatImpact,
    ]) {
      expect(field.length).toBeLessThanOrEqual(200);
      expect(field).not.toMatch(/\{[a-z_.]+\}/);
    }
  });

  it("stays silent once the triggering condition is removed", () => {
    const silent = applyPatch(rule.example.model as ExampleEntities, rule.example.silent as Patch);
    expect(run(silent)).toHaveLength(0);
  });
});

describe("library validation", () => {
  function withRuleFile(mutate: (text: string) => string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "tm-lib-"));
    cpSync(DEFAULT_LIBRARY_DIR, dir, { recursive: true });
    const file = path.join(dir, "data-stores.yaml");
    writeFileSync(file, mutate(readFileSync(file, "utf8")));
    return dir;
  }

  it.each([
    [
      "an unknown field",
      (t: string) => t.replace("field: encryption_at_rest, eq: false", "field: encrypted, eq: false"),
      /has no field "encrypted"/,
    ],
    [
      "a misspelt enum value",
      (t: string) => t.replace("classification, gte: Confidential", "classification, gte: Confidental"),
      /"Confidental" is not a value of classification/,
    ],
    ["an unknown trait", (t: string) => t.replace("has: logging", "has: logs"), /unknown trait "logs"/],
    [
      "a missing mitigation",
      (t: string) => t.replace("[MIT-ENC-REST, MIT-KMS]", "[MIT-NOPE]"),
      /mitigation MIT-NOPE is not in mitigations.yaml/,
    ],
    [
      "a bad placeholder",
      (t: string) => t.replace("read the {classification} data", "read the {clasification} data"),
      /\{clasification\} names no field/,
    ],
    [
      "a comparison on an unordered enum",
      (t: string) => t.replace("field: type, ne: Cache", "field: type, gte: Cache"),
      /gte cannot be used on type/,
    ],
  ])("refuses %s", (_label, mutate, message) => {
    const dir = withRuleFile(mutate);
    try {
      expect(() => loadThreatLibrary(dir)).toThrow(LibraryError);
      expect(() => loadThreatLibrary(dir)).toThrow(message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
