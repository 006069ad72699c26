import { execFileSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { invoke } from "../../src/ops/operation.js";
import { listThreats } from "../../src/ops/threats.js";
import { ModelStore } from "../../src/store/store.js";
import { tempProject } from "../helpers/project.js";
import { spawnServer, threatArgs } from "../helpers/stdio.js";

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

async function allThreats(root: string) {
  const store = ModelStore.open(root, { fsync: false });
  return { threats: await invoke(listThreats, { store }, {}), issues: store.loadIssues() };
}

describe("durability across processes", () => {
  it("loses no acknowledged write when the server is SIGKILLed during a burst of 500", async () => {
    const temp = tempProject();
    cleanup = temp.cleanup;
    const acknowledged = new Set<string>();
    // Three bursts, each killed at a different point, all on the same project.
    for (const killAfter of [60, 170, 320]) {
      const server = await spawnServer(temp.root);
      let sent = 0;
      let killed = false;
      const worker = async () => {
        while (sent < 500 && !killed) {
          const n = sent++;
          try {
            const result = await server.client.callTool({
              name: "add_threat",
              arguments: threatArgs(`burst ${killAfter}-${n}`),
            });
            if (result.isError) throw new Error(JSON.stringify(result.content));
            acknowledged.add((result.structuredContent as { id: string }).id);
            if (acknowledged.size >= killAfter && !killed) {
              killed = true;
              process.kill(server.pid, "SIGKILL");
            }
          } catch (error) {
            if (!killed) throw error;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, worker));
      expect(killed).toBe(true);
      const { threats, issues } = await allThreats(temp.root);
      expect(issues).toEqual([]);
      const onDisk = new Set(threats.map((t) => t.id));
      const lost = [...acknowledged].filter((id) => !onDisk.has(id));
      expect(lost).toEqual([]);
    }
  });

  it("two server processes writing at once never lose each other's updates", async () => {
    const temp = tempProject();
    cleanup = temp.cleanup;
    const servers = await Promise.all([spawnServer(temp.root), spawnServer(temp.root)]);
    const ids = await Promise.all(
      servers.map(async (server, s) => {
        const mine: string[] = [];
        for (let batch = 0; batch < 50; batch++) {
          const results = await Promise.all(
            [0, 1, 2, 3].map((i) =>
              server.client.callTool({ name: "add_threat", arguments: threatArgs(`p${s}-${batch}-${i}`) }),
            ),
          );
          for (const result of results) {
            expect(result.isError).toBeFalsy();
            mine.push((result.structuredContent as { id: string }).id);
          }
        }
        return mine;
      }),
    );
    // Each process sees the other's work on its next call.
    const seen = await servers[0]!.client.callTool({ name: "list_threats", arguments: {} });
    expect((seen.structuredContent as { count: number }).count).toBe(400);
    await Promise.all(servers.map((s) => s.client.close()));
    const { threats, issues } = await allThreats(temp.root);
    expect(issues).toEqual([]);
    expect(threats).toHaveLength(400);
    expect(new Set(threats.map((t) => t.id))).toEqual(new Set(ids.flat()));
    expect(new Set(threats.map((t) => t.numericId)).size).toBe(400);
  });
});

describe("git", () => {
  const git = (cwd: string, ...args: string[]) =>
    execFileSync("git", args, { cwd, encoding: "utf8", stdio: "pipe" });

  it("merges two branches that each add threats, mitigations and components without conflicts", async () => {
    const temp = tempProject();
    cleanup = temp.cleanup;
    const root = temp.root;
    git(root, "init", "-q", "-b", "main");
    git(root, "config", "user.email", "test@example.com");
    git(root, "config", "user.name", "Test");
    const { addComponent } = await import("../../src/ops/architecture.js");
    const { addThreat, addMitigation, linkMitigationToThreat } = await import("../../src/ops/threats.js");
    const open = () => ({ store: ModelStore.open(root, { fsync: false }) });

    const shared = await invoke(addComponent, open(), { name: "Gateway", type: "Network" });
    git(root, "add", "-A");
    git(root, "commit", "-qm", "base model");

    const work = async (branch: string) => {
      git(root, "checkout", "-q", "-b", branch, "main");
      const ctx = open();
      const component = await invoke(addComponent, ctx, { name: `${branch} service`, type: "Compute" });
      const threat = await invoke(addThreat, ctx, {
        ...threatArgs(branch),
        affected_components: [component.id, shared.id],
      });
      const mitigation = await invoke(addMitigation, ctx, {
        content: `${branch} control`,
        type: "Preventive",
      });
      await invoke(linkMitigationToThreat, ctx, { mitigation_id: mitigation.id, threat_id: threat.id });
      git(root, "add", "-A");
      git(root, "commit", "-qm", `${branch} work`);
      return [component.id, threat.id, mitigation.id];
    };
    const left = await work("left");
    const right = await work("right");
    git(root, "checkout", "-q", "left");
    git(root, "merge", "-q", "--no-edit", "right"); // throws on conflict
    expect(git(root, "status", "--porcelain")).toBe("");

    const store = ModelStore.open(root, { fsync: false });
    expect(store.loadIssues()).toEqual([]);
    const ids = await store.read((model) => [...left, ...right].map((id) => model.kindOf(id)));
    expect(ids).toEqual(["component", "threat", "mitigation", "component", "threat", "mitigation"]);
    const links = await store.read((model) => model.count("mitigation_link"));
    expect(links).toBe(2);
  });
  it("a store opened while another process commits misses none of its changes", async () => {
    // A store loads its files without the lock: a commit landing mid-load must still reach it.
    const temp = tempProject();
    cleanup = temp.cleanup;
    const writer = await spawnServer(temp.root);
    await writer.client.callTool({ name: "add_threat", arguments: threatArgs("first") });
    const opened: ModelStore[] = [];
    let writing = true;
    const writes = (async () => {
      for (let n = 0; n < 150; n++) {
        const result = await writer.client.callTool({ name: "add_threat", arguments: threatArgs(`w${n}`) });
        expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
      }
      writing = false;
    })();
    while (writing) {
      opened.push(ModelStore.open(temp.root, { fsync: false }));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await writes;
    await writer.client.close();
    expect(opened.length).toBeGreaterThan(10);
    const counts = await Promise.all(opened.map((store) => store.read((model) => model.count("threat"))));
    expect(new Set(counts)).toEqual(new Set([151]));
  }, 120_000);
});
