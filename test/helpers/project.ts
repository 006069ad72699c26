import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A fresh, empty project folder in the system temp dir (symlinks resolved, as the server resolves roots). */
export function tempProject(prefix = "tm-test-"): { root: string; cleanup: () => void } {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
