import type { Viz } from "@viz-js/viz";

let loading: Promise<Viz> | undefined;

/** Graphviz compiled to WebAssembly, loaded once on first use (no native binary, no network). */
export function graphviz(): Promise<Viz> {
  loading ??= import("@viz-js/viz").then((m) => m.instance());
  return loading;
}

export interface Layout {
  svg: string;
  /** Graphviz `json` output: positions of nodes, clusters and edges (points, y up). */
  json: GraphvizJson;
}

export interface GraphvizJson {
  bb: string;
  objects?: { name: string; pos?: string; bb?: string; width?: string; height?: string }[];
}

const ACTIVE_TAGS = new Set([
  "script",
  "foreignobject",
  "iframe",
  "object",
  "embed",
  "use",
  "animate",
  "set",
]);

/**
 * Nothing in our DOT can produce active content, but the SVG is inlined into HTML, so check anyway:
 * every tag name and attribute name (Graphviz escapes text and attribute values, so a hostile label
 * can only ever appear inside a quoted value).
 */
export function hasActiveContent(svg: string): boolean {
  for (const tag of svg.matchAll(/<([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    if (ACTIVE_TAGS.has(tag[1]!.toLowerCase())) return true;
    for (const attr of tag[2]!.matchAll(/([^\s=/"']+)\s*=\s*"([^"]*)"/g)) {
      const name = attr[1]!.toLowerCase();
      if (name.startsWith("on")) return true;
      if (/(^|:)(href|src)$/.test(name) && /^\s*(javascript|data|vbscript):/i.test(attr[2]!)) return true;
    }
  }
  return false;
}

/** Lays out DOT once and returns the SVG and the coordinates. */
export function layout(viz: Viz, dot: string): Layout {
  const result = viz.renderFormats(dot, ["svg", "json"]);
  if (result.status !== "success") {
    const messages = result.errors.map((e) => e.message).join("; ");
    throw new Error(`Graphviz could not lay out the diagram: ${messages}`);
  }
  const svg = result.output.svg!;
  if (hasActiveContent(svg))
    throw new Error("the rendered diagram contains active content; refusing to embed it");
  return { svg, json: JSON.parse(result.output.json!) as GraphvizJson };
}

/** The `<svg>` element alone, for inlining in HTML (no XML prolog, doctype or comments). */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf("<svg");
  return svg
    .slice(start)
    .replace(/<!--[\s\S]*?-->\n?/g, "")
    .trim();
}
