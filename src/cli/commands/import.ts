import path from "node:path";
import { defineCommand } from "citty";
import type { ImportSummary } from "../../export/import-plan.js";
import { importThreatModel } from "../../export/operations.js";
import { renderImport } from "../../export/render-results.js";
import { print } from "../print.js";
import { projectFrom, runOp } from "../run-op.js";
import { projectArgs } from "../shared-args.js";

/** `threatmodel import FILE`: a Threat Composer or Threat Dragon file inside the project. */
export const importCommand = defineCommand({
  meta: {
    name: "import",
    description: "Import a Threat Composer (.tc.json) or Threat Dragon v2 file into the model",
  },
  args: {
    ...projectArgs,
    file: { type: "positional", required: true, description: "The file (inside the project)" },
    mode: {
      type: "enum",
      options: ["merge", "replace"],
      default: "merge",
      description: "merge: add and update; replace: the model becomes the file's content",
    },
    format: { type: "enum", options: ["auto", "threat-composer", "threat-dragon"], default: "auto" },
    "skip-invalid": {
      type: "boolean",
      default: false,
      description: "Import the valid items and list the rest (default: refuse the whole import)",
    },
    json: { type: "boolean", default: false, description: "Print the result as JSON" },
  },
  async run({ args }) {
    const project = projectFrom("import", args);
    const result = await runOp<ImportSummary & { path: string }>("import", project, importThreatModel, {
      // Relative to where the command runs; the operation still refuses anything outside the project.
      path: path.resolve(process.cwd(), args.file),
      mode: args.mode,
      format: args.format,
      skip_invalid: args["skip-invalid"],
    });
    print(args.json ? JSON.stringify(result, null, 2) : renderImport(result));
  },
});
