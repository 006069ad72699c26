import { Lang, parse, type NapiConfig, type SgRoot } from "@ast-grep/napi";

/** A structural (ast-grep) match: 0-based line and column of the matched node's start. */
export interface StructuralMatch {
  line: number;
  column: number;
}

/** The ast-grep grammar for a JavaScript/TypeScript file, from its extension. */
export function structuralLang(filePath: string): Lang {
  const lower = filePath.toLowerCase();
  if (lower.endsWith(".tsx")) return Lang.Tsx;
  if (/\.(m|c)?ts$/.test(lower)) return Lang.TypeScript;
  return Lang.JavaScript;
}

/** Parses a source text once and runs any number of ast-grep rules against it. */
export class StructuralFile {
  private root: SgRoot | null = null;

  constructor(
    private readonly text: string,
    private readonly lang: Lang,
  ) {}

  findAll(config: Record<string, unknown>): StructuralMatch[] {
    this.root ??= parse(this.lang, this.text);
    const nodes = this.root.root().findAll(config as unknown as NapiConfig);
    return nodes.map((node) => {
      const start = node.range().start;
      return { line: start.line, column: start.column };
    });
  }
}
