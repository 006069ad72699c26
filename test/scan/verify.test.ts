import { rm } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scanProject } from "../../src/scan/scan-project.js";
import type { Evidence } from "../../src/scan/types.js";
import { verifyEvidence } from "../../src/scan/verify.js";
import { tempTree, type TempTree } from "./temp-tree.js";

const ORIGINAL = [
  "import hashlib",
  "",
  "",
  "def fingerprint(data):",
  "    return hashlib.md5(data).hexdigest()",
  "",
].join("\n");

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.remove();
  tree = undefined;
});

async function md5Evidence(root: string): Promise<Evidence> {
  const result = await scanProject({ root, workers: 0, families: ["crypto-strength"] });
  const found = result.controls.find((c) => c.rule === "crypto-py-weak");
  expect(found).toBeDefined();
  return found!;
}

describe("stale-evidence detection", () => {
  it("reports current evidence as current", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const evidence = await md5Evidence(tree.root);
    expect(evidence.line).toBe(5);
    expect(await verifyEvidence(tree.root, evidence)).toMatchObject({ status: "current", line: 5 });
  });

  it("keeps the fingerprint when unrelated lines are added above and reports the move", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const before = await md5Evidence(tree.root);
    await tree.write("app/hash.py", `"""Hashing helpers."""\nimport os\n${ORIGINAL}`);
    const status = await verifyEvidence(tree.root, before);
    expect(status).toMatchObject({ status: "moved", line: 7 });
    const after = await md5Evidence(tree.root);
    expect(after.fingerprint).toBe(before.fingerprint);
    expect(after.line).toBe(7);
  });

  it("keeps the fingerprint when only indentation changes", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const before = await md5Evidence(tree.root);
    await tree.write("app/hash.py", ORIGINAL.replace("    return hashlib", "        return hashlib"));
    expect((await md5Evidence(tree.root)).fingerprint).toBe(before.fingerprint);
  });

  it("reports changed when the matched code was fixed", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const evidence = await md5Evidence(tree.root);
    await tree.write("app/hash.py", ORIGINAL.replace("hashlib.md5(data)", "hashlib.sha256(data)"));
    const status = await verifyEvidence(tree.root, evidence);
    expect(status.status).toBe("changed");
    expect(status.reason).toMatch(/no longer matches line 5/);
  });

  it("reports changed when the line still matches but was edited", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const evidence = await md5Evidence(tree.root);
    await tree.write("app/hash.py", ORIGINAL.replace("hashlib.md5(data)", "hashlib.md5(payload)"));
    const status = await verifyEvidence(tree.root, evidence);
    expect(status).toMatchObject({ status: "changed", line: 5 });
    expect(status.reason).toMatch(/edited/);
  });

  it("reports missing when the file is gone", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const evidence = await md5Evidence(tree.root);
    await rm(path.join(tree.root, "app", "hash.py"));
    expect(await verifyEvidence(tree.root, evidence)).toMatchObject({ status: "missing" });
  });

  it("reports changed for a rule that no longer exists", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const evidence = await md5Evidence(tree.root);
    const status = await verifyEvidence(tree.root, { ...evidence, rule: "retired-rule" });
    expect(status).toMatchObject({ status: "changed" });
    expect(status.reason).toMatch(/no longer exists/);
  });

  it("refuses evidence whose file points outside the root", async () => {
    tree = await tempTree({ "app/hash.py": ORIGINAL });
    const evidence = await md5Evidence(tree.root);
    await expect(verifyEvidence(tree.root, { ...evidence, file: "../../etc/passwd" })).rejects.toMatchObject({
      code: "path_outside_root",
    });
  });

  it("distinguishes identical lines by occurrence", async () => {
    tree = await tempTree({ "a.py": "import hashlib\nx = hashlib.md5(a)\ny = 1\nx = hashlib.md5(a)\n" });
    const result = await scanProject({ root: tree.root, workers: 0, families: ["crypto-strength"] });
    const prints = result.controls.map((c) => c.fingerprint);
    expect(prints).toHaveLength(2);
    expect(new Set(prints).size).toBe(2);
  });
});
