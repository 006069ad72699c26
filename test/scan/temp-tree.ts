import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** A throw-away project folder in the OS temp dir, populated from a path -> content map. */
export interface TempTree {
  root: string;
  write(relative: string, content: string | Buffer): Promise<void>;
  remove(): Promise<void>;
}

export async function tempTree(files: Record<string, string | Buffer> = {}): Promise<TempTree> {
  const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "scan-test-")));
  const write = async (relative: string, content: string | Buffer): Promise<void> => {
    const full = path.join(root, relative);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  };
  for (const [relative, content] of Object.entries(files)) await write(relative, content);
  return { root, write, remove: () => rm(root, { recursive: true, force: true }) };
}
