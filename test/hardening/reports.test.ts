import { cpSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTION_KINDS } from "../../src/domain/kinds.js";
import { hasActiveContent } from "../../src/export/graphviz.js";
import { headlessChromium, type Headless } from "../helpers/chromium.js";
import { connect, type TestSession } from "../helpers/client.js";
import { makeSandbox, type Sandbox } from "../helpers/sandbox.js";

/**
 * A payload tagged with `id`: it sets `window.__pwned` if it ever runs as script, and breaks
 * Markdown tables, headings, JSON strings and Mermaid/DOT labels if any format fails to escape it.
 */
const P = (id: string) =>
  `${id} <img src=x onerror="window.__pwned='${id}'"><script>window.__pwned='${id}'</script>"' \` | *_[l](javascript:window.__pwned=1) %% ]] ) } ; \\ \u2028 ${id}\n# heading ${id}`;
/** For 30-character fields (tags). */
const T = (id: string) => `<svg onload=x>${id}`.slice(0, 30);

let sandbox: Sandbox;
let s: TestSession;
let browser: Headless;
const ids: string[] = [];
const p = (id: string) => (ids.push(id), P(id));
let diffMarkdown = "";

beforeAll(async () => {
  sandbox = makeSandbox({ git: true, importFiles: false });
  s = await connect({ root: sandbox.root, toolset: "all" });
  await s.ok("set_business_context", {
    description: p("BCD"),
    industry_sector: `Cannot be determined: ${p("BCR")}`,
    data_sensitivity: "Confidential",
  });
  const zone = (
    await s.ok("add_trust_zone", { name: p("ZN"), trust_level: "Untrusted", description: p("ZD") })
  ).id;
  const inner = (await s.ok("add_trust_zone", { name: p("ZI"), trust_level: "High" })).id;
  const api = (
    await s.ok("add_component", {
      name: p("CN"),
      type: "Compute",
      specific_service: p("CS"),
      version: p("CV").slice(0, 100),
      description: p("CD"),
      tags: [T("CT")],
      code_paths: ["src"],
      configuration: { note: p("CF") },
    })
  ).id;
  const db = (
    await s.ok("add_data_store", {
      name: p("DN"),
      type: "Relational",
      classification: "Confidential",
      encryption_at_rest: false,
      description: p("DD"),
      tags: [T("DT")],
    })
  ).id;
  await s.ok("add_component_to_zone", { zone_id: zone, component_id: api });
  await s.ok("add_component_to_zone", { zone_id: inner, component_id: db });
  const connection = (
    await s.ok("add_connection", {
      source_id: api,
      destination_id: db,
      protocol: "TCP",
      encryption: false,
      description: p("XD"),
    })
  ).id;
  const crossing = (
    await s.ok("add_crossing_point", {
      source_zone_id: zone,
      destination_zone_id: inner,
      description: p("CPD"),
    })
  ).id;
  await s.ok("add_conn_to_crossing", { crossing_point_id: crossing, connection_id: connection });
  const boundary = (
    await s.ok("add_trust_boundary", {
      name: p("BN"),
      type: "Network",
      crossing_point_ids: [crossing],
      controls: [p("BC")],
      description: p("BD"),
    })
  ).id;
  await s.ok("add_threat_actor", {
    name: p("AN"),
    type: "External",
    capability_level: "High",
    motivations: ["Financial"],
    resources: "Extensive",
    description: p("AD"),
  });
  const asset = (
    await s.ok("add_asset", {
      name: p("SN"),
      type: "Data",
      classification: "Restricted",
      description: p("SD"),
      owner: p("SO"),
      metadata: { note: p("SM") },
    })
  ).id;
  const flow = (
    await s.ok("add_flow", {
      asset_id: asset,
      source_id: api,
      destination_id: db,
      controls: ["Encryption"],
      description: p("FD"),
      protocol: "TCP <b>x</b>",
    })
  ).id;
  const threat = (
    await s.ok("add_threat", {
      threat_source: p("TS"),
      prerequisites: p("TP"),
      threat_action: p("TA"),
      threat_impact: p("TI"),
      category: "Tampering",
      severity: "Critical",
      impacted_goal: [p("TG")],
      impacted_assets: [p("TAS")],
      tags: [T("TT")],
      affected_components: [api, db],
      affected_flows: [flow],
      affected_trust_boundaries: [boundary],
    })
  ).id;
  await s.ok("update_threat", {
    id: threat,
    status_reason: p("TSR"),
    residual_risk_level: "Medium",
    residual_risk_reason: p("TRR"),
  });
  const accepted = (
    await s.ok("add_threat", {
      threat_source: "insider",
      prerequisites: "with access",
      threat_action: "read logs",
      threat_impact: "exposure",
      severity: "Low",
    })
  ).id;
  await s.ok("accept_threat_risk", { threat_id: accepted, reason: p("RR"), owner: p("RO").slice(0, 200) });
  const mitigation = (
    await s.ok("add_mitigation", {
      content: p("MC"),
      implementation_details: p("MI"),
      responsible_party: p("MR"),
      verification_method: p("MV"),
      tags: [T("MT")],
      metadata: [{ key: "Comments", value: p("MM") }],
    })
  ).id;
  await s.ok("link_mitigation_to_threat", { mitigation_id: mitigation, threat_id: threat });
  const assumption = (
    await s.ok("add_assumption", {
      description: p("UD"),
      category: p("UC"),
      impact: p("UI"),
      rationale: p("UR"),
      tags: [T("UT")],
      applies_to: [api],
    })
  ).id;
  await s.ok("link_assumption", { assumption_id: assumption, linked_id: threat });
  await s.ok("advance_phase", { phase: "1", force: true, reason: p("PR") });
  // The scanned code carries a script tag in a comment: its snippet is evidence in the reports.
  await s.ok("execute_code_validation_step", {});
  await s.ok("record_threat_verdict", {
    threat_id: threat,
    verdict: "not_mitigated",
    reasoning: p("VR"),
    evidence: [{ file: "src/app.js", line: 7, note: p("VN") }],
  });
  await s.ok("export_threat_model", {});
  await s.ok("export_threat_model_with_remediation_status", { output_path: "reports/remediation.md" });
  diffMarkdown = (await s.ok("diff_threat_model", { against: "HEAD" })).markdown;
  browser = await headlessChromium();
}, 120_000);

afterAll(async () => {
  if (process.env.KEEP_REPORTS)
    cpSync(path.join(sandbox.root, ".threatmodel"), process.env.KEEP_REPORTS, { recursive: true });
  await browser?.close();
  await s?.close();
  sandbox?.cleanup();
});

const read = (name: string) => readFileSync(path.join(sandbox.root, ".threatmodel", name), "utf8");

/** Every string inside a JSON value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The payload up to its whitespace tricks (formats that compose sentences normalise those). */
const core = (id: string) => P(id).slice(0, P(id).indexOf(" \\"));

/** Markdown that renders no HTML, link to script, heading or broken table of the payloads' making. */
function expectInertMarkdown(markdown: string, label: string) {
  // Code spans show their content literally (the report quotes scanned code in them).
  const prose = markdown.replace(/`[^`\n]*`/g, "");
  expect(prose, label).not.toMatch(/<(img|script|svg|b)\b/i);
  expect(prose, label).not.toMatch(/(^|[^\\])\]\(javascript:/i);
  const lines = markdown.split("\n");
  expect(
    lines.filter((l) => /^#+ heading /.test(l)),
    `${label}: injected headings`,
  ).toEqual([]);
  // Every table row has as many cells as its header (a pipe in a payload would add one).
  const cells = (line: string) => line.replace(/\\\\/g, "").replace(/\\\|/g, "").split("|").length;
  let header: number | undefined;
  for (const line of lines) {
    if (!line.startsWith("|")) {
      header = undefined;
      continue;
    }
    header ??= cells(line);
    expect(cells(line), `${label}: ${line.slice(0, 120)}`).toBe(header);
  }
}

describe("hostile text in every user-editable field", () => {
  it("is inert in the HTML report: no payload runs in Chromium, every one shows as text", async () => {
    const page = await browser.open(path.join(sandbox.root, ".threatmodel/threat-model.html"));
    expect(page.pwned).toBeUndefined();
    expect(page.dialogs).toEqual([]);
    expect(page.errors).toEqual([]);
    expect(page.requests).toEqual([]);
    expect(page.scripts).toBe(1); // the report's own
    expect(page.handlers).toEqual([]);
    expect(page.jsLinks).toBe(0);
    // Every field the report shows (the agent's verdict reasoning and notes stay in the model).
    const shown =
      "BCD BCR ZN ZD CN CS CV CD DN DD XD CPD BN BC BD AN AD SN SD SO FD TS TP TA TI TG TAS TSR TRR RR RO MC MR UD UC UI UR PR";
    for (const id of shown.split(" "))
      expect(page.text, id).toContain(`${id} <img src=x onerror="window.__pwned='${id}'">`);
    // The evidence snippet from the scanned file is shown as text too.
    expect(page.text).toContain("</script><script>alert(1)</script>");
  });

  it("is inert in the SVG diagram, opened on its own in Chromium", async () => {
    const svg = read("threat-model.svg");
    expect(hasActiveContent(svg)).toBe(false);
    const page = await browser.open(path.join(sandbox.root, ".threatmodel/threat-model.svg"));
    expect(page.pwned).toBeUndefined();
    expect(page.dialogs).toEqual([]);
    expect(page.scripts).toBe(0);
    expect(page.handlers).toEqual([]);
    expect(page.jsLinks).toBe(0);
    expect(page.text).toContain("CN <img src=x");
  });

  it("cannot break out of Mermaid labels", () => {
    const mermaid = read("threat-model.mmd");
    const grammar = [
      /^%% threatmodel:digest [0-9a-f]{64}$/,
      /^flowchart LR$/,
      /^ {2}subgraph z\d+\["[^"]*"\]$/,
      /^ {4}n\d+\["[^"]*"\]$/,
      /^ {4}n\d+\[\("[^"]*"\)\]$/,
      /^ {2}n\d+\["[^"]*"\]$/,
      /^ {2}n\d+\[\("[^"]*"\)\]$/,
      /^ {2}end$/,
      /^ {2}n\d+ (-->|-\.->|==>)(\|"[^"]*"\|)? n\d+$/,
      /^ {2}classDef risk\w+ fill:#[0-9a-fA-F]+,stroke:#[0-9a-fA-F]+,stroke-width:2px$/,
      /^ {2}class [n\d,]+ risk\w+$/,
      /^ {2}linkStyle [\d,]+ stroke:#b91c1c,stroke-width:3px$/,
      /^$/,
    ];
    for (const line of mermaid.split("\n"))
      expect(
        grammar.some((g) => g.test(line)),
        line,
      ).toBe(true);
    const labels = [...mermaid.matchAll(/"([^"]*)"/g)].map((m) => m[1]!.replace(/<br\/>/g, ""));
    expect(labels.join("")).toContain("CN #60;img");
    for (const label of labels) expect(label).not.toMatch(/[<>\n]|%%|javascript:/);
  });

  it("stays text in Threat Composer, Threat Dragon and SARIF: valid JSON, payloads preserved exactly", () => {
    for (const name of ["threat-model.tc.json", "threat-model.dragon.json", "threat-model.sarif"]) {
      const parsed = JSON.parse(read(name)) as unknown;
      const all = strings(parsed).join("\n");
      for (const id of ["TA", "MC"]) expect(all, `${name} ${id}`).toContain(core(id));
    }
    const tc = JSON.parse(read("threat-model.tc.json")) as { threats: { threatAction: string }[] };
    expect(tc.threats.map((t) => t.threatAction)).toContain(P("TA"));
  });

  it("is inert in every Markdown we write: the report, the remediation report and the PR diff", () => {
    expectInertMarkdown(read("threat-model.md"), "threat-model.md");
    expectInertMarkdown(read("remediation-report.md"), "remediation-report.md");
    expectInertMarkdown(
      readFileSync(path.join(sandbox.root, "reports/remediation.md"), "utf8"),
      "remediation.md",
    );
    expectInertMarkdown(diffMarkdown, "diff");
    // Shown, escaped, not dropped.
    expect(read("threat-model.md")).toContain("CN &lt;img src=x onerror=");
    expect(diffMarkdown).toContain("&lt;img src=x onerror=");
  });

  it("every payload id reached the model (the test covers what it claims)", async () => {
    const snapshot = JSON.stringify(
      await s.project.store.read((m) => COLLECTION_KINDS.map((k) => m.list(k))),
    );
    const context = JSON.stringify(
      await s.project.store.read((m) => [m.singleton("business_context"), m.singleton("project")]),
    );
    for (const id of ids) expect(snapshot + context, id).toContain(`${id} <img`);
  });
});
