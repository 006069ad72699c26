import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { ModelError, showValue } from "../domain/errors.js";

export interface RootOptions {
  project?: string | undefined;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** The project root: `--project DIR`, else `THREATMODEL_PROJECT`, else the working directory. */
export function resolveProjectRoot(options: RootOptions = {}): string {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const chosen = options.project ?? (env.THREATMODEL_PROJECT || undefined) ?? cwd;
  const absolute = path.resolve(cwd, chosen);
  if (!existsSync(absolute)) {
    throw new ModelError("not_found", `project root ${JSON.stringify(absolute)} does not exist`, {
      field: "project",
      value: chosen,
    });
  }
  return realpathSync(absolute);
}

export interface ContainedPath {
  /** Absolute, symlink-resolved path inside the root. */
  absolute: string;
  /** Path relative to the root, with forward slashes ("" for the root itself). */
  relative: string;
}

function refuse(field: string, value: string, why: string): never {
  throw new ModelError(
    "path_outside_root",
    `${field}: ${showValue(value)} ${why}; give a path inside the project root`,
    {
      field,
      value,
    },
  );
}

/** Resolves symlinks of the longest existing prefix of `target` (the rest does not exist yet). */
function realpathOfExistingPrefix(target: string): string {
  let existing = target;
  const rest: string[] = [];
  while (!existsSync(existing)) {
    const parent = path.dirname(existing);
    if (parent === existing) break;
    rest.unshift(path.basename(existing));
    existing = parent;
  }
  return path.join(realpathSync(existing), ...rest);
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Resolves a path given by a user or an LLM against the project root and refuses anything that
 * leaves it: `..` segments that climb out, absolute paths elsewhere, symlinks pointing outside,
 * Windows drive or UNC paths, NUL bytes and URL-encoded traversal.
 */
export function resolveInsideRoot(root: string, userPath: string, field = "path"): ContainedPath {
  if (typeof userPath !== "string") refuse(field, String(userPath), "is not a path");
  if (userPath.includes("\0")) refuse(field, userPath, "contains a NUL byte");
  if (/^[a-zA-Z]:[\\/]/.test(userPath) || userPath.startsWith("\\\\"))
    refuse(field, userPath, "is a Windows drive or network path");
  if (/%2e|%2f|%5c/i.test(userPath)) {
    let decoded = userPath;
    try {
      decoded = decodeURIComponent(userPath);
    } catch {
      refuse(field, userPath, "is not a valid path");
    }
    if (/(^|[\\/])\.\.([\\/]|$)/.test(decoded) || decoded.startsWith("/"))
      refuse(field, userPath, "is URL-encoded traversal");
  }
  const normalised = userPath.replace(/\\/g, "/");
  const lexical = path.resolve(root, normalised);
  if (!isInside(root, lexical)) refuse(field, userPath, "is outside the project root");
  const real = realpathOfExistingPrefix(lexical);
  if (!isInside(root, real))
    refuse(field, userPath, "leads outside the project root through a symbolic link");
  return { absolute: real, relative: path.relative(root, real).split(path.sep).join("/") };
}
