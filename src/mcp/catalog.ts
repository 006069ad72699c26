import type { ToolAnnotations } from "@modelcontextprotocol/server";
import { PREBUILT_LISTINGS } from "./prebuilt-listings.js";
import type { AnyTool } from "./tool.js";
import type { ToolsetName } from "./toolset-names.js";

/** What `tools/list` advertises of a tool. */
export interface ToolListing {
  name: string;
  title?: string;
  description: string;
  annotations: ToolAnnotations;
  /** The advertised (lean) JSON Schema of the input; validation uses the full zod schema. */
  inputSchema: Record<string, unknown>;
}

/**
 * The tools a server offers: their listings up front, their declarations (zod schemas, the
 * operation) loaded on first use. This keeps schema construction off the start path.
 */
export interface ToolCatalog {
  toolset: ToolsetName;
  listings: readonly ToolListing[];
  load(name: string): Promise<AnyTool>;
  /** Loads every declaration now (after the handshake), so no call waits for it. */
  preload(): Promise<void>;
}

/** The catalog of a toolset; `readOnly` keeps only tools that change nothing. */
export async function loadCatalog(toolset: ToolsetName, readOnly = false): Promise<ToolCatalog> {
  const prebuilt = PREBUILT_LISTINGS[toolset];
  const all =
    prebuilt !== undefined
      ? (JSON.parse(prebuilt) as ToolListing[])
      : (await import("./listings.js")).toolListings(toolset);
  const loaded = new Map<string, Promise<AnyTool>>();
  const declarations = () => import("./listings.js");
  return {
    toolset,
    listings: readOnly ? all.filter((listing) => listing.annotations.readOnlyHint === true) : all,
    load(name) {
      let tool = loaded.get(name);
      if (tool === undefined) {
        tool = declarations().then((listings) => listings.toolNamed(toolset, name));
        loaded.set(name, tool);
      }
      return tool;
    },
    async preload() {
      await declarations();
    },
  };
}
