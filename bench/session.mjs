// Session efficiency: the same reference model built through a real MCP client, once with the seed
// toolset (one call per entity or link) and once with the compact one (batch upserts). Counts calls
// and the exact JSON bytes of every tools/call request and response, plus the tools/list answer.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Client, InMemoryTransport } from "@modelcontextprotocol/client";
import { REPO, row, tempDir } from "./lib.mjs";

const dist = (file) => import(pathToFileURL(path.join(REPO, "dist", file)).href);

/** Records the serialised size of every message in both directions. */
class CountingTransport {
  constructor(inner) {
    this.inner = inner;
    this.sent = [];
    this.received = [];
  }
  start() {
    return this.inner.start();
  }
  close() {
    return this.inner.close();
  }
  send(message, options) {
    this.sent.push(message);
    return this.inner.send(message, options);
  }
  get onmessage() {
    return this.inner.onmessage;
  }
  set onmessage(handler) {
    this.inner.onmessage = handler
      ? (message, extra) => {
          this.received.push(message);
          handler(message, extra);
        }
      : undefined;
  }
  get onclose() {
    return this.inner.onclose;
  }
  set onclose(handler) {
    this.inner.onclose = handler;
  }
  get onerror() {
    return this.inner.onerror;
  }
  set onerror(handler) {
    this.inner.onerror = handler;
  }
  get sessionId() {
    return this.inner.sessionId;
  }
  setProtocolVersion(version) {
    this.inner.setProtocolVersion?.(version);
  }
}

const bytes = (message) => Buffer.byteLength(JSON.stringify(message), "utf8");

// ---- the reference model (symbolic keys; each driver maps them to real ids) -------------------

const TYPES = ["Compute", "Container", "Serverless", "Network", "Security", "Messaging", "Analytics"];
const { ENUMS } = await dist("domain/enums.js");
const CATEGORIES = ENUMS.ThreatCategory;
const SEVERITIES = ENUMS.ThreatSeverity;

function referenceModel() {
  const components = Array.from({ length: 15 }, (_, i) => ({
    key: `c${i}`,
    name: `Service ${i}`,
    type: TYPES[i % TYPES.length],
    service_provider: "AWS",
    description: `Handles part ${i} of the order workflow`,
  }));
  const dataStores = Array.from({ length: 4 }, (_, i) => ({
    key: `d${i}`,
    name: `Store ${i}`,
    type: ["Relational", "NoSQL", "Cache", "Object Storage"][i],
    classification: ["Confidential", "Internal", "Internal", "Restricted"][i],
    encryption_at_rest: i !== 2,
  }));
  const elements = [...components.map((c) => c.key), ...dataStores.map((d) => d.key)];
  const connections = Array.from({ length: 15 }, (_, i) => ({
    source: `c${i}`,
    destination: elements[(i + 3) % elements.length],
    protocol: i % 3 === 0 ? "HTTPS" : "gRPC",
    port: 443 + i,
    encryption: i % 4 !== 0,
  }));
  const zones = Array.from({ length: 6 }, (_, i) => ({
    key: `z${i}`,
    name: `Zone ${i}`,
    trust_level: ["Untrusted", "Low", "Medium", "Medium", "High", "Full"][i],
  }));
  const crossings = Array.from({ length: 8 }, (_, i) => ({
    source: `z${i % 6}`,
    destination: `z${(i + 1 + Math.floor(i / 6)) % 6}`,
    authentication_method: "Token",
    authorization_method: "Role-based",
  }));
  const assets = Array.from({ length: 10 }, (_, i) => ({
    key: `a${i}`,
    name: `Asset ${i}`,
    type: ["Data", "Credential", "Token", "Cryptographic Key"][i % 4],
    classification: ["Confidential", "Restricted", "Internal"][i % 3],
  }));
  const flows = Array.from({ length: 12 }, (_, i) => ({
    asset: `a${i % 10}`,
    source: elements[i % elements.length],
    destination: elements[(i + 5) % elements.length],
    encryption: true,
    authenticated: i % 2 === 0,
  }));
  const threats = Array.from({ length: 40 }, (_, i) => ({
    key: `t${i}`,
    threat_source: "internet-based attacker",
    prerequisites: `with access to endpoint ${i}`,
    threat_action: `abuse operation ${i} of service ${i % 15}`,
    threat_impact: "unauthorised changes to orders",
    category: CATEGORIES[i % 6],
    severity: SEVERITIES[i % 4],
    likelihood: "Possible",
    affected: [`c${i % 15}`],
  }));
  const mitigations = Array.from({ length: 30 }, (_, i) => ({
    key: `m${i}`,
    content: `Control ${i}: validate and authorise every request to operation ${i}`,
    type: "Preventive",
    status: "mitigationIdentified",
  }));
  // 60 links: every mitigation addresses two threats.
  const links = mitigations.flatMap((m, i) => [
    { mitigation: m.key, threat: `t${i}` },
    { mitigation: m.key, threat: `t${(i + 30) % 40}` },
  ]);
  const assumptions = Array.from({ length: 10 }, (_, i) => ({
    description: `Assumption ${i}: the platform team patches hosts within 14 days`,
    category: ["Infrastructure", "Operations", "Scope"][i % 3],
  }));
  return {
    components,
    dataStores,
    connections,
    zones,
    crossings,
    assets,
    flows,
    threats,
    mitigations,
    links,
    assumptions,
  };
}

const strip = ({ key: _key, ...rest }) => rest;

// ---- drivers ---------------------------------------------------------------------------------

async function buildWithSeed(call, m) {
  const ids = new Map();
  const add = async (tool, key, args) => {
    const result = await call(tool, args);
    if (key) ids.set(key, result.id);
  };
  for (const c of m.components) await add("add_component", c.key, strip(c));
  for (const d of m.dataStores) await add("add_data_store", d.key, strip(d));
  for (const c of m.connections) {
    const { source, destination, ...rest } = c;
    await add("add_connection", undefined, {
      ...rest,
      source_id: ids.get(source),
      destination_id: ids.get(destination),
    });
  }
  for (const z of m.zones) await add("add_trust_zone", z.key, strip(z));
  for (const cp of m.crossings) {
    const { source, destination, ...rest } = cp;
    await add("add_crossing_point", undefined, {
      ...rest,
      source_zone_id: ids.get(source),
      destination_zone_id: ids.get(destination),
    });
  }
  for (const a of m.assets) await add("add_asset", a.key, strip(a));
  for (const f of m.flows) {
    const { asset, source, destination, ...rest } = f;
    await add("add_flow", undefined, {
      ...rest,
      asset_id: ids.get(asset),
      source_id: ids.get(source),
      destination_id: ids.get(destination),
    });
  }
  for (const t of m.threats) {
    const { key, affected, ...rest } = t;
    await add("add_threat", key, { ...rest, affected_components: affected.map((k) => ids.get(k)) });
  }
  for (const mt of m.mitigations) await add("add_mitigation", mt.key, strip(mt));
  for (const l of m.links) {
    await call("link_mitigation_to_threat", {
      mitigation_id: ids.get(l.mitigation),
      threat_id: ids.get(l.threat),
    });
  }
  for (const a of m.assumptions) await add("add_assumption", undefined, a);
}

async function buildWithCompact(call, m) {
  const arch = await call("upsert_architecture", {
    components: m.components.map((c) => ({ ref: c.key, ...strip(c) })),
    data_stores: m.dataStores.map((d) => ({ ref: d.key, ...strip(d) })),
    connections: m.connections.map(({ source, destination, ...rest }) => ({
      ...rest,
      source_id: source,
      destination_id: destination,
    })),
  });
  const trust = await call("upsert_trust", {
    trust_zones: m.zones.map((z) => ({ ref: z.key, ...strip(z) })),
    crossing_points: m.crossings.map(({ source, destination, ...rest }) => ({
      ...rest,
      source_zone_id: source,
      destination_zone_id: destination,
    })),
  });
  const ids = new Map(Object.entries({ ...arch.refs, ...trust.refs }));
  await call("upsert_assets", {
    assets: m.assets.map((a) => ({ ref: a.key, ...strip(a) })),
    flows: m.flows.map(({ asset, source, destination, ...rest }) => ({
      ...rest,
      asset_id: asset,
      source_id: ids.get(source),
      destination_id: ids.get(destination),
    })),
  });
  const threatsOf = new Map();
  for (const l of m.links) threatsOf.set(l.mitigation, [...(threatsOf.get(l.mitigation) ?? []), l.threat]);
  await call("upsert_threats", {
    threats: m.threats.map(({ key, affected, ...rest }) => ({
      ref: key,
      ...rest,
      affected_components: affected.map((k) => ids.get(k)),
    })),
    mitigations: m.mitigations.map((mt) => ({ ...strip(mt), threat_ids: threatsOf.get(mt.key) })),
  });
  await call("upsert_assumptions", { assumptions: m.assumptions });
}

// ---- measuring -------------------------------------------------------------------------------

async function measure(toolset, build) {
  const { createServer } = await dist("mcp/server.js");
  const { Project } = await dist("project.js");
  const { loadCatalog } = await dist("mcp/catalog.js");
  const { dir, cleanup } = tempDir("tm-session-");
  const project = new Project(dir, { fsync: false });
  const server = createServer(async () => project, await loadCatalog(toolset));
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const transport = new CountingTransport(clientSide);
  const client = new Client({ name: "session-bench", version: "1.0.0" });
  await client.connect(transport);

  const listed = await client.listTools();
  const toolsListBytes = bytes(listed);
  const firstCallMessage = transport.sent.length;
  let calls = 0;
  const call = async (name, args) => {
    calls++;
    const result = await client.callTool({ name, arguments: args });
    if (result.isError) throw new Error(`${toolset}: ${name} failed: ${JSON.stringify(result.content)}`);
    return result.structuredContent;
  };
  await build(call, referenceModel());
  const callIds = new Set(
    transport.sent
      .slice(firstCallMessage)
      .filter((m) => m.method === "tools/call")
      .map((m) => m.id),
  );
  const requestBytes = transport.sent
    .filter((m) => callIds.has(m.id) && m.method)
    .reduce((n, m) => n + bytes(m), 0);
  const responseBytes = transport.received
    .filter((m) => callIds.has(m.id) && !m.method)
    .reduce((n, m) => n + bytes(m), 0);
  const counts = await project.store.read((model) =>
    Object.fromEntries(
      [
        "component",
        "data_store",
        "connection",
        "crossing_point",
        "asset",
        "flow",
        "threat",
        "mitigation",
        "mitigation_link",
        "assumption",
      ].map((kind) => [kind, model.count(kind)]),
    ),
  );
  await client.close();
  await server.close();
  cleanup();
  return {
    toolset,
    calls,
    requestBytes,
    responseBytes,
    toolsListBytes,
    total: requestBytes + responseBytes + toolsListBytes,
    counts,
  };
}

/** The original server's tools/list, from the reference capture. */
const ORIGINAL_TOOLS_LIST_BYTES = 109_985;

export async function runSessionBench() {
  const seed = await measure("seed", buildWithSeed);
  const compact = await measure("compact", buildWithCompact);
  if (JSON.stringify(seed.counts) !== JSON.stringify(compact.counts)) {
    throw new Error(
      `the two sessions built different models: ${JSON.stringify(seed.counts)} vs ${JSON.stringify(compact.counts)}`,
    );
  }
  const rows = [];
  for (const r of [seed, compact]) {
    rows.push(row(`${r.toolset}: calls`, r.calls, ""));
    rows.push(row(`${r.toolset}: request bytes`, r.requestBytes / 1000, "KB"));
    rows.push(row(`${r.toolset}: response bytes`, r.responseBytes / 1000, "KB"));
    rows.push(row(`${r.toolset}: tools/list bytes`, r.toolsListBytes / 1000, "KB"));
    rows.push(row(`${r.toolset}: total bytes`, r.total / 1000, "KB"));
  }
  rows.push(row("calls, seed / compact", seed.calls / compact.calls, "x", ">= 5"));
  rows.push(row("total bytes, seed / compact", seed.total / compact.total, "x", ">= 3"));
  rows.push(
    row(
      "seed tools/list vs the original's 110 KB",
      seed.toolsListBytes / ORIGINAL_TOOLS_LIST_BYTES,
      "x",
      "<= 0.5",
    ),
  );
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await runSessionBench();
  console.table(rows);
}
