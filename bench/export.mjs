// Export benchmark: every format for a model with 1,000 threats, plus a Threat Composer round trip.
// Runs on the built dist/ (npm run bench builds first); standalone: `node bench/export.mjs`.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO, median, row } from "./lib.mjs";

const load = (file) => import(pathToFileURL(path.join(REPO, "dist", file)).href);

const uuid = (n) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/** A large, realistic model built straight into a Model (setup, not measured). */
async function bigModel(threatCount) {
  const { Model } = await load("domain/model.js");
  const { COLLECTIONS } = await load("domain/kinds.js");
  const { composeStatement } = await load("domain/statement.js");
  const model = new Model();
  const put = (kind, value) => {
    const entity = COLLECTIONS[kind].schema.parse(value);
    model.put(kind, entity.id, entity);
  };
  const zones = ["Internet", "DMZ", "Application", "Data", "Admin"].map((name, i) => {
    put("trust_zone", {
      id: `TZ-${i}`,
      name,
      trust_level: ["Untrusted", "Low", "Medium", "High", "Full"][i],
    });
    return `TZ-${i}`;
  });
  const elements = [];
  for (let i = 0; i < 30; i++) {
    put("component", {
      id: `C-${i}`,
      name: `Service ${i}`,
      type: "Compute",
      trust_zone_id: zones[i % 5],
      description: `Handles part ${i} of the shop`,
    });
    elements.push(`C-${i}`);
  }
  for (let i = 0; i < 10; i++) {
    put("data_store", {
      id: `D-${i}`,
      name: `Store ${i}`,
      type: "Relational",
      classification: "Confidential",
      encryption_at_rest: i % 2 === 0,
      trust_zone_id: zones[3],
    });
    elements.push(`D-${i}`);
  }
  for (let i = 0; i < 60; i++) {
    put("connection", {
      id: `CN-${i}`,
      source_id: elements[i % 30],
      destination_id: elements[(i * 7 + 3) % 40],
      protocol: i % 3 ? "HTTPS" : "TCP",
      port: 443,
      encryption: i % 3 !== 0,
    });
  }
  put("crossing_point", {
    id: "CP-0",
    source_zone_id: zones[0],
    destination_zone_id: zones[1],
    connection_ids: ["CN-0", "CN-5"],
  });
  put("trust_boundary", {
    id: "TB-0",
    name: "Edge",
    type: "Network",
    crossing_point_ids: ["CP-0"],
    controls: ["WAF"],
  });
  put("asset", { id: "AS-0", name: "Card data", type: "Data", classification: "Restricted" });
  const { ENUMS } = await load("domain/enums.js");
  const categories = ENUMS.ThreatCategory;
  const severities = ENUMS.ThreatSeverity;
  for (let i = 1; i <= threatCount; i++) {
    const grammar = {
      threatSource: "internet-based attacker",
      prerequisites: "with network access",
      threatAction: `abuse endpoint number ${i} to read other customers' orders`,
      threatImpact: "disclosure of order history",
      impactedGoal: ["confidentiality"],
      impactedAssets: ["orders"],
    };
    put("threat", {
      id: uuid(i),
      numericId: i,
      ...grammar,
      statement: composeStatement(grammar),
      status: i % 4 === 0 ? "threatResolved" : "threatIdentified",
      tags: ["api"],
      category: categories[i % 6],
      severity: severities[i % 4],
      likelihood: "Likely",
      affected_components: [elements[i % 40]],
      affected_trust_boundaries: [],
      affected_assets: ["AS-0"],
      metadata: [{ key: "Comments", value: `Found in review ${i}` }],
    });
    if (i % 5 === 0) {
      put("validation", {
        id: uuid(i),
        threat_id: uuid(i),
        verdict: "partially_mitigated",
        source: "scanner",
        families: ["authorization"],
        reasons: ["ownership check found on some routes"],
        evidence: [
          {
            file: `src/routes/r${i}.ts`,
            line: 10 + (i % 50),
            rule: "ownership-check",
            kind: "present",
            snippet: "if (order.owner !== user.id) throw forbidden()",
            fingerprint: `fp${String(i).padStart(10, "0")}`,
          },
        ],
        decided_at: "2025-01-01T00:00:00Z",
      });
    }
  }
  for (let m = 1; m <= 300; m++) {
    const id = `10000000-0000-4000-8000-${String(m).padStart(12, "0")}`;
    put("mitigation", {
      id,
      numericId: m,
      content: `Check ownership in handler group ${m}`,
      status: m % 3 ? "mitigationIdentified" : "mitigationResolved",
      type: "Preventive",
      metadata: [],
    });
    for (let k = 0; k < 5; k++) {
      const t = uuid((((m - 1) * 5 + k) % threatCount) + 1);
      put("mitigation_link", { id: `${id}__${t}`, mitigation_id: id, threat_id: t });
    }
  }
  for (let a = 1; a <= 50; a++) {
    put("assumption", {
      id: `20000000-0000-4000-8000-${String(a).padStart(12, "0")}`,
      numericId: a,
      description: `Assumption ${a}`,
      category: "Operations",
    });
  }
  return model;
}

function time(fn, runs) {
  const samples = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = fn();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

export async function runExportBench({ threats = 1000, runs = 5 } = {}) {
  const { renderAll, FORMATS } = await load("export/render-all.js");
  const { graphviz } = await load("export/graphviz.js");
  const { decodeThreatComposer } = await load("export/threat-composer/decode.js");
  const { applyImport } = await load("export/import-plan.js");
  const { Model } = await load("domain/model.js");
  const model = await bigModel(threats);
  const start = performance.now();
  const viz = await graphviz();
  const rows = [row("Graphviz (WebAssembly) load", performance.now() - start, "ms")];
  const options = (formats) => ({ formats, projectName: "bench" });
  renderAll(model, viz, options(FORMATS)); // warm-up
  const sizes = {};
  for (const format of FORMATS) {
    const { ms, result } = time(() => renderAll(model, viz, options([format])), runs);
    sizes[format] = Buffer.byteLength(result.files.get(format));
    rows.push(row(`export ${format} (${threats} threats)`, ms, "ms"));
  }
  rows.push(
    row(
      `export all formats (${threats} threats)`,
      time(() => renderAll(model, viz, options(FORMATS)), runs).ms,
      "ms",
    ),
  );
  const tc = JSON.parse(renderAll(model, viz, options(["tc"])).files.get("tc"));
  rows.push(
    row(
      `import Threat Composer (${threats} threats, exact)`,
      time(() => {
        const target = new Model();
        const draft = target.draft();
        applyImport(draft, decodeThreatComposer(tc), { mode: "replace", skipInvalid: false });
        target.apply(draft.changes());
      }, runs).ms,
      "ms",
    ),
  );
  for (const [format, bytes] of Object.entries(sizes)) rows.push(row(`size ${format}`, bytes / 1024, "KiB"));
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  console.table(await runExportBench());
}
