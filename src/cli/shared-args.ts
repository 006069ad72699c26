import type { ArgsDef } from "citty";

/** Arguments every command that works on a project accepts. */
export const projectArgs = {
  project: {
    type: "string",
    description: "Project root (default: $THREATMODEL_PROJECT, else the current directory)",
    valueHint: "DIR",
  },
} as const satisfies ArgsDef;
