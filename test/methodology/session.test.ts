import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { snapshotModel } from "../helpers/files.js";
import { connect, type TestSession } from "../helpers/client.js";

let session: TestSession | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Progress as the agent sees it: percent, current phase and the state of every phase. */
async function progress(s: TestSession) {
  const data = await s.ok("get_threat_model_progress");
  const states = Object.fromEntries(
    (data.phases as { phase: string; state: string }[]).map((p) => [p.phase, p.state]),
  );
  return { percent: data.percent as number, current: data.current_phase as string | null, states };
}

describe("a scripted agent session walks every phase", () => {
  it("reports honest progress after each step, refuses early advances and records forced ones", async () => {
    session = await connect();
    const s = session;
    // A small project without source code: docs and deployment configuration only, so 7.5 does not apply.
    writeFileSync(path.join(s.root, "README.md"), "# Shop\nA small web shop.\n");
    writeFileSync(path.join(s.root, "compose.yaml"), "services:\n  web: {}\n  api: {}\n  db: {}\n");

    // Fresh model: nothing counts yet, not even the preloaded defaults.
    expect(await progress(s)).toMatchObject({ percent: 0, current: "1" });
    const status = await s.ok("get_current_phase_status");
    expect(status).toMatchObject({
      current_phase: "1",
      current_phase_name: "Business Context Analysis",
      has_code: false,
    });
    expect(status.phases).toHaveLength(10);
    expect((await progress(s)).states["7.5"]).toBe("not_applicable");
    const early = await s.fail("advance_phase", {});
    expect(early).toMatch(/phase 1 \(Business Context Analysis\) is not complete/);
    expect(early).toMatch(/industry_sector is not set/);
    expect((await s.ok("follow_threat_modeling_plan")).phase).toBe("1");

    // Phase 1
    await s.ok("set_business_context", {
      description: "Web shop: customers order products and pay through an external provider.",
      industry_sector: "Retail",
      data_sensitivity: "Confidential",
      user_base_size: "Medium (1,000–100,000)",
      geographic_scope: "Regional",
      regulatory_requirements: "GDPR, PCI-DSS",
      system_criticality: "High (minutes)",
      financial_impact: "Cannot be determined: no revenue figures in the repository",
      authentication_requirement: "Basic (username/password)",
      deployment_environment: "Cloud-Public",
      integration_complexity: "Moderate",
    });
    expect((await s.ok("validate_business_context_completeness")).complete).toBe(true);
    expect(await progress(s)).toMatchObject({ percent: 11, current: "2" });
    const advanced = await s.call("advance_phase", { phase: "1" });
    expect(advanced.isError).toBe(false);
    expect(advanced.data.outcome).toBe("complete");
    expect(advanced.text).toMatch(/Advanced to phase: 2 - Architecture Analysis/);
    expect(advanced.text).toMatch(/# Phase 2: Architecture Analysis/);

    // Phase 2
    const web = await s.ok("add_component", { name: "Storefront", type: "Compute" });
    const api = await s.ok("add_component", { name: "Orders API", type: "Container" });
    const db = await s.ok("add_data_store", {
      name: "Orders DB",
      type: "Relational",
      classification: "Confidential",
    });
    const webToApi = await s.ok("add_connection", {
      source_id: web.id,
      destination_id: api.id,
      protocol: "HTTPS",
      port: 443,
      encryption: true,
    });
    const apiToDb = await s.ok("add_connection", {
      source_id: api.id,
      destination_id: db.id,
      protocol: "TCP",
      port: 5432,
    });
    expect(await progress(s)).toMatchObject({ percent: 22, current: "3" });
    expect((await s.ok("advance_phase", { phase: "2" })).outcome).toBe("complete");

    // Phase 3: every default actor must be decided.
    const actors = (await s.ok("list_threat_actors")).threat_actors as { id: string; type: string }[];
    expect(actors).toHaveLength(10);
    for (const actor of actors) {
      await s.ok("set_threat_actor_relevance", { id: actor.id, is_relevant: actor.type === "External" });
      const state = (await progress(s)).states["3"];
      expect(state).toBe(actor === actors.at(-1) ? "met" : "unmet");
    }
    expect((await s.ok("analyze_threat_actors")).relevant).toBe(1);
    expect(await progress(s)).toMatchObject({ percent: 33, current: "4" });

    // Phase 4: the guidance names the elements that are in no zone yet.
    await s.ok("clear_trust_boundaries");
    const edge = await s.ok("add_trust_zone", { name: "Edge", trust_level: "Low" });
    const app = await s.ok("add_trust_zone", { name: "Application", trust_level: "Medium" });
    const data = await s.ok("add_trust_zone", { name: "Data", trust_level: "High" });
    const guidance4 = (await s.ok("get_phase_4_guidance")).guidance as string;
    expect(guidance4).toContain(`${web.id} (Storefront) is in no trust zone`);
    expect(guidance4).toContain(`${db.id} (Orders DB) is in no trust zone`);
    await s.ok("add_component_to_zone", { zone_id: edge.id, component_id: web.id });
    await s.ok("add_component_to_zone", { zone_id: app.id, component_id: api.id });
    await s.ok("add_component_to_zone", { zone_id: data.id, component_id: db.id });
    expect(await progress(s)).toMatchObject({ percent: 33, current: "4" });
    const cp1 = await s.ok("add_crossing_point", {
      source_zone_id: edge.id,
      destination_zone_id: app.id,
      authentication_method: "Token",
    });
    const cp2 = await s.ok("add_crossing_point", { source_zone_id: app.id, destination_zone_id: data.id });
    await s.ok("add_conn_to_crossing", { crossing_point_id: cp1.id, connection_id: webToApi.id });
    await s.ok("add_conn_to_crossing", { crossing_point_id: cp2.id, connection_id: apiToDb.id });
    expect((await progress(s)).states["4"]).toBe("unmet"); // crossing points are in no boundary yet
    await s.ok("add_trust_boundary", {
      name: "Perimeter",
      type: "Network",
      crossing_point_ids: [cp1.id, cp2.id],
    });
    expect(await progress(s)).toMatchObject({ percent: 44, current: "5" });

    // Phase 5
    const order = await s.ok("add_asset", { name: "Order", type: "Data", classification: "Confidential" });
    await s.ok("add_flow", {
      asset_id: order.id,
      source_id: api.id,
      destination_id: db.id,
      encryption: false,
    });
    expect(await progress(s)).toMatchObject({ percent: 55, current: "6" });

    // Phase 6: threats, and an assumption for the element where none applies.
    const tamper = await s.ok("add_threat", {
      threat_source: "internet-based attacker",
      prerequisites: "with a stolen session token",
      threat_action: "replay checkout requests",
      threat_impact: "duplicate charges",
      category: "Tampering",
      severity: "High",
      likelihood: "Possible",
      affected_components: [api.id],
      affected_crossing_points: [cp1.id],
    });
    const leak = await s.ok("add_threat", {
      threat_source: "attacker on the internal network",
      prerequisites: "with access to the database port",
      threat_action: "read order records in transit",
      threat_impact: "disclosure of customer data",
      category: "Information Disclosure",
      severity: "Medium",
      likelihood: "Unlikely",
      affected_components: [db.id],
      affected_crossing_points: [cp2.id],
    });
    expect((await progress(s)).states["6"]).toBe("unmet"); // the storefront has neither threat nor assumption
    const scope = await s.ok("add_assumption", {
      description: "The storefront serves only static public pages",
      category: "Scope",
      applies_to: [web.id],
    });
    expect(await progress(s)).toMatchObject({ percent: 66, current: "7" });

    // Phase 7: one threat mitigated, the other accepted.
    const mitigation = await s.ok("add_mitigation", {
      content: "Idempotency keys on checkout",
      type: "Preventive",
    });
    await s.ok("link_mitigation_to_threat", { mitigation_id: mitigation.id, threat_id: tamper.id });
    expect((await progress(s)).states["7"]).toBe("unmet");
    await s.ok("accept_threat_risk", { threat_id: leak.id, reason: "Private network only", owner: "CTO" });
    // 7.5 does not apply without code, so phase 8 is next.
    expect(await progress(s)).toMatchObject({ percent: 77, current: "8" });
    expect((await s.ok("get_phase_7_guidance", { directory: "." })).guidance).toMatch(
      /phase 7\.5 \(code validation\) does not apply/,
    );

    // Phase 8: resolved threat; the accepted one already has a decision; levels are computed.
    await s.ok("update_mitigation", { id: mitigation.id, status: "mitigationResolved" });
    await s.ok("update_threat", { id: tamper.id, status: "threatResolved", status_reason: "Keys enforced" });
    expect(await progress(s)).toMatchObject({ percent: 88, current: "9" });

    // Phase 9: no exports exist, so the phase refuses; forcing records the override.
    expect(await s.fail("advance_phase", { phase: "9" })).toMatch(/no exports yet/);
    expect(await s.fail("advance_phase", { phase: "9", force: true })).toMatch(
      /reason: force: true needs a reason/,
    );
    const forced = await s.ok("advance_phase", {
      phase: "9",
      force: true,
      reason: "Exports come in the next release",
    });
    expect(forced.outcome).toBe("forced");
    expect(forced.override).toMatchObject({
      phase: "9",
      reason: "Exports come in the next release",
      unmet: ["no exports yet"],
    });
    const after = await progress(s);
    expect(after).toMatchObject({ percent: 88, current: null });
    expect(after.states["9"]).toBe("overridden");
    expect((await s.call("get_threat_model_progress")).text).toMatch(
      /Phase 9: Output Generation and Documentation: ⏭️ skipped with force/,
    );
    expect((await s.ok("get_phase_9_guidance")).guidance).toMatch(
      /Phase 9 forced on .*: Exports come in the next release/,
    );
    const model = JSON.parse(
      ((await s.client.readResource({ uri: "threatmodel://model" })).contents[0] as { text: string }).text,
    );
    expect(model.project.phase_overrides).toHaveLength(1);

    // Clearing data re-opens phases; completion is never sticky.
    await s.ok("delete_assumption", { id: scope.id });
    expect(await progress(s)).toMatchObject({ percent: 77, current: "6" });
    await s.ok("clear_business_context");
    expect(await progress(s)).toMatchObject({ percent: 66, current: "1" });
  });

  it("with source code, phase 7.5 applies and can be skipped only with force", async () => {
    session = await connect();
    const s = session;
    writeFileSync(path.join(s.root, "server.js"), "require('http').createServer().listen(8080);\n");
    const status = await s.ok("get_current_phase_status");
    expect(status.has_code).toBe(true);
    expect(status.applicable_count).toBe(10);
    expect((await progress(s)).states["7.5"]).toBe("unmet");
    expect(await s.fail("advance_phase", { phase: "7.5" })).toMatch(/code validation has not run yet/);
    const plan = await s.call("get_threat_modeling_plan", {});
    expect(plan.text).toMatch(/The project has source code, so phase 7\.5 \(code validation\) applies/);
    const forced = await s.ok("advance_phase", {
      phase: "7.5",
      force: true,
      reason: "Scanner not set up yet",
    });
    expect(forced.outcome).toBe("forced");
    expect((await progress(s)).states["7.5"]).toBe("overridden");
    // The plan and phase 7 report on the folder asked about; applicability stays a project matter.
    mkdirSync(path.join(s.root, "docs"));
    const docsPlan = await s.call("get_threat_modeling_plan", { directory: "docs" });
    expect(docsPlan.text).toMatch(/`docs` holds no source code\. The project has source code, so phase 7\.5/);
    expect((await s.call("get_threat_modeling_plan", { auto_validate_code: false })).text).toMatch(
      /You asked to leave the code-validation steps out of this plan/,
    );
    expect((await s.ok("get_phase_7_guidance", { directory: "docs" })).guidance).toMatch(
      /`docs` holds no source code\. The project has source code, so phase 7\.5 \(code validation\) comes next/,
    );
    expect(await s.fail("get_threat_modeling_plan", { directory: "../outside" })).toMatch(
      /outside the project root/,
    );
    expect(await s.fail("get_phase_7_guidance", { directory: "server.js" })).toMatch(
      /is not a folder in the project/,
    );
    // An unknown phase is refused with the allowed values.
    expect(await s.fail("advance_phase", { phase: "7.25" })).toMatch(
      /allowed: 1, 2, 3, 4, 5, 6, 7, 7\.5, 8, 9/,
    );
    // A forced skip can be taken back: the phase is judged by its criteria again.
    const withdrawn = await s.ok("withdraw_phase_override", { phase: "7.5" });
    expect(withdrawn).toMatchObject({ phase: "7.5", withdrawn: { reason: "Scanner not set up yet" } });
    expect((await progress(s)).states["7.5"]).toBe("unmet");
    const before = snapshotModel(s.root);
    expect(await s.fail("withdraw_phase_override", { phase: "7.5" })).toMatch(
      /phase 7\.5 was not skipped with force; no phase was/,
    );
    expect(await s.fail("withdraw_phase_override", { phase: "12" })).toMatch(/allowed: 1, 2, 3/);
    expect(snapshotModel(s.root)).toEqual(before);
  });
});
