import { afterEach, describe, expect, it } from "vitest";
import { scanProject } from "../../src/scan/scan-project.js";
import { tempTree, type TempTree } from "./temp-tree.js";

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.remove();
  tree = undefined;
});

async function manyFiles(count: number): Promise<TempTree> {
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++)
    files[`src/m${String(i).padStart(3, "0")}.py`] = `import hashlib\nh = hashlib.md5(data)\n`;
  return tempTree(files);
}

describe("cancellation and progress", () => {
  it("returns a partial result marked cancelled when the signal fires mid-scan", async () => {
    tree = await manyFiles(120);
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await scanProject({
      root: tree.root,
      workers: 0,
      signal: controller.signal,
      onProgress: (p) => {
        seen.push(p.filesScanned);
        controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.files_scanned).toBeGreaterThan(0);
    expect(result.files_scanned).toBeLessThan(120);
    expect(result.controls.length).toBe(result.files_scanned);
    expect(seen[0]).toBeGreaterThan(0);
  });

  it("does no work when the signal is already aborted", async () => {
    tree = await manyFiles(5);
    const result = await scanProject({ root: tree.root, workers: 0, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ cancelled: true, files_scanned: 0, controls: [] });
  });

  it("reports progress that ends with the final totals", async () => {
    tree = await manyFiles(40);
    const seen: Array<{ filesScanned: number; filesDiscovered: number; bytesScanned: number }> = [];
    const result = await scanProject({ root: tree.root, workers: 0, onProgress: (p) => seen.push(p) });
    expect(result.cancelled).toBeUndefined();
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)).toEqual({
      filesScanned: 40,
      filesDiscovered: 40,
      bytesScanned: result.bytes_scanned,
    });
  });
});
