import { copyFileSync, existsSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { modelDigest } from "../../src/domain/digest.js";
import { findExports } from "../../src/export/exports-status.js";
import { connect, type TestSession } from "../helpers/client.js";
import { snapshotModel } from "../helpers/files.js";
import { expectRefused } from "../helpers/refuse.js";
import { TC_DIR, TD_DIR, readJson, validateTc, validateTd } from "./schemas.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect({ toolset: "all" });
});
afterEach(() => s.close());

const STABLE = [
  ".threatmodel/threat-model.md",
  ".threatmodel/threat-model.html",
  ".threatmodel/threat-model.tc.json",
  ".threatmodel/threat-model.dragon.json",
  ".threatmodel/threat-model.sarif",
  ".threatmodel/threat-model.mmd",
  ".threatmodel/threat-model.svg",
];
const read = (relative: string) => readFileSync(path.join(s.root, relative), "utf8");

async function smallModel() {
  const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
  const db = (
    await s.ok("add_data_store", {
      name: "DB",
      type: "Relational",
      classification: "Confidential",
      encryption_at_rest: false,
    })
  ).id;
  await s.ok("add_connection", { source_id: api, destination_id: db, protocol: "TCP", encryption: false });
  const t = await s.ok("add_threat", {
    threat_source: "attacker",
    prerequisites: "with network access",
    threat_action: "read the database",
    threat_impact: "data theft",
    category: "Information Disclosure",
    severity: "High",
    affected_components: [db],
  });
  return { api, db, threat: t.id as string };
}

describe("execute_final_export_step and export_threat_model", () => {
  it("write every format under stable names, embed the model digest, and do not churn", async () => {
    await smallModel();
    const first = await s.ok("execute_final_export_step", {});
    expect(first.files.map((f: { path: string }) => f.path)).toEqual(STABLE);
    expect(first.files.every((f: { changed: boolean }) => f.changed)).toBe(true);
    const digest = await s.project.store.read((model) => modelDigest(model));
    expect(first.digest).toBe(digest);
    for (const file of STABLE) expect(read(file)).toContain(digest);
    expect(validateTc(JSON.parse(read(".threatmodel/threat-model.tc.json")))).toBe(true);
    expect(validateTd(JSON.parse(read(".threatmodel/threat-model.dragon.json")))).toBe(true);
    expect(read(".threatmodel/threat-model.svg")).toMatch(/^<\?xml[\s\S]*<svg/);
    expect(read(".threatmodel/threat-model.md")).toMatch(
      /## STRIDE coverage\n\n\d+(\.\d)?% of the applicable/,
    );
    expect(read(".threatmodel/threat-model.md")).toMatch(/\| 1 \| Business Context Analysis \| \d+% \|/);
    expect(read(".threatmodel/threat-model.mmd")).toContain("flowchart LR");
    expect((await findExports(s.root)).map((e) => [e.file, e.modelDigest])).toEqual(
      STABLE.map((f) => [f, digest]),
    );

    const again = await s.ok("execute_final_export_step", {});
    expect(again.files.some((f: { changed: boolean }) => f.changed)).toBe(false);

    await s.ok("add_component", { name: "Worker", type: "Container" });
    const chosen = await s.ok("export_threat_model", { formats: ["md", "mermaid"] });
    expect(chosen.files.map((f: { path: string; changed: boolean }) => [f.path, f.changed])).toEqual([
      [".threatmodel/threat-model.md", true],
      [".threatmodel/threat-model.mmd", true],
    ]);
    expect(read(".threatmodel/threat-model.md")).toContain("Worker");
    const stale = (await findExports(s.root))
      .filter((e) => e.modelDigest !== chosen.digest)
      .map((e) => e.file);
    expect(stale).toEqual(STABLE.filter((f) => !f.endsWith(".md") && !f.endsWith(".mmd")));
  });

  it("refuses unknown formats and unknown fields without writing anything", async () => {
    await expectRefused(
      s,
      "export_threat_model",
      { formats: ["pdf"] },
      /formats\[0\]: "pdf" is not an export format; allowed: md, html, tc/,
    );
    await expectRefused(s, "export_threat_model", { formats: [] }, /name at least one format/);
    await expectRefused(s, "execute_final_export_step", { extra: 1 }, /extra/);
    expect(existsSync(path.join(s.root, ".threatmodel/threat-model.md"))).toBe(false);
  });
});

describe("export_comprehensive_threat_model", () => {
  it("writes a Threat Composer JSON and a Markdown report inside the project", async () => {
    await smallModel();
    const bare = await s.ok("export_comprehensive_threat_model", { output_path: "my_model.json" });
    expect(bare.files.map((f: { path: string }) => f.path)).toEqual([
      ".threatmodel/my_model.json",
      ".threatmodel/my_model.md",
    ]);
    expect(validateTc(JSON.parse(read(".threatmodel/my_model.json")))).toBe(true);
    expect(read(".threatmodel/my_model.md")).toContain("# Threat model:");
    const nested = await s.ok("export_comprehensive_threat_model", {
      output_path: "docs/security/tm.tc.json",
      include_extended_data: false,
    });
    expect(nested.files.map((f: { path: string }) => f.path)).toEqual([
      "docs/security/tm.json",
      "docs/security/tm.md",
    ]);
    expect(read("docs/security/tm.json")).not.toContain("custom:threatmodel");
    // Its own earlier output may be overwritten; unchanged content is not rewritten.
    const repeat = await s.ok("export_comprehensive_threat_model", { output_path: "my_model.json" });
    expect(repeat.files.every((f: { changed: boolean }) => !f.changed)).toBe(true);
  });

  it("refuses paths outside the project, inside the model folder, and files it did not write", async () => {
    await smallModel();
    writeFileSync(path.join(s.root, "NOTES.md"), "my notes\n");
    symlinkSync("/tmp", path.join(s.root, "escape"));
    await expectRefused(
      s,
      "export_comprehensive_threat_model",
      { output_path: "../outside.json" },
      /outside the project root/,
    );
    await expectRefused(
      s,
      "export_comprehensive_threat_model",
      { output_path: "/etc/tm.json" },
      /outside the project root/,
    );
    await expectRefused(
      s,
      "export_comprehensive_threat_model",
      { output_path: "escape/tm.json" },
      /symbolic link/,
    );
    await expectRefused(
      s,
      "export_comprehensive_threat_model",
      { output_path: "%2e%2e/tm.json" },
      /URL-encoded traversal/,
    );
    await expectRefused(
      s,
      "export_comprehensive_threat_model",
      { output_path: ".threatmodel/model/threats/x.json" },
      /inside the model's own folder/,
    );
    await expectRefused(
      s,
      "export_comprehensive_threat_model",
      { output_path: "./NOTES.json" },
      /NOTES\.md exists and was not written by this tool/,
    );
    await expectRefused(s, "export_comprehensive_threat_model", { output_path: "" }, /names no file/);
    expect(read("NOTES.md")).toBe("my notes\n");
  });
});

describe("import_threat_model", () => {
  it("imports a Threat Composer fixture copied into the project, then refuses an invalid file as a whole", async () => {
    copyFileSync(path.join(TC_DIR, "ThreatComposer.tc.json"), path.join(s.root, "tc.json"));
    const result = await s.ok("import_threat_model", { path: "tc.json" });
    expect(result).toMatchObject({
      format: "threat-composer",
      mode: "merge",
      exact: false,
      created: { threat: 20, mitigation: 18, assumption: 5 },
    });
    expect(result.warnings.filter((w: string) => w.includes("link dropped"))).toHaveLength(14);
    expect((await s.ok("list_threats", {})).threats).toHaveLength(20);

    const bad = {
      schema: 1,
      threats: [
        {
          id: "9f1e0000-0000-4000-8000-000000000001",
          numericId: 99,
          threatSource: "x",
          threatAction: "y".repeat(300),
        },
      ],
    };
    writeFileSync(path.join(s.root, "bad.tc.json"), JSON.stringify(bad));
    await expectRefused(
      s,
      "import_threat_model",
      { path: "bad.tc.json" },
      /import refused, nothing was changed: 1 item\(s\) cannot be imported: threats\[0\]: threatAction: is 300 characters/,
    );
    writeFileSync(path.join(s.root, "broken.json"), "{ nope");
    await expectRefused(s, "import_threat_model", { path: "broken.json" }, /not valid JSON/);
    writeFileSync(path.join(s.root, "other.json"), JSON.stringify({ hello: 1 }));
    await expectRefused(
      s,
      "import_threat_model",
      { path: "other.json" },
      /not a Threat Composer file or a Threat Dragon v2 model/,
    );
    await expectRefused(s, "import_threat_model", { path: "../../etc/passwd" }, /outside the project root/);
    await expectRefused(s, "import_threat_model", { path: "tc.json", mode: "overwrite" }, /mode/);
  });

  it("replace mode restores an export exactly; the Threat Dragon demo imports through the tool", async () => {
    const { threat } = await smallModel();
    await s.ok("update_threat", { id: threat, status: "threatResolved", status_reason: "fixed" });
    await s.ok("export_threat_model", { formats: ["tc"] });
    const before = snapshotModel(s.root);
    await s.ok("delete_threat", { id: threat });
    await s.ok("add_component", { name: "Temporary", type: "Other" });
    const restored = await s.ok("import_threat_model", {
      path: ".threatmodel/threat-model.tc.json",
      mode: "replace",
    });
    expect(restored.exact).toBe(true);
    const after = snapshotModel(s.root);
    const modelFiles = (m: Map<string, string>) => new Map([...m].filter(([k]) => k.startsWith("model")));
    expect(modelFiles(after)).toEqual(modelFiles(before));

    copyFileSync(path.join(TD_DIR, "v2-threat-model.json"), path.join(s.root, "demo.json"));
    const dragon = await s.ok("import_threat_model", { path: "demo.json" });
    expect(dragon).toMatchObject({ format: "threat-dragon", created: { threat: 14, data_store: 4 } });
    expect(readJson(path.join(s.root, "demo.json"))).toBeTruthy();
  });
});
