import { readFileSync } from "node:fs";
import { yaml } from "../lazy.js";
import * as z from "zod";
import { dataPath } from "../data-dir.js";
import { FAMILIES, type Family } from "../scan/index.js";

const KeywordFile = z.record(z.enum(FAMILIES), z.array(z.string().min(2)).min(1));

let cache: { family: Family; pattern: RegExp }[] | undefined;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The keyword table from `data/validation/threat-families.yaml`, compiled once. */
export function familyMatchers(file = dataPath("validation", "threat-families.yaml")) {
  if (cache && file === dataPath("validation", "threat-families.yaml")) return cache;
  const table = KeywordFile.parse(yaml().parse(readFileSync(file, "utf8")));
  const compiled = (Object.entries(table) as [Family, string[]][]).map(([family, phrases]) => ({
    family,
    // Phrases match at the start of a word; stems like "authenticat" cover their inflections.
    pattern: new RegExp(`(?:^|[^a-z0-9])(?:${phrases.map((p) => escape(p.toLowerCase())).join("|")})`, "i"),
  }));
  cache = compiled;
  return compiled;
}

/** Control families a piece of text talks about. */
export function familiesIn(text: string): Family[] {
  return familyMatchers()
    .filter(({ pattern }) => pattern.test(text))
    .map(({ family }) => family);
}
