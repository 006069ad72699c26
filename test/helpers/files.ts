import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Every file under `dir` (relative path → sha256), for "nothing changed on disk" assertions. */
export function snapshotFiles(
  dir: string,
  ignore: (relative: string) => boolean = () => false,
): Map<string, string> {
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  const walk = (current: string) => {
    for (const name of readdirSync(current)) {
      const full = path.join(current, name);
      const relative = path.relative(dir, full);
      if (ignore(relative)) continue;
      if (statSync(full).isDirectory()) walk(full);
      else out.set(relative, createHash("sha256").update(readFileSync(full)).digest("hex"));
    }
  };
  walk(dir);
  return out;
}

/** The committed model: `.threatmodel/` minus the per-checkout `.local/` machinery. */
export function snapshotModel(root: string): Map<string, string> {
  return snapshotFiles(path.join(root, ".threatmodel"), (relative) => relative.startsWith(".local"));
}
