import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, it } from "vitest";
import { invoke } from "../../src/ops/operation.js";
import { listThreats } from "../../src/ops/threats.js";
import { ModelStore } from "../../src/store/store.js";
import { startHttpServer } from "../helpers/http-server.js";
import { freshLoadVersusMemory } from "../helpers/model-check.js";
import { tempProject } from "../helpers/project.js";
import { spawnServer, threatArgs } from "../helpers/stdio.js";

// `npm test` runs a reduced loop; `npm run fuzz` sets CRASH_KILLS to 60.
const KILLS = Number(process.env.CRASH_KILLS ?? 10);
const SEED = Number(process.env.CRASH_SEED ?? Date.now() % 100_000);

/** A small deterministic random generator, so a failing loop can be replayed with CRASH_SEED. */
function random(seed: number) {
  let state = seed >>> 0 || 1;
  return (max: number) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state % max;
  };
}

type Call = (
  name: string,
  args: Record<string, unknown>,
) => Promise<{ isError?: boolean; structuredContent?: unknown }>;

/** What the server acknowledged: these must all be on disk after any kill. */
interface Acknowledged {
  threats: Map<string, string>; // id → threat_action
  deleted: Set<string>;
  /** Deletes sent but not (yet) acknowledged: those threats may or may not be there. */
  deleting: Set<string>;
  /** Batches (tag → number of threats): each must be on disk whole, or (if never acknowledged) not at all. */
  batches: Map<string, number>;
  sentBatches: Map<string, number>;
}

async function loadedState(root: string) {
  const store = ModelStore.open(root, { fsync: false });
  const threats = await invoke(listThreats, { store }, {});
  return { store, threats, issues: store.loadIssues() };
}

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

describe("crash safety", () => {
  it(`loses no acknowledged change over ${KILLS} SIGKILLs at random points of write bursts (seed ${SEED})`, async () => {
    const temp = tempProject();
    cleanup = temp.cleanup;
    const rand = random(SEED);
    const acked: Acknowledged = {
      threats: new Map(),
      deleted: new Set(),
      deleting: new Set(),
      batches: new Map(),
      sentBatches: new Map(),
    };
    let kills = 0;
    for (let round = 0; round < KILLS; round++) {
      const server = await spawnServer(temp.root);
      const call: Call = (name, args) => server.client.callTool({ name, arguments: args }) as never;
      const killAfter = 1 + rand(40);
      let acks = 0;
      let killed = false;
      const kill = () => {
        if (killed) return;
        killed = true;
        process.kill(server.pid, "SIGKILL");
        kills++;
      };
      const worker = async (w: number) => {
        for (let n = 0; !killed && n < 200; n++) {
          const label = `r${round}-w${w}-${n}`;
          try {
            const pick = rand(10);
            if (pick < 5) {
              const result = await call("add_threat", threatArgs(label));
              if (result.isError) throw new Error(JSON.stringify(result));
              acked.threats.set((result.structuredContent as { id: string }).id, `abuse ${label}`);
            } else if (pick < 8) {
              // A multi-file change (journaled): threats, a mitigation and its links in one commit.
              const size = 2 + rand(4);
              acked.sentBatches.set(label, size);
              const result = await call("upsert_threats", {
                threats: Array.from({ length: size }, (_, i) => ({
                  ...threatArgs(`${label}.${i}`),
                  ref: `t${i}`,
                  tags: [label],
                })),
                mitigations: [
                  { content: `fix ${label}`, threat_ids: Array.from({ length: size }, (_, i) => `t${i}`) },
                ],
              });
              if (result.isError) throw new Error(JSON.stringify(result));
              acked.batches.set(label, size);
            } else {
              const victims = [...acked.threats.keys()].filter(
                (id) => !acked.deleted.has(id) && !acked.deleting.has(id),
              );
              const victim = victims[rand(Math.max(victims.length, 1))];
              if (victim === undefined) continue;
              acked.deleting.add(victim);
              const result = await call("delete_threat", { id: victim, cascade: true });
              if (result.isError) throw new Error(JSON.stringify(result));
              acked.deleting.delete(victim);
              acked.deleted.add(victim);
            }
            if (++acks >= killAfter) setTimeout(kill, rand(4));
          } catch (error) {
            if (!killed) throw error;
          }
        }
      };
      await Promise.all([0, 1, 2, 3].map(worker));
      kill();

      const { store, threats, issues } = await loadedState(temp.root);
      expect(issues, `round ${round}`).toEqual([]);
      expect(await freshLoadVersusMemory(store), `round ${round}`).toEqual([]);
      const onDisk = new Map(threats.map((t) => [t.id, t]));
      const lost = [...acked.threats].filter(
        ([id]) => !acked.deleted.has(id) && !acked.deleting.has(id) && !onDisk.has(id),
      );
      expect(lost, `acknowledged threats lost in round ${round}`).toEqual([]);
      const resurrected = [...acked.deleted].filter((id) => onDisk.has(id));
      expect(resurrected, `acknowledged deletes undone in round ${round}`).toEqual([]);
      for (const [id, action] of acked.threats)
        if (onDisk.has(id)) expect(onDisk.get(id)!.threatAction).toBe(action);
      for (const [label, size] of acked.sentBatches) {
        const present = threats.filter((t) => t.tags.includes(label)).length;
        // All or nothing; an acknowledged batch is all there.
        expect([0, size], `batch ${label}`).toContain(present);
        if (acked.batches.has(label)) expect(present, `acknowledged batch ${label}`).toBe(size);
      }
    }
    expect(kills).toBe(KILLS);
    expect(acked.threats.size + acked.batches.size).toBeGreaterThan(KILLS);
  }, 600_000);

  it("two stdio servers and one HTTP server writing the same project at once lose nothing", async () => {
    const temp = tempProject();
    cleanup = temp.cleanup;
    const stdio = await Promise.all([spawnServer(temp.root), spawnServer(temp.root)]);
    const http = await startHttpServer(temp.root, ["--toolset", "all"]);
    const httpClient = new Client({ name: "writer-http", version: "1.0.0" });
    await httpClient.connect(new StreamableHTTPClientTransport(http.url));
    const clients = [...stdio.map((s) => s.client), httpClient];
    try {
      const written = await Promise.all(
        clients.map(async (client, c) => {
          const ids: string[] = [];
          for (let batch = 0; batch < 25; batch++) {
            const results = await Promise.all([
              client.callTool({ name: "add_threat", arguments: threatArgs(`p${c}-${batch}-a`) }),
              client.callTool({ name: "add_threat", arguments: threatArgs(`p${c}-${batch}-b`) }),
              client.callTool({
                name: "upsert_threats",
                arguments: {
                  threats: [{ ...threatArgs(`p${c}-${batch}-c`), ref: "t" }],
                  mitigations: [{ content: `fix p${c}-${batch}`, threat_ids: ["t"] }],
                },
              }),
            ]);
            for (const result of results) {
              expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
              const content = result.structuredContent as { id?: string; threats?: string[] };
              ids.push(...(content.id ? [content.id] : content.threats!));
            }
          }
          return ids;
        }),
      );
      const all = written.flat();
      expect(all).toHaveLength(3 * 25 * 3);
      // Every server sees every writer's work on its next call.
      for (const client of clients) {
        const listed = await client.callTool({ name: "list_threats", arguments: {} });
        expect((listed.structuredContent as { count: number }).count).toBe(all.length);
      }
      const { store, threats, issues } = await loadedState(temp.root);
      expect(issues).toEqual([]);
      expect(await freshLoadVersusMemory(store)).toEqual([]);
      expect(new Set(threats.map((t) => t.id))).toEqual(new Set(all));
      expect(new Set(threats.map((t) => t.numericId)).size).toBe(all.length);
      const mitigations = await store.read((model) => [
        model.count("mitigation"),
        model.count("mitigation_link"),
      ]);
      expect(mitigations).toEqual([75, 75]);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await http.stop();
    }
  }, 300_000);
});
