import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isAscii } from "node:buffer";
import type { CompiledRuleSet } from "./compile.js";
import { fingerprintOf, normaliseLine } from "./fingerprint.js";
import { LANGUAGES, languageFromContent, languageFromName, type Language } from "./languages.js";
import { LineIndex } from "./line-index.js";
import { matchText, type MatchOptions, type RawHit } from "./match-file.js";
import { redactSecrets } from "./redact.js";
import type { Evidence, SkipReason } from "./types.js";

export type FileOutcome =
  | { status: "scanned"; bytes: number; language: Language; evidence: Evidence[] }
  | { status: "skipped"; reason: SkipReason };

const GENERATED =
  /(?:\.min\.(?:js|css|mjs)|\.bundle\.js|\.pb\.go|\.designer\.cs|(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|composer\.lock|Gemfile\.lock|poetry\.lock|Pipfile\.lock|Cargo\.lock|go\.sum|packages\.lock\.json))$/i;

/** How many leading bytes are checked for NUL to classify a file as binary (as git does). */
const BINARY_SNIFF_BYTES = 8000;
const SNIPPET_MAX = 200;

function snippetOf(line: string, column: number): string {
  const redacted = redactSecrets(line);
  const trimmed = redacted.trim();
  if (trimmed.length <= SNIPPET_MAX) return trimmed;
  const lead = redacted.length - redacted.trimStart().length;
  const at = Math.max(0, column - 1 - lead - 60);
  const piece = trimmed.slice(at, at + SNIPPET_MAX - 2);
  return `${at > 0 ? "…" : ""}${piece}${at + SNIPPET_MAX - 2 < trimmed.length ? "…" : ""}`;
}

/**
 * A copy of a string that does not share memory with the file text it was cut from (V8 keeps
 * substrings as views on their parent, so a short snippet would otherwise keep the whole file alive).
 */
function detached(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/** Turns raw hits into evidence records with positions, snippets and fingerprints. */
export function evidenceFromHits(file: string, language: Language, text: string, hits: RawHit[]): Evidence[] {
  if (hits.length === 0) return [];
  const lines = new LineIndex(text);
  const occurrences = new Map<string, number>();
  const seen = new Set<string>();
  const sorted = [...hits].sort(
    (a, b) => a.offset - b.offset || a.rule.rule.id.localeCompare(b.rule.rule.id),
  );
  const evidence: Evidence[] = [];
  for (const { rule: compiled, offset } of sorted) {
    const { rule } = compiled;
    const line = lines.lineOf(offset);
    // Two rules of one family reporting the same kind on one line describe the same thing.
    const spot = `${rule.family}\0${rule.kind}\0${line}`;
    if (seen.has(spot)) continue;
    seen.add(spot);
    const column = offset - lines.startOf(line) + 1;
    const lineText = lines.lineText(line);
    const normalised = normaliseLine(redactSecrets(lineText));
    const key = `${rule.id}\0${normalised}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    evidence.push({
      family: rule.family,
      rule: rule.id,
      kind: rule.kind,
      language,
      file,
      line,
      column,
      snippet: detached(snippetOf(lineText, column)),
      stride: [...rule.stride],
      cwe: [...rule.cwe],
      rationale: rule.rationale,
      fingerprint: fingerprintOf(rule.id, file, normalised, occurrence),
    });
  }
  return evidence;
}

/** Scans text already in memory; `language` null means "decide from the file name and content". */
export function scanText(
  ruleSet: CompiledRuleSet,
  file: string,
  text: string,
  language: Language,
  options: MatchOptions = {},
): Evidence[] {
  const matcher = ruleSet.byLanguage.get(language);
  if (!matcher) return [];
  return evidenceFromHits(file, language, text, matchText(matcher, text, file, options));
}

/** The language of a file, or the reason it is not scanned, from its name alone. */
export function classifyName(relative: string): Language | "structured" | SkipReason {
  if (GENERATED.test(relative)) return "generated";
  return languageFromName(relative) ?? "unsupported_language";
}

/** Decodes file bytes: null when binary; ASCII fast path; UTF-8 otherwise (BOM dropped). */
export function decode(buffer: Buffer): string | null {
  const sniff = buffer.length > BINARY_SNIFF_BYTES ? buffer.subarray(0, BINARY_SNIFF_BYTES) : buffer;
  if (sniff.indexOf(0) >= 0) return null;
  if (isAscii(buffer)) return buffer.toString("latin1");
  const text = buffer.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads and scans one file synchronously (called from worker threads). Never throws: I/O problems
 * come back as a skip reason. The content is not kept after the call.
 */
export function scanFileSync(
  ruleSet: CompiledRuleSet,
  absolute: string,
  relative: string,
  maxFileBytes: number,
): FileOutcome {
  const named = classifyName(relative);
  if (named !== "structured" && !isLanguage(named)) return { status: "skipped", reason: named };
  let fd: number;
  try {
    fd = openSync(absolute, "r");
  } catch {
    return { status: "skipped", reason: "unreadable" };
  }
  let buffer: Buffer;
  try {
    const size = fstatSync(fd).size;
    if (size > maxFileBytes) return { status: "skipped", reason: "too_large" };
    const target = readBuffer(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, target, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    buffer = target.subarray(0, read);
  } catch {
    return { status: "skipped", reason: "unreadable" };
  } finally {
    closeSync(fd);
  }
  const text = decode(buffer);
  if (text === null) return { status: "skipped", reason: "binary" };
  const language = named === "structured" ? languageFromContent(text) : named;
  if ((language === "javascript" || language === "typescript") && looksMinified(text)) {
    return { status: "skipped", reason: "generated" };
  }
  return {
    status: "scanned",
    bytes: buffer.length,
    language,
    evidence: scanText(ruleSet, relative, text, language),
  };
}

/**
 * One read buffer per thread, grown as needed: files are decoded to strings right after reading,
 * so reusing the bytes avoids allocating (and later collecting) a buffer per file.
 */
let shared = Buffer.allocUnsafe(64 * 1024);
function readBuffer(size: number): Buffer {
  if (shared.length < size) shared = Buffer.allocUnsafe(Math.max(size, shared.length * 2));
  return shared;
}

/** Bundled/minified JavaScript (very long lines) is build output, not source. */
function looksMinified(text: string): boolean {
  if (text.length < 4096) return false;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  let lines = 1;
  for (let i = sample.indexOf("\n"); i >= 0; i = sample.indexOf("\n", i + 1)) lines++;
  return sample.length / lines > 300;
}

const LANGUAGE_SET: ReadonlySet<string> = new Set(LANGUAGES);

function isLanguage(value: string): value is Language {
  return LANGUAGE_SET.has(value);
}
