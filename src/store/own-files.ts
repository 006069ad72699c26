import { closeSync, constants, fstatSync, lstatSync, openSync, readSync } from "node:fs";
import { COLLECTION_KINDS } from "../domain/kinds.js";
import type { Layout } from "./layout.js";

/** Largest model file the store reads: far above any real entity, far below a memory risk. */
export const MAX_MODEL_FILE_BYTES = 8 * 1024 * 1024;

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * Reads a file of the store's own (`.threatmodel/**`): never through a symbolic link (a cloned
 * repository may hold links pointing anywhere) and never more than `maxBytes`. A missing file
 * throws the usual ENOENT error; anything else that is not a plain file throws a readable reason.
 */
export function readOwnFile(file: string, maxBytes = MAX_MODEL_FILE_BYTES): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | NO_FOLLOW);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP")
      throw new Error("is a symbolic link (links are not followed)");
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new Error("is a folder where a file belongs");
    if (!stat.isFile()) throw new Error("is not a regular file");
    if (stat.size > maxBytes)
      throw new Error(`is ${stat.size} bytes; a model file may hold at most ${maxBytes}`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

export interface LayoutProblem {
  /** Absolute path. */
  path: string;
  reason: string;
}

/**
 * Folders and machinery files of `.threatmodel/` that the store would read or write through, and
 * that are not what they must be: a symbolic link there could lead reads and writes outside the
 * project, and a file where a folder belongs would make every write fail half-way.
 */
export function layoutProblems(layout: Layout): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const check = (folder: string): boolean => {
    let stat;
    try {
      stat = lstatSync(folder);
    } catch {
      return true; // created when first needed
    }
    if (stat.isSymbolicLink())
      problems.push({
        path: folder,
        reason: "is a symbolic link; the store does not follow links (make it a real folder)",
      });
    else if (!stat.isDirectory()) problems.push({ path: folder, reason: "is a file where a folder belongs" });
    return stat.isDirectory() && !stat.isSymbolicLink();
  };
  // Below a link or a file nothing can be checked (or used) anyway.
  if (!check(layout.base)) return problems;
  const files: string[] = [];
  if (check(layout.localDir)) files.push(layout.changeLog, layout.journal, layout.counters, layout.lock);
  if (check(layout.modelDir)) {
    files.push(layout.manifest);
    for (const kind of COLLECTION_KINDS) check(layout.collectionDir(kind));
  }
  for (const file of files) {
    try {
      if (lstatSync(file).isSymbolicLink())
        problems.push({
          path: file,
          reason: "is a symbolic link; the store does not follow links (delete it)",
        });
    } catch {
      // absent: fine
    }
  }
  return problems;
}
