import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, type TestSession } from "../helpers/client.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect({ toolset: "compact" });
});
afterEach(() => s.close());

const fullContext = {
  description: "Online shop for garden tools",
  industry_sector: "Retail",
  data_sensitivity: "Confidential",
  user_base_size: "Medium",
  geographic_scope: "Regional",
  regulatory_requirements: "GDPR, PCI-DSS",
  system_criticality: "High",
  financial_impact: "Medium",
  authentication_requirement: "MFA",
  deployment_environment: "Cloud-Public",
  integration_complexity: "Moderate",
};

describe("compact method tools", () => {
  it("threat_model_status names the current phase, what it misses and the next step", async () => {
    const status = await s.ok("threat_model_status");
    expect(status.current_phase).toBe("1");
    expect(status.phases.map((p: { phase: string }) => p.phase)).toContain("7.5");
    expect(status.missing.length).toBeGreaterThan(0);
    expect(status.next).toMatch(/^Next: finish phase 1/);
    const text = (await s.call("threat_model_status")).text;
    expect(text).toContain("Phase 1 (");
    expect(text).toContain("advance_phase");

    const before = status.phases[0].missing;
    await s.ok("set_business_context", fullContext);
    const after = (await s.ok("threat_model_status")).phases[0].missing;
    expect(after).toBeLessThan(before);
  });

  it("set_business_context advertises leaner prose but validates as the seed tool does", async () => {
    const { tools } = await s.client.listTools();
    const tool = tools.find((t) => t.name === "set_business_context")!;
    const industry = (tool.inputSchema.properties as Record<string, { description: string }>)
      .industry_sector!;
    expect(industry.description).toBe(
      "Finance, Healthcare, Retail, Technology, Manufacturing, Government, Education, Energy, Transportation, Other",
    );
    expect(
      await s.fail("set_business_context", { description: "x", industry_sector: "Spaceflight" }),
    ).toContain('industry_sector: "Spaceflight" is not a valid IndustrySector');
    expect(await s.fail("set_business_context", { description: "x", colour: "red" })).toContain("colour");
    const saved = await s.ok("set_business_context", {
      description: "x",
      industry_sector: "retail",
      user_base_size: "Cannot be determined: no analytics",
    });
    expect(saved.business_context).toMatchObject({
      industry_sector: "Retail",
      undetermined: { user_base_size: "no analytics" },
    });
  });

  it("get_guidance gives the current phase by default, any phase or a topic, in compact calls", async () => {
    const current = await s.ok("get_guidance");
    expect(current.title).toMatch(/^phase 1: /);
    expect(current.text).toContain('"tool":"set_business_context"');
    expect((await s.ok("get_guidance", { phase: "7.5" })).title).toMatch(/^phase 7\.5: /);
    const topic = await s.ok("get_guidance", { topic: "architecture" });
    expect(topic.title).toBe("architecture");
    expect(topic.text.length).toBeGreaterThan(200);
    expect(await s.fail("get_guidance", { phase: "2", topic: "method" })).toContain(
      "topic: give a phase or a topic, not both",
    );
    expect(await s.fail("get_guidance", { topic: "everything" })).toMatch(
      /"everything" is not a guidance topic; allowed: method, business_context/,
    );
  });

  it("advance_phase is the methodology's own tool and refuses an incomplete phase", async () => {
    expect(await s.fail("advance_phase")).toMatch(/phase 1 .* is not complete/);
  });
});
