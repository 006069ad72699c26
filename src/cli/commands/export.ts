import { defineCommand } from "citty";
import { exportThreatModel, type ExportResult } from "../../export/operations.js";
import { FORMATS } from "../../export/render-all.js";
import { renderExport } from "../../export/render-results.js";
import { print } from "../print.js";
import { projectFrom, runOp } from "../run-op.js";
import { projectArgs } from "../shared-args.js";

/** `threatmodel export [--format md,html,...]`: writes the chosen formats under `.threatmodel/`. */
export const exportCommand = defineCommand({
  meta: {
    name: "export",
    description: "Write reports and interchange files under .threatmodel/ (stable names)",
  },
  args: {
    ...projectArgs,
    format: {
      type: "string",
      description: `Comma-separated formats (default all): ${FORMATS.join(",")}`,
      valueHint: "LIST",
    },
    plain: {
      type: "boolean",
      default: false,
      description: "Threat Composer file without the extra data that makes a re-import exact",
    },
    json: { type: "boolean", default: false, description: "Print the result as JSON" },
  },
  async run({ args }) {
    const project = projectFrom("export", args);
    const formats = args.format
      ?.split(",")
      .map((f) => f.trim())
      .filter(Boolean);
    const result = await runOp<ExportResult>("export", project, exportThreatModel, {
      ...(formats ? { formats } : {}),
      include_extended_data: !args.plain,
    });
    print(args.json ? JSON.stringify(result, null, 2) : renderExport("Exported", result));
  },
});
