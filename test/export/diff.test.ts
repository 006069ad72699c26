import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";
import { tempProject } from "../helpers/project.js";

const gitIn = (cwd: string, ...args: string[]) =>
  execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] }).toString("utf8");

function initRepo(dir: string) {
  gitIn(dir, "init", "-q", "-b", "main");
  gitIn(dir, "config", "user.email", "test@example.com");
  gitIn(dir, "config", "user.name", "Test");
  gitIn(dir, "config", "commit.gpgsign", "false");
}

const commitAll = (dir: string, message: string) => {
  gitIn(dir, "add", "-A");
  gitIn(dir, "commit", "-q", "-m", message);
};

let sessions: TestSession[] = [];
afterEach(async () => {
  for (const s of sessions) await s.close();
  sessions = [];
});

async function modelV1(s: TestSession) {
  const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
  const db = (
    await s.ok("add_data_store", {
      name: "DB",
      type: "Relational",
      classification: "Confidential",
      encryption_at_rest: true,
    })
  ).id;
  const t1 = await s.ok("add_threat", {
    threat_source: "attacker",
    prerequisites: "with network access",
    threat_action: "read the database",
    threat_impact: "data theft",
    category: "Information Disclosure",
    severity: "High",
    affected_components: [db],
  });
  const m1 = await s.ok("add_mitigation", { content: "Encrypt the database" });
  await s.ok("link_mitigation_to_threat", { mitigation_id: m1.id, threat_id: t1.id });
  return { api, db, t1: t1.id as string, m1: m1.id as string };
}

describe("diff_threat_model", () => {
  it("against a git ref: added, removed and changed threats, links, boundaries, flows and statuses", async () => {
    const s = await connect({ toolset: "all" });
    sessions.push(s);
    initRepo(s.root);
    const v1 = await modelV1(s);
    commitAll(s.root, "v1");

    // Version 2: a status change, a severity change, a new threat, a removed link, a new boundary and flow.
    await s.ok("update_threat", { id: v1.t1, status: "threatResolved", severity: "Critical" });
    await s.ok("unlink_mitigation_from_threat", { mitigation_id: v1.m1, threat_id: v1.t1 });
    const t2 = await s.ok("add_threat", {
      threat_source: "insider",
      prerequisites: "with console access",
      threat_action: "drop tables",
      threat_impact: "data loss",
    });
    await s.ok("add_trust_boundary", { name: "VPC edge", type: "Network" });
    const asset = (await s.ok("add_asset", { name: "Orders", type: "Data", classification: "Confidential" }))
      .id;
    await s.ok("add_flow", { asset_id: asset, source_id: v1.api, destination_id: v1.db });

    const diff = await s.ok("diff_threat_model", { against: "main" });
    expect(diff.against).toMatch(/^git main \([0-9a-f]{12}\)$/);
    expect(diff.summary.threat).toEqual({ added: 1, removed: 0, changed: 1 });
    expect(diff.summary.mitigation_link).toEqual({ added: 0, removed: 1, changed: 0 });
    expect(diff.summary.trust_boundary).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(diff.summary.flow).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(diff.summary.asset).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(diff.summary.mitigation).toBeUndefined();
    expect(diff.status_changes).toEqual([
      expect.objectContaining({ kind: "threat", id: v1.t1, before: "Identified", after: "Resolved" }),
    ]);
    const changed = diff.changes.find((c: { id: string }) => c.id === v1.t1);
    expect(changed.fields.map((f: { field: string }) => f.field)).toEqual(["severity", "status"]);
    expect(diff.changes.find((c: { id: string }) => c.id === t2.id).change).toBe("added");
    expect(diff.markdown).toContain("## Threat model changes");
    expect(diff.markdown).toMatch(/\| Threats \| 1 \| 0 \| 1 \|/);
    expect(diff.markdown).toContain("Identified → **Resolved**");
    expect(diff.markdown).toMatch(/➖ removed: M-0001 → T-0001/);
    expect(diff.markdown).toMatch(/severity: `High` → `Critical`/);

    // Once committed, the same diff against HEAD is empty.
    commitAll(s.root, "v2");
    const none = await s.ok("diff_threat_model", { against: "HEAD" });
    expect(none.total).toBe(0);
    expect(none.markdown).toContain("No changes to the threat model.");
    // And HEAD~1 shows the same changes as before.
    expect((await s.ok("diff_threat_model", { against: "HEAD~1" })).summary).toEqual(diff.summary);
  });

  it("against an exported file, and against a project that lives in a subfolder of the repository", async () => {
    const repo = tempProject();
    const sub = path.join(repo.root, "services", "shop");
    mkdirSync(sub, { recursive: true });
    initRepo(repo.root);
    writeFileSync(path.join(repo.root, "README.md"), "repo\n");
    const s = await connect({ toolset: "all", root: sub });
    sessions.push(s);
    try {
      const v1 = await modelV1(s);
      await s.ok("export_threat_model", { formats: ["tc"] });
      commitAll(repo.root, "v1");
      expect((await s.ok("diff_threat_model", { against: ".threatmodel/threat-model.tc.json" })).total).toBe(
        0,
      );
      await s.ok("update_mitigation", { id: v1.m1, status: "mitigationResolved" });
      const fromFile = await s.ok("diff_threat_model", { against: ".threatmodel/threat-model.tc.json" });
      expect(fromFile.status_changes).toEqual([
        expect.objectContaining({ kind: "mitigation", before: "Identified", after: "Resolved" }),
      ]);
      const fromGit = await s.ok("diff_threat_model", { against: "HEAD", kind: "git" });
      expect(fromGit.summary).toEqual(fromFile.summary);
    } finally {
      repo.cleanup();
    }
  });

  it("refuses refs that are not refs, unknown refs, and files outside the project", async () => {
    const s = await connect({ toolset: "all" });
    sessions.push(s);
    initRepo(s.root);
    await modelV1(s);
    commitAll(s.root, "v1");
    expect(await s.fail("diff_threat_model", { against: "--output=/tmp/x" })).toMatch(/is not a git ref/);
    expect(await s.fail("diff_threat_model", { against: "HEAD:secret" })).toMatch(/is not a git ref/);
    expect(await s.fail("diff_threat_model", { against: "no-such-branch" })).toMatch(
      /no commit is named "no-such-branch"/,
    );
    expect(await s.fail("diff_threat_model", { against: "../../etc/passwd", kind: "file" })).toMatch(
      /outside the project root/,
    );
    expect(await s.fail("diff_threat_model", { against: "README.nope", kind: "file" })).toMatch(
      /does not exist/,
    );
  });
});
