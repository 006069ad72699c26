// Foundation benchmarks: cold start, tools/list size, add_threat latency with 1k/10k threats, RSS.
import { pathToFileURL } from "node:url";
import path from "node:path";
import { REPO, median, percentile, requireBuild, row, rssMB, spawn, tempDir } from "./lib.mjs";

/**
 * Cold start: spawn to the `initialize` response, and to the first tool result of a session as a
 * client runs it (initialize, tools/list, one call that reads the model).
 */
async function coldStart(runs = 10) {
  const { dir, cleanup } = tempDir();
  const initialized = [];
  const firstResult = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const server = await spawn(dir);
    initialized.push(performance.now() - start);
    await server.client.listTools();
    const status = await server.client.callTool({ name: "threat_model_status", arguments: {} });
    if (status.isError) throw new Error(JSON.stringify(status.content));
    firstResult.push(performance.now() - start);
    await server.close();
  }
  cleanup();
  return { initialize: median(initialized), firstResult: median(firstResult) };
}

async function toolsListBytes(toolset) {
  const { dir, cleanup } = tempDir();
  const server = await spawn(dir, ["--toolset", toolset]);
  const result = await server.client.listTools();
  await server.close();
  cleanup();
  return { bytes: JSON.stringify(result).length, count: result.tools.length };
}

/** Fills a project with `count` threats directly through the store (fast setup, not measured). */
async function populate(root, count) {
  const { ModelStore } = await import(pathToFileURL(path.join(REPO, "dist/store/store.js")).href);
  const { addThreat } = await import(pathToFileURL(path.join(REPO, "dist/ops/threats.js")).href);
  const store = ModelStore.open(root, { fsync: false });
  for (let done = 0; done < count; done += 1000) {
    await store.mutate((draft) => {
      for (let i = done; i < Math.min(count, done + 1000); i++) {
        addThreat.apply(draft, {
          threat_source: "remote attacker",
          prerequisites: "with network access",
          threat_action: `abuse endpoint number ${i}`,
          threat_impact: "data exposure",
          category: "Tampering",
          severity: "High",
          tags: ["bench"],
        });
      }
    });
  }
}

async function addThreatLatency(existing, calls = 300) {
  const { dir, cleanup } = tempDir();
  await populate(dir, existing);
  // add_threat and list_threats are seed tools: the default (compact) toolset does not offer them.
  const server = await spawn(dir, ["--toolset", "all"]);
  await server.client.callTool({ name: "list_threats", arguments: { severity: "Low" } }); // load before timing
  const times = [];
  for (let i = -30; i < calls; i++) {
    const start = performance.now();
    const result = await server.client.callTool({
      name: "add_threat",
      arguments: {
        threat_source: "insider",
        prerequisites: "with VPN access",
        threat_action: `export table ${i}`,
        threat_impact: "data theft",
        category: "Information Disclosure",
      },
    });
    if (i >= 0) times.push(performance.now() - start); // the first 30 calls warm up the JIT
    if (result.isError) throw new Error(JSON.stringify(result.content));
  }
  const rss = rssMB(server.pid);
  await server.close();
  cleanup();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), rss };
}

export async function runFoundationBench() {
  requireBuild();
  const rows = [];
  const start = await coldStart();
  rows.push(row("cold start to initialize (median of 10)", start.initialize, "ms", "<= 150"));
  rows.push(row("cold start to first tool result (median of 10)", start.firstResult, "ms"));
  for (const toolset of ["compact", "seed", "all"]) {
    try {
      const { bytes, count } = await toolsListBytes(toolset);
      rows.push(row(`tools/list ${toolset} (${count} tools)`, bytes / 1024, "KB"));
    } catch {
      // toolset not available in this build
    }
  }
  for (const existing of [1000, 10000]) {
    const { p50, p99, rss } = await addThreatLatency(existing);
    rows.push(
      row(`add_threat p50 with ${existing} threats`, p50, "ms", existing === 10000 ? "<= 3" : undefined),
    );
    rows.push(row(`add_threat p99 with ${existing} threats`, p99, "ms"));
    if (existing === 10000) rows.push(row("server RSS with 10,000 threats", rss, "MB", "<= 150"));
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await runFoundationBench();
  console.table(rows);
}
