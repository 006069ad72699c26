import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PACKAGE_ROOT } from "../package-root.js";

/**
 * The compiled worker entry: next to this module in dist/scan/, or (when this code runs from the
 * rollup bundle) in the package's dist/scan/. Null when running from TypeScript sources, where
 * scans run on the calling thread.
 */
export function workerScript(): URL | null {
  if (import.meta.url.endsWith(".ts")) return null;
  const sibling = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(sibling))) return sibling;
  const packaged = path.join(PACKAGE_ROOT, "dist", "scan", "worker.js");
  return existsSync(packaged) ? pathToFileURL(packaged) : null;
}
