import { lstatSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ModelError, showValue } from "../domain/errors.js";
import { writeFileAtomic } from "./atomic-file.js";
import { THREATMODEL_DIR } from "./layout.js";
import { resolveInsideRoot, type ContainedPath } from "./paths.js";

function refuse(field: string, value: string, why: string): never {
  throw new ModelError("invalid_input", `${field}: ${showValue(value)} ${why}`, { field, value });
}

/** Why a generated file may not go at `relative` (root-relative, forward slashes), if it may not. */
function reservedArea(relative: string): string | undefined {
  const parts = relative.split("/");
  if (parts.includes(".git")) return "is inside git's own folder; choose another place";
  if (parts[0] === THREATMODEL_DIR && (parts[1] === "model" || parts[1] === ".local"))
    return "is inside the model's own folder; choose another place";
  return undefined;
}

function kindOf(absolute: string): "file" | "folder" | "other" | undefined {
  try {
    const stat = lstatSync(absolute);
    return stat.isFile() ? "file" : stat.isDirectory() ? "folder" : "other";
  } catch {
    return undefined;
  }
}

/**
 * Resolves where a tool may write a generated file the caller named: inside the project (see
 * `resolveInsideRoot`), not in the model's or git's own folders, not over a folder, and over an
 * existing file only when `ours(content)` says this tool wrote it. Nothing is written here.
 */
export function resolveOutputFile(
  root: string,
  userPath: string,
  field: string,
  ours: (content: string) => boolean,
): ContainedPath {
  const target = resolveInsideRoot(root, userPath, field);
  if (target.relative === "") refuse(field, userPath, "is the project folder itself; give a file name");
  const reserved = reservedArea(target.relative);
  if (reserved) refuse(field, userPath, reserved);
  const existing = kindOf(target.absolute);
  if (existing === "folder") refuse(field, userPath, "is a folder; give a file name");
  if (existing === "other") refuse(field, userPath, "is not a regular file");
  if (existing === "file" && !ours(readFileSync(target.absolute, "utf8"))) {
    throw new ModelError(
      "conflict",
      `${field}: ${target.relative} exists and was not written by this tool; choose another name or remove it`,
      { field, value: userPath },
    );
  }
  // Folders are created on write; a file where one must go would make that fail half-way.
  for (let dir = path.dirname(target.absolute); dir.length > root.length; dir = path.dirname(dir)) {
    const kind = kindOf(dir);
    if (kind === "folder") break;
    if (kind !== undefined)
      refuse(
        field,
        userPath,
        `cannot be created: ${path.relative(root, dir).split(path.sep).join("/")} is not a folder`,
      );
  }
  return target;
}

/** A generated file with a stable name at the top of `.threatmodel/` (reports, exports). */
export function generatedFile(root: string, name: string): ContainedPath {
  const target = resolveInsideRoot(root, `${THREATMODEL_DIR}/${name}`, "output");
  const kind = kindOf(target.absolute);
  if (kind !== undefined && kind !== "file")
    refuse("output", target.relative, "is in the way of a generated file; remove or rename it");
  return target;
}

/**
 * Writes a generated file atomically, only when its content changed (no churn). Returns whether it
 * was written; a failure is a refusal naming `field` (the model is never involved).
 */
export function writeGenerated(target: ContainedPath, content: string, field: string): boolean {
  try {
    if (statSync(target.absolute).isFile() && readFileSync(target.absolute, "utf8") === content) return false;
  } catch {
    // not there yet
  }
  try {
    writeFileAtomic(target.absolute, content, { fsync: true });
  } catch (error) {
    throw new ModelError(
      "invalid_input",
      `${field}: cannot write ${target.relative} (${(error as Error).message})`,
      {
        field,
      },
    );
  }
  return true;
}
