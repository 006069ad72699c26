import { DETAILED, TERSE, type SchemaStyle } from "./json-schema.js";

/**
 * What distinguishes the toolsets without loading them: names, the default, the server instructions
 * and how much schema prose each advertises. The start path of the server needs only this.
 */
export const TOOLSET_NAMES = ["compact", "seed", "all"] as const;
export type ToolsetName = (typeof TOOLSET_NAMES)[number];
export const DEFAULT_TOOLSET: ToolsetName = "compact";

/** Server instructions (data files) per toolset: each names the tools that toolset has. */
export const INSTRUCTIONS: Record<ToolsetName, string> = {
  compact: "server-instructions-compact.md",
  seed: "server-instructions.md",
  all: "server-instructions.md",
};

/**
 * The seed toolset is a compatibility surface held to half the seed's `tools/list` bytes: like the
 * seed, its parameters carry no prose (names, types, enums and required fields are advertised).
 */
export const SCHEMA_STYLES: Record<ToolsetName, SchemaStyle> = {
  compact: DETAILED,
  seed: TERSE,
  all: DETAILED,
};
