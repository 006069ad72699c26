import type { ToolListing } from "./catalog.js";
import { forMcp } from "./json-schema.js";
import type { AnyTool } from "./tool.js";
import { SCHEMA_STYLES, toolsFor, type ToolsetName } from "./toolsets.js";

/** The JSON Schema draft the SDK asks schemas for when it lists tools. */
const JSON_SCHEMA_TARGET = "draft-2020-12";

/** A title is advertised only when it says more than the tool's name ("Add component" does not). */
function informativeTitle(tool: AnyTool): string | undefined {
  const words = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  return words(tool.title) === words(tool.name) ? undefined : tool.title;
}

/**
 * What `tools/list` says of each tool of a toolset, computed from the declarations. The bundle
 * carries these precomputed (rollup.config.mjs), so the server starts without building a schema.
 */
export function toolListings(toolset: ToolsetName): ToolListing[] {
  return toolsFor(toolset).map((tool) => {
    const title = informativeTitle(tool);
    const schema = forMcp(tool.op.input, "input", SCHEMA_STYLES[toolset])["~standard"];
    return {
      name: tool.name,
      ...(title !== undefined ? { title } : {}),
      description: tool.description,
      annotations: tool.annotations,
      inputSchema: schema.jsonSchema.input({ target: JSON_SCHEMA_TARGET }),
    };
  });
}

/** The declaration behind a listed tool. */
export function toolNamed(toolset: ToolsetName, name: string): AnyTool {
  const tool = toolsFor(toolset).find((candidate) => candidate.name === name);
  if (tool === undefined) throw new Error(`no tool ${JSON.stringify(name)} in the ${toolset} toolset`);
  return tool;
}
