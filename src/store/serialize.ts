/** Stable, pretty JSON: two-space indent, trailing newline, key order from the schema. */
export function toFileJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
