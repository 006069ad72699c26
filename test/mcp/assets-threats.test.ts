import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";
import { expectRefused } from "../helpers/refuse.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect();
});
afterEach(() => s.close());

const grammar = {
  threat_source: "external attacker",
  prerequisites: "with a valid customer account",
  threat_action: "replay a signed payment request",
  threat_impact: "duplicate charges",
};

describe("assets and flows", () => {
  it("start with seven default assets and no flows", async () => {
    expect((await s.ok("list_assets", {})).count).toBe(7);
    expect((await s.ok("list_flows", {})).count).toBe(0);
  });

  it("add, update, list, get and delete assets and flows", async () => {
    const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
    const asset = await s.ok("add_asset", {
      name: "Card data",
      type: "data",
      classification: "regulated",
      sensitivity: 5,
      criticality: 4,
      owner: "Payments",
    });
    expect(asset.id).toMatch(/^AS-/);
    const flow = await s.ok("add_flow", {
      asset_id: asset.id,
      source_id: "TZ001",
      destination_id: api,
      controls: ["encryption", "Input Validation"],
      protocol: "TLS 1.3",
      encryption: true,
      risk_level: 4,
    });
    expect(flow.flow).toMatchObject({
      controls: ["Encryption", "Input Validation"],
      authenticated: false,
      risk_level: 4,
    });
    expect(
      (await s.ok("update_flow", { id: flow.id, authenticated: true, controls: [] })).flow,
    ).toMatchObject({ authenticated: true, controls: [] });
    expect((await s.ok("list_flows", { asset_id: asset.id })).count).toBe(1);
    expect((await s.ok("list_flows", { component_id: api })).count).toBe(1);
    expect((await s.ok("get_flow", { id: flow.id })).flow.destination_id).toBe(api);
    expect((await s.ok("get_asset", { id: asset.id })).asset.flows.map((f: { id: string }) => f.id)).toEqual([
      flow.id,
    ]);
    expect(
      (await s.ok("update_asset", { id: asset.id, classification: "Restricted" })).asset.classification,
    ).toBe("Restricted");
    expect((await s.ok("list_assets", { classification: "Restricted" })).count).toBe(2);
    await expectRefused(s, "delete_asset", { id: asset.id }, new RegExp(`flow ${flow.id}`));
    await s.ok("delete_flow", { id: flow.id });
    await s.ok("delete_asset", { id: asset.id });
  });

  it("validate flow ends, controls and scores", async () => {
    await expectRefused(
      s,
      "add_flow",
      { asset_id: "A001", source_id: "C-GHOST0", destination_id: "TZ001" },
      /source_id: no component, data store or trust zone/,
    );
    await expectRefused(
      s,
      "add_flow",
      { asset_id: "A404", source_id: "TZ001", destination_id: "TZ002" },
      /asset_id: no asset/,
    );
    await expectRefused(
      s,
      "add_flow",
      { asset_id: "A001", source_id: "TZ001", destination_id: "TZ002", controls: ["TLS"] },
      /"TLS" is not a valid ControlType/,
    );
    await expectRefused(
      s,
      "add_asset",
      { name: "X", type: "Data", classification: "Public", sensitivity: 6 },
      /sensitivity: 6 is above the maximum 5/,
    );
    await expectRefused(
      s,
      "add_asset",
      { name: "X", type: "Data", classification: "Public", lifecycle_state: "Active" },
      /"Active" is not a valid LifecycleState/,
    );
  });

  it("clear removes everything and reset restores the default assets", async () => {
    const flow = await s.ok("add_flow", { asset_id: "A001", source_id: "TZ001", destination_id: "TZ003" });
    const threat = await s.ok("add_threat", {
      ...grammar,
      affected_assets: ["A001"],
      affected_flows: [flow.id],
    });
    await s.ok("clear_asset_flows", {});
    expect((await s.ok("list_assets", {})).count).toBe(0);
    expect((await s.ok("get_threat", { id: threat.id })).threat).toMatchObject({
      affected_assets: [],
      affected_flows: [],
    });
    expect((await s.ok("reset_asset_flows", {})).restored).toBe(7);
    expect((await s.ok("list_assets", {})).count).toBe(7);
  });
});

describe("threats", () => {
  it("compose the statement, keep numericIds, and update it", async () => {
    const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
    const added = await s.ok("add_threat", {
      ...grammar,
      category: "tampering",
      severity: "high",
      likelihood: "very likely",
      affected_components: [api],
      affected_assets: ["A002"],
      affected_trust_boundaries: ["TB001"],
      impacted_goal: ["integrity"],
      impacted_assets: ["payment records"],
      tags: ["payments", "payments"],
    });
    expect(added.threat).toMatchObject({
      numericId: 1,
      status: "threatIdentified",
      category: "Tampering",
      likelihood: "Very Likely",
      tags: ["payments"],
      statement:
        "An external attacker with a valid customer account can replay a signed payment request, which leads to duplicate charges, resulting in reduced integrity of payment records",
    });
    const second = await s.ok("add_threat", { ...grammar, threat_action: "enumerate order ids" });
    expect(second.threat.numericId).toBe(2);
    const updated = await s.ok("update_threat", {
      id: added.id,
      threat_source: "insider",
      status: "resolved",
      residual_risk_level: "low",
      residual_risk_reason: "idempotency keys are enforced at the gateway",
    });
    expect(updated.threat.statement).toMatch(/^An insider with a valid customer account/);
    expect(updated.threat).toMatchObject({ status: "threatResolved", residual_risk_level: "Low" });
    expect((await s.ok("list_threats", { status: "threatResolved" })).count).toBe(1);
    expect((await s.ok("list_threats", { category: "Tampering" })).count).toBe(1);
    expect((await s.ok("list_threats", { severity: "Critical" })).count).toBe(0);
  });

  it("refuse over-long fields, bad enums and unknown references without truncating", async () => {
    await expectRefused(
      s,
      "add_threat",
      { ...grammar, threat_action: "x".repeat(201) },
      /threat_action: is 201 characters; the limit is 200/,
    );
    await expectRefused(
      s,
      "add_threat",
      { ...grammar, severity: "Info" },
      /"Info" is not a valid ThreatSeverity; allowed: Low, Medium, High, Critical/,
    );
    await expectRefused(
      s,
      "add_threat",
      { ...grammar, likelihood: "Almost Certain" },
      /not a valid ThreatLikelihood/,
    );
    await expectRefused(
      s,
      "add_threat",
      { ...grammar, affected_components: ["C-GHOST0"] },
      /affected_components\[0\]: no component or data store/,
    );
    await expectRefused(s, "add_threat", { ...grammar, tags: ["t".repeat(31)] }, /longer than 30 characters/);
    const long = {
      threat_source: "s".repeat(200),
      prerequisites: "p".repeat(200),
      threat_action: "a".repeat(200),
      threat_impact: "i".repeat(200),
      impacted_goal: ["g".repeat(200), "h".repeat(200)],
      impacted_assets: ["x".repeat(200), "y".repeat(200)],
    };
    await expectRefused(
      s,
      "add_threat",
      long,
      /composed threat statement is \d+ characters; the limit is 1400/,
    );
    await expectRefused(
      s,
      "update_threat",
      { id: "5f0b6c1e-0000-4000-8000-000000000000", status: "threatResolved" },
      /no threat has id/,
    );
  });

  it("deleting a threat removes its links but not its mitigations", async () => {
    const threat = (await s.ok("add_threat", grammar)).id;
    const mitigation = (await s.ok("add_mitigation", { content: "Sign requests with a nonce" })).id;
    await s.ok("link_mitigation_to_threat", { mitigation_id: mitigation, threat_id: threat });
    const deleted = await s.ok("delete_threat", { id: threat });
    expect(deleted.deleted.map((d: { kind: string }) => d.kind)).toEqual(["threat", "mitigation_link"]);
    expect((await s.ok("get_mitigation", { id: mitigation })).mitigation.threats).toEqual([]);
  });
});

describe("mitigations and links", () => {
  it("add, update, list, link, unlink and delete", async () => {
    const threat = (await s.ok("add_threat", grammar)).id;
    const added = await s.ok("add_mitigation", {
      content: "Idempotency keys on payment requests",
      type: "preventive",
      cost: "low",
      effectiveness: "high",
      metadata: [{ key: "Comments", value: "see ADR-12" }],
    });
    expect(added.mitigation).toMatchObject({
      numericId: 1,
      status: "mitigationIdentified",
      type: "Preventive",
    });
    const link = await s.ok("link_mitigation_to_threat", { mitigation_id: added.id, threat_id: threat });
    expect(link.created).toBe(true);
    expect(
      (await s.ok("link_mitigation_to_threat", { mitigation_id: added.id, threat_id: threat })).created,
    ).toBe(false);
    expect(
      (await s.ok("get_threat", { id: threat })).threat.mitigations.map((m: { id: string }) => m.id),
    ).toEqual([added.id]);
    expect((await s.ok("update_mitigation", { id: added.id, status: "in progress" })).mitigation.status).toBe(
      "mitigationInProgress",
    );
    expect((await s.ok("list_mitigations", { status: "mitigationInProgress" })).count).toBe(1);
    expect((await s.ok("list_mitigations", { type: "Detective" })).count).toBe(0);
    await s.ok("unlink_mitigation_from_threat", { mitigation_id: added.id, threat_id: threat });
    await expectRefused(
      s,
      "unlink_mitigation_from_threat",
      { mitigation_id: added.id, threat_id: threat },
      /is not linked/,
    );
    await s.ok("delete_mitigation", { id: added.id });
  });

  it("validate mitigation content, types and link ends", async () => {
    const threat = (await s.ok("add_threat", grammar)).id;
    await expectRefused(
      s,
      "add_mitigation",
      { content: "c".repeat(1001) },
      /content: is 1001 characters; the limit is 1000/,
    );
    await expectRefused(
      s,
      "add_mitigation",
      { content: "x", type: "Compensating" },
      /"Compensating" is not a valid MitigationType/,
    );
    await expectRefused(
      s,
      "add_mitigation",
      { content: "x", metadata: [{ key: "k" }] },
      /metadata\[0\]\.value/,
    );
    await expectRefused(
      s,
      "link_mitigation_to_threat",
      { mitigation_id: "5f0b6c1e-0000-4000-8000-000000000000", threat_id: threat },
      /mitigation_id: no mitigation/,
    );
  });
});

describe("assumptions", () => {
  it("add, list by category, update, link to threats and mitigations, delete", async () => {
    const threat = (await s.ok("add_threat", grammar)).id;
    const mitigation = (await s.ok("add_mitigation", { content: "WAF rules" })).id;
    const api = (await s.ok("add_component", { name: "API", type: "Compute" })).id;
    const added = await s.ok("add_assumption", {
      description: "The payment provider validates card numbers",
      category: "Third Party",
      impact: "Fraud if wrong",
      rationale: "Contract",
      applies_to: [api],
      excluded_categories: ["spoofing"],
    });
    expect(added.assumption).toMatchObject({
      numericId: 1,
      applies_to: [api],
      excluded_categories: ["Spoofing"],
    });
    await s.ok("add_assumption", { description: "Logs are retained 90 days", category: "Operations" });
    expect((await s.ok("list_assumptions", { category: "third party" })).count).toBe(1);
    expect(
      (await s.ok("update_assumption", { id: added.id, rationale: "" })).assumption.rationale,
    ).toBeUndefined();
    expect((await s.ok("link_assumption", { assumption_id: added.id, linked_id: threat })).link.type).toBe(
      "Threat",
    );
    expect(
      (await s.ok("link_assumption", { assumption_id: added.id, linked_id: mitigation })).link.type,
    ).toBe("Mitigation");
    expect(
      (await s.ok("get_threat", { id: threat })).threat.assumptions.map((a: { id: string }) => a.id),
    ).toEqual([added.id]);
    expect((await s.ok("get_mitigation", { id: mitigation })).mitigation.assumptions).toHaveLength(1);
    await expectRefused(
      s,
      "link_assumption",
      { assumption_id: added.id, linked_id: api },
      /linked_id: no threat or mitigation/,
    );
    await s.ok("unlink_assumption", { assumption_id: added.id, linked_id: mitigation });
    await expectRefused(
      s,
      "unlink_assumption",
      { assumption_id: added.id, linked_id: mitigation },
      /is not linked/,
    );
    await expectRefused(
      s,
      "add_assumption",
      { description: "x", category: "y", applies_to: ["TZ001"] },
      /applies_to\[0\]: no component, data store, connection, flow or crossing point/,
    );
    await expectRefused(s, "get_assumption", { id: "nope" }, /no assumption has id "nope"/);
    expect((await s.ok("get_assumption", { id: added.id })).assumption.category).toBe("Third Party");
    const removed = await s.ok("delete_assumption", { id: added.id });
    expect(removed.deleted.map((d: { kind: string }) => d.kind)).toEqual(["assumption", "assumption_link"]);
  });
});
