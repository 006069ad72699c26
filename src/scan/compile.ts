import { buildKeywordAutomaton, type KeywordAutomaton } from "./keyword-automaton.js";
import { LANGUAGES, type Language } from "./languages.js";
import type { Rule } from "./rule-packs.js";

export interface CompiledRule {
  rule: Rule;
  /** Global + multiline (+ case-insensitive) form of `rule.regex`. */
  regex: RegExp;
  unless?: RegExp;
  context?: RegExp;
  unlessFile?: RegExp;
  requires?: RegExp;
}

/** Everything needed to scan files of one language: its rules and their keyword automaton. */
export interface LanguageMatcher {
  language: Language;
  rules: CompiledRule[];
  automaton: KeywordAutomaton;
  /** Keyword index -> indices into `rules`. */
  keywordRules: number[][];
  /** Rule index -> its keyword indices. */
  ruleKeywords: number[][];
}

export interface CompiledRuleSet {
  rules: Rule[];
  byLanguage: Map<Language, LanguageMatcher>;
  byId: Map<string, CompiledRule>;
}

function compileRule(rule: Rule): CompiledRule {
  const flags = rule.ignoreCase ? "mi" : "m";
  const compiled: CompiledRule = { rule, regex: new RegExp(rule.regex, `g${flags}`) };
  if (rule.unless !== undefined) compiled.unless = new RegExp(rule.unless, flags);
  if (rule.context !== undefined) compiled.context = new RegExp(rule.context, flags);
  if (rule.unlessFile !== undefined) compiled.unlessFile = new RegExp(rule.unlessFile, flags);
  if (rule.requires !== undefined) compiled.requires = new RegExp(rule.requires, flags);
  return compiled;
}

function appliesTo(rule: Rule, language: Language): boolean {
  return rule.languages.includes(language) || rule.languages.includes("any");
}

/** Compiles rules into one matcher per language (languages without rules get none). */
export function compileRules(rules: readonly Rule[]): CompiledRuleSet {
  const compiled = rules.map(compileRule);
  const byId = new Map(compiled.map((c) => [c.rule.id, c]));
  const byLanguage = new Map<Language, LanguageMatcher>();
  // Languages with exactly the same rules (JavaScript and TypeScript) share one automaton.
  const shared = new Map<string, Omit<LanguageMatcher, "language">>();
  for (const language of LANGUAGES) {
    const own = compiled.filter((c) => appliesTo(c.rule, language));
    if (own.length === 0) continue;
    const signature = own.map((c) => c.rule.id).join("\0");
    const existing = shared.get(signature);
    if (existing) {
      byLanguage.set(language, { ...existing, language });
      continue;
    }
    const keywordIndex = new Map<string, number>();
    const keywordRules: number[][] = [];
    const ruleKeywords: number[][] = own.map(() => []);
    own.forEach((c, ruleIndex) => {
      for (const keyword of c.rule.keywords) {
        let k = keywordIndex.get(keyword);
        if (k === undefined) {
          k = keywordRules.length;
          keywordIndex.set(keyword, k);
          keywordRules.push([]);
        }
        const list = keywordRules[k]!;
        if (!list.includes(ruleIndex)) list.push(ruleIndex);
        if (!ruleKeywords[ruleIndex]!.includes(k)) ruleKeywords[ruleIndex]!.push(k);
      }
    });
    const matcher = {
      rules: own,
      automaton: buildKeywordAutomaton([...keywordIndex.keys()]),
      keywordRules,
      ruleKeywords,
    };
    shared.set(signature, matcher);
    byLanguage.set(language, { ...matcher, language });
  }
  return { rules: [...rules], byLanguage, byId };
}
