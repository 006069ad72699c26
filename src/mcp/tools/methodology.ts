import type { AnyTool } from "../tool.js";

/** Filled in by the methodology work; registered by every toolset that lists it. */
export const methodologyTools: AnyTool[] = [];
