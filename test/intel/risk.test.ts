import { afterEach, describe, expect, it } from "vitest";
import { Threat } from "../../src/domain/entities.js";
import {
  expiredAcceptances,
  inherentRisk,
  isAcceptanceExpired,
  isCalendarDate,
  residualRisk,
  riskLevel,
  type MitigationForRisk,
} from "../../src/domain/risk.js";
import { connect, type TestSession } from "../helpers/client.js";
import { buildModel } from "./example-model.js";

describe("risk matrix", () => {
  it.each([
    ["Unlikely", "Low", "Low"],
    ["Unlikely", "Critical", "High"],
    ["Possible", "Medium", "Medium"],
    ["Possible", "High", "High"],
    ["Likely", "Medium", "High"],
    ["Likely", "Critical", "Critical"],
    ["Very Likely", "Low", "Medium"],
    ["Very Likely", "High", "Critical"],
  ] as const)("%s x %s impact is %s", (likelihood, impact, level) => {
    expect(riskLevel(likelihood, impact)).toBe(level);
  });

  it("takes the impact from CVSS when the threat has no severity", () => {
    expect(
      inherentRisk({ likelihood: "Possible", cvss_v3: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }),
    ).toBe("High");
    expect(
      inherentRisk({
        likelihood: "Likely",
        cvss_v4: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      }),
    ).toBe("Critical");
    expect(inherentRisk({ likelihood: "Likely" })).toBeUndefined();
  });
});

describe("residual risk", () => {
  const threat = { severity: "High", likelihood: "Likely" } as const;
  const m = (
    id: string,
    type: MitigationForRisk["type"],
    status: MitigationForRisk["status"],
    effectiveness?: "Low" | "Medium" | "High",
  ) => ({ id, type, status, ...(effectiveness ? { effectiveness } : {}) }) as MitigationForRisk;

  it("counts only implemented mitigations, by type and effectiveness", () => {
    expect(residualRisk(threat, [])).toMatchObject({
      level: "High",
      source: "computed",
      likelihood: "Likely",
      impact: "High",
    });
    // Planned and in-progress work does not lower risk.
    expect(residualRisk(threat, [m("M1", "Preventive", "mitigationInProgress", "High")]).level).toBe("High");
    // A highly effective preventive control lowers likelihood two steps.
    expect(residualRisk(threat, [m("M1", "Preventive", "mitigationResolved", "High")])).toMatchObject({
      level: "Medium",
      likelihood: "Unlikely",
      impact: "High",
      counted: ["M1"],
    });
    // Detective (0.5) + corrective (1) lower impact one whole step.
    expect(
      residualRisk(threat, [
        m("M1", "Detective", "mitigationResolved"),
        m("M2", "Corrective", "mitigationResolved"),
      ]),
    ).toMatchObject({ level: "High", likelihood: "Likely", impact: "Medium" });
    // Steps stop at the bottom of each scale.
    const many = ["A", "B", "C", "D"].map((id) => m(id, "Preventive", "mitigationResolved", "High"));
    expect(residualRisk({ severity: "Low", likelihood: "Unlikely" }, many).level).toBe("Low");
  });

  it("uses a hand-set level with its reason, and reports unrated threats", () => {
    expect(
      residualRisk(
        { ...threat, residual_risk_level: "Low", residual_risk_reason: "Feature flag off in production" },
        [],
      ),
    ).toMatchObject({ level: "Low", source: "override", reason: "Feature flag off in production" });
    expect(residualRisk({ severity: "High" }, [])).toEqual({
      level: undefined,
      source: "unrated",
      counted: [],
    });
  });
});

describe("risk acceptance expiry", () => {
  it("knows real calendar dates", () => {
    expect(isCalendarDate("2024-02-29")).toBe(true);
    expect(isCalendarDate("2023-02-29")).toBe(false);
    expect(isCalendarDate("2024-13-01")).toBe(false);
    expect(isCalendarDate("2024-1-1")).toBe(false);
  });

  it("is valid through its expiry day and expired the day after", () => {
    const acceptance = { reason: "Compensating WAF rule", expires_on: "2025-06-30" };
    expect(isAcceptanceExpired(acceptance, "2025-06-30")).toBe(false);
    expect(isAcceptanceExpired(acceptance, "2025-07-01")).toBe(true);
    expect(isAcceptanceExpired({ reason: "Permanent" }, "2099-01-01")).toBe(false);
  });

  it("lists expired acceptances in display order", () => {
    const model = buildModel({});
    const make = (id: string, numericId: number, acceptance?: object) =>
      Threat.parse({
        id,
        numericId,
        threatSource: "attacker",
        threatAction: "act",
        impactedGoal: [],
        impactedAssets: [],
        statement: "s",
        status: "threatIdentified",
        tags: [],
        affected_components: [],
        affected_trust_boundaries: [],
        affected_assets: [],
        metadata: [],
        ...(acceptance ? { acceptance } : {}),
      });
    for (const t of [
      make("T3", 3, { reason: "r", owner: "CISO", expires_on: "2024-01-31" }),
      make("T1", 1, { reason: "r", expires_on: "2023-12-31" }),
      make("T2", 2, { reason: "r", expires_on: "2024-06-01" }),
      make("T4", 4, { reason: "r" }),
      make("T5", 5),
    ])
      model.put("threat", t.id, t);
    expect(expiredAcceptances(model, "2024-06-01")).toEqual([
      { threat_id: "T1", numericId: 1, expires_on: "2023-12-31" },
      { threat_id: "T3", numericId: 3, expires_on: "2024-01-31", owner: "CISO" },
    ]);
    expect(expiredAcceptances(model, "2023-01-01")).toEqual([]);
    expect(() => expiredAcceptances(model, "01/06/2024")).toThrow(/today must be a date/);
  });
});

describe("assess_risk", () => {
  let session: TestSession;
  afterEach(() => session?.close());

  const base = { threat_source: "external attacker", prerequisites: "", threat_impact: "" };

  it("reports inherent, CVSS and residual risk and flags expired acceptances", async () => {
    session = await connect();
    const t1 = (
      await session.ok("add_threat", {
        ...base,
        threat_action: "replay payment requests",
        severity: "High",
        likelihood: "Likely",
        cvss_v3: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
      })
    ).id;
    const t2 = (
      await session.ok("add_threat", {
        ...base,
        threat_action: "read logs",
        severity: "Low",
        likelihood: "Possible",
      })
    ).id;
    const t3 = (await session.ok("add_threat", { ...base, threat_action: "guess passwords" })).id;
    const m = (
      await session.ok("add_mitigation", {
        content: "Idempotency keys on payment requests",
        type: "Preventive",
        effectiveness: "High",
        status: "mitigationResolved",
      })
    ).id;
    await session.ok("link_mitigation_to_threat", { mitigation_id: m, threat_id: t1 });
    await session.project.store.mutate((draft) => {
      const t = draft.require("threat", t2);
      draft.put("threat", {
        ...t,
        acceptance: { reason: "Low value logs", owner: "Ops lead", expires_on: "2025-01-31" },
      });
    });

    const r = await session.ok("assess_risk", { today: "2025-03-01" });
    expect(r.total).toBe(3);
    const byId = Object.fromEntries(r.threats.map((t: { id: string }) => [t.id, t]));
    expect(byId[t1]).toMatchObject({
      inherent: "High",
      cvss_v3: { version: "3.1", score: 8.8, severity: "High" },
      residual: { level: "Medium", source: "computed", likelihood: "Unlikely", counted: [m] },
    });
    expect(byId[t2]).toMatchObject({ inherent: "Low", acceptance: { owner: "Ops lead", expired: true } });
    expect(byId[t3].residual).toEqual({ source: "unrated", counted: [] });
    expect(r.expired_acceptances).toEqual([
      { threat_id: t2, numericId: byId[t2].numericId, expires_on: "2025-01-31", owner: "Ops lead" },
    ]);
    expect(r.by_level.inherent).toEqual({ Low: 1, Medium: 0, High: 1, Critical: 0, Unrated: 1 });
    // Likely x High and Possible x Low.
    expect(r.matrix.counts[2][2]).toBe(1);
    expect(r.matrix.counts[1][0]).toBe(1);

    const before = await session.ok("assess_risk", { today: "2025-01-31" });
    expect(before.expired_acceptances).toEqual([]);
    expect(await session.fail("assess_risk", { today: "2025-02-30" })).toMatch(
      /today: "2025-02-30" is not a date/,
    );
  });
});
