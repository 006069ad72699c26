import * as z from "zod";
import { BUSINESS_FEATURES } from "../../domain/business-context.js";
import * as ops from "../../ops/business-context.js";
import { DESTROY, READ, UPDATE, defineTool } from "../tool.js";

const ContextOut = z.object({
  business_context: z.looseObject({}),
  complete: z.boolean(),
  has_description: z.boolean(),
  features_set: z.number(),
  missing_features: z.array(z.string()),
});

type ContextResult = z.infer<typeof ContextOut>;

function renderContext(result: ContextResult): string {
  const context = result.business_context as Record<string, unknown>;
  const undetermined = (context.undetermined ?? {}) as Record<string, string>;
  const lines = [
    `Business context (${result.features_set}/10 features):`,
    `  description: ${String(context.description || "(not set)")}`,
  ];
  for (const feature of BUSINESS_FEATURES) {
    const value = context[feature.key];
    const shown =
      undetermined[feature.key] !== undefined
        ? `cannot be determined: ${undetermined[feature.key]}`
        : Array.isArray(value)
          ? value.join(", ")
          : ((value as string | undefined) ?? "(not set)");
    lines.push(`  ${feature.key}: ${shown}`);
  }
  lines.push(
    result.complete
      ? "Complete: description and all 10 features are recorded."
      : `Incomplete: ${result.has_description ? "" : "description, "}${result.missing_features.join(", ") || "nothing else"} still missing.`,
  );
  return lines.join("\n");
}

const contextTool = {
  category: "business-context" as const,
  output: ContextOut,
  shape: (r: ContextResult) => ({ ...r }),
  render: renderContext,
};

export const businessContextTools = [
  defineTool({
    ...contextTool,
    name: "set_business_context",
    title: "Set business context",
    description:
      'Record what the system is and the 10 business features. Given features replace old values; omitted ones stay; "" unsets one; a feature can be "Cannot be determined: <reason>". Values are matched case-insensitively.',
    op: ops.setBusinessContext,
    annotations: UPDATE,
  }),
  defineTool({
    ...contextTool,
    name: "get_business_context",
    title: "Get business context",
    description: "Show the business context and which features are still missing.",
    op: ops.getBusinessContext,
    annotations: READ,
  }),
  defineTool({
    ...contextTool,
    name: "clear_business_context",
    title: "Clear business context",
    description: "Erase the description and all business features.",
    op: ops.clearBusinessContext,
    annotations: DESTROY,
  }),
  defineTool({
    name: "get_business_context_features",
    title: "Business context features",
    description: "The 10 business features: what each means and its allowed values.",
    category: "business-context",
    op: ops.getBusinessContextFeatures,
    output: z.object({ features: z.array(z.looseObject({ key: z.string() })) }),
    annotations: READ,
    shape: (r) => ({ ...r }),
    render: (r) =>
      r.features
        .map(
          (f) =>
            `${f.key} (${f.label})${f.multiple ? ", several allowed" : ""}: ${f.why}\n  allowed: ${f.allowed.join(", ")}`,
        )
        .join("\n"),
  }),
];
