import { mkdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "../helpers/cli.js";
import { connect, type TestSession } from "../helpers/client.js";
import { snapshotModel } from "../helpers/files.js";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";

/** Every way out of the project we know; `outside` is the sentinel folder next to the project. */
function escapes(outside: string): string[] {
  return [
    "..",
    "../outside/x.md",
    "../../etc/passwd",
    "/etc/passwd",
    `${outside}/x.md`,
    `${outside}/secret.txt`,
    "link-out",
    "link-out/x.md",
    "link-out/secret.txt",
    "link-secret.json",
    "src/../../outside/x.md",
    "..\\outside\\x.md",
    "src\\..\\..\\outside\\x.md",
    "C:\\Windows\\win.ini",
    "c:/windows/win.ini",
    "\\\\server\\share\\x.md",
    "%2e%2e%2foutside%2fx.md",
    "..%2foutside%2fx.md",
    "%2e%2e/outside/x.md",
    "x.md\u0000../../outside/x.md",
    "src/\u0000",
  ];
}

const SECRET = "TOP SECRET";
let sandbox: Sandbox;
let s: TestSession;
let threatId: string;

beforeAll(async () => {
  sandbox = makeSandbox({ git: true });
  mkdirSync(path.join(sandbox.root, "reports"));
  s = await connect({ root: sandbox.root, toolset: "all" });
  threatId = (
    await s.ok("add_threat", {
      threat_source: "remote attacker",
      prerequisites: "with network access",
      threat_action: "inject SQL into the user lookup",
      threat_impact: "reading every user",
    })
  ).id;
});
afterAll(async () => {
  await s?.close();
  sandbox?.cleanup();
});

/** Every tool parameter that names a path, as a function from the path to the tool's arguments. */
const PATH_PARAMETERS: [string, (p: string) => Record<string, unknown>][] = [
  ["export_threat_model_with_remediation_status", (p) => ({ output_path: p })],
  // A bare name goes under .threatmodel/ (inside by design); with a slash it is relative to the root.
  ["export_comprehensive_threat_model", (p) => ({ output_path: /[\\/]/.test(p) ? p : `./${p}` })],
  ["validate_security_controls", (p) => ({ code_directory: p })],
  ["validate_threat_model_against_code", (p) => ({ code_directory: p })],
  ["validate_threat_remediation", (p) => ({ code_directory: p, threat_ids: [threatId] })],
  ["import_threat_model", (p) => ({ path: p })],
  ["diff_threat_model", (p) => ({ against: p, kind: "file" })],
  ["diff_threat_model", (p) => ({ against: p })],
  [
    "record_threat_verdict",
    (p) => ({
      threat_id: threatId,
      verdict: "mitigated",
      reasoning: "read it",
      evidence: [{ file: p, line: 1 }],
    }),
  ],
  ["get_threat_modeling_plan", (p) => ({ directory: p })],
  ["get_phase_7_guidance", (p) => ({ directory: p })],
];

describe("paths given to tools", () => {
  it("every path parameter refuses every escape; nothing outside is read or written", async () => {
    const before = snapshotModel(sandbox.root);
    let refusals = 0;
    for (const [tool, args] of PATH_PARAMETERS) {
      for (const escape of escapes(sandbox.outside)) {
        const result = await s.call(tool, args(escape));
        expect(
          result.isError,
          `${tool} accepted ${JSON.stringify(escape)}: ${result.text.slice(0, 300)}`,
        ).toBe(true);
        expect(result.text, `${tool} ${JSON.stringify(escape)}`).not.toMatch(/internal error/);
        expect(result.text).not.toContain(SECRET);
        refusals++;
      }
    }
    expect(refusals).toBe(PATH_PARAMETERS.length * escapes(sandbox.outside).length);
    expect(snapshotModel(sandbox.root)).toEqual(before);
    expect(sandbox.escapes()).toEqual([]);
  });

  it("the refusals say why: outside the root, through a link, NUL, Windows or URL-encoded", async () => {
    const why = async (p: string) => (await s.call("import_threat_model", { path: p })).text;
    expect(await why("../outside/x.md")).toMatch(/path: "\.\.\/outside\/x\.md" is outside the project root/);
    expect(await why("link-out/secret.txt")).toMatch(
      /leads outside the project root through a symbolic link/,
    );
    expect(await why("x.md\u0000../../outside/x.md")).toMatch(/contains a NUL byte/);
    expect(await why("C:\\Windows\\win.ini")).toMatch(/Windows drive or network path/);
    expect(await why("%2e%2e%2foutside%2fx.md")).toMatch(/URL-encoded traversal/);
  });

  it("globs and scans stay inside: patterns cannot reach out and linked folders are skipped", async () => {
    const result = await s.ok("validate_security_controls", {
      code_directory: ".",
      file_patterns: ["../**", "/etc/**", "link-out/**", "**/*.js"],
    });
    const files = (result.families as { examples: { file: string }[] }[]).flatMap((f) =>
      f.examples.map((e) => e.file),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file.startsWith("src/"), file).toBe(true);
    expect(result.scan.skipped).toMatchObject({ symlink_outside_root: expect.any(Number) });
  });

  it("the quick-start prompt for a subfolder refuses escapes", async () => {
    for (const escape of escapes(sandbox.outside)) {
      await expect(
        s.client.getPrompt({ name: "threat_model_subfolder", arguments: { folder: escape } }),
        JSON.stringify(escape),
      ).rejects.toThrow(/^.*folder: /);
    }
    const inside = await s.client.getPrompt({ name: "threat_model_subfolder", arguments: { folder: "src" } });
    expect(JSON.stringify(inside.messages)).toContain("src");
  });
});

describe("paths given to the CLI", () => {
  it("scan, import and diff refuse every escape with a non-zero exit and write nothing", () => {
    const before = snapshotModel(sandbox.root);
    for (const escape of escapes(sandbox.outside).filter((e) => !e.includes("\u0000"))) {
      for (const args of [
        ["scan", escape],
        ["import", escape],
        ["diff", escape, "--kind", "file"],
        ["diff", escape],
      ]) {
        const run = cli([...args, "--project", sandbox.root]);
        expect(run.code, `${args.join(" ")}: ${run.stdout} ${run.stderr}`).not.toBe(0);
        expect(run.code, `${args.join(" ")}: ${run.stderr}`).not.toBe(3); // 3 = internal error
        expect(run.stdout + run.stderr).not.toContain(SECRET);
      }
    }
    expect(snapshotModel(sandbox.root)).toEqual(before);
    expect(sandbox.escapes()).toEqual([]);
  });

  it("a project root that does not exist is a usage error, not a crash", () => {
    for (const command of ["status", "check", "export", "scan", "init"]) {
      const run = cli([command, "--project", path.join(sandbox.dir, "missing")]);
      expect([1, 2], `${command}: ${run.stderr}`).toContain(run.code);
      expect(run.stderr).toMatch(/does not exist/);
    }
  });
});
