import { afterEach, describe, expect, it } from "vitest";
import { scanProject } from "../../src/scan/scan-project.js";
import { formatScanSummary } from "../../src/scan/summary.js";
import { tempTree, type TempTree } from "./temp-tree.js";

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.remove();
  tree = undefined;
});

describe("evidence records", () => {
  it("carry position, family, STRIDE, CWE, rationale and root-relative paths", async () => {
    tree = await tempTree({
      "services/api/db.py":
        "import sqlite3\n\ndef find(c, name):\n    return c.execute(f\"SELECT * FROM users WHERE name = '{name}'\")\n",
    });
    const result = await scanProject({ root: tree.root, workers: 0 });
    expect(result.controls).toHaveLength(1);
    const [e] = result.controls;
    expect(e).toMatchObject({
      family: "sql-parameterization",
      rule: "sql-py-formatted",
      kind: "weakens",
      language: "python",
      file: "services/api/db.py",
      line: 4,
      column: 22,
      cwe: ["CWE-89"],
      stride: ["Tampering", "Information Disclosure", "Elevation of Privilege"],
    });
    expect(e!.snippet).toBe("return c.execute(f\"SELECT * FROM users WHERE name = '{name}'\")");
    expect(e!.rationale.length).toBeGreaterThan(20);
    expect(e!.fingerprint).toMatch(/^[0-9a-f]{24}$/);
  });

  it("redact secrets in snippets", async () => {
    tree = await tempTree({
      "settings.py": 'DB_PASSWORD = "Tr0ub4dor&3-horse"\nAWS_KEY_ID = "AKIAZ7EXAMPLE2QW3RTY"\n',
      ".env": "API_TOKEN=9f8e7d6c5b4a3f2e1d0c9b8a\n",
      "docker/Dockerfile": "FROM alpine\nENV SERVICE_SECRET=s3cr3t-V4lue-123\nUSER app\n",
    });
    const result = await scanProject({ root: tree.root, workers: 0, families: ["secrets-management"] });
    const snippets = result.controls.map((c) => c.snippet).join("\n");
    expect(result.controls.length).toBeGreaterThanOrEqual(4);
    for (const secret of [
      "Tr0ub4dor",
      "AKIAZ7EXAMPLE2QW3RTY",
      "9f8e7d6c5b4a3f2e1d0c9b8a",
      "s3cr3t-V4lue-123",
    ]) {
      expect(snippets).not.toContain(secret);
    }
    expect(snippets).toContain("[redacted]");
  });

  it("shorten very long lines around the match", async () => {
    const long = `const x = ${"'a' + ".repeat(200)}crypto.createHash('md5').update(s).digest('hex'); // ${"z".repeat(300)}`;
    tree = await tempTree({ "min.js": `${long}\n` });
    const result = await scanProject({ root: tree.root, workers: 0, families: ["crypto-strength"] });
    expect(result.controls).toHaveLength(1);
    expect(result.controls[0]!.snippet.length).toBeLessThanOrEqual(202);
    expect(result.controls[0]!.snippet).toContain("createHash('md5')");
  });

  it("are summarised for humans", async () => {
    tree = await tempTree({
      "a.js": 'const h = require("crypto").createHash("sha1");\nconst ok = await bcrypt.compare(pw, hash);\n',
    });
    const result = await scanProject({ root: tree.root, workers: 0 });
    const text = formatScanSummary(result);
    expect(text).toMatch(/^Scanned 1 files/);
    expect(text).toContain("a.js:1:");
    expect(text).toContain("crypto-js-weak-hash");
    expect(text).toMatch(/authentication\s+1 in 1 file/);
  });

  it("keep weaknesses first when the evidence limit is reached", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`ok${i}.py`] = "import secrets\ntoken = secrets.token_hex(16)\n";
    for (let i = 0; i < 5; i++) files[`weak${i}.py`] = "import hashlib\nh = hashlib.md5(b)\n";
    tree = await tempTree(files);
    const result = await scanProject({ root: tree.root, workers: 0, maxEvidence: 10 });
    expect(result.controls).toHaveLength(10);
    expect(result.controls.filter((c) => c.kind === "weakens")).toHaveLength(5);
    expect(result.truncated).toBe(25);
  });

  it("refuse a project root that does not exist", async () => {
    await expect(scanProject({ root: "/nonexistent/threatmodel/root", workers: 0 })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
