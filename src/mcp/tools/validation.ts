import type { AnyTool } from "../tool.js";

/** Filled in by the validation work; registered by every toolset that lists it. */
export const validationTools: AnyTool[] = [];
