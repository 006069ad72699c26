import { createRequire } from "node:module";
import type { Lang, NapiConfig, SgRoot } from "@ast-grep/napi";
import type { LineIndex } from "./line-index.js";

type AstGrep = typeof import("@ast-grep/napi");
let astGrep: AstGrep | undefined;

/** The native ast-grep module, loaded on first use (most scans of non-JS trees never need it). */
function napi(): AstGrep {
  astGrep ??= createRequire(import.meta.url)("@ast-grep/napi") as AstGrep;
  return astGrep;
}

/** Lines of code parsed before and after each line where a structural rule's regex gate matched. */
const LINES_BEFORE = 4;
const LINES_AFTER = 5;

/** The ast-grep grammar for a JavaScript/TypeScript file, from its extension. */
export function structuralLang(filePath: string): Lang {
  const lower = filePath.toLowerCase();
  const { Lang } = napi();
  if (lower.endsWith(".tsx")) return Lang.Tsx;
  if (/\.(m|c)?ts$/.test(lower)) return Lang.TypeScript;
  return Lang.JavaScript;
}

interface Fragment {
  first: number;
  last: number;
  /** The last gate line in the fragment: structural matches must start at or before it. */
  lastHit: number;
}

/**
 * Runs ast-grep rules over the parts of a file around regex-gate matches. Parsing only these
 * fragments (a few lines each) instead of whole files keeps the structural step cheap and its
 * native memory small; tree-sitter's error recovery parses the statements inside a fragment
 * correctly even when the fragment starts or ends in the middle of an enclosing construct.
 */
export class StructuralFile {
  private readonly roots = new Map<string, SgRoot>();

  constructor(
    private readonly text: string,
    private readonly lang: Lang,
    private readonly lines: LineIndex,
  ) {}

  private fragments(gateOffsets: readonly number[]): Fragment[] {
    const lineCount = this.lines.lineCount();
    const hitLines = [...new Set(gateOffsets.map((o) => this.lines.lineOf(o)))].sort((a, b) => a - b);
    const out: Fragment[] = [];
    for (const line of hitLines) {
      const first = Math.max(1, line - LINES_BEFORE);
      const last = Math.min(lineCount, line + LINES_AFTER);
      const previous = out[out.length - 1];
      if (previous && first <= previous.last + 1) {
        previous.last = Math.max(previous.last, last);
        previous.lastHit = line;
      } else out.push({ first, last, lastHit: line });
    }
    return out;
  }

  private root(fragment: Fragment): SgRoot {
    const key = `${fragment.first}:${fragment.last}`;
    let root = this.roots.get(key);
    if (!root) {
      const start = this.lines.startOf(fragment.first);
      const end =
        fragment.last >= this.lines.lineCount() ? this.text.length : this.lines.startOf(fragment.last + 1);
      root = napi().parse(this.lang, this.text.slice(start, end));
      this.roots.set(key, root);
    }
    return root;
  }

  /**
   * Offsets (in the whole text) of the nodes matching `config` near the gate matches whose source
   * text passes `accept` (text conditions are checked here, with JS regexes compiled once, rather
   * than inside the ast-grep rule, where they would be recompiled on every call).
   */
  findAround(
    config: Record<string, unknown>,
    gateOffsets: readonly number[],
    accept: (nodeText: string) => boolean,
  ): number[] {
    const found = new Set<number>();
    for (const fragment of this.fragments(gateOffsets)) {
      for (const node of this.root(fragment)
        .root()
        .findAll(config as unknown as NapiConfig)) {
        const start = node.range().start;
        const line = fragment.first + start.line;
        if (line > fragment.lastHit || !accept(node.text())) continue;
        found.add(this.lines.startOf(line) + start.column);
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}
