import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { isIgnored, rootChain, withGitignoreOf, type IgnoreChain } from "./gitignore.js";
import type { SkipReason } from "./types.js";

/** Folders that hold dependencies, build output, caches or VCS data, never scanned. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  ".git",
  ".hg",
  ".svn",
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  "dist",
  "build",
  "target",
  "out",
  "venv",
  ".venv",
  "site-packages",
  "__pycache__",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".next",
  ".nuxt",
  ".svelte-kit",
  ".turbo",
  ".parcel-cache",
  ".cache",
  "coverage",
  ".gradle",
  ".terraform",
  ".terragrunt-cache",
  "Pods",
  "obj",
  ".idea",
  ".threatmodel",
]);

export interface DiscoveredFile {
  absolute: string;
  /** Root-relative, forward slashes. */
  relative: string;
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

function join(relativeDir: string, name: string): string {
  return relativeDir === "" ? name : `${relativeDir}/${name}`;
}

interface PendingDir {
  absolute: string;
  relative: string;
  chain: IgnoreChain;
}

/**
 * Walks `start` (a folder inside `root`, both real paths) depth-first in name order and yields the
 * files to scan. Skips dependency/build folders, git-ignored paths (nested .gitignore files apply to
 * their subtree) and symlinks leading outside the root; each skip is reported through `onSkip`.
 * Symlinks to places inside the root but outside the scanned folder are followed; symlinks into the
 * scanned folder are skipped as duplicates, which also rules out loops.
 */
export async function* discoverFiles(
  root: string,
  start: { absolute: string; relative: string },
  onSkip: (reason: SkipReason) => void,
  signal?: AbortSignal,
): AsyncGenerator<DiscoveredFile> {
  let chain = await rootChain(root);
  if (start.relative !== "") {
    const parts = start.relative.split("/");
    for (let i = 1; i < parts.length; i++)
      chain = await withGitignoreOf(chain, root, parts.slice(0, i).join("/"));
  }
  const visited = new Set<string>();
  const stack: PendingDir[] = [{ absolute: start.absolute, relative: start.relative, chain }];
  while (stack.length > 0) {
    if (signal?.aborted) return;
    const dir = stack.pop()!;
    if (visited.has(dir.absolute)) {
      onSkip("symlink_loop");
      continue;
    }
    visited.add(dir.absolute);
    let entries: Dirent[];
    try {
      entries = await readdir(dir.absolute, { withFileTypes: true });
    } catch {
      onSkip("unreadable");
      continue;
    }
    if (entries.some((e) => e.name === "pyvenv.cfg") && dir.relative !== start.relative) {
      onSkip("dependency_or_build_dir");
      continue;
    }
    const dirChain = entries.some((e) => e.name === ".gitignore")
      ? await withGitignoreOf(dir.chain, root, dir.relative)
      : dir.chain;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: PendingDir[] = [];
    for (const entry of entries) {
      const relative = join(dir.relative, entry.name);
      let absolute = path.join(dir.absolute, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(absolute);
        } catch {
          onSkip("broken_symlink");
          continue;
        }
        if (!isInside(root, target)) {
          onSkip("symlink_outside_root");
          continue;
        }
        if (isInside(start.absolute, target)) {
          // The target is scanned under its own path; following the link would scan it twice (or loop).
          onSkip("symlink_duplicate");
          continue;
        }
        try {
          const info = await stat(target);
          isDir = info.isDirectory();
          isFile = info.isFile();
        } catch {
          onSkip("broken_symlink");
          continue;
        }
        absolute = target;
      }
      if (isDir) {
        if (SKIPPED_DIRECTORIES.has(entry.name)) {
          onSkip("dependency_or_build_dir");
          continue;
        }
        if (isIgnored(dirChain, relative, true)) {
          onSkip("gitignored");
          continue;
        }
        subdirs.push({ absolute, relative, chain: dirChain });
      } else if (isFile) {
        if (isIgnored(dirChain, relative, false)) {
          onSkip("gitignored");
          continue;
        }
        yield { absolute, relative };
      }
    }
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]!);
  }
}
