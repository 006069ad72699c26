import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type * as ScanApi from "../../src/scan/index.js";
import { tempTree, type TempTree } from "./temp-tree.js";

// Worker threads need the compiled worker (dist/scan/worker.js); `npm test` builds before testing.
const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "scan", "index.js");
const built = existsSync(DIST);

const SAMPLES: Record<string, string> = {
  py: "import hashlib\n\ndef h(x):\n    return hashlib.md5(x).hexdigest()\n",
  js: 'const q = db.query("SELECT * FROM t WHERE id = " + req.params.id);\nel.innerHTML = html;\n',
  go: "package a\n\nfunc f() {\n\tc := &tls.Config{InsecureSkipVerify: true}\n\t_ = c\n}\n",
  tf: 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n',
};

let tree: TempTree | undefined;
let scan: typeof ScanApi;

describe.skipIf(!built)("worker threads (built code)", () => {
  beforeAll(async () => {
    scan = (await import(pathToFileURL(DIST).href)) as typeof ScanApi;
    const files: Record<string, string> = {};
    const kinds = Object.keys(SAMPLES);
    for (let i = 0; i < 600; i++) {
      const kind = kinds[i % kinds.length]!;
      files[`pkg${i % 7}/mod${i}.${kind}`] = SAMPLES[kind]!;
    }
    tree = await tempTree(files);
  });
  afterAll(async () => {
    await tree?.remove();
  });

  it("finds the same evidence with workers as on the calling thread", async () => {
    const inline = await scan.scanProject({ root: tree!.root, workers: 0 });
    const threaded = await scan.scanProject({ root: tree!.root, workers: 2 });
    expect(threaded.files_scanned).toBe(600);
    expect(threaded.bytes_scanned).toBe(inline.bytes_scanned);
    expect(threaded.controls.length).toBeGreaterThan(600);
    expect(threaded.controls).toEqual(inline.controls);
  });

  it("stops workers and returns partial results when cancelled", async () => {
    const controller = new AbortController();
    const result = await scan.scanProject({
      root: tree!.root,
      workers: 1,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(result.cancelled).toBe(true);
    expect(result.files_scanned).toBeLessThan(600);
  });
});
