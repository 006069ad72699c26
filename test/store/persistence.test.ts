import { existsSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { invoke, type OpContext } from "../../src/ops/operation.js";
import * as architecture from "../../src/ops/architecture.js";
import * as threats from "../../src/ops/threats.js";
import { ModelStore } from "../../src/store/store.js";
import { snapshotModel } from "../helpers/files.js";
import { tempProject } from "../helpers/project.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function project() {
  const temp = tempProject();
  cleanup = temp.cleanup;
  const open = () => ({ store: ModelStore.open(temp.root, { fsync: false }) }) satisfies OpContext;
  return { root: temp.root, open };
}

const threatInput = (n: number) => ({
  threat_source: "remote attacker",
  prerequisites: "with network access",
  threat_action: `abuse endpoint ${n}`,
  threat_impact: "data exposure",
});

describe("persistence", () => {
  it("writes nothing until the first change, then the defaults and the change", async () => {
    const { root, open } = project();
    const ctx = open();
    await invoke(architecture.listComponents, ctx, {});
    expect(existsSync(path.join(root, ".threatmodel"))).toBe(false);
    await invoke(architecture.addComponent, ctx, { name: "API", type: "Compute" });
    const files = readdirSync(path.join(root, ".threatmodel/model/threat-actors"));
    expect(files).toHaveLength(10);
    expect(readFileSync(path.join(root, ".threatmodel/.gitignore"), "utf8")).toContain(".local/");
  });

  it("keeps everything across a restart", async () => {
    const { open } = project();
    const first = open();
    const component = await invoke(architecture.addComponent, first, { name: "API", type: "Compute" });
    const threat = await invoke(threats.addThreat, first, {
      ...threatInput(1),
      affected_components: [component.id],
    });
    const second = open();
    const reloaded = await invoke(threats.getThreat, second, { id: threat.id });
    expect(reloaded.statement).toBe(threat.statement);
    expect(reloaded.affected_components).toEqual([component.id]);
    expect(second.store.loadIssues()).toEqual([]);
  });

  it("never reuses an id or a numericId after the newest entity is deleted", async () => {
    const { open } = project();
    const ctx = open();
    const first = await invoke(threats.addThreat, ctx, threatInput(1));
    const second = await invoke(threats.addThreat, ctx, threatInput(2));
    await invoke(threats.deleteThreat, ctx, { id: second.id });
    const third = await invoke(threats.addThreat, open(), threatInput(3));
    expect(third.id).not.toBe(second.id);
    expect(third.numericId).toBe(3);
    expect(first.numericId).toBe(1);
  });

  it("produces byte-identical files when nothing changed (no churn)", async () => {
    const { root, open } = project();
    const ctx = open();
    const component = await invoke(architecture.addComponent, ctx, {
      name: "API",
      type: "Compute",
      description: "edge",
    });
    const before = snapshotModel(root);
    await invoke(architecture.updateComponent, ctx, { id: component.id, name: "API", description: "edge" });
    await invoke(architecture.updateComponent, open(), { id: component.id, type: "compute" });
    expect(snapshotModel(root)).toEqual(before);
  });

  it("quarantines a file edited into an invalid state, reports it, and never overwrites it", async () => {
    const { root, open } = project();
    const ctx = open();
    const component = await invoke(architecture.addComponent, ctx, { name: "API", type: "Compute" });
    await invoke(architecture.addComponent, ctx, { name: "Worker", type: "Compute" });
    const file = path.join(root, ".threatmodel/model/components", `${component.id}.json`);
    writeFileSync(file, JSON.stringify({ id: component.id, name: "API", type: "Spaceship" }));
    const reopened = open();
    const issues = reopened.store.loadIssues();
    expect(issues).toHaveLength(1);
    expect(issues[0]!.file).toBe(`.threatmodel/model/components/${component.id}.json`);
    expect(issues[0]!.reason).toContain('"Spaceship" is not a valid ComponentType');
    const listed = await invoke(architecture.listComponents, reopened, {});
    expect(listed.map((c) => c.name)).toEqual(["Worker"]);
    await expect(
      invoke(architecture.updateComponent, reopened, { id: component.id, name: "X" }),
    ).rejects.toThrow(/no component/);
    expect(JSON.parse(readFileSync(file, "utf8")).type).toBe("Spaceship");
  });

  it("reports invalid JSON with the file and the reason", async () => {
    const { root, open } = project();
    await invoke(architecture.addComponent, open(), { name: "API", type: "Compute" });
    writeFileSync(path.join(root, ".threatmodel/model/business-context.json"), "{ not json");
    const issues = open().store.loadIssues();
    expect(issues.map((i) => i.file)).toEqual([".threatmodel/model/business-context.json"]);
    expect(issues[0]!.reason).toMatch(/not valid JSON/);
  });

  it("refuses to write a quarantined singleton instead of overwriting it", async () => {
    const { root, open } = project();
    await invoke(architecture.addComponent, open(), { name: "API", type: "Compute" });
    const file = path.join(root, ".threatmodel/model/business-context.json");
    writeFileSync(file, '{"description": 5}');
    const { setBusinessContext } = await import("../../src/ops/business-context.js");
    await expect(invoke(setBusinessContext, open(), { description: "shop" })).rejects.toThrow(
      /failed validation when loaded/,
    );
    expect(readFileSync(file, "utf8")).toBe('{"description": 5}');
  });

  it("opens a model written by a newer version read-only", async () => {
    const { root, open } = project();
    await invoke(architecture.addComponent, open(), { name: "API", type: "Compute" });
    writeFileSync(
      path.join(root, ".threatmodel/model/manifest.json"),
      JSON.stringify({ schemaVersion: 99, generator: "x" }),
    );
    const ctx = open();
    expect((await invoke(architecture.listComponents, ctx, {})).length).toBe(1);
    await expect(invoke(architecture.addComponent, ctx, { name: "B", type: "Compute" })).rejects.toThrow(
      /newer version/,
    );
  });
});
