import * as z from "zod";
import { ENUMS, enumOf } from "./enums.js";
import { optionalText } from "./fields.js";
import { LIMITS } from "./limits.js";

/** The ten business features, in the seed's order, with the enum each one takes. */
export const BUSINESS_FEATURES = [
  {
    key: "industry_sector",
    enum: "IndustrySector",
    label: "Industry Sector",
    why: "Sets which industry threats and compliance regimes apply.",
  },
  {
    key: "data_sensitivity",
    enum: "DataSensitivity",
    label: "Data Sensitivity",
    why: "Drives how strong data-protection and privacy controls must be.",
  },
  {
    key: "user_base_size",
    enum: "UserBaseSize",
    label: "User Base Size",
    why: "Shapes scalability, abuse and authentication concerns.",
  },
  {
    key: "geographic_scope",
    enum: "GeographicScope",
    label: "Geographic Scope",
    why: "Decides which regional regulations and data-residency rules apply.",
  },
  {
    key: "regulatory_requirements",
    enum: "RegulatoryRequirement",
    label: "Regulatory Requirements",
    why: "Lists the regimes whose controls are mandatory.",
  },
  {
    key: "system_criticality",
    enum: "SystemCriticality",
    label: "System Criticality",
    why: "Sets availability targets and how much downtime hurts.",
  },
  {
    key: "financial_impact",
    enum: "FinancialImpact",
    label: "Financial Impact of Breach",
    why: "Guides how much to invest in each mitigation.",
  },
  {
    key: "authentication_requirement",
    enum: "AuthenticationRequirement",
    label: "Authentication Requirement",
    why: "Frames identity and access-control threats.",
  },
  {
    key: "deployment_environment",
    enum: "DeploymentEnvironment",
    label: "Deployment Environment",
    why: "Determines infrastructure threats and available platform controls.",
  },
  {
    key: "integration_complexity",
    enum: "IntegrationComplexity",
    label: "Integration Complexity",
    why: "Indicates how many trust boundaries and third parties are involved.",
  },
] as const;

export type BusinessFeatureKey = (typeof BUSINESS_FEATURES)[number]["key"];
export const BUSINESS_FEATURE_KEYS = BUSINESS_FEATURES.map((f) => f.key) as BusinessFeatureKey[];

const RegulatoryRequirement = enumOf("RegulatoryRequirement");

export const BusinessContext = z.strictObject({
  description: optionalText(LIMITS.description),
  industry_sector: enumOf("IndustrySector").optional(),
  data_sensitivity: enumOf("DataSensitivity").optional(),
  user_base_size: enumOf("UserBaseSize").optional(),
  geographic_scope: enumOf("GeographicScope").optional(),
  regulatory_requirements: z.array(RegulatoryRequirement).max(ENUMS.RegulatoryRequirement.length).optional(),
  system_criticality: enumOf("SystemCriticality").optional(),
  financial_impact: enumOf("FinancialImpact").optional(),
  authentication_requirement: enumOf("AuthenticationRequirement").optional(),
  deployment_environment: enumOf("DeploymentEnvironment").optional(),
  integration_complexity: enumOf("IntegrationComplexity").optional(),
  /** Features recorded as "cannot be determined", each with the reason. */
  undetermined: z.record(z.string(), optionalText(LIMITS.content)).optional(),
});
export type BusinessContext = z.infer<typeof BusinessContext>;

export const EMPTY_BUSINESS_CONTEXT: BusinessContext = { description: "" };

/** Which features are neither set nor recorded as undeterminable. */
export function missingFeatures(context: BusinessContext): BusinessFeatureKey[] {
  return BUSINESS_FEATURE_KEYS.filter((key) => {
    if (context.undetermined?.[key] !== undefined) return false;
    const value = context[key];
    return value === undefined || (Array.isArray(value) && value.length === 0);
  });
}
