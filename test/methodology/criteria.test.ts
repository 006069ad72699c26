import { afterEach, describe, expect, it } from "vitest";
import type * as z from "zod";
import { modelDigest } from "../../src/domain/digest.js";
import { evaluatePhases, type Evaluation } from "../../src/methodology/criteria.js";
import type { PhaseEnvironment } from "../../src/methodology/environment.js";
import type { PhaseId } from "../../src/methodology/phases.js";
import * as actors from "../../src/ops/actors.js";
import * as arch from "../../src/ops/architecture.js";
import * as assets from "../../src/ops/assets.js";
import * as assumptions from "../../src/ops/assumptions.js";
import * as business from "../../src/ops/business-context.js";
import { invoke, type Operation } from "../../src/ops/operation.js";
import { acceptThreatRisk } from "../../src/ops/risk.js";
import * as threats from "../../src/ops/threats.js";
import * as trust from "../../src/ops/trust.js";
import { ModelStore } from "../../src/store/store.js";
import { tempProject } from "../helpers/project.js";

const FEATURES = {
  industry_sector: "Retail",
  data_sensitivity: "Confidential",
  user_base_size: "Small (<1,000)",
  geographic_scope: "National",
  regulatory_requirements: "GDPR",
  system_criticality: "Medium (hours)",
  financial_impact: "Low ($10K–$100K)",
  authentication_requirement: "MFA",
  deployment_environment: "Cloud-Public",
};

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function project() {
  const temp = tempProject();
  cleanups.push(temp.cleanup);
  const store = ModelStore.open(temp.root, { fsync: false });
  const run = <I extends z.ZodType, O>(op: Operation<I, O>, input: Record<string, unknown> = {}) =>
    invoke(op, { store }, input);
  const evaluate = (env: PhaseEnvironment = { hasCode: false }) => store.read((m) => evaluatePhases(m, env));
  return { root: temp.root, store, run, evaluate };
}

function phase(evaluation: Evaluation, id: PhaseId) {
  const found = evaluation.phases.find((p) => p.phase === id)!;
  const unmet = Object.fromEntries(found.criteria.filter((c) => !c.met).map((c) => [c.id, c.missing]));
  return { ...found, unmet };
}

describe("a fresh model", () => {
  it("reports 0 %, phase 1 current, and no phase met by the preloaded defaults", async () => {
    const p = project();
    const evaluation = await p.evaluate();
    expect(evaluation.percent).toBe(0);
    expect(evaluation.met_count).toBe(0);
    expect(evaluation.current).toBe("1");
    expect(evaluation.applicable_count).toBe(9);
    expect(evaluation.phases.map((x) => x.state)).toEqual([
      ...Array(7).fill("unmet"),
      "not_applicable",
      "unmet",
      "unmet",
    ]);
    // Defaults untouched do not count: 10 actors undecided, 7 assets without flows.
    expect(phase(evaluation, "3").unmet.relevance_decided).toHaveLength(10);
    expect(phase(evaluation, "5").unmet.asset_flow).toEqual(["no asset has a flow yet"]);
    expect(phase(evaluation, "4").unmet.placed).toEqual(["no components to place yet (phase 2)"]);
  });

  it("counts phase 7.5 only when the project has code", async () => {
    const p = project();
    const evaluation = await p.evaluate({ hasCode: true });
    expect(evaluation.applicable_count).toBe(10);
    expect(phase(evaluation, "7.5").unmet.code_validation).toEqual(["code validation has not run yet"]);
  });
});

describe("phase 1: business context", () => {
  it("needs the description and all ten features; 'cannot be determined' counts; clearing re-opens", async () => {
    const p = project();
    await p.run(business.setBusinessContext, { description: "Shop", ...FEATURES });
    let one = phase(await p.evaluate(), "1");
    expect(one.met).toBe(false);
    expect(one.unmet).toEqual({ features: ["integration_complexity is not set"] });

    await p.run(business.setBusinessContext, {
      description: "Shop",
      integration_complexity: "Cannot be determined: no integration docs",
    });
    let evaluation = await p.evaluate();
    expect(phase(evaluation, "1").met).toBe(true);
    expect(evaluation.current).toBe("2");
    expect(evaluation.percent).toBe(11); // 1 of 9

    await p.run(business.clearBusinessContext);
    evaluation = await p.evaluate();
    one = phase(evaluation, "1");
    expect(one.met).toBe(false);
    expect(one.unmet.description).toEqual(["the business description is not set"]);
    expect(evaluation.current).toBe("1");
    expect(evaluation.percent).toBe(0);
  });
});

describe("phase 2: architecture", () => {
  it("needs a component, valid connection ends, and data stores for database components", async () => {
    const p = project();
    expect(phase(await p.evaluate(), "2").unmet.components).toEqual(["no components yet"]);
    const db = await p.run(arch.addComponent, { name: "Postgres", type: "Database" });
    const two = phase(await p.evaluate(), "2");
    expect(two.unmet).toEqual({
      data_stores: [`${db.id} (Postgres) is Database but no data store is recorded`],
    });
    const store = await p.run(arch.addDataStore, {
      name: "Orders",
      type: "Relational",
      classification: "Internal",
    });
    expect(phase(await p.evaluate(), "2").met).toBe(true);

    await p.run(arch.deleteDataStore, { id: store.id });
    expect(phase(await p.evaluate(), "2").met).toBe(false);
    await p.run(arch.clearArchitecture);
    expect(phase(await p.evaluate(), "2").unmet.components).toEqual(["no components yet"]);
  });
});

describe("phase 3: threat actors", () => {
  it("needs every actor decided and at least one relevant; resetting re-opens", async () => {
    const p = project();
    const all = await p.run(actors.listThreatActors);
    for (const actor of all.slice(1))
      await p.run(actors.setThreatActorRelevance, { id: actor.id, is_relevant: false });
    let three = phase(await p.evaluate(), "3");
    expect(three.unmet.relevance_decided).toEqual([`${all[0]!.id} (${all[0]!.name}): relevance not decided`]);
    // Undecided actors do not count as relevant, even though their default flag says relevant.
    expect(three.unmet.relevant_actor).toEqual(["no threat actor is decided relevant"]);

    await p.run(actors.setThreatActorRelevance, { id: all[0]!.id, is_relevant: false });
    three = phase(await p.evaluate(), "3");
    expect(Object.keys(three.unmet)).toEqual(["relevant_actor"]);

    await p.run(actors.setThreatActorRelevance, { id: all[0]!.id, is_relevant: true });
    expect(phase(await p.evaluate(), "3").met).toBe(true);

    await p.run(actors.resetThreatActors);
    expect(phase(await p.evaluate(), "3").unmet.relevance_decided).toHaveLength(10);
    await p.run(actors.clearThreatActors);
    expect(phase(await p.evaluate(), "3").unmet.actors).toHaveLength(1);
  });
});

describe("phase 4: trust boundaries", () => {
  it("needs every element in a zone, cross-zone connections on a matching crossing point, crossing points in boundaries", async () => {
    const p = project();
    await p.run(trust.clearTrustBoundaries);
    const web = await p.run(arch.addComponent, { name: "Web", type: "Compute" });
    const db = await p.run(arch.addDataStore, { name: "DB", type: "Relational", classification: "Internal" });
    const conn = await p.run(arch.addConnection, { source_id: web.id, destination_id: db.id });
    const app = await p.run(trust.addTrustZone, { name: "App", trust_level: "Medium" });
    const data = await p.run(trust.addTrustZone, { name: "Data", trust_level: "High" });
    const edge = await p.run(trust.addTrustZone, { name: "Edge", trust_level: "Low" });

    expect(phase(await p.evaluate(), "4").unmet.zones).toEqual(
      [`${web.id} (Web) is in no trust zone`, `${db.id} (DB) is in no trust zone`].sort((a, b) =>
        a.localeCompare(b),
      ),
    );

    await p.run(trust.addComponentToZone, { zone_id: app.id, component_id: web.id });
    await p.run(trust.addComponentToZone, { zone_id: data.id, component_id: db.id });
    let four = phase(await p.evaluate(), "4");
    expect(four.unmet).toEqual({
      crossings: [
        `connection ${conn.id} (${web.id} (Web) → ${db.id} (DB)) crosses ${app.id} → ${data.id} but is attached to no crossing point`,
      ],
    });

    // A crossing point between other zones does not count.
    const wrong = await p.run(trust.addCrossingPoint, {
      source_zone_id: edge.id,
      destination_zone_id: app.id,
    });
    await p.run(trust.addConnectionToCrossing, { crossing_point_id: wrong.id, connection_id: conn.id });
    four = phase(await p.evaluate(), "4");
    expect(four.unmet.crossings?.[0]).toMatch(
      new RegExp(`its crossing point ${wrong.id} joins other zones$`),
    );
    expect(four.unmet.boundaries).toEqual([
      `crossing point ${wrong.id} (${edge.id} → ${app.id}) is in no trust boundary`,
    ]);

    await p.run(trust.deleteCrossingPoint, { id: wrong.id });
    const right = await p.run(trust.addCrossingPoint, {
      source_zone_id: data.id,
      destination_zone_id: app.id,
    });
    await p.run(trust.addConnectionToCrossing, { crossing_point_id: right.id, connection_id: conn.id });
    four = phase(await p.evaluate(), "4");
    expect(Object.keys(four.unmet)).toEqual(["boundaries"]);
    await p.run(trust.addTrustBoundary, {
      name: "Data tier",
      type: "Network",
      crossing_point_ids: [right.id],
    });
    expect(phase(await p.evaluate(), "4").met).toBe(true);

    await p.run(trust.removeComponentFromZone, { zone_id: data.id, component_id: db.id });
    expect(phase(await p.evaluate(), "4").unmet.zones).toEqual([`${db.id} (DB) is in no trust zone`]);
  });
});

describe("phase 5: asset flows", () => {
  it("needs an asset with a flow; deleting the flow re-opens", async () => {
    const p = project();
    const web = await p.run(arch.addComponent, { name: "Web", type: "Compute" });
    const api = await p.run(arch.addComponent, { name: "API", type: "Compute" });
    const asset = await p.run(assets.addAsset, {
      name: "Session",
      type: "Session",
      classification: "Confidential",
    });
    const flow = await p.run(assets.addFlow, {
      asset_id: asset.id,
      source_id: web.id,
      destination_id: api.id,
    });
    expect(phase(await p.evaluate(), "5").met).toBe(true);
    await p.run(assets.deleteFlow, { id: flow.id });
    expect(phase(await p.evaluate(), "5").unmet).toEqual({ asset_flow: ["no asset has a flow yet"] });
  });
});

describe("phases 6 to 8: threats, mitigations, residual risk", () => {
  async function withThreat() {
    const p = project();
    await p.run(trust.clearTrustBoundaries); // no default crossing points to cover
    const api = await p.run(arch.addComponent, { name: "API", type: "Compute" });
    const cdn = await p.run(arch.addComponent, { name: "CDN", type: "Network" });
    const threat = await p.run(threats.addThreat, {
      threat_source: "internet-based attacker",
      prerequisites: "with a stolen token",
      threat_action: "call admin endpoints",
      threat_impact: "data tampering",
      category: "Elevation of Privilege",
      severity: "High",
      likelihood: "Likely",
      affected_components: [api.id],
    });
    return { p, api, cdn, threat };
  }

  it("phase 6 needs a threat or an explaining assumption for every element", async () => {
    const { p, cdn } = await withThreat();
    const uncovered = { coverage: [`component ${cdn.id} (CDN) has no categorised threat and no assumption`] };
    expect(phase(await p.evaluate(), "6").unmet).toEqual(uncovered);
    // A threat without a STRIDE category covers no cell of the coverage matrix.
    const vague = await p.run(threats.addThreat, {
      threat_source: "someone",
      prerequisites: "",
      threat_action: "break the CDN",
      threat_impact: "",
      affected_components: [cdn.id],
    });
    expect(phase(await p.evaluate(), "6").unmet).toEqual(uncovered);
    await p.run(threats.deleteThreat, { id: vague.id });
    const assumption = await p.run(assumptions.addAssumption, {
      description: "The CDN serves only public files",
      category: "Scope",
      applies_to: [cdn.id],
    });
    expect(phase(await p.evaluate(), "6").met).toBe(true);
    await p.run(assumptions.deleteAssumption, { id: assumption.id });
    expect(phase(await p.evaluate(), "6").met).toBe(false);
  });

  it("phase 7 needs a usable mitigation or an unexpired acceptance for every open threat", async () => {
    const { p, threat } = await withThreat();
    const label = `threat ${threat.numericId} (${threat.id})`;
    expect(phase(await p.evaluate(), "7").unmet).toEqual({
      open_threats_handled: [`${label} has no mitigation and is not accepted`],
    });
    const mitigation = await p.run(threats.addMitigation, {
      content: "Check scopes on admin routes",
      type: "Preventive",
    });
    await p.run(threats.linkMitigationToThreat, { mitigation_id: mitigation.id, threat_id: threat.id });
    expect(phase(await p.evaluate(), "7").met).toBe(true);

    await p.run(threats.updateMitigation, { id: mitigation.id, status: "mitigationResolvedWillNotAction" });
    expect(phase(await p.evaluate(), "7").met).toBe(false);

    await p.run(acceptThreatRisk, {
      threat_id: threat.id,
      reason: "Internal only",
      expires_on: "2030-01-31",
    });
    expect(phase(await p.evaluate({ hasCode: false, today: "2030-01-31" }), "7").met).toBe(true);
    expect(phase(await p.evaluate({ hasCode: false, today: "2030-02-01" }), "7").unmet).toEqual({
      open_threats_handled: [`${label} has no mitigation and its risk acceptance expired on 2030-01-31`],
    });
  });

  it("phase 8 needs a decision and a residual level for every threat", async () => {
    const { p, threat } = await withThreat();
    const unrated = await p.run(threats.addThreat, {
      threat_source: "insider",
      prerequisites: "with database access",
      threat_action: "export customer data",
      threat_impact: "privacy breach",
      status: "threatResolvedNotUseful",
    });
    const eight = phase(await p.evaluate(), "8");
    expect(eight.unmet.decisions).toEqual([
      `threat ${threat.numericId} (${threat.id}) has no residual risk decision`,
    ]);
    // The first threat has severity and likelihood, so its residual level is computed; the second has neither.
    expect(eight.unmet.levels).toEqual([
      `threat ${unrated.numericId} (${unrated.id}) has no residual risk level (give it a severity and likelihood)`,
    ]);
    await p.run(threats.updateThreat, { id: threat.id, status: "threatResolved" });
    await p.run(threats.updateThreat, {
      id: unrated.id,
      residual_risk_level: "Low",
      residual_risk_reason: "No such access exists any more",
    });
    expect(phase(await p.evaluate(), "8").met).toBe(true);
    await p.run(threats.updateThreat, { id: threat.id, status: "threatIdentified" });
    expect(phase(await p.evaluate(), "8").met).toBe(false);
  });
});

describe("phase 7.5: code validation", () => {
  it("is met by a recorded run on the current code", async () => {
    const p = project();
    const run = { ran_at: "2026-01-01T00:00:00Z", code_digest: "sha256:aaa", files_scanned: 3, findings: 1 };
    await p.store.mutate((draft) =>
      draft.setSingleton("project", { ...draft.singleton("project"), code_validation: run }),
    );
    expect(phase(await p.evaluate({ hasCode: true }), "7.5").met).toBe(true);
    expect(phase(await p.evaluate({ hasCode: true, codeDigest: "sha256:aaa" }), "7.5").met).toBe(true);
    expect(phase(await p.evaluate({ hasCode: true, codeDigest: "sha256:bbb" }), "7.5").unmet).toEqual({
      code_validation: ["the code changed since the last validation (run at 2026-01-01T00:00:00Z)"],
    });
  });
});

describe("phase 9: outputs", () => {
  it("needs exports carrying the digest of the model as it is now", async () => {
    const p = project();
    expect(phase(await p.evaluate(), "9").unmet).toEqual({ exports: ["no exports yet"] });
    const digest = await p.store.read((m) => modelDigest(m));
    const exports = [{ file: ".threatmodel/threat-model.md", modelDigest: digest }];
    expect(phase(await p.evaluate({ hasCode: false, exports }), "9").met).toBe(true);
    await p.run(arch.addComponent, { name: "New", type: "Compute" });
    expect(phase(await p.evaluate({ hasCode: false, exports }), "9").unmet).toEqual({
      exports: [".threatmodel/threat-model.md was generated from an earlier version of the model"],
    });
  });
});

describe("forced phases", () => {
  it("are skipped for the current phase but never counted as met", async () => {
    const p = project();
    await p.store.mutate((draft) =>
      draft.setSingleton("project", {
        ...draft.singleton("project"),
        phase_overrides: [{ phase: "1", at: "2026-01-01T00:00:00Z", reason: "later", unmet: ["x"] }],
      }),
    );
    const evaluation = await p.evaluate();
    expect(phase(evaluation, "1").state).toBe("overridden");
    expect(evaluation.current).toBe("2");
    expect(evaluation.met_count).toBe(0);
    expect(evaluation.percent).toBe(0);
  });
});

describe("modelDigest", () => {
  it("is stable for equal data, changes with the model and matches a fresh computation", async () => {
    const a = project();
    const b = project();
    const first = await a.store.read((m) => modelDigest(m));
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await b.store.read((m) => modelDigest(m))).toBe(first);
    await a.run(business.setBusinessContext, { description: "x" });
    const second = await a.store.read((m) => modelDigest(m));
    expect(second).not.toBe(first);
    // A second store opened on the same folder loads the same data and computes the same digest.
    const reopened = ModelStore.open(a.root, { fsync: false });
    expect(await reopened.read((m) => modelDigest(m))).toBe(second);
  });
});
