import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { invoke } from "../../src/ops/operation.js";
import * as architecture from "../../src/ops/architecture.js";
import { setBusinessContext } from "../../src/ops/business-context.js";
import { ModelStore } from "../../src/store/store.js";
import { tempProject } from "../helpers/project.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function project() {
  const temp = tempProject();
  cleanup = temp.cleanup;
  return temp.root;
}

describe("recovery and change detection", () => {
  it("rolls forward a multi-file commit left in the journal by a killed process", async () => {
    const root = project();
    const store = ModelStore.open(root, { fsync: false });
    const api = await invoke(architecture.addComponent, { store }, { name: "API", type: "Compute" });
    // The state a process leaves when killed right after writing its journal: a complete journal, no files yet.
    const journal = path.join(root, ".threatmodel/.local/txn.json");
    const db = {
      id: "D-ROLLED",
      name: "Orders",
      type: "Relational",
      classification: "Confidential",
      encryption_at_rest: true,
    };
    writeFileSync(
      journal,
      JSON.stringify({
        ops: [
          { file: "model/data-stores/D-ROLLED.json", content: `${JSON.stringify(db, null, 2)}\n` },
          { file: `model/components/${api.id}.json`, content: null },
        ],
      }),
    );
    const recovered = ModelStore.open(root, { fsync: false });
    const components = await invoke(architecture.listComponents, { store: recovered }, {});
    const stores = await invoke(architecture.listDataStores, { store: recovered }, {});
    expect(components).toEqual([]);
    expect(stores.map((s) => s.id)).toEqual(["D-ROLLED"]);
    expect(existsSync(journal)).toBe(false);
  });

  it("breaks a lock left by a dead process", async () => {
    const root = project();
    const store = ModelStore.open(root, { fsync: false, lockTimeoutMs: 2000 });
    await invoke(architecture.addComponent, { store }, { name: "API", type: "Compute" });
    const dead = execFileSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).toString();
    mkdirSync(path.join(root, ".threatmodel/.local"), { recursive: true });
    writeFileSync(path.join(root, ".threatmodel/.local/lock"), `${dead} deadbeef`);
    await invoke(architecture.addComponent, { store }, { name: "Worker", type: "Compute" });
    expect((await invoke(architecture.listComponents, { store }, {})).length).toBe(2);
  });

  it("after a process died holding the lock, every process re-reads the whole model", async () => {
    const root = project();
    const first = ModelStore.open(root, { fsync: false, lockTimeoutMs: 2000 });
    const api = await invoke(architecture.addComponent, { store: first }, { name: "API", type: "Compute" });
    const second = ModelStore.open(root, { fsync: false, lockTimeoutMs: 2000 });
    expect((await invoke(architecture.listComponents, { store: second }, {})).length).toBe(1);
    // What a process killed between writing a file and logging it leaves: an unlogged file, a
    // folder whose timestamp did not move (the write and the last look fell in one clock tick;
    // an in-place write leaves the folder's timestamp alone), and its lock.
    const folder = path.join(root, ".threatmodel/model/components");
    const stamp = statSync(folder).mtimeMs;
    const file = path.join(folder, `${api.id}.json`);
    const renamed = { ...JSON.parse(readFileSync(file, "utf8")), name: "Public API" };
    writeFileSync(file, `${JSON.stringify(renamed, null, 2)}\n`);
    expect(statSync(folder).mtimeMs).toBe(stamp);
    const dead = execFileSync(process.execPath, [
      "-e",
      "process.stdout.write(String(process.pid))",
    ]).toString();
    writeFileSync(path.join(root, ".threatmodel/.local/lock"), `${dead} deadbeef`);
    const names = async (store: ModelStore) =>
      (await invoke(architecture.listComponents, { store }, {})).map((c) => c.name);
    expect(await names(first)).toEqual(["Public API"]); // broke the lock: reloads, starts a new log epoch
    expect(await names(second)).toEqual(["Public API"]); // sees the new epoch: reloads too
  });

  it("waits for a live lock and then gives up with a clear error", async () => {
    const root = project();
    const store = ModelStore.open(root, { fsync: false, lockTimeoutMs: 300 });
    await invoke(architecture.addComponent, { store }, { name: "API", type: "Compute" });
    writeFileSync(path.join(root, ".threatmodel/.local/lock"), `${process.ppid} livelock`);
    await expect(
      invoke(architecture.addComponent, { store }, { name: "B", type: "Compute" }),
    ).rejects.toThrow(/locked by process/);
  });

  it("sees files changed behind its back (a git checkout or hand edit)", async () => {
    const root = project();
    const store = ModelStore.open(root, { fsync: false });
    const api = await invoke(architecture.addComponent, { store }, { name: "API", type: "Compute" });
    const file = path.join(root, ".threatmodel/model/components", `${api.id}.json`);
    const edited = { ...JSON.parse(readFileSync(file, "utf8")), name: "Renamed" };
    // Replace the file the way git does (new inode), so the folder's mtime changes.
    writeFileSync(`${file}.new`, JSON.stringify(edited));
    renameSync(`${file}.new`, file);
    const seen = await invoke(architecture.getComponent, { store }, { id: api.id });
    expect(seen.name).toBe("Renamed");
  });

  it("never overwrites an in-place edit with a stale copy when it writes the same file", async () => {
    const root = project();
    const store = ModelStore.open(root, { fsync: false });
    const api = await invoke(
      architecture.addComponent,
      { store },
      { name: "API", type: "Compute", description: "before" },
    );
    await invoke(setBusinessContext, { store }, { description: "Shop", industry_sector: "Retail" });
    // An editor saving over the files in place: the folders' timestamps do not move.
    const folder = path.join(root, ".threatmodel/model/components");
    const stamp = statSync(folder).mtimeMs;
    const component = path.join(folder, `${api.id}.json`);
    const edited = { ...JSON.parse(readFileSync(component, "utf8")), description: "edited by hand" };
    writeFileSync(component, `${JSON.stringify(edited, null, 2)}\n`);
    expect(statSync(folder).mtimeMs).toBe(stamp);
    const context = path.join(root, ".threatmodel/model/business-context.json");
    writeFileSync(context, JSON.stringify({ description: "Shop", industry_sector: "Healthcare" }));

    await invoke(architecture.updateComponent, { store }, { id: api.id, name: "Public API" });
    await invoke(setBusinessContext, { store }, { description: "Online shop" });

    expect(JSON.parse(readFileSync(component, "utf8"))).toMatchObject({
      name: "Public API",
      description: "edited by hand",
    });
    expect(JSON.parse(readFileSync(context, "utf8"))).toEqual({
      description: "Online shop",
      industry_sector: "Healthcare",
    });
    const fresh = ModelStore.open(root, { fsync: false });
    expect(await fresh.read((model) => model.get("component", api.id)?.description)).toBe("edited by hand");
  });

  it("takes an in-place edit that breaks a file as a refusal naming the file, and writes nothing", async () => {
    const root = project();
    const store = ModelStore.open(root, { fsync: false });
    const api = await invoke(architecture.addComponent, { store }, { name: "API", type: "Compute" });
    const component = path.join(root, ".threatmodel/model/components", `${api.id}.json`);
    writeFileSync(component, '{ "id": "half-saved');
    await expect(
      invoke(architecture.updateComponent, { store }, { id: api.id, name: "Public API" }),
    ).rejects.toThrow(new RegExp(`components/${api.id}\\.json failed validation`));
    expect(readFileSync(component, "utf8")).toBe('{ "id": "half-saved');
  });

  it("sees another store's changes on its next call", async () => {
    const root = project();
    const a = ModelStore.open(root, { fsync: false });
    const b = ModelStore.open(root, { fsync: false });
    await invoke(architecture.addComponent, { store: a }, { name: "From A", type: "Compute" });
    await invoke(architecture.addComponent, { store: b }, { name: "From B", type: "Compute" });
    const fromA = await invoke(architecture.listComponents, { store: a }, {});
    expect(fromA.map((c) => c.name).sort()).toEqual(["From A", "From B"]);
  });
});
