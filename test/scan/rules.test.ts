import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileRules } from "../../src/scan/compile.js";
import { FAMILIES, familyStride, STRIDE } from "../../src/scan/families.js";
import { LANGUAGES, type Language } from "../../src/scan/languages.js";
import { exportRegexPatterns } from "../../src/scan/patterns.js";
import { loadRulePacks, RulePackError, rulesOf, type Rule } from "../../src/scan/rule-packs.js";
import { scanText } from "../../src/scan/scan-file.js";
import { tempTree } from "./temp-tree.js";

const packs = loadRulePacks();
const rules = rulesOf(packs);

function exampleLanguage(rule: Rule): Language {
  const first = rule.languages.find((l) => l !== "any");
  return first ?? "config";
}

function exampleFile(language: Language): string {
  const ext: Record<Language, string> = {
    javascript: "x.js",
    typescript: "x.ts",
    python: "x.py",
    java: "X.java",
    go: "x.go",
    csharp: "X.cs",
    ruby: "x.rb",
    php: "x.php",
    terraform: "x.tf",
    cloudformation: "x.yaml",
    kubernetes: "x.yaml",
    dockerfile: "Dockerfile",
    config: "x.env",
  };
  return ext[language];
}

describe("rule packs", () => {
  it("has exactly one pack per family, all validated", () => {
    expect(packs.map((p) => p.family).sort()).toEqual([...FAMILIES].sort());
    for (const pack of packs) expect(pack.rules.length).toBeGreaterThan(0);
  });

  it("gives every family STRIDE categories from the six names", () => {
    for (const family of FAMILIES) {
      expect(familyStride[family].length).toBeGreaterThan(0);
      for (const s of familyStride[family]) expect(STRIDE).toContain(s);
    }
  });

  it("has rules for every supported language", () => {
    const covered = new Set(rules.flatMap((r) => r.languages));
    for (const language of LANGUAGES)
      expect(covered.has(language) || covered.has("any"), language).toBe(true);
  });

  it("fills rule defaults from the pack (family, STRIDE)", () => {
    for (const rule of rules) {
      expect(FAMILIES).toContain(rule.family);
      expect(rule.stride.length).toBeGreaterThan(0);
      expect(rule.cwe.every((c) => /^CWE-\d+$/.test(c))).toBe(true);
    }
  });

  it("matches the examples written into the rules", () => {
    const compiled = compileRules(rules);
    let checked = 0;
    for (const rule of rules) {
      const language = exampleLanguage(rule);
      const only = compileRules([rule]);
      for (const example of rule.examples.match) {
        const found = scanText(only, exampleFile(language), example, language);
        expect(
          found.map((e) => e.rule),
          `${rule.id} should match ${example}`,
        ).toContain(rule.id);
        checked++;
      }
      for (const example of rule.examples.noMatch) {
        const found = scanText(compiled, exampleFile(language), example, language);
        expect(
          found.map((e) => e.rule),
          `${rule.id} should not match ${example}`,
        ).not.toContain(rule.id);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("refuses a malformed pack with the file and field named", async () => {
    const tree = await tempTree({
      "tls.yaml": [
        "family: tls",
        "title: TLS",
        "description: A pack with a broken rule for the test.",
        "rules:",
        "  - id: bad-rule",
        "    kind: present",
        "    languages: [python]",
        "    cwe: [CWE-319]",
        "    rationale: Uses a look-ahead, which the packs forbid.",
        "    keywords: [ssl]",
        "    regex: 'ssl(?!v3)'",
      ].join("\n"),
    });
    try {
      expect(() => loadRulePacks(tree.root)).toThrow(RulePackError);
      expect(() => loadRulePacks(tree.root)).toThrow(/tls\.yaml.*look-around/s);
    } finally {
      await tree.remove();
    }
  });

  it("refuses a pack whose family does not match its file name", async () => {
    const tree = await tempTree({
      "csrf.yaml": [
        "family: tls",
        "title: TLS",
        "description: Misnamed pack for the test.",
        "rules:",
        "  - id: ok-rule",
        "    kind: present",
        "    languages: [python]",
        "    cwe: [CWE-319]",
        "    rationale: A valid rule in a misnamed file.",
        "    keywords: [ssl]",
        "    regex: 'ssl'",
      ].join("\n"),
    });
    try {
      expect(() => loadRulePacks(tree.root)).toThrow(/must match the file name/);
    } finally {
      await tree.remove();
    }
  });
});

describe("exported regex set (for the ripgrep benchmark)", () => {
  const patterns = exportRegexPatterns(rules);

  it("covers every rule regex", () => {
    expect(patterns.length).toBeGreaterThanOrEqual(rules.length);
  });

  let rgAvailable = true;
  try {
    execFileSync("rg", ["--version"], { stdio: "ignore" });
  } catch {
    rgAvailable = false;
  }

  it.skipIf(!rgAvailable)("is accepted by ripgrep", async () => {
    const tree = await tempTree({ "probe.txt": "nothing to see\n" });
    try {
      const file = path.join(tree.root, "patterns.txt");
      writeFileSync(file, `${patterns.join("\n")}\n`);
      // Exit code 1 = no match (fine); 2 = a pattern did not compile.
      let status = 0;
      try {
        execFileSync("rg", ["-c", "-f", file, path.join(tree.root, "probe.txt")], { stdio: "pipe" });
      } catch (error) {
        status = (error as { status: number }).status;
      }
      expect(status).not.toBe(2);
    } finally {
      await tree.remove();
    }
  });
});
