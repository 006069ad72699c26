import { blockAround } from "./blocks.js";
import type { CompiledRule, LanguageMatcher } from "./compile.js";
import { STRUCTURAL_LANGUAGES, type Language } from "./languages.js";
import { LineIndex } from "./line-index.js";
import { looksLikeSecret } from "./secret-value.js";
import { StructuralFile, structuralLang } from "./structural.js";

/** Lines of context on each side of a keyword occurrence in which a rule's regex is run. */
const CONTEXT_LINES = 2;
/**
 * Lines that only declare a dependency (Java `import`, C# `using`, PHP `use`) are not evidence that
 * the imported API is used, so no rule reports on them in these languages.
 */
const DECLARATION_LINE: Partial<Record<Language, RegExp>> = {
  java: /^\s*import\s+(?:static\s+)?[\w.*]+\s*;/,
  csharp: /^\s*(?:global\s+)?using\s+(?:static\s+)?[\w.=\s]+;/,
  php: /^\s*use\s+[\w\\{},\s]+;/,
};

const SLASH_COMMENT = /^\s*(?:\/\/|\/\*|\*(?:\s|$))/;
const HASH_COMMENT = /^\s*#/;

/** A line whose text before the match starts a comment: matches there are not evidence of code. */
const COMMENT_START: Record<Language, RegExp> = {
  javascript: SLASH_COMMENT,
  typescript: SLASH_COMMENT,
  java: SLASH_COMMENT,
  go: SLASH_COMMENT,
  csharp: /^\s*(?:\/\/|\/\*|\*(?:\s|$)|@\*)/,
  php: /^\s*(?:\/\/|\/\*|\*(?:\s|$)|#(?!\[))/,
  python: HASH_COMMENT,
  ruby: HASH_COMMENT,
  terraform: /^\s*(?:#|\/\/|\/\*)/,
  cloudformation: HASH_COMMENT,
  kubernetes: HASH_COMMENT,
  dockerfile: HASH_COMMENT,
  config: /^\s*[#;!]/,
};

/** A rule reports at most this many weaknesses / missing controls per file. */
export const MAX_HITS_PER_RULE = 50;
/** Present controls are reported at most this often per rule and file: a few locations show the control exists. */
export const MAX_PRESENT_PER_RULE = 5;

export interface RawHit {
  rule: CompiledRule;
  /** Offset of the match (for `missing` rules: of the anchor). */
  offset: number;
}

export interface MatchOptions {
  /** Run every rule's regex over the whole text, ignoring the keyword gate (for testing the gate). */
  exhaustive?: boolean;
  /** Only these rule ids. */
  onlyRules?: ReadonlySet<string>;
  /** Report every hit of present rules too (used when re-verifying a stored finding). */
  allPresent?: boolean;
}

function windowStart(text: string, pos: number): number {
  let start = pos;
  for (let k = 0; k <= CONTEXT_LINES; k++) {
    if (start <= 0) return 0;
    const nl = text.lastIndexOf("\n", start - 1);
    if (nl < 0) return 0;
    start = k === CONTEXT_LINES ? nl + 1 : nl;
  }
  return start;
}

function windowEnd(text: string, pos: number): number {
  let end = pos;
  for (let k = 0; k <= CONTEXT_LINES; k++) {
    const nl = text.indexOf("\n", end);
    if (nl < 0) return text.length;
    end = nl + 1;
  }
  return end;
}

/** Merged [start, end) windows around keyword occurrences (positions ascending). */
function windowsAround(text: string, positions: readonly number[]): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  let lineEnd = -1;
  for (const pos of positions) {
    if (pos < lineEnd) continue; // same line as the previous occurrence: same window
    const nl = text.indexOf("\n", pos);
    lineEnd = nl < 0 ? text.length : nl;
    const start = windowStart(text, pos);
    const end = windowEnd(text, pos);
    const last = windows[windows.length - 1];
    if (last && start <= last[1]) {
      if (end > last[1]) last[1] = end;
    } else windows.push([start, end]);
  }
  return windows;
}

function lineSpan(text: string, start: number, end: number): string {
  const from = text.lastIndexOf("\n", start - 1) + 1;
  const nl = text.indexOf("\n", end);
  return text.slice(from, nl < 0 ? text.length : nl);
}

/** Regex matches of a rule inside the windows (or the whole text), filtered by `unless` and `secret_value`. */
function regexMatches(
  text: string,
  compiled: CompiledRule,
  windows: Array<[number, number]> | null,
  declaration: RegExp | undefined,
  limit: number,
  comment: RegExp | undefined,
): number[] {
  const { regex, unless, rule } = compiled;
  const spans = windows ?? [[0, text.length]];
  const found: number[] = [];
  let previous = -1;
  for (const [ws, we] of spans) {
    const slice = ws === 0 && we === text.length ? text : text.slice(ws, we);
    regex.lastIndex = 0;
    for (let m = regex.exec(slice); m; m = regex.exec(slice)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      let offset = ws + m.index;
      const lead = /^\s*/.exec(m[0]);
      if (lead) offset += lead[0].length;
      if (offset <= previous) continue;
      const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
      if (comment && comment.test(text.slice(lineStart, offset))) continue;
      const span = lineSpan(text, offset, ws + m.index + m[0].length);
      if (unless && unless.test(span)) continue;
      if (declaration && declaration.test(span)) continue;
      if (rule.secretValue && !looksLikeSecret(m[1] ?? "")) continue;
      previous = offset;
      found.push(offset);
      if (found.length >= limit) return found;
    }
  }
  return found;
}

/**
 * Finds every hit of a language's rules in one text. The keyword automaton makes one pass over the
 * text; only rules whose keywords occur are evaluated, and only in a few lines around the keywords.
 */
export function matchText(
  matcher: LanguageMatcher,
  text: string,
  filePath: string,
  options: MatchOptions = {},
): RawHit[] {
  // Keyword occurrences (start offsets), per keyword; a rule's are the union of its keywords'.
  const occurrences: number[][] = matcher.keywordRules.map(() => []);
  if (!options.exhaustive) {
    matcher.automaton.scan(text, (keyword, end) => {
      const list = occurrences[keyword]!;
      if (list.length < 4096) list.push(end);
    });
  }
  const positionsOf = (ri: number): number[] => {
    if (options.exhaustive) return [0];
    const lists = matcher.ruleKeywords[ri]!.map((k) => occurrences[k]!).filter((l) => l.length > 0);
    if (lists.length <= 1) return lists[0] ?? [];
    return lists.flat().sort((a, b) => a - b);
  };

  const hits: RawHit[] = [];
  const declaration = DECLARATION_LINE[matcher.language];
  const comment = COMMENT_START[matcher.language];
  let lines: LineIndex | null = null;
  let structural: StructuralFile | null = null;
  matcher.rules.forEach((compiled, ri) => {
    const found = positionsOf(ri);
    if (found.length === 0) return;
    if (options.onlyRules && !options.onlyRules.has(compiled.rule.id)) return;
    if (compiled.context && !compiled.context.test(text)) return;
    if (compiled.unlessFile && compiled.unlessFile.test(text)) return;
    const windows = options.exhaustive || found.length > 256 ? null : windowsAround(text, found);
    const { rule } = compiled;
    const limit = rule.kind === "present" && !options.allPresent ? MAX_PRESENT_PER_RULE : MAX_HITS_PER_RULE;
    const matches = (): number[] =>
      regexMatches(text, compiled, windows, declaration, limit, rule.inComments ? undefined : comment);

    if (rule.kind === "missing") {
      let anchors = matches();
      if (rule.anchorOccurrence === "last") anchors = anchors.slice(-1);
      for (const anchor of anchors) {
        const scope = rule.scope === "file" ? text : blockAround(matcher.language, text, anchor);
        if (!compiled.requires!.test(scope)) hits.push({ rule: compiled, offset: anchor });
      }
      return;
    }

    if (rule.ast && STRUCTURAL_LANGUAGES.has(matcher.language)) {
      const gate = matches();
      if (gate.length === 0) return;
      lines ??= new LineIndex(text);
      structural ??= new StructuralFile(text, structuralLang(filePath), lines);
      let count = 0;
      const accept = (nodeText: string): boolean => {
        compiled.regex.lastIndex = 0;
        return compiled.regex.test(nodeText);
      };
      for (const offset of structural.findAround(rule.ast, gate, accept)) {
        if (compiled.unless && compiled.unless.test(lineSpan(text, offset, offset))) continue;
        hits.push({ rule: compiled, offset });
        if (++count >= MAX_HITS_PER_RULE) break;
      }
      return;
    }

    for (const offset of matches()) hits.push({ rule: compiled, offset });
  });
  return hits;
}
