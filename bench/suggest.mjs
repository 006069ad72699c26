// Threat-suggestion benchmark: builds a synthetic model (500 components, 100 data stores, 2,000
// connections, 200 flows, the default zones and crossing points) in memory with the built code
// (dist/), then times the rule library over it: a cold run (views built), repeated runs, a second
// run against a model that already holds every suggested threat (the dedupe path), and the
// STRIDE-per-element coverage matrix. It also writes the model to a temporary project and times the
// suggest_threats operation itself (store read included), as the MCP tool runs it.
//
//   node bench/suggest.mjs [--runs 5]
import { existsSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { rng } from "./lib.mjs";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => pathToFileURL(path.join(REPO, "dist", p)).href;

// Names mix plain services with ones the trait keywords recognise (web, identity, LLM, MCP, queues...).
const NAMES = [
  "orders service",
  "web app",
  "login service",
  "admin console",
  "billing",
  "GPT assistant",
  "support agent",
  "files MCP server",
  "event queue",
  "search API",
  "report generator",
  "upload service",
  "build pipeline",
  "partner API",
  "notification sender",
  "inventory service",
  "analytics",
  "vault",
  "api gateway",
  "worker",
];
const TYPES = [
  "Compute",
  "Container",
  "Serverless",
  "Network",
  "Security",
  "Messaging",
  "Analytics",
  "Other",
];
const PROVIDERS = [undefined, "AWS", "Azure", "GCP", "On-Premise"];
const STORE_TYPES = [
  "Relational",
  "NoSQL",
  "Object Storage",
  "Cache",
  "File System",
  "Data Warehouse",
  "Graph",
];
const CLASSES = ["Public", "Internal", "Confidential", "Restricted", "Regulated"];
const PROTOCOLS = ["HTTPS", "HTTP", "TCP", "gRPC", "SSH", "MQTT", "WebSocket", "UDP", undefined];
const PORTS = [undefined, 443, 80, 5432, 6379, 22, 8080];

export async function buildModel(seed = 7) {
  const { Model } = await import(dist("domain/model.js"));
  const { COLLECTIONS } = await import(dist("domain/kinds.js"));
  const defaults = await import(dist("domain/defaults.js"));
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const model = new Model();
  const put = (kind, value) => {
    const clean = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
    model.put(kind, clean.id, COLLECTIONS[kind].schema.parse(clean));
  };
  for (const a of defaults.defaultThreatActors()) put("threat_actor", a);
  for (const z of defaults.defaultTrustZones()) put("trust_zone", z);
  for (const cp of defaults.defaultCrossingPoints()) put("crossing_point", cp);
  for (const tb of defaults.defaultTrustBoundaries()) put("trust_boundary", tb);
  for (const a of defaults.defaultAssets()) put("asset", a);
  const zones = ["TZ001", "TZ002", "TZ003", "TZ003", "TZ003", "TZ004", "TZ005"];

  const elements = [];
  for (let i = 0; i < 500; i++) {
    const id = `C-${String(i).padStart(4, "0")}`;
    put("component", {
      id,
      name: `${pick(NAMES)} ${i}`,
      type: pick(TYPES),
      service_provider: pick(PROVIDERS),
      version: random() < 0.2 ? `1.${i % 10}.0` : undefined,
      trust_zone_id: random() < 0.9 ? pick(zones) : undefined,
    });
    elements.push(id);
  }
  for (let i = 0; i < 100; i++) {
    const id = `D-${String(i).padStart(4, "0")}`;
    put("data_store", {
      id,
      name: `store ${i}`,
      type: pick(STORE_TYPES),
      classification: pick(CLASSES),
      encryption_at_rest: random() < 0.5,
      backup_frequency: pick([undefined, "None", "Daily", "Weekly", "Hourly"]),
      trust_zone_id: random() < 0.9 ? pick(["TZ003", "TZ004"]) : undefined,
    });
    elements.push(id);
  }
  const cpConnections = new Map();
  for (let i = 0; i < 2000; i++) {
    const id = `CN-${String(i).padStart(4, "0")}`;
    const source = pick(elements);
    let destination = pick(elements);
    if (destination === source) destination = elements[(elements.indexOf(source) + 1) % elements.length];
    put("connection", {
      id,
      source_id: source,
      destination_id: destination,
      protocol: pick(PROTOCOLS),
      port: pick(PORTS),
      encryption: random() < 0.6,
    });
    if (random() < 0.3) {
      const cp = pick(["CP001", "CP002", "CP003", "CP004", "CP005"]);
      cpConnections.set(cp, [...(cpConnections.get(cp) ?? []), id]);
    }
  }
  for (const [cp, ids] of cpConnections)
    put("crossing_point", { ...model.get("crossing_point", cp), connection_ids: ids });
  const assets = model.list("asset").map((a) => a.id);
  for (let i = 0; i < 200; i++) {
    put("flow", {
      id: `F-${String(i).padStart(4, "0")}`,
      asset_id: pick(assets),
      source_id: pick(elements),
      destination_id: pick([...elements.slice(0, 50), "TZ001", "TZ004"]),
      controls: random() < 0.5 ? ["Encryption"] : [],
      encryption: random() < 0.5,
      authenticated: random() < 0.5,
      authorized: random() < 0.5,
      validated: random() < 0.5,
    });
  }
  return model;
}

/** Adds every suggestion as a threat (as accepting would), so the next run exercises deduplication. */
async function withThreats(model, suggestions, { ruleIds = true } = {}) {
  const { COLLECTIONS } = await import(dist("domain/kinds.js"));
  let n = 0;
  for (const s of suggestions) {
    const { kind, id } = s.element;
    const threat = {
      id: `T-${String(++n).padStart(6, "0")}`,
      numericId: n,
      ...s.grammar,
      statement: s.statement,
      status: "threatIdentified",
      tags: [],
      category: s.category,
      affected_components: kind === "component" || kind === "data_store" ? [id] : [],
      affected_trust_boundaries: [],
      affected_assets: kind === "asset" ? [id] : [],
      ...(kind === "connection" ? { affected_connections: [id] } : {}),
      ...(kind === "flow" ? { affected_flows: [id] } : {}),
      ...(kind === "crossing_point" ? { affected_crossing_points: [id] } : {}),
      ...(ruleIds ? { rule_id: s.rule_id } : {}),
      metadata: [],
    };
    model.put("threat", threat.id, COLLECTIONS.threat.schema.parse(threat));
  }
}

/** The real operation over a real store: the synthetic model saved in a temporary project. */
async function timeOperation(runs) {
  const { ModelStore } = await import(dist("store/store.js"));
  const { invoke } = await import(dist("ops/operation.js"));
  const { suggestThreats } = await import(dist("ops/intelligence.js"));
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), "tm-bench-suggest-")));
  try {
    const source = await buildModel();
    const store = ModelStore.open(root, { fsync: false });
    await store.mutate((draft) => {
      for (const kind of Object.keys(source.collections))
        for (const entity of source.list(kind)) draft.put(kind, entity);
    });
    const ctx = { store };
    const times = [];
    for (let i = 0; i < runs; i++) {
      await store.read((model) => void model.revision++); // views rebuilt, as after any change
      const start = performance.now();
      await invoke(suggestThreats, ctx, {});
      times.push(performance.now() - start);
    }
    const start = performance.now();
    const result = await invoke(suggestThreats, ctx, { dry_run: false });
    return { preview: median(times), accept: performance.now() - start, added: result.created.threats };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// Wall-clock time counts waiting for a core on a busy machine; CPU time (all threads, GC included) does not.
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const row = (name, value, unit, target) => ({
  name,
  value: Math.round(value * 10) / 10,
  unit,
  ...(target ? { target } : {}),
});

export async function runSuggestBench({ runs = 5 } = {}) {
  if (!existsSync(path.join(REPO, "dist", "intel", "evaluate.js")))
    throw new Error("run `npm run build` first");
  const { loadThreatLibrary } = await import(dist("intel/library.js"));
  const { evaluateRules } = await import(dist("intel/evaluate.js"));
  const { coverageMatrix } = await import(dist("intel/coverage.js"));

  let start = performance.now();
  const library = loadThreatLibrary();
  const loadMs = performance.now() - start;

  const times = [];
  const cpuTimes = [];
  let suggestions = [];
  for (let i = 0; i < runs; i++) {
    const model = await buildModel();
    const cpu = process.cpuUsage();
    start = performance.now();
    suggestions = evaluateRules(model, library, {});
    times.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpuTimes.push((used.user + used.system) / 1000);
  }

  const model = await buildModel();
  await withThreats(model, suggestions);
  const secondTimes = [];
  let second = [];
  for (let i = 0; i < runs; i++) {
    model.revision++; // force the views to be rebuilt, as after any change
    start = performance.now();
    second = evaluateRules(model, library, {});
    secondTimes.push(performance.now() - start);
  }
  const stillNew = second.filter((s) => !s.duplicate_of).length;

  // Threats without rule ids (imported, or written by hand): only statement similarity can match them.
  const imported = await buildModel();
  await withThreats(imported, suggestions, { ruleIds: false });
  const importedTimes = [];
  let third = [];
  for (let i = 0; i < runs; i++) {
    imported.revision++;
    start = performance.now();
    third = evaluateRules(imported, library, {});
    importedTimes.push(performance.now() - start);
  }
  const matchedByStatement = third.filter(
    (s) => s.duplicate_of?.reason === "near-identical statement",
  ).length;

  const coverageTimes = [];
  let matrix;
  for (let i = 0; i < runs; i++) {
    model.revision++;
    start = performance.now();
    matrix = coverageMatrix(model);
    coverageTimes.push(performance.now() - start);
  }

  const op = await timeOperation(runs);

  return [
    row("library load and compile (rules)", loadMs, `ms (${library.rules.length} rules)`),
    row(
      "suggest_threats evaluation, 500 components + 100 stores + 2,000 connections (first run)",
      times[0],
      "ms",
      "< 500 ms",
    ),
    row("suggest_threats evaluation, same model (median)", median(times), "ms", "< 500 ms"),
    row("suggest_threats evaluation, same model (median CPU time)", median(cpuTimes), "ms CPU", "< 500 ms"),
    row("suggestions produced", suggestions.length, "threats"),
    row(
      `second run with all ${suggestions.length} threats present (median)`,
      median(secondTimes),
      "ms",
      "< 500 ms",
    ),
    row("suggestions still new on the second run", stillNew, "threats", "0"),
    row(
      `second run against ${suggestions.length} threats without rule ids (median)`,
      median(importedTimes),
      "ms",
      "< 500 ms",
    ),
    row(
      "of which matched by near-identical statement",
      matchedByStatement,
      "threats",
      String(suggestions.length),
    ),
    row(`coverage matrix (${matrix.summary.elements} elements, median)`, median(coverageTimes), "ms"),
    row("suggest_threats operation, preview from a project on disk (median)", op.preview, "ms", "< 500 ms"),
    row(`suggest_threats operation, adding all ${op.added} threats (fsync off)`, op.accept, "ms"),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const runsArg = process.argv.indexOf("--runs");
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
  console.table(await runSuggestBench({ runs }));
}
