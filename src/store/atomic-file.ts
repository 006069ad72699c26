import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, mkdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

export interface WriteOptions {
  /** Flush file contents to the device before the rename (survives power loss, not only process death). */
  fsync: boolean;
}

/** Writes a file so that readers and crashes only ever see the old or the new content, never a torn one. */
export function writeFileAtomic(file: string, content: string, options: WriteOptions): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.tmp-${process.pid}-${randomBytes(4).toString("hex")}-${path.basename(file)}`);
  let fd: number;
  try {
    fd = openSync(temp, "w");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    mkdirSync(dir, { recursive: true });
    fd = openSync(temp, "w");
  }
  try {
    writeSync(fd, content);
    if (options.fsync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temp file is already gone
    }
    throw error;
  }
}

export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}

export function isTempFile(name: string): boolean {
  return name.startsWith(".tmp-");
}
