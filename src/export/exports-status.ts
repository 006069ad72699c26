import { readFileSync } from "node:fs";
import path from "node:path";
import { Layout, THREATMODEL_DIR } from "../store/layout.js";
import { FILE_NAMES } from "./render-all.js";

export interface ExportRecord {
  /** Relative to the project root. */
  file: string;
  /** The model digest the export was made from, or undefined when it carries none. */
  modelDigest: string | undefined;
}

const MARK = /threatmodel:digest"?\s*:?\s*"?([0-9a-f]{64})/;
const HEAD_BYTES = 4096;

/**
 * The exports present under `.threatmodel/` and the model digest each embeds (every format writes
 * `threatmodel:digest <hex>` near its start), so "are the exports current?" is a comparison with
 * `modelDigest(model)`. Fits `EnvironmentProviders.findExports` of the methodology work.
 */
export async function findExports(root: string): Promise<ExportRecord[]> {
  const base = new Layout(root).base;
  const out: ExportRecord[] = [];
  for (const name of Object.values(FILE_NAMES)) {
    let text: string;
    try {
      text = readFileSync(path.join(base, name), "utf8");
    } catch {
      continue;
    }
    const match = MARK.exec(text.slice(0, HEAD_BYTES)) ?? MARK.exec(text);
    out.push({ file: `${THREATMODEL_DIR}/${name}`, modelDigest: match?.[1] });
  }
  return out;
}
