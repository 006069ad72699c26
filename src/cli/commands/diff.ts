import { existsSync } from "node:fs";
import path from "node:path";
import { defineCommand } from "citty";
import type { ModelDiff } from "../../export/diff.js";
import { diffThreatModel } from "../../export/operations.js";
import { print } from "../print.js";
import { projectFrom, runOp } from "../run-op.js";
import { projectArgs } from "../shared-args.js";

/** `threatmodel diff REF`: what changed since a git ref (or versus a file), as Markdown or JSON. */
export const diffCommand = defineCommand({
  meta: {
    name: "diff",
    description: "Show what changed in the threat model since a git ref or versus an exported file",
  },
  args: {
    ...projectArgs,
    against: { type: "positional", required: true, description: "A git ref (main, HEAD~1, a tag) or a file" },
    kind: { type: "enum", options: ["auto", "git", "file"], default: "auto" },
    json: { type: "boolean", default: false, description: "Print the diff as JSON instead of Markdown" },
  },
  async run({ args }) {
    const project = projectFrom("diff", args);
    // A file named relative to where the command runs; refs are passed through untouched.
    const local = path.resolve(process.cwd(), args.against);
    const against = args.kind !== "git" && existsSync(local) ? local : args.against;
    const diff = await runOp<ModelDiff & { markdown: string }>("diff", project, diffThreatModel, {
      against,
      kind: args.kind,
    });
    if (args.json) {
      const { markdown: _markdown, ...rest } = diff;
      print(JSON.stringify(rest, null, 2));
    } else print(diff.markdown.trimEnd());
  },
});
