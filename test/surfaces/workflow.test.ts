import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli } from "../helpers/cli.js";
import { tempProject } from "../helpers/project.js";

interface Step {
  name?: string;
  run?: string;
  if?: string;
}

describe("the GitHub Actions example", () => {
  const workflow = parse(readFileSync("examples/threatmodel.yml", "utf8")) as {
    on: Record<string, unknown>;
    permissions: Record<string, string>;
    jobs: Record<string, { steps: Step[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
  const runs = steps.map((s) => s.run ?? "");

  it("checks the model, diffs against the base branch and comments on the pull request", () => {
    expect(Object.keys(workflow.on)).toContain("pull_request");
    expect(workflow.permissions["pull-requests"]).toBe("write");
    const check = runs.find((r) => / check /.test(`${r} `))!;
    expect(check).toMatch(/threat-modeling-mcp-server@[\d.]+ check --fail-on-severity High/);
    const diffIndex = runs.findIndex((r) => r.includes(' diff "origin/${{ github.base_ref }}"'));
    const commentIndex = runs.findIndex((r) => r.includes("gh pr comment"));
    expect(diffIndex).toBeGreaterThan(runs.indexOf(check));
    expect(commentIndex).toBeGreaterThan(diffIndex);
    expect(steps[diffIndex]!.if).toContain("!cancelled()");
  });

  it("uses check flags the CLI accepts", () => {
    const check = runs.find((r) => / check /.test(`${r} `))!;
    const flags = check
      .slice(check.indexOf(" check ") + " check ".length)
      .trim()
      .split(/\s+/);
    const temp = tempProject();
    try {
      expect(cli(["init", "--project", temp.root]).code).toBe(0);
      const run = cli(["check", "--project", temp.root, ...flags], { GITHUB_ACTIONS: "true" });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain("threatmodel check: passed");
    } finally {
      temp.cleanup();
    }
  });
});
