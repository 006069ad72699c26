/**
 * Plain-text renderings of model data for tool results and the CLI. Many MCP clients show the
 * model only the text content, so it carries every field, compactly.
 */
import { terminalSafe } from "./terminal.js";

const HIDDEN = new Set(["id"]);

function formatValue(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return "none";
    return value
      .map((item) => (typeof item === "object" && item !== null ? summarise(item) : String(item)))
      .join(", ");
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/** One-line label of an entity-like object: its name, statement or content, and id. */
export function summarise(item: object): string {
  const record = item as Record<string, unknown>;
  const label = record.name ?? record.statement ?? record.content ?? record.description ?? record.key;
  const id = record.id !== undefined ? String(record.id) : "";
  const number = typeof record.numericId === "number" ? `#${record.numericId} ` : "";
  if (label === undefined) return id;
  return id ? `${number}${String(label)} (${id})` : `${number}${String(label)}`;
}

/** "key: value" lines for every present field of an entity, after a heading line. */
export function formatEntity(title: string, entity: object): string {
  const record = entity as Record<string, unknown>;
  const lines = [`${title}: ${summarise(entity)}`];
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key) || value === undefined || value === "") continue;
    if (key === "name" || (key === "statement" && typeof record.statement === "string")) continue;
    lines.push(`  ${key}: ${formatValue(value)}`);
  }
  return lines.join("\n");
}

export function formatList(title: string, items: readonly object[], empty: string): string {
  if (items.length === 0) return empty;
  return [`${title} (${items.length}):`, ...items.map((item) => `- ${summarise(item)}`)].join("\n");
}

export function formatListDetailed(
  title: string,
  itemTitle: string,
  items: readonly object[],
  empty: string,
): string {
  if (items.length === 0) return empty;
  return [`${title} (${items.length}):`, ...items.map((item) => formatEntity(itemTitle, item))].join("\n");
}

/** Model files the store left out when loading, one line each with its reason ([] when none). */
export function loadIssueLines(issues: readonly { file: string; reason: string }[]): string[] {
  if (issues.length === 0) return [];
  return [
    `${issues.length} model file${issues.length === 1 ? " is" : "s are"} left out of the model (fix or delete them):`,
    ...issues.slice(0, 20).map((i) => `- ${terminalSafe(i.file)}: ${terminalSafe(i.reason)}`),
    ...(issues.length > 20 ? [`- and ${issues.length - 20} more`] : []),
  ];
}

/**
 * Repository text as a JSON string. Characters JSON leaves raw but readers take as line breaks or
 * reordering (U+2028, U+2029, NEL, bidi and zero-width controls) are escaped too, so nothing can
 * leave the quote.
 */
export function jsonQuote(text: string): string {
  return JSON.stringify(text).replace(
    /[\u0085\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A repository path as it is, or quoted when it holds anything but plain path characters (a name can hold line breaks). */
export function pathLabel(file: string): string {
  return /^[\w./@+,=~-]+$/.test(file) ? file : jsonQuote(file);
}
