import { afterEach, describe, expect, it } from "vitest";
import { runScanCli } from "../../src/cli/commands/scan.js";
import { tempTree, type TempTree } from "./temp-tree.js";

let tree: TempTree | undefined;
afterEach(async () => {
  await tree?.remove();
  tree = undefined;
});

function collector() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), env: {} },
  };
}

describe("threatmodel scan", () => {
  it("prints one JSON object with the documented fields", async () => {
    tree = await tempTree({
      "src/app.py": "import subprocess\nsubprocess.run(cmd, shell=True)\n",
      README: "x",
    });
    const c = collector();
    const code = await runScanCli({ project: tree.root, json: true }, c.io);
    expect(code).toBe(0);
    expect(c.err).toEqual([]);
    const parsed = JSON.parse(c.out.join(""));
    expect(parsed).toMatchObject({ files_scanned: 1, skipped: { unsupported_language: 1 } });
    expect(typeof parsed.bytes_scanned).toBe("number");
    expect(typeof parsed.duration_ms).toBe("number");
    expect(parsed.controls[0]).toMatchObject({
      family: "command-injection-safe",
      rule: "cmd-py-shell",
      kind: "weakens",
      file: "src/app.py",
      line: 2,
      column: 1,
      cwe: ["CWE-78"],
    });
    expect(parsed.controls[0].stride).toContain("Elevation of Privilege");
    expect(typeof parsed.controls[0].snippet).toBe("string");
  });

  it("prints a summary by default and scans only DIR when given", async () => {
    tree = await tempTree({
      "a/x.go": 'package a\nimport "crypto/md5"\nvar s = md5.Sum(b)\n',
      "b/y.go": "package b\n",
    });
    const c = collector();
    expect(await runScanCli({ project: tree.root, dir: "b" }, c.io)).toBe(0);
    expect(c.out.join("")).toMatch(/^Scanned 1 files/);
    expect(c.out.join("")).toContain("No security-relevant code was recognised.");
  });

  it("uses THREATMODEL_PROJECT when --project is absent", async () => {
    tree = await tempTree({ "x.rb": "Digest::MD5.hexdigest(s)\n" });
    const c = collector();
    expect(await runScanCli({ json: true }, { ...c.io, env: { THREATMODEL_PROJECT: tree.root } })).toBe(0);
    expect(JSON.parse(c.out.join("")).controls[0].rule).toBe("crypto-ruby-weak");
  });

  it("exits 1 with a message on stderr when the scan cannot run", async () => {
    tree = await tempTree({ "x.js": "" });
    const outside = collector();
    expect(await runScanCli({ project: tree.root, dir: "../.." }, outside.io)).toBe(1);
    expect(outside.out).toEqual([]);
    expect(outside.err.join("")).toMatch(/^threatmodel scan: .*outside the project root/);

    const badSize = collector();
    expect(await runScanCli({ project: tree.root, maxFileBytes: "lots" }, badSize.io)).toBe(1);
    expect(badSize.err.join("")).toMatch(/--max-file-bytes/);

    const noProject = collector();
    expect(await runScanCli({ project: `${tree.root}/does-not-exist` }, noProject.io)).toBe(1);
  });
});
