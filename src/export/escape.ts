/**
 * Escapers for every output format. All user text passes through one of these before it reaches a
 * report, so a name like `<img src=x onerror=alert(1)>` or `a | b` stays inert text everywhere.
 */

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** HTML text and attribute values (quoted attributes only). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => HTML_ENTITIES[c]!);
}

/** Control characters other than tab and newline never belong in a report. */
function dropControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/g, " ");
}

/**
 * Inline Markdown: HTML is entity-encoded and Markdown punctuation backslash-escaped, so user text
 * can neither open a tag, a link, an image, emphasis nor code. Newlines become spaces.
 */
export function escapeMarkdownInline(text: string): string {
  return dropControls(text)
    .replace(/\r\n?|\n/g, " ")
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c]!)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

/** Escapes what would start a block (heading, list, quote, rule) at the beginning of a line. */
function escapeLineStart(line: string): string {
  return line.replace(/^([#+=-])/, "\\$1").replace(/^(\d+)([.)])/, "$1\\$2");
}

/** A Markdown table cell: inline escaping, with line breaks kept as `<br>`. */
export function escapeMarkdownCell(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeMarkdownInline(line))
    .join("<br>");
}

/** A block of user text (a description) as Markdown paragraphs; every line is escaped inline. */
export function escapeMarkdownBlock(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((line) => escapeLineStart(escapeMarkdownInline(line.trim())))
    .join("  \n");
}

/** Characters that Mermaid parses inside labels (or that end a label), as Mermaid entity codes. */
const MERMAID_CODES: Record<string, string> = {
  '"': "#quot;",
  "#": "#35;",
  "%": "#37;",
  "&": "#38;",
  "<": "#60;",
  ">": "#62;",
  "[": "#91;",
  "]": "#93;",
  "(": "#40;",
  ")": "#41;",
  "{": "#123;",
  "}": "#125;",
  "|": "#124;",
  "`": "#96;",
  ";": "#59;",
  "\\": "#92;",
  "*": "#42;",
  _: "#95;",
  "~": "#126;",
};

/** Text for a double-quoted Mermaid label: entity-coded, one line. */
export function escapeMermaid(text: string): string {
  return dropControls(text)
    .replace(/\s+/g, " ")
    .trim()
    .replace(/["#%&<>[\](){}|`;\\*_~]/g, (c) => MERMAID_CODES[c]!);
}

/**
 * Text for a double-quoted DOT string. Backslashes are doubled (Graphviz reads `\n`, `\l`, `\N`...
 * as escapes) and `& < >` become entities, which Graphviz shows as the characters themselves.
 */
export function escapeDot(text: string): string {
  return dropControls(text)
    .replace(/\r\n?|\n/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** Shortens text for a diagram label (reports show the full text elsewhere). */
export function clip(text: string, max: number): string {
  const single = text.replace(/\s+/g, " ").trim();
  return single.length <= max ? single : `${single.slice(0, max - 1)}…`;
}

/**
 * A repository-relative file path as a Markdown/HTML link target (each segment URL-encoded), or
 * undefined when it is not a plain relative path (absolute, `..`, scheme, backslashes).
 */
export function relativeLinkTarget(file: string): string | undefined {
  if (file.length === 0 || file.startsWith("/") || file.includes("\\") || /^[a-z][a-z0-9+.-]*:/i.test(file))
    return undefined;
  const segments = file.split("/");
  if (segments.some((s) => s === ".." || s === "." || s === "")) return undefined;
  return segments.map((s) => encodeURIComponent(s)).join("/");
}
