import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRules } from "../../src/scan/compile.js";
import { languageFromContent, type Language } from "../../src/scan/languages.js";
import { loadRulePacks, rulesOf } from "../../src/scan/rule-packs.js";
import { classifyName, scanText } from "../../src/scan/scan-file.js";

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures", "scan");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

describe("keyword gate", () => {
  it("finds exactly what running every rule over every whole file finds (fixtures)", () => {
    const ruleSet = compileRules(rulesOf(loadRulePacks()));
    let files = 0;
    let findings = 0;
    for (const file of walk(FIXTURES)) {
      if (file.endsWith("expect.yaml")) continue;
      const relative = path.relative(FIXTURES, file).split(path.sep).join("/");
      const named = classifyName(relative);
      const text = readFileSync(file, "utf8");
      let language: Language;
      if (named === "structured") language = languageFromContent(text);
      else if (ruleSet.byLanguage.has(named as Language)) language = named as Language;
      else continue;
      const gated = scanText(ruleSet, relative, text, language);
      const exhaustive = scanText(ruleSet, relative, text, language, { exhaustive: true });
      expect(gated, relative).toEqual(exhaustive);
      files++;
      findings += gated.length;
    }
    expect(files).toBeGreaterThan(250);
    expect(findings).toBeGreaterThan(400);
  });
});
