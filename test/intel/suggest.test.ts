import { afterEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";

/** A small web system: browser user (internet) -> web app (DMZ) -> API (app zone) -> orders DB (data zone). */
async function webSystem(session: TestSession) {
  const add = async (tool: string, args: Record<string, unknown>) =>
    (await session.ok(tool, args)).id as string;
  const user = await add("add_component", { name: "Customer browser", type: "Other" });
  const web = await add("add_component", { name: "Shop web app", type: "Compute" });
  const api = await add("add_component", { name: "Orders API", type: "Container", version: "1.4.2" });
  const db = await add("add_data_store", {
    name: "Orders DB",
    type: "Relational",
    classification: "Confidential",
  });
  await session.ok("add_component_to_zone", { zone_id: "TZ001", component_id: user });
  await session.ok("add_component_to_zone", { zone_id: "TZ002", component_id: web });
  await session.ok("add_component_to_zone", { zone_id: "TZ003", component_id: api });
  await session.ok("add_component_to_zone", { zone_id: "TZ004", component_id: db });
  const c1 = await add("add_connection", {
    source_id: user,
    destination_id: web,
    protocol: "HTTPS",
    encryption: true,
  });
  const c2 = await add("add_connection", { source_id: web, destination_id: api, protocol: "HTTP" });
  const c3 = await add("add_connection", { source_id: api, destination_id: db, protocol: "TCP", port: 5432 });
  await session.ok("add_conn_to_crossing", { crossing_point_id: "CP001", connection_id: c1 });
  return { user, web, api, db, c1, c2, c3 };
}

describe("suggest_threats", () => {
  let session: TestSession;
  afterEach(() => session?.close());

  it("previews explained suggestions without changing the model", async () => {
    session = await connect();
    const ids = await webSystem(session);
    const preview = await session.ok("suggest_threats", { limit: 500 });
    expect(preview.dry_run).toBe(true);
    expect(preview.total).toBeGreaterThan(10);
    expect(preview.duplicates).toBe(0);
    const keys = preview.suggestions.map((s: { key: string }) => s.key);
    // Unencrypted hop across zones, SQL injection reachable from the DMZ side, unencrypted DB at rest.
    expect(keys).toContain(`TM-CN-001:${ids.c2}`);
    expect(keys).toContain(`TM-DS-001:${ids.db}`);
    expect(keys).toContain(`TM-CMP-034:${ids.api}`);
    const atRest = preview.suggestions.find((s: { key: string }) => s.key === `TM-DS-001:${ids.db}`);
    expect(atRest.category).toBe("Information Disclosure");
    expect(atRest.why.matched).toEqual([
      "encryption_at_rest is false",
      "classification is Confidential (≥ Confidential)",
    ]);
    expect(atRest.cwe).toEqual(["CWE-311", "CWE-312"]);
    expect(atRest.mitigations.map((m: { id: string }) => m.id)).toEqual(["MIT-ENC-REST", "MIT-KMS"]);
    expect(atRest.statement).toContain("Orders DB");
    expect((await session.ok("list_threats", {})).count).toBe(0);
  });

  it("adds every new suggestion with provenance, mitigations and links, and never duplicates on a second run", async () => {
    session = await connect();
    const ids = await webSystem(session);
    const preview = await session.ok("suggest_threats", {});
    const first = await session.ok("suggest_threats", { dry_run: false, include_mitigations: true });
    expect(first.created.threats).toBe(preview.total);
    expect(first.created.mitigations_created).toBeGreaterThan(5);
    expect(first.created.links).toBeGreaterThanOrEqual(first.created.threats);

    const threats = (await session.ok("list_threats", {})).threats;
    expect(threats).toHaveLength(preview.total);
    const atRest = threats.find((t: { rule_id?: string }) => t.rule_id === "TM-DS-001");
    expect(atRest).toMatchObject({
      category: "Information Disclosure",
      severity: "High",
      likelihood: "Possible",
      affected_components: [ids.db],
      cwe: ["CWE-311", "CWE-312"],
      capec: ["CAPEC-37"],
      status: "threatIdentified",
    });
    expect(atRest.metadata).toContainEqual({
      key: "custom:suggested_by",
      value: "threat library rule TM-DS-001",
    });
    expect(atRest.mitigations.length).toBe(2);
    const connectionThreat = threats.find((t: { rule_id?: string }) => t.rule_id === "TM-CN-001");
    expect(connectionThreat.affected_connections).toEqual([ids.c2]);

    // Library mitigations are shared between threats, not created per threat.
    const mitigations = (await session.ok("list_mitigations", {})).mitigations;
    const libraryIds = mitigations.map((m: { library_id: string }) => m.library_id);
    expect(new Set(libraryIds).size).toBe(libraryIds.length);

    const second = await session.ok("suggest_threats", { dry_run: false, include_mitigations: true });
    expect(second.total).toBe(0);
    expect(second.duplicates).toBe(preview.total);
    expect(second.created.threats).toBe(0);
    expect(second.created.mitigations_created).toBe(0);
    expect((await session.ok("list_threats", {})).count).toBe(preview.total);
    expect((await session.ok("list_mitigations", {})).count).toBe(mitigations.length);
  });

  it("treats a hand-written threat with a near-identical statement as already present", async () => {
    session = await connect();
    const ids = await webSystem(session);
    const preview = await session.ok("suggest_threats", { scope: [ids.db], rules: ["TM-DS-001"] });
    expect(preview.total).toBe(1);
    const s = preview.suggestions[0];
    // Same wording apart from case and punctuation, no rule id.
    await session.ok("add_threat", {
      threat_source: "Attacker or insider with access to storage media",
      prerequisites: "who obtains a disk, snapshot, or backup of Orders DB",
      threat_action: "read the Confidential data that Orders DB stores unencrypted!",
      threat_impact: "disclosure of Confidential records",
      impacted_goal: ["confidentiality"],
      impacted_assets: ["Orders DB"],
    });
    const again = await session.ok("suggest_threats", {
      scope: [ids.db],
      rules: ["TM-DS-001"],
      include_duplicates: true,
    });
    expect(again.total).toBe(0);
    expect(again.suggestions[0].key).toBe(s.key);
    expect(again.suggestions[0].duplicate_of.reason).toBe("near-identical statement");
    expect(again.suggestions[0].duplicate_of.similarity).toBeGreaterThanOrEqual(0.9);
  });

  it("limits a run to the elements, rules and categories asked for", async () => {
    session = await connect();
    const ids = await webSystem(session);
    const scoped = await session.ok("suggest_threats", { scope: [ids.db], limit: 500 });
    expect(scoped.total).toBeGreaterThan(0);
    expect(scoped.suggestions.every((s: { element: { id: string } }) => s.element.id === ids.db)).toBe(true);
    const spoofing = await session.ok("suggest_threats", { categories: ["spoofing"], limit: 500 });
    expect(spoofing.suggestions.length).toBeGreaterThan(0);
    expect(spoofing.suggestions.every((s: { category: string }) => s.category === "Spoofing")).toBe(true);
    const added = await session.ok("suggest_threats", { dry_run: false, scope: [ids.c2] });
    const threats = (await session.ok("list_threats", {})).threats;
    expect(threats).toHaveLength(added.created.threats);
    expect(
      threats.every((t: { affected_connections?: string[] }) => t.affected_connections?.[0] === ids.c2),
    ).toBe(true);
  });

  it("runs the LINDDUN privacy rules only when asked", async () => {
    session = await connect();
    await session.ok("set_business_context", { description: "Web shop", regulatory_requirements: "GDPR" });
    await session.ok("add_data_store", {
      name: "Customer profiles",
      type: "Relational",
      classification: "Restricted",
    });
    const plain = await session.ok("suggest_threats", { limit: 500 });
    expect(plain.suggestions.some((s: { rule_id: string }) => s.rule_id.startsWith("LDN-"))).toBe(false);
    const privacy = await session.ok("suggest_threats", { linddun: true, limit: 500 });
    const dsr = privacy.suggestions.find((s: { rule_id: string }) => s.rule_id === "LDN-UNA-002");
    expect(dsr.linddun).toBe("Unawareness");
    expect(dsr.why.matched).toContain("business.regulatory_requirements includes GDPR");
  });

  it.each([
    [
      { scope: ["C-NOPE"] },
      /scope\[0\]: no component, data store, connection, flow, crossing point or asset has id "C-NOPE"/,
    ],
    [{ scope: ["TZ001"] }, /scope\[0\]: .*"TZ001" \(it is a trust zone\)/],
    [{ rules: ["TM-XX-999"] }, /rules\[0\]: no threat-library rule has id "TM-XX-999"/],
    [{ rules: ["LDN-UNA-002"] }, /rules\[0\]: LDN-UNA-002 is a LINDDUN privacy rule; pass linddun: true/],
    [{ dry_run: "no" }, /dry_run/],
    [{ limits: 5 }, /"limits"/],
  ])("refuses %j and changes nothing", async (args, message) => {
    session = await connect();
    await webSystem(session);
    expect(await session.fail("suggest_threats", { dry_run: false, ...args })).toMatch(message);
    expect((await session.ok("list_threats", {})).count).toBe(0);
  });
});
