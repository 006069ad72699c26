import type { AnyTool } from "../tool.js";

/** Filled in by the intelligence work; registered by every toolset that lists it. */
export const intelligenceTools: AnyTool[] = [];
