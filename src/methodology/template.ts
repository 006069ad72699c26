import { readFileSync } from "node:fs";
import { dataPath } from "../data-dir.js";

const cache = new Map<string, string>();

/** A guidance or prompt text from `data/<folder>/<name>.md`, read once per process. */
export function loadTemplate(folder: "guidance" | "prompts", name: string): string {
  const key = `${folder}/${name}`;
  let text = cache.get(key);
  if (text === undefined) {
    text = readFileSync(dataPath(folder, `${name}.md`), "utf8");
    cache.set(key, text);
  }
  return text;
}

/** The `{{name}}` placeholders a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!))];
}

/**
 * Fills `{{name}}` placeholders; each value is computed only when the template uses it. An unknown
 * placeholder is a bug in the data file, so it throws rather than leaking `{{...}}` to the agent.
 */
export function fillTemplate(template: string, values: Readonly<Record<string, () => string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (!value) throw new Error(`guidance template uses unknown placeholder {{${key}}}`);
    return value();
  });
}
