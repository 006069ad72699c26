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

// Nothing in our DOT can produce these, but the SVG is inlined into HTML, so check anyway.
const ACTIVE_SVG = /<script|<foreignObject|\son[a-z]+\s*=|javascript:/i;

/** Lays out DOT once and returns the SVG and the coordinates. */
export function layout(viz: Viz, dot: string): Layout {
  const result = viz.renderFormats(dot, ["svg", "json"]);
  if (result.status !== "success") {
    const messages = result.errors.map((e) => e.message).join("; ");
    throw new Error(`Graphviz could not lay out the diagram: ${messages}`);
  }
  const svg = result.output.svg!;
  if (ACTIVE_SVG.test(svg))
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
