import { composeStatement } from "../../src/domain/statement.js";
import { COLLECTIONS, type CollectionKind } from "../../src/domain/kinds.js";
import { Model } from "../../src/domain/model.js";
import { BusinessContext } from "../../src/domain/business-context.js";

/** Puts an entity through the model's own schema (so examples are always valid) and into the model. */
export function put(model: Model, kind: CollectionKind, value: Record<string, unknown>): void {
  const entity = COLLECTIONS[kind].schema.parse(value) as { id: string };
  model.put(kind, entity.id, entity as never);
}

const T1 = "11111111-1111-4111-8111-111111111111";
const T2 = "22222222-2222-4222-8222-222222222222";
const T3 = "33333333-3333-4333-8333-333333333333";
const M1 = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const M2 = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const A1 = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";

export const IDS = { T1, T2, T3, M1, M2, A1 };

function threat(fields: Record<string, unknown>): Record<string, unknown> {
  const base = {
    impactedGoal: [],
    impactedAssets: [],
    tags: [],
    affected_components: [],
    affected_trust_boundaries: [],
    affected_assets: [],
    metadata: [],
    status: "threatIdentified",
    ...fields,
  };
  return { ...base, statement: composeStatement(base as Parameters<typeof composeStatement>[0]) };
}

/**
 * A small but complete model with fixed ids: an online shop with three zones, a crossing point,
 * unencrypted and encrypted connections, threats in several STRIDE categories, mitigations,
 * an assumption, a risk acceptance and a forced phase override.
 */
export function exampleModel(): Model {
  const model = new Model();
  model.setSingleton(
    "business_context",
    BusinessContext.parse({
      description: "An online shop: customers browse, pay by card and track orders.",
      industry_sector: "Retail",
      data_sensitivity: "Confidential",
      regulatory_requirements: ["PCI-DSS", "GDPR"],
      deployment_environment: "Cloud-Public",
      undetermined: { financial_impact: "no revenue figures in the repository" },
    }),
  );
  model.setSingleton("project", {
    phase_overrides: [
      { phase: "3", at: "2025-01-02", reason: "actors reviewed offline", unmet: ["TA003 undecided"] },
    ],
  });
  put(model, "trust_zone", { id: "TZ-NET", name: "Internet", trust_level: "Untrusted" });
  put(model, "trust_zone", {
    id: "TZ-APP",
    name: "Application",
    trust_level: "Medium",
    description: "Kubernetes cluster",
  });
  put(model, "trust_zone", { id: "TZ-DATA", name: "Data", trust_level: "High" });
  put(model, "component", {
    id: "C-WEB",
    name: "Web shop",
    type: "Compute",
    trust_zone_id: "TZ-NET",
    description: "Browser single-page app",
  });
  put(model, "component", {
    id: "C-API",
    name: "Orders API",
    type: "Container",
    service_provider: "AWS",
    specific_service: "EKS",
    trust_zone_id: "TZ-APP",
  });
  put(model, "component", {
    id: "C-PAY",
    name: "Payment provider",
    type: "Other",
    description: "Third-party card processor",
  });
  put(model, "data_store", {
    id: "D-ORD",
    name: "Orders DB",
    type: "Relational",
    classification: "Confidential",
    encryption_at_rest: true,
    backup_frequency: "Daily",
    trust_zone_id: "TZ-DATA",
  });
  put(model, "data_store", {
    id: "D-LOG",
    name: "Audit log",
    type: "File System",
    classification: "Internal",
    encryption_at_rest: false,
    trust_zone_id: "TZ-DATA",
  });
  put(model, "connection", {
    id: "CN-1",
    source_id: "C-WEB",
    destination_id: "C-API",
    protocol: "HTTPS",
    port: 443,
    encryption: true,
    description: "REST calls",
  });
  put(model, "connection", {
    id: "CN-2",
    source_id: "C-API",
    destination_id: "D-ORD",
    protocol: "TCP",
    port: 5432,
    encryption: true,
  });
  put(model, "connection", {
    id: "CN-3",
    source_id: "C-API",
    destination_id: "D-LOG",
    protocol: "TCP",
    encryption: false,
  });
  put(model, "connection", {
    id: "CN-4",
    source_id: "C-API",
    destination_id: "C-PAY",
    protocol: "HTTPS",
    port: 443,
    encryption: true,
  });
  put(model, "crossing_point", {
    id: "CP-1",
    source_zone_id: "TZ-NET",
    destination_zone_id: "TZ-APP",
    connection_ids: ["CN-1"],
    authentication_method: "OAuth",
    authorization_method: "Role-based",
  });
  put(model, "trust_boundary", {
    id: "TB-1",
    name: "Edge",
    type: "Network",
    crossing_point_ids: ["CP-1"],
    controls: ["WAF", "TLS"],
  });
  put(model, "threat_actor", {
    id: "TA-1",
    name: "Card fraudster",
    type: "Organized Crime",
    capability_level: "High",
    motivations: ["Financial"],
    resources: "Extensive",
    priority: 1,
    relevance_score: 0.9,
    is_relevant: true,
    relevance_decided: true,
  });
  put(model, "asset", {
    id: "AS-1",
    name: "Card data",
    type: "Data",
    classification: "Restricted",
    sensitivity: 5,
    criticality: 5,
  });
  put(model, "flow", {
    id: "F-1",
    asset_id: "AS-1",
    source_id: "C-WEB",
    destination_id: "C-API",
    controls: ["Encryption"],
    protocol: "HTTPS",
    encryption: true,
    authenticated: true,
    authorized: true,
    validated: false,
    risk_level: 4,
  });
  put(
    model,
    "threat",
    threat({
      id: T1,
      numericId: 1,
      threatSource: "internet-based attacker",
      prerequisites: "with a stolen session token",
      threatAction: "replay payment requests",
      threatImpact: "duplicate charges",
      impactedGoal: ["integrity"],
      impactedAssets: ["orders"],
      category: "Spoofing",
      severity: "High",
      likelihood: "Likely",
      affected_components: ["C-API"],
      affected_flows: ["F-1"],
      tags: ["payments"],
    }),
  );
  put(
    model,
    "threat",
    threat({
      id: T2,
      numericId: 2,
      threatSource: "insider",
      threatAction: "read the audit log",
      impactedGoal: ["confidentiality"],
      category: "Information Disclosure",
      severity: "Medium",
      likelihood: "Possible",
      affected_components: ["D-LOG"],
      status: "threatResolved",
      acceptance: { reason: "logs hold no card data", owner: "Security lead", expires_on: "2030-01-01" },
    }),
  );
  put(
    model,
    "threat",
    threat({
      id: T3,
      numericId: 3,
      threatSource: "attacker",
      threatAction: "flood the orders API",
      impactedGoal: ["availability"],
      severity: "Critical",
      affected_trust_boundaries: ["TB-1"],
      affected_crossing_points: ["CP-1"],
    }),
  );
  put(model, "mitigation", {
    id: M1,
    numericId: 1,
    content: "Bind payment requests to a one-time nonce",
    status: "mitigationResolved",
    type: "Preventive",
    effectiveness: "High",
    metadata: [{ key: "Comments", value: "Implemented in PR 42" }],
  });
  put(model, "mitigation", {
    id: M2,
    numericId: 2,
    content: "Rate-limit the orders API per client",
    status: "mitigationIdentified",
    metadata: [],
  });
  put(model, "mitigation_link", { id: `${M1}__${T1}`, mitigation_id: M1, threat_id: T1 });
  put(model, "mitigation_link", { id: `${M2}__${T3}`, mitigation_id: M2, threat_id: T3 });
  put(model, "assumption", {
    id: A1,
    numericId: 1,
    description: "The payment provider is PCI-DSS certified",
    category: "Third party",
    rationale: "Contract clause 7",
    applies_to: ["C-PAY"],
  });
  put(model, "assumption_link", { id: `${A1}__${T1}`, assumption_id: A1, linked_id: T1, type: "Threat" });
  return model;
}

/** Strings that would run or break formatting if any format failed to escape them. */
export const HOSTILE = [
  `<script>window.__pwned = "script"</script>`,
  `<img src=x onerror="window.__pwned = 'img'">`,
  `"><svg onload="window.__pwned='svg'">`,
  "a | b `code` [link](javascript:alert(1)) *x* _y_",
  'quote " backslash \\ %% mermaid ]] ) } ;',
  "line1\nline2\r\n# heading",
];
