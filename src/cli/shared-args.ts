import type { ArgsDef } from "citty";
import { DEFAULT_TOOLSET, TOOLSET_NAMES } from "../mcp/toolset-names.js";

/** Arguments every command that works on a project accepts. */
export const projectArgs = {
  project: {
    type: "string",
    description: "Project root (default: $THREATMODEL_PROJECT, else the current directory)",
    valueHint: "DIR",
  },
} as const satisfies ArgsDef;

/** The toolset choice shared by `serve` and `init` (what a server exposes, or what a configuration asks for). */
export function toolsetArgs(toolsetHelp: string, readOnlyHelp: string) {
  return {
    toolset: {
      type: "enum",
      options: [...TOOLSET_NAMES],
      default: DEFAULT_TOOLSET,
      description: toolsetHelp,
    },
    "read-only": { type: "boolean", default: false, description: readOnlyHelp },
  } as const satisfies ArgsDef;
}
