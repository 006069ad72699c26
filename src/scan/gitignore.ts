import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Ignore } from "ignore";
import { ignore } from "../lazy.js";

/** The .gitignore files that apply to a folder, outermost first; each matches paths relative to its base. */
export type IgnoreChain = ReadonlyArray<{ base: string; matcher: Ignore }>;

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return null;
  }
}

/** Extends a chain with the .gitignore of `relativeDir` (when it has one). */
export async function withGitignoreOf(
  chain: IgnoreChain,
  root: string,
  relativeDir: string,
): Promise<IgnoreChain> {
  const content = await readIfExists(path.join(root, relativeDir, ".gitignore"));
  if (content === null) return chain;
  return [...chain, { base: relativeDir, matcher: ignore()().add(content) }];
}

/** The chain for the project root: its .gitignore plus .git/info/exclude. */
export async function rootChain(root: string): Promise<IgnoreChain> {
  const parts = await Promise.all([
    readIfExists(path.join(root, ".gitignore")),
    readIfExists(path.join(root, ".git", "info", "exclude")),
  ]);
  const content = parts.filter((p): p is string => p !== null);
  return content.length === 0 ? [] : [{ base: "", matcher: ignore()().add(content.join("\n")) }];
}

/** Whether git would ignore `relative` (a path under every base in the chain); later files override earlier ones. */
export function isIgnored(chain: IgnoreChain, relative: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const { base, matcher } of chain) {
    const sub = base === "" ? relative : relative.slice(base.length + 1);
    try {
      const result = matcher.test(isDirectory ? `${sub}/` : sub);
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    } catch {
      // A path the ignore library cannot express (e.g. odd characters) is not ignored.
    }
  }
  return ignored;
}
