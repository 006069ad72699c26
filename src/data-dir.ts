import path from "node:path";
import { PACKAGE_ROOT } from "./package-root.js";

/** The package's `data/` folder (guidance, rule packs, templates). */
export const DATA_DIR = path.join(PACKAGE_ROOT, "data");

export function dataPath(...segments: string[]): string {
  return path.join(DATA_DIR, ...segments);
}
