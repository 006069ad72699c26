import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ENUMS } from "../../src/domain/enums.js";
import { connect, type TestSession } from "../helpers/client.js";
import { expectRefused } from "../helpers/refuse.js";

let s: TestSession;
beforeEach(async () => {
  s = await connect();
});
afterEach(() => s.close());

const allFeatures = {
  industry_sector: "Finance",
  data_sensitivity: "regulated",
  user_base_size: "large",
  geographic_scope: "Global",
  regulatory_requirements: "PCI-DSS, gdpr",
  system_criticality: "High (minutes)",
  financial_impact: "severe",
  authentication_requirement: "MFA",
  deployment_environment: "cloud public",
  integration_complexity: "Complex",
};

describe("business context", () => {
  it("merges features, accepts 'cannot be determined' with a reason and reports completeness", async () => {
    const partial = await s.ok("set_business_context", {
      description: "Card payments",
      industry_sector: "finance",
    });
    expect(partial).toMatchObject({ complete: false, features_set: 1 });
    expect(partial.missing_features).toHaveLength(9);
    const full = await s.ok("set_business_context", {
      description: "Card payments for EU shops",
      ...allFeatures,
      geographic_scope: "Cannot be determined: no deployment docs",
    });
    expect(full.complete).toBe(true);
    expect(full.business_context).toMatchObject({
      user_base_size: "Large (100,000–1M)",
      regulatory_requirements: ["PCI-DSS", "GDPR"],
      deployment_environment: "Cloud-Public",
      undetermined: { geographic_scope: "no deployment docs" },
    });
    expect((await s.ok("get_business_context", {})).complete).toBe(true);
    const unset = await s.ok("set_business_context", { description: "Card payments", financial_impact: "" });
    expect(unset.missing_features).toEqual(["financial_impact"]);
    expect((await s.ok("clear_business_context", {})).features_set).toBe(0);
  });

  it("refuses the whole call when any feature is invalid (nothing half-applied)", async () => {
    await s.ok("set_business_context", { description: "Before" });
    await expectRefused(
      s,
      "set_business_context",
      { description: "After", industry_sector: "Finance", regulatory_requirements: "GDPR, HIPPA" },
      /regulatory_requirements: "HIPPA" is not a valid RegulatoryRequirement/,
    );
    await expectRefused(
      s,
      "set_business_context",
      { description: "After", user_base_size: "Cannot be determined" },
      /say why it cannot be determined/,
    );
    expect((await s.ok("get_business_context", {})).business_context.description).toBe("Before");
  });

  it("describes the ten features with their allowed values", async () => {
    const features = (await s.ok("get_business_context_features", {})).features;
    expect(features).toHaveLength(10);
    expect(features[0]).toMatchObject({ key: "industry_sector", allowed: [...ENUMS.IndustrySector] });
  });
});

describe("data models", () => {
  it("list the 40 enum types and their values", async () => {
    expect((await s.ok("list_data_models", {})).models).toHaveLength(40);
    expect((await s.ok("get_data_model_types", { model_name: "componenttype" })).values).toEqual([
      ...ENUMS.ComponentType,
    ]);
    await expectRefused(
      s,
      "get_data_model_types",
      { model_name: "Spaceships" },
      /not a data model; available: IndustrySector/,
    );
  });
});

describe("tool catalogue", () => {
  it("every tool has a short description, an output schema and honest annotations", async () => {
    const { tools } = await s.client.listTools();
    for (const tool of tools) {
      expect(tool.description!.length, tool.name).toBeLessThanOrEqual(300);
      expect(tool.outputSchema, tool.name).toBeDefined();
      expect(tool.annotations?.openWorldHint, tool.name).toBe(false);
      if (/^(get|list)_/.test(tool.name)) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      if (/^(add|update|set|delete|clear|reset|link|unlink)_/.test(tool.name)) {
        expect(tool.annotations?.readOnlyHint, tool.name).not.toBe(true);
      }
      if (/^(delete|clear|reset)_/.test(tool.name))
        expect(tool.annotations?.destructiveHint, tool.name).toBe(true);
    }
  });

  it("advertises enum parameters with their allowed values", async () => {
    const { tools } = await s.client.listTools();
    const addComponent = tools.find((t) => t.name === "add_component")!;
    const props = addComponent.inputSchema.properties as Record<string, { enum?: string[] }>;
    expect(props.type!.enum).toEqual([...ENUMS.ComponentType]);
    expect(props.service_provider!.enum).toEqual([...ENUMS.ServiceProvider]);
    const addThreat = tools.find((t) => t.name === "add_threat")!;
    const threatProps = addThreat.inputSchema.properties as Record<string, { enum?: string[] }>;
    expect(threatProps.category!.enum).toEqual([...ENUMS.ThreatCategory]);
  });

  it("returns the new id in both the structured and the text result", async () => {
    const result = await s.call("add_asset", {
      name: "Keys",
      type: "Cryptographic Key",
      classification: "Restricted",
    });
    expect(result.text).toContain(`Asset added with ID: ${result.data.id}`);
  });

  it("read-only mode exposes only tools that change nothing", async () => {
    const readOnly = await connect({ readOnly: true });
    try {
      const { tools } = await readOnly.client.listTools();
      expect(tools.length).toBeGreaterThan(10);
      expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
    } finally {
      await readOnly.close();
    }
  });
});
