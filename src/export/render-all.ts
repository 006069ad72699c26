import path from "node:path";
import type { Viz } from "@viz-js/viz";
import { modelDigest } from "../domain/digest.js";
import { isModelError } from "../domain/errors.js";
import type { Model } from "../domain/model.js";
import { buildDiagram } from "./diagram.js";
import { renderDot } from "./dot.js";
import { inlineSvg, layout, type Layout } from "./graphviz.js";
import { renderHtml } from "./html.js";
import { renderMarkdown } from "./markdown.js";
import { renderMermaid } from "./mermaid.js";
import type { ReportData, ReportExtras, ThreatEvidence } from "./report-data.js";
import { renderSarif } from "./sarif.js";
import { toThreatComposer } from "./threat-composer/encode.js";
import { toThreatDragon } from "./threat-dragon/encode.js";
import { ModelView } from "./view.js";
import { FILE_NAMES, FORMATS, type Format } from "./formats.js";

export { FILE_NAMES, FORMATS, type Format };

const NEEDS_LAYOUT: readonly Format[] = ["html", "svg", "tc", "dragon"];

export interface RenderOptions {
  formats: readonly Format[];
  projectName: string;
  extras?: ReportExtras;
  /** Threat Composer: carry every non-Threat-Composer field (default true). */
  extended?: boolean;
}

export interface Rendered {
  digest: string;
  files: Map<Format, string>;
  warnings: string[];
}

/** Whether the requested formats need Graphviz (load it before taking the store's lock). */
export const needsGraphviz = (formats: readonly Format[]) => formats.some((f) => NEEDS_LAYOUT.includes(f));

/** Renders the requested formats from one consistent read of the model (synchronous: run it inside `store.read`). */
export function renderAll(model: Model, viz: Viz | undefined, options: RenderOptions): Rendered {
  const digest = modelDigest(model);
  const data: ReportData = {
    model,
    generatedFrom: { digest },
    projectName: options.projectName,
    evidence: evidenceFromModel(model),
    ...options.extras,
  };
  const view = new ModelView(model);
  const diagram = buildDiagram(view);
  const warnings: string[] = [];
  let graph: Layout | undefined;
  const laidOut = () => {
    if (!viz) throw new Error("Graphviz was not loaded");
    graph ??= layout(viz, renderDot(diagram, `Threat model: ${options.projectName}`));
    return graph;
  };
  const files = new Map<Format, string>();
  for (const format of options.formats) {
    // A format that cannot be written (e.g. over Threat Composer's size limits) is reported and
    // skipped; the others are still written.
    try {
      switch (format) {
        case "md":
          files.set(format, renderMarkdown(data));
          break;
        case "mermaid":
          files.set(format, `%% threatmodel:digest ${digest}\n${renderMermaid(diagram)}`);
          break;
        case "svg":
          files.set(format, withDigestComment(laidOut().svg, digest));
          break;
        case "html":
          files.set(format, renderHtml(data, inlineSvg(laidOut().svg)));
          break;
        case "sarif":
          files.set(format, renderSarif(data));
          break;
        case "tc": {
          const result = toThreatComposer(model, {
            projectName: options.projectName,
            digest,
            extended: options.extended ?? true,
            diagramSvg: laidOut().svg,
          });
          warnings.push(...result.warnings.map((w) => `threat composer: ${w}`));
          files.set(format, `${JSON.stringify(result.document, null, 2)}\n`);
          break;
        }
        case "dragon": {
          const context = model.singleton("business_context");
          const document = toThreatDragon(view, diagram, laidOut().json, {
            title: options.projectName,
            description: context.description,
            digest,
          });
          files.set(format, `${JSON.stringify(document, null, 2)}\n`);
          break;
        }
      }
    } catch (error) {
      if (!isModelError(error)) throw error;
      warnings.push(`${format}: not written: ${error.message}`);
    }
  }
  return { digest, files, warnings };
}

/** Code evidence as code validation recorded it in the model (one record per threat). */
export function evidenceFromModel(model: Model): ThreatEvidence[] {
  return model
    .list("validation")
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((v) => ({
      threat_id: v.threat_id,
      verdict: v.verdict,
      evidence: v.evidence.map((e) => ({
        file: e.file,
        line: e.line,
        column: e.column ?? 1,
        rule: e.rule,
        family: e.family ?? "",
        kind: e.kind,
        snippet: e.snippet,
      })),
    }));
}

/** Puts the digest comment right after the XML prolog of a Graphviz SVG. */
function withDigestComment(svg: string, digest: string): string {
  const end = svg.indexOf("?>");
  const comment = `<!-- threatmodel:digest ${digest} -->`;
  return end >= 0 ? `${svg.slice(0, end + 2)}\n${comment}${svg.slice(end + 2)}` : `${comment}\n${svg}`;
}

/** The name reports use for the project: its folder name. */
export const projectNameOf = (root: string) => path.basename(root) || "project";
