import type { Language } from "./languages.js";

/**
 * The part of a file that belongs to the construct starting at an anchor, used by `missing` rules
 * with `scope: block` to decide whether a control is configured for that construct:
 * - Terraform and code: the brace block that opens at or after the anchor;
 * - CloudFormation YAML: the lines at or deeper than the anchor's indentation around it (the
 *   resource mapping); CloudFormation JSON: the innermost object enclosing the anchor;
 * - Kubernetes: the YAML document (between `---` separators);
 * - Dockerfile: the build stage (up to the next FROM).
 */
export function blockAround(language: Language, text: string, anchor: number): string {
  switch (language) {
    case "cloudformation":
      return /^\s*\{/.test(text) ? enclosingObject(text, anchor) : indentedMapping(text, anchor);
    case "kubernetes":
      return yamlDocument(text, anchor);
    case "dockerfile":
      return dockerStage(text, anchor);
    case "config":
      return text;
    default:
      return braceBlock(text, anchor);
  }
}

function braceBlock(text: string, anchor: number): string {
  const open = text.indexOf("{", anchor);
  if (open < 0) return text.slice(anchor);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125) {
      depth--;
      if (depth === 0) return text.slice(anchor, i + 1);
    }
  }
  return text.slice(anchor);
}

function enclosingObject(text: string, anchor: number): string {
  let depth = 0;
  let start = 0;
  for (let i = anchor; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 125) depth++;
    else if (c === 123) {
      if (depth === 0) {
        start = i;
        break;
      }
      depth--;
    }
  }
  return braceBlock(text, start);
}

function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf("\n", pos - 1) + 1;
}

function indentOf(line: string): number {
  const m = /^[ \t]*/.exec(line);
  return m ? m[0].length : 0;
}

function indentedMapping(text: string, anchor: number): string {
  const lines = text.split("\n");
  const anchorLine = text.slice(0, lineStartOf(text, anchor)).split("\n").length - 1;
  const indent = indentOf(lines[anchorLine] ?? "");
  const belongs = (line: string): boolean =>
    line.trim() === "" || line.trimStart().startsWith("#") || indentOf(line) >= indent;
  let first = anchorLine;
  while (first > 0 && belongs(lines[first - 1]!)) first--;
  let last = anchorLine;
  while (last < lines.length - 1 && belongs(lines[last + 1]!)) last++;
  return lines.slice(first, last + 1).join("\n");
}

function yamlDocument(text: string, anchor: number): string {
  const separator = /^---[ \t]*$/gm;
  let start = 0;
  let end = text.length;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    if (m.index < anchor) start = m.index + m[0].length;
    else {
      end = m.index;
      break;
    }
  }
  return text.slice(start, end);
}

function dockerStage(text: string, anchor: number): string {
  const next = /^[ \t]*FROM[ \t]/gim;
  next.lastIndex = text.indexOf("\n", anchor) < 0 ? text.length : text.indexOf("\n", anchor);
  const m = next.exec(text);
  return text.slice(lineStartOf(text, anchor), m ? m.index : text.length);
}
