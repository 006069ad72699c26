import type { Rule } from "./rule-packs.js";

/**
 * Every regex the scanner may evaluate for the given rules, one per line, in the syntax ripgrep
 * accepts (`(?i)` for case-insensitive rules). Used by the benchmark to run `rg -f` with the same
 * regex set.
 */
export function exportRegexPatterns(rules: readonly Rule[]): string[] {
  const out = new Set<string>();
  for (const rule of rules) {
    const prefix = rule.ignoreCase ? "(?i)" : "";
    for (const source of [rule.regex, rule.unless, rule.context, rule.unlessFile, rule.requires]) {
      if (source !== undefined) out.add(prefix + source);
    }
  }
  return [...out];
}
