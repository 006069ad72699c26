import type * as z from "zod";
import { ModelError } from "./errors.js";

/** "items[17].type": list positions in brackets, as the MCP adapters show them too. */
function pathOf(issue: z.core.$ZodIssue, prefix?: string): string {
  let out = prefix ?? "";
  for (const key of issue.path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** "field: message; other.field: message" — the format every validation error uses. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix?: string): string {
  const shown = issues.slice(0, 8).map((issue) => {
    const where = pathOf(issue, prefix);
    if (issue.code === "unrecognized_keys") {
      return `${where ? `${where}: ` : ""}unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (not accepted: nothing is silently ignored)`;
    }
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  const more = issues.length > 8 ? `; and ${issues.length - 8} more problems` : "";
  return shown.join("; ") + more;
}

/** Parses with a schema or throws a ModelError naming each bad field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new ModelError("invalid_input", formatIssues(result.error.issues, prefix), {
    ...(first ? { field: pathOf(first, prefix) } : {}),
  });
}
