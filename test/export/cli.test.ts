import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempProject } from "../helpers/project.js";
import { TD_DIR } from "./schemas.js";

// The compiled entry point (npm test builds it first); the same commands the bundle lazily loads.
const MAIN = path.resolve("dist/cli/main.js");

function run(args: string[], cwd: string) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  const result = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let temp: ReturnType<typeof tempProject>;
beforeEach(() => {
  temp = tempProject();
});
afterEach(() => temp.cleanup());

describe("threatmodel export / import / diff", () => {
  it("imports a file given relative to the working directory, exports chosen formats, and diffs against git", () => {
    copyFileSync(path.join(TD_DIR, "v2-threat-model.json"), path.join(temp.root, "demo.json"));
    const imported = run(["import", "demo.json", "--project", temp.root], temp.root);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported demo\.json \(threat-dragon, mode merge\)/);
    expect(imported.stdout).toContain("14 threat");

    const exported = run(["export", "--project", temp.root, "--format", "md,tc,sarif"], temp.root);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(".threatmodel/threat-model.tc.json (tc,");
    expect(readFileSync(path.join(temp.root, ".threatmodel/threat-model.md"), "utf8")).toContain(
      "accessing DB credentials",
    );
    const json = JSON.parse(
      run(["export", "--project", temp.root, "--format", "md", "--json"], temp.root).stdout,
    );
    expect(json.files).toEqual([
      expect.objectContaining({ path: ".threatmodel/threat-model.md", changed: false }),
    ]);

    const git = (...args: string[]) => spawnSync("git", args, { cwd: temp.root, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    git("-c", "user.email=t@e", "-c", "user.name=t", "-c", "commit.gpgsign=false", "commit", "-qm", "v1");
    const replaced = run(
      ["import", ".threatmodel/threat-model.tc.json", "--mode", "replace", "--project", temp.root],
      temp.root,
    );
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain("complete threatmodel data");
    const diff = run(["diff", "HEAD", "--project", temp.root], temp.root);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain("No changes to the threat model.");
    const asJson = JSON.parse(run(["diff", "HEAD", "--json", "--project", temp.root], temp.root).stdout);
    expect(asJson.total).toBe(0);
  });

  it("usage errors exit 2 with the reason on stderr", () => {
    const badFormat = run(["export", "--project", temp.root, "--format", "pdf"], temp.root);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('"pdf" is not an export format');
    const outside = run(["import", "../../etc/passwd", "--project", temp.root], temp.root);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("outside the project root");
    const noRepo = run(["diff", "main", "--project", temp.root], temp.root);
    expect(noRepo.code).toBe(2);
    expect(noRepo.stderr).toMatch(/not in a git repository|no commit is named/);
  });
});
