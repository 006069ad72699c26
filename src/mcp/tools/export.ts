import type { AnyTool } from "../tool.js";

/** Filled in by the export work; registered by every toolset that lists it. */
export const exportTools: AnyTool[] = [];
