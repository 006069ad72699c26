import * as z from "zod";
import {
  BUSINESS_FEATURES,
  EMPTY_BUSINESS_CONTEXT,
  missingFeatures,
  type BusinessContext,
  type BusinessFeatureKey,
} from "../domain/business-context.js";
import { ENUMS, type EnumName } from "../domain/enums.js";
import { ModelError, showValue } from "../domain/errors.js";
import { matchEnum } from "../domain/fields.js";
import { LIMITS } from "../domain/limits.js";
import type { ModelReader } from "../domain/model.js";
import { NoInput } from "./input.js";
import { mutation, query } from "./operation.js";

const UNDETERMINED = /^\s*cannot\s+be\s+determined\s*(?:[:\-–—(]\s*(.*?)\)?\s*)?$/is;

function featureParam(name: EnumName, list: boolean) {
  const values = ENUMS[name];
  const hint = list ? `comma-separated, from: ${values.join(", ")}` : `one of: ${values.join(", ")}`;
  return z
    .string()
    .max(LIMITS.content)
    .nullish()
    .describe(`${hint}; or "Cannot be determined: <reason>"; "" unsets`);
}

const featureParams = Object.fromEntries(
  BUSINESS_FEATURES.map((f) => [f.key, featureParam(f.enum, f.key === "regulatory_requirements")]),
) as Record<BusinessFeatureKey, ReturnType<typeof featureParam>>;

export const SetBusinessContextInput = z.strictObject({
  description: z
    .string()
    .max(LIMITS.description)
    .describe("What the system does, for whom, and what matters most"),
  ...featureParams,
});

type FeatureUpdate =
  { kind: "set"; value: string | string[] } | { kind: "undetermined"; reason: string } | { kind: "unset" };

/** Interprets one feature value: an enum value (lenient), a list for regulations, "Cannot be determined: why", or "" to unset. */
export function parseFeature(key: BusinessFeatureKey, raw: string): FeatureUpdate {
  const feature = BUSINESS_FEATURES.find((f) => f.key === key)!;
  if (raw.trim() === "") return { kind: "unset" };
  const undetermined = UNDETERMINED.exec(raw);
  if (undetermined) {
    const reason = (undetermined[1] ?? "").trim();
    if (!reason) {
      throw new ModelError(
        "invalid_input",
        `${key}: say why it cannot be determined, e.g. "Cannot be determined: no deployment docs in the repo"`,
        {
          field: key,
          value: raw,
        },
      );
    }
    return { kind: "undetermined", reason };
  }
  const allowed = ENUMS[feature.enum] as readonly string[];
  const parts =
    key === "regulatory_requirements"
      ? raw
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean)
      : [raw];
  const values = parts.map((part) => {
    const match = matchEnum(allowed, part);
    if (!match) {
      throw new ModelError(
        "invalid_input",
        `${key}: ${showValue(part)} is not a valid ${feature.enum}; allowed: ${allowed.join(", ")}, or "Cannot be determined: <reason>"`,
        { field: key, value: part, allowed },
      );
    }
    return match;
  });
  return { kind: "set", value: key === "regulatory_requirements" ? [...new Set(values)] : values[0]! };
}

export function businessContextStatus(context: BusinessContext) {
  const missing = missingFeatures(context);
  const hasDescription = (context.description ?? "").trim().length > 0;
  return {
    complete: hasDescription && missing.length === 0,
    has_description: hasDescription,
    features_set: BUSINESS_FEATURES.length - missing.length,
    missing_features: missing,
  };
}

export const setBusinessContext = mutation(SetBusinessContextInput, (draft, input) => {
  // Interpret every feature before changing anything, so one bad value leaves the context as it was.
  const updates = BUSINESS_FEATURES.flatMap((f) => {
    const raw = input[f.key];
    return raw === undefined || raw === null ? [] : [[f.key, parseFeature(f.key, raw)] as const];
  });
  const description = input.description.trim();
  const next: Record<string, unknown> = { ...draft.singleton("business_context"), description };
  const undetermined: Record<string, string> = {
    ...(next.undetermined as Record<string, string> | undefined),
  };
  for (const [key, update] of updates) {
    delete next[key];
    delete undetermined[key];
    if (update.kind === "set") next[key] = update.value;
    if (update.kind === "undetermined") undetermined[key] = update.reason;
  }
  delete next.undetermined;
  const context = (
    Object.keys(undetermined).length > 0 ? { ...next, undetermined } : next
  ) as BusinessContext;
  draft.setSingleton("business_context", context);
  return { business_context: context, ...businessContextStatus(context) };
});

export const getBusinessContext = query(NoInput, (model: ModelReader) => {
  const context = model.singleton("business_context");
  return { business_context: context, ...businessContextStatus(context) };
});

export const clearBusinessContext = mutation(NoInput, (draft) => {
  draft.setSingleton("business_context", EMPTY_BUSINESS_CONTEXT);
  return { business_context: EMPTY_BUSINESS_CONTEXT, ...businessContextStatus(EMPTY_BUSINESS_CONTEXT) };
});

export const getBusinessContextFeatures = query(NoInput, () => ({
  features: BUSINESS_FEATURES.map((f) => ({
    key: f.key,
    label: f.label,
    why: f.why,
    allowed: [...ENUMS[f.enum]],
    multiple: f.key === "regulatory_requirements",
  })),
}));
