import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package's `data/` folder (guidance, rule packs, templates), next to `src/` and `dist/`. */
export const DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "data");

export function dataPath(...segments: string[]): string {
  return path.join(DATA_DIR, ...segments);
}
