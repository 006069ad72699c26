import * as z from "zod";
import { BUSINESS_FEATURES } from "../../domain/business-context.js";
import { ENUMS } from "../../domain/enums.js";
import { SetBusinessContextInput, setBusinessContext } from "../../ops/business-context.js";
import { mutation } from "../../ops/operation.js";
import type { AnyTool } from "../tool.js";
import { businessContextTools } from "./business-context.js";

const seedDeclaration = businessContextTools.find((t) => t.name === "set_business_context")!;

// Same fields, same validation; each feature lists its values and the shared rules are said once.
const shape = SetBusinessContextInput.shape;
const input = z.strictObject({
  ...shape,
  ...Object.fromEntries(
    BUSINESS_FEATURES.map((f) => [
      f.key,
      shape[f.key].describe(
        `${f.key === "regulatory_requirements" ? "comma-separated: " : ""}${ENUMS[f.enum].join(", ")}`,
      ),
    ]),
  ),
});

/** set_business_context as the compact toolset advertises it: the same operation, leaner prose. */
export const compactSetBusinessContext: AnyTool = {
  ...seedDeclaration,
  description:
    'Record what the system is and its 10 business features. Values match case-insensitively; a feature can be "Cannot be determined: <reason>"; "" unsets one; omitted ones stay.',
  op: mutation(input, setBusinessContext.apply),
};
