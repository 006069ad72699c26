import type { ToolsetName } from "./toolset-names.js";

/**
 * Tool listings per toolset as JSON text, computed from the declarations at build time. Empty here:
 * the bundle's build (rollup.config.mjs) replaces this module with the computed listings, so the
 * bundled server lists its tools without loading or converting a single schema. Without them (tests
 * and `dist/` runs) the listings are computed from the declarations at start.
 */
export const PREBUILT_LISTINGS: Partial<Record<ToolsetName, string>> = {};
