import { readdirSync } from "node:fs";
import path from "node:path";

/**
 * File extensions that count as source code for deciding whether phase 7.5 (code validation)
 * applies. Data and docs (JSON, YAML, Markdown, HTML) do not: a repository of configuration or
 * documentation alone has no code to validate. This is the one list; change it here.
 */
export const SOURCE_EXTENSIONS: ReadonlySet<string> = new Set([
  ...[".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx", ".vue", ".svelte"],
  ...[".py", ".pyw", ".rb", ".php", ".pl", ".pm", ".lua", ".r", ".jl"],
  ...[".java", ".kt", ".kts", ".scala", ".groovy", ".clj", ".go", ".rs", ".swift", ".dart"],
  ...[".cs", ".fs", ".vb", ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".m", ".mm"],
  ...[".ex", ".exs", ".erl", ".hs", ".ml", ".sol", ".sql", ".sh", ".bash", ".zsh", ".ps1"],
  ...[".tf", ".hcl", ".bicep"],
]);

/** File names that are code whatever their extension. */
const SOURCE_NAMES: ReadonlySet<string> = new Set(["dockerfile", "containerfile", "makefile", "jenkinsfile"]);

/** Folders never searched: tooling, dependencies, build output, virtual environments, the model itself. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  ".git",
  ".threatmodel",
  "node_modules",
  "vendor",
  "dist",
  "build",
  "target",
  "venv",
  ".venv",
  "__pycache__",
  "bower_components",
]);

export function isSourceFile(name: string): boolean {
  const lower = name.toLowerCase();
  return SOURCE_NAMES.has(lower) || SOURCE_EXTENSIONS.has(path.extname(lower));
}

export interface CodeDetection {
  hasCode: boolean;
  /** The first source file found, relative to the searched folder (forward slashes). */
  firstFile?: string;
  /** True when the search stopped at its entry limit without finding code. */
  truncated: boolean;
}

/**
 * Whether a folder holds source code: breadth-first, skipping hidden and dependency folders,
 * never following symbolic links, stopping at the first source file or after `maxEntries`.
 */
export function detectCode(dir: string, maxEntries = 20_000): CodeDetection {
  const queue: string[] = [""];
  let seen = 0;
  while (queue.length > 0) {
    const relative = queue.shift()!;
    let entries;
    try {
      entries = readdirSync(path.join(dir, relative), { withFileTypes: true });
    } catch {
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++seen > maxEntries) return { hasCode: false, truncated: true };
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isFile() && isSourceFile(entry.name))
        return { hasCode: true, firstFile: child, truncated: false };
      if (entry.isDirectory() && !entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name)) {
        queue.push(child);
      }
    }
  }
  return { hasCode: false, truncated: false };
}
