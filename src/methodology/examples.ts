/** An example tool call written in a guidance text as a fenced ```json block. */
export interface ExampleCall {
  tool: string;
  arguments: Record<string, unknown>;
}

export type ExampleBlock =
  { ok: true; call: ExampleCall; line: number } | { ok: false; error: string; line: number };

/**
 * Every fenced ```json block of a Markdown text, read as `{"tool": "...", "arguments": {...}}`.
 * Blocks that are not valid JSON or not shaped like a call are reported, not skipped.
 */
export function extractExampleCalls(markdown: string): ExampleBlock[] {
  const blocks: ExampleBlock[] = [];
  const pattern = /^[ \t]*```json[ \t]*\n([\s\S]*?)^[ \t]*```[ \t]*$/gm;
  for (const match of markdown.matchAll(pattern)) {
    const line = markdown.slice(0, match.index).split("\n").length;
    let parsed: unknown;
    try {
      parsed = JSON.parse(match[1]!);
    } catch (error) {
      blocks.push({ ok: false, error: `not JSON: ${(error as Error).message}`, line });
      continue;
    }
    const call = parsed as Partial<ExampleCall> | null;
    const keys = call && typeof call === "object" ? Object.keys(call).sort().join(",") : "";
    if (
      keys !== "arguments,tool" ||
      typeof call!.tool !== "string" ||
      typeof call!.arguments !== "object" ||
      call!.arguments === null ||
      Array.isArray(call!.arguments)
    ) {
      blocks.push({ ok: false, error: 'expected exactly {"tool": "<name>", "arguments": {...}}', line });
      continue;
    }
    blocks.push({ ok: true, call: call as ExampleCall, line });
  }
  return blocks;
}

/** Tool names written in backticks, e.g. `add_component` (snake_case with a known verb). */
export function mentionedToolNames(markdown: string): string[] {
  const verbs =
    "add|get|list|set|update|delete|clear|reset|link|unlink|remove|validate|advance|follow|analyze|export|accept|execute|generate|import|scan";
  const pattern = new RegExp(`\`((?:${verbs})_[a-z0-9_]+)\``, "g");
  return [...new Set([...markdown.matchAll(pattern)].map((m) => m[1]!))];
}
