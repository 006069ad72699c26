import { afterEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";

describe("framework, CVSS and residual-risk fields on threats and mitigations", () => {
  let session: TestSession;
  afterEach(() => session?.close());

  const base = {
    threat_source: "external attacker",
    prerequisites: "with network access",
    threat_action: "read stored card numbers",
    threat_impact: "card fraud",
  };

  it("accepts common spellings and stores canonical ids and vectors", async () => {
    session = await connect();
    const { threat } = await session.ok("add_threat", {
      ...base,
      cwe: ["cwe-311", "CWE-311", "89"],
      capec: ["capec-66"],
      attack: ["t1190", "T1059.001"],
      asvs: ["6.2.1", "V8.3.4"],
      compliance: ["PCI-DSS:3.5.1"],
      cvss_v3: "CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:N/A:N",
    });
    expect(threat.cwe).toEqual(["CWE-311", "CWE-89"]);
    expect(threat.capec).toEqual(["CAPEC-66"]);
    expect(threat.attack).toEqual(["T1190", "T1059.001"]);
    expect(threat.asvs).toEqual(["V6.2.1", "V8.3.4"]);
    expect(threat.compliance).toEqual(["PCI-DSS:3.5.1"]);
    expect(threat.cvss_v3).toBe("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N");

    const { mitigation } = await session.ok("add_mitigation", {
      content: "Encrypt card data with keys held in a KMS",
      attack: ["M1041", "t1552"],
      cwe: ["CWE-311"],
    });
    expect(mitigation.attack).toEqual(["M1041", "T1552"]);

    const cleared = await session.ok("update_threat", { id: threat.id, cvss_v3: "" });
    expect(cleared.threat.cvss_v3).toBeUndefined();
  });

  it.each([
    [{ cwe: ["XSS"] }, /cwe\[0\]: "XSS" is not a valid CWE id \(expected the form CWE-79\)/],
    [{ attack: ["M1041"] }, /attack\[0\]: "M1041" is not a valid MITRE ATT&CK technique id/],
    [{ asvs: ["5.3"] }, /asvs\[0\]: "5\.3" is not a valid OWASP ASVS requirement id/],
    [{ compliance: ["pci"] }, /compliance\[0\]: "pci" is not a compliance control/],
    [{ cvss_v4: "CVSS:4.0/AV:N/AC:L" }, /cvss_v4: invalid CVSS 4\.0 vector: missing required metric/],
  ])("refuses %j and names the field", async (bad, message) => {
    session = await connect();
    expect(await session.fail("add_threat", { ...base, ...bad })).toMatch(message);
    expect((await session.ok("list_threats", {})).count).toBe(0);
  });

  it("needs a reason for a hand-set residual level and can return to the computed level", async () => {
    session = await connect();
    const { threat } = await session.ok("add_threat", { ...base, severity: "High", likelihood: "Likely" });
    expect(await session.fail("update_threat", { id: threat.id, residual_risk_level: "Low" })).toMatch(
      /residual_risk_reason: required when residual_risk_level is set/,
    );
    const set = await session.ok("update_threat", {
      id: threat.id,
      residual_risk_level: "Low",
      residual_risk_reason: "Card data is tokenised upstream; only tokens reach this store",
    });
    expect(set.threat.residual_risk_level).toBe("Low");
    const back = await session.ok("update_threat", { id: threat.id, residual_risk_level: "" });
    expect(back.threat.residual_risk_level).toBeUndefined();
    expect(back.threat.residual_risk_reason).toBeUndefined();
  });

  it("checks that affected connections, flows and crossing points exist", async () => {
    session = await connect();
    expect(await session.fail("add_threat", { ...base, affected_connections: ["CN-NOPE"] })).toMatch(
      /affected_connections\[0\]: no connection has id "CN-NOPE"/,
    );
    expect(await session.fail("add_threat", { ...base, affected_flows: ["F-NOPE"] })).toMatch(
      /affected_flows\[0\]: no flow has id "F-NOPE"/,
    );
  });

  it("stores component and data store tags", async () => {
    session = await connect();
    const c = await session.ok("add_component", {
      name: "Support bot",
      type: "Compute",
      tags: ["llm", "agent"],
    });
    expect(c.component.tags).toEqual(["llm", "agent"]);
    const d = await session.ok("add_data_store", {
      name: "Embeddings",
      type: "Other",
      classification: "Internal",
      tags: ["vector-store"],
    });
    expect(d.data_store.tags).toEqual(["vector-store"]);
  });
});
