import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { discoverFiles } from "../scan/discover.js";

interface Cached {
  size: number;
  mtimeMs: number;
  hash: string;
}

// Per-process cache: after the first call only changed files are read again.
const fileHashes = new Map<string, Cached>();

/**
 * A digest of the code under `root` (the files the scanner would read), by content: a checkout
 * that restores identical files keeps the digest; any edit, addition or removal changes it.
 */
export async function codeDigest(root: string, signal?: AbortSignal): Promise<string | undefined> {
  const digest = createHash("sha256");
  let files = 0;
  for await (const file of discoverFiles(root, { absolute: root, relative: "" }, () => undefined, signal)) {
    if (signal?.aborted) return undefined;
    let info;
    try {
      info = await stat(file.absolute);
    } catch {
      continue;
    }
    let cached = fileHashes.get(file.absolute);
    if (!cached || cached.size !== info.size || cached.mtimeMs !== info.mtimeMs) {
      let content: Buffer;
      try {
        content = await readFile(file.absolute);
      } catch {
        continue;
      }
      cached = {
        size: info.size,
        mtimeMs: info.mtimeMs,
        hash: createHash("sha256").update(content).digest("hex"),
      };
      fileHashes.set(file.absolute, cached);
    }
    digest.update(`${file.relative}\0${cached.hash}\n`);
    files++;
  }
  return files === 0 ? undefined : digest.digest("hex");
}
