export {
  DEFAULT_TOOLSET,
  INSTRUCTIONS,
  SCHEMA_STYLES,
  TOOLSET_NAMES,
  type ToolsetName,
} from "./toolset-names.js";
import { SEED_TOOL_NAMES } from "./seed-names.js";
import { compactText } from "./compact-translation.js";
import type { AnyTool } from "./tool.js";
import type { ToolsetName } from "./toolset-names.js";
import { actorTools } from "./tools/actors.js";
import { architectureTools } from "./tools/architecture.js";
import { assetTools } from "./tools/assets.js";
import { assumptionTools } from "./tools/assumptions.js";
import { businessContextTools } from "./tools/business-context.js";
import { compactSetBusinessContext } from "./tools/context.js";
import { dataModelTools } from "./tools/data-models.js";
import { entityTools as genericTools } from "./tools/entities.js";
import { exportTools } from "./tools/export.js";
import { intelligenceTools } from "./tools/intelligence.js";
import { methodTools } from "./tools/method.js";
import { methodologyTools } from "./tools/methodology.js";
import { validationTools } from "./tools/validation.js";
import { threatTools } from "./tools/threats.js";
import { trustTools } from "./tools/trust.js";
import { upsertTools } from "./tools/upsert.js";

/** The foundation's entity tools: the seed's names and parameters, plus a few additions (get_*, link_assumption). */
const entityTools: AnyTool[] = [
  ...assumptionTools,
  ...businessContextTools,
  ...architectureTools,
  ...actorTools,
  ...trustTools,
  ...assetTools,
  ...threatTools,
  ...dataModelTools,
];

/** Tools of the methodology, validation, export and intelligence work (seed names and new ones). */
const workTools: AnyTool[] = [...methodologyTools, ...validationTools, ...exportTools, ...intelligenceTools];

/** New tools the seed's own method needs (phases 7, 7.5 and 8 name them), offered in the seed toolset too. */
const SEED_ADDITIONS = ["accept_threat_risk", "record_threat_verdict"];

/** The seed's tools under the seed's names and parameters, plus the foundation's additions. */
const seedTools: AnyTool[] = [
  ...entityTools,
  ...workTools.filter((tool) => SEED_TOOL_NAMES.has(tool.name) || SEED_ADDITIONS.includes(tool.name)),
];

const byName = (tools: readonly AnyTool[], names: readonly string[]): AnyTool[] =>
  tools.filter((tool) => names.includes(tool.name));

/** Few, rich tools: batch upserts per family, kind-generic reads, deletes and links, and the method. */
const compactTools: AnyTool[] = [
  ...upsertTools,
  ...genericTools,
  compactSetBusinessContext,
  ...byName(businessContextTools, ["get_business_context"]),
  ...methodTools,
  ...byName(methodologyTools, ["advance_phase", "accept_threat_risk"]),
  ...byName(validationTools, ["execute_code_validation_step", "record_threat_verdict"]),
  ...byName(exportTools, ["export_threat_model", "import_threat_model", "diff_threat_model"]),
];

export const TOOLSETS: Record<ToolsetName, AnyTool[]> = {
  compact: compactTools,
  seed: seedTools,
  all: [...compactTools, ...entityTools, ...workTools],
};

/** Guidance, plans and prompts are written with seed-style calls; the compact toolset gets them translated. */
export const TEXT_ADAPTERS: Record<ToolsetName, (text: string) => string> = {
  compact: compactText,
  seed: (text) => text,
  all: (text) => text,
};

/** The tools of a toolset; `readOnly` keeps only tools that change nothing. */
export function toolsFor(name: ToolsetName, readOnly = false): AnyTool[] {
  const tools = TOOLSETS[name];
  const seen = new Set<string>();
  return tools.filter((tool) => {
    if (seen.has(tool.name)) return false;
    seen.add(tool.name);
    return !readOnly || tool.annotations.readOnlyHint === true;
  });
}
