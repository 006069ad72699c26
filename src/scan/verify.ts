import { readFile, stat } from "node:fs/promises";
import { compileRules, type CompiledRuleSet } from "./compile.js";
import { resolveInsideRoot } from "../store/paths.js";
import { loadRulePacks } from "./rule-packs.js";
import { classifyName, decode, scanText } from "./scan-file.js";
import { languageFromContent, type Language } from "./languages.js";
import type { Evidence } from "./types.js";

export interface EvidenceStatus {
  /**
   * - current: the same finding is still at the same line;
   * - moved: the same finding (same fingerprint) is now at `line`; still valid;
   * - changed: the rule no longer finds this code (edited, fixed, or the rule was removed);
   * - missing: the file is gone.
   */
  status: "current" | "moved" | "changed" | "missing";
  line?: number;
  reason: string;
}

const MAX_VERIFY_BYTES = 32 * 1024 * 1024;

const compiledByRule = new Map<string, CompiledRuleSet | null>();

function ruleSetFor(ruleId: string, rulesDir: string | undefined): CompiledRuleSet | null {
  const key = `${rulesDir ?? ""}\0${ruleId}`;
  if (!compiledByRule.has(key)) {
    const rule = loadRulePacks(rulesDir)
      .flatMap((p) => p.rules)
      .find((r) => r.id === ruleId);
    compiledByRule.set(key, rule ? compileRules([rule]) : null);
  }
  return compiledByRule.get(key) ?? null;
}

/**
 * Re-checks one stored evidence record against the file as it is now. Throws ModelError when the
 * record's file path points outside the root.
 */
export async function verifyEvidence(
  root: string,
  evidence: Pick<Evidence, "file" | "rule" | "line" | "fingerprint">,
  options: { rulesDir?: string } = {},
): Promise<EvidenceStatus> {
  const target = resolveInsideRoot(root, evidence.file, "file");
  let buffer: Buffer;
  try {
    // Only regular files of sane size are read again (a pipe would wait forever).
    const info = await stat(target.absolute);
    if (!info.isFile() && !info.isDirectory())
      return { status: "missing", reason: `${evidence.file} is no longer a regular file` };
    if (info.size > MAX_VERIFY_BYTES)
      return {
        status: "changed",
        reason: `${evidence.file} is now ${info.size} bytes, too large to re-check`,
      };
    buffer = await readFile(target.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      return { status: "missing", reason: `${evidence.file} no longer exists` };
    if (code === "EISDIR") return { status: "missing", reason: `${evidence.file} is now a folder` };
    throw error;
  }
  const ruleSet = ruleSetFor(evidence.rule, options.rulesDir);
  if (!ruleSet) return { status: "changed", reason: `rule ${evidence.rule} no longer exists` };
  const text = decode(buffer);
  if (text === null) return { status: "changed", reason: `${evidence.file} is now a binary file` };
  const named = classifyName(target.relative);
  const language: Language | null =
    named === "structured"
      ? languageFromContent(text)
      : ruleSet.byLanguage.has(named as Language)
        ? (named as Language)
        : null;
  const found = language ? scanText(ruleSet, target.relative, text, language, { allPresent: true }) : [];
  const same = found.find((e) => e.fingerprint === evidence.fingerprint);
  if (same && same.line === evidence.line)
    return { status: "current", line: same.line, reason: "the finding is unchanged" };
  if (same)
    return {
      status: "moved",
      line: same.line,
      reason: `the same code moved from line ${evidence.line} to line ${same.line}`,
    };
  const atLine = found.find((e) => e.line === evidence.line);
  if (atLine) {
    return {
      status: "changed",
      line: evidence.line,
      reason: `rule ${evidence.rule} still matches line ${evidence.line}, but the code there was edited`,
    };
  }
  const elsewhere =
    found.length > 0
      ? `; it still matches elsewhere (line ${found
          .map((e) => e.line)
          .slice(0, 5)
          .join(", ")})`
      : "";
  return {
    status: "changed",
    reason: `rule ${evidence.rule} no longer matches line ${evidence.line} of ${evidence.file}${elsewhere}`,
  };
}
